-- Amazon product type JSON Schemas, keyed by the checksum Amazon's definition names (Base64 MD5 of the
-- document): downloaded once, reused until the definition names a new checksum.
CREATE TABLE product_type_schemas (
  checksum     text PRIMARY KEY,
  product_type text NOT NULL,
  version      text NOT NULL,
  document     text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
