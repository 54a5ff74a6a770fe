-- What the shipment confirmations need to know of an imported order beyond its lines: who fulfils it
-- (an order Amazon fulfils is never confirmed by the seller) and whether Amazon already showed it
-- (partly) shipped when it was imported (shipped outside D365: nothing to confirm). Orders imported
-- before this column existed take what their import record's summary said.
ALTER TABLE imported_orders ADD COLUMN fulfilled_by text;
ALTER TABLE imported_orders ADD COLUMN shipped_at_import boolean NOT NULL DEFAULT false;

UPDATE imported_orders o
   SET fulfilled_by = r.summary->>'fulfilledBy',
       shipped_at_import = COALESCE((r.summary->>'shippedBeforeImport')::boolean, false)
  FROM records r
 WHERE r.flow = 'import-orders'
   AND r.connection_id = o.connection_id
   AND r.external_id = o.amazon_order_id;
