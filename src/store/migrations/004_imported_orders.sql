-- The imported-orders read model (src/flows/domain/importedOrders.ts): each Amazon order the order import
-- made a D365 sales order of, with its lines, what was cancelled and by whom, buyer requests still to be
-- answered on Amazon, and what shipped. Flows read it here instead of another flow's record summary.
CREATE TABLE imported_orders (
  connection_id text NOT NULL,
  amazon_order_id text NOT NULL,
  marketplace_id text,
  company text NOT NULL,
  sales_order_number text NOT NULL,
  customer_account text NOT NULL,
  address_hash text,
  lines jsonb NOT NULL DEFAULT '[]',
  cancelled_order jsonb,
  cancelled_items jsonb NOT NULL DEFAULT '{}',
  open_buyer_requests jsonb NOT NULL DEFAULT '[]',
  shipments jsonb NOT NULL DEFAULT '[]',
  imported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, amazon_order_id)
);
CREATE INDEX imported_orders_by_sales_order ON imported_orders (connection_id, company, sales_order_number);
CREATE INDEX imported_orders_with_open_requests ON imported_orders (connection_id)
  WHERE open_buyer_requests <> '[]'::jsonb;

-- Orders imported before this table existed: what their records' summaries said (their lines are not
-- known there; a flow that needs them reads them from D365 by the order's number).
INSERT INTO imported_orders (connection_id, amazon_order_id, marketplace_id, company, sales_order_number,
                             customer_account, address_hash, cancelled_order, cancelled_items,
                             open_buyer_requests, imported_at, updated_at)
SELECT r.connection_id,
       r.external_id,
       r.summary->>'marketplaceId',
       r.summary->'d365'->>'company',
       r.summary->'d365'->>'salesOrderNumber',
       r.summary->'d365'->>'customerAccount',
       r.summary->'d365'->>'addressHash',
       CASE WHEN r.summary->'d365'->>'cancelled' = 'all'
            THEN jsonb_build_object('by', 'AMAZON', 'at', r.updated_at) END,
       CASE WHEN jsonb_typeof(r.summary->'d365'->'cancelled') = 'array'
            THEN COALESCE((SELECT jsonb_object_agg(item, jsonb_build_object('by', 'AMAZON', 'at', r.updated_at))
                             FROM jsonb_array_elements_text(r.summary->'d365'->'cancelled') AS item), '{}')
            ELSE '{}' END,
       CASE WHEN jsonb_typeof(r.summary->'cancellationToAcknowledge') = 'array'
            THEN COALESCE((SELECT jsonb_agg(jsonb_build_object('orderItemId', item, 'at', r.updated_at))
                             FROM jsonb_array_elements_text(r.summary->'cancellationToAcknowledge') AS item), '[]')
            ELSE '[]' END,
       r.created_at,
       r.updated_at
  FROM records r
 WHERE r.flow = 'import-orders'
   AND jsonb_typeof(r.summary->'d365') = 'object'
   AND r.summary->'d365' ? 'salesOrderNumber'
ON CONFLICT DO NOTHING;
