-- What the shipment confirmations need to know of an imported order beyond its lines: who fulfils it
-- (an order Amazon fulfils is never confirmed by the seller) and how much of it Amazon already showed
-- shipped when it was imported ('none', 'partly', 'all': shipped outside D365). Orders imported before
-- these columns existed take what their import record's summary said.
ALTER TABLE imported_orders ADD COLUMN fulfilled_by text;
ALTER TABLE imported_orders ADD COLUMN shipped_at_import text NOT NULL DEFAULT 'none'
  CHECK (shipped_at_import IN ('none', 'partly', 'all'));

UPDATE imported_orders o
   SET fulfilled_by = r.summary->>'fulfilledBy',
       shipped_at_import = CASE
         WHEN COALESCE((r.summary->>'shippedBeforeImport')::boolean, false) = false THEN 'none'
         WHEN r.summary->>'amazonStatus' = 'SHIPPED' THEN 'all'
         ELSE 'partly' END
  FROM records r
 WHERE r.flow = 'import-orders'
   AND r.connection_id = o.connection_id
   AND r.external_id = o.amazon_order_id;
