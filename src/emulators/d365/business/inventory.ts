// On-hand inventory as F&O's read-only aggregates show it: one WarehousesOnHandV2 row per item ×
// product dimensions × site × warehouse, its site total (InventorySitesOnHandV2) and its inventory-status
// row (all stock has status "Available" here). Only business events move it: product receipts,
// packing slips, and sales-order demand (lines raise "on order"; reservation is manual, §2.3).
// Service products (the charge items) are not stocked: F&O keeps no inventory for them, so nothing here
// moves for their order lines and a packing slip delivers them without an issue.
import type { EntityStore, Row } from '../engine/behaviour.ts';
import type { Dims } from './products.ts';
import { insertRow, upsertRow } from './rows.ts';
import { num, str } from './values.ts';

/** The inventory status every quantity has in the emulator. */
export const AVAILABLE_STATUS = 'Available';

export interface Movement {
  /** Physical inventory (receipt +, packing slip −). */
  onHand?: number;
  reservedOnHand?: number;
  /** Inbound ordered, not yet received. */
  ordered?: number;
  /** Unreserved outbound demand. */
  onOrder?: number;
}

const quantities = [
  'OnHandQuantity',
  'ReservedOnHandQuantity',
  'AvailableOnHandQuantity',
  'OrderedQuantity',
  'ReservedOrderedQuantity',
  'AvailableOrderedQuantity',
  'OnOrderQuantity',
  'TotalAvailableQuantity',
] as const;

/** The derived columns, by the definitions of the on-hand list (reference §2.1). */
function derive(row: Row): Row {
  const onHand = num(row.OnHandQuantity);
  const available = onHand - num(row.ReservedOnHandQuantity);
  const ordered = num(row.OrderedQuantity);
  return {
    ...row,
    AvailableOnHandQuantity: available,
    AvailableOrderedQuantity: available + ordered - num(row.ReservedOrderedQuantity),
    TotalAvailableQuantity: available + ordered - num(row.OnOrderQuantity),
  };
}

/** False for a service product: its item model group is non-stock, so it has no on-hand at all. */
export function isStocked(store: EntityStore, company: string, itemNumber: string): boolean {
  const item = store.get('ReleasedProductsV2', { dataAreaId: company, ItemNumber: itemNumber });
  return item?.ProductType !== 'Service';
}

export function siteOfWarehouse(
  store: EntityStore,
  company: string,
  warehouseId: string,
): string | undefined {
  const wh = store.get('Warehouses', { dataAreaId: company, WarehouseId: warehouseId });
  return wh ? str(wh.OperationalSiteId) : undefined;
}

function stockKey(company: string, itemNumber: string, d: Dims, site: string) {
  return { dataAreaId: company, ItemNumber: itemNumber, ...d, InventorySiteId: site };
}

export function onHandRow(
  store: EntityStore,
  company: string,
  itemNumber: string,
  d: Dims,
  warehouseId: string,
): Row | undefined {
  const site = siteOfWarehouse(store, company, warehouseId) ?? '';
  return store.get('WarehousesOnHandV2', {
    ...stockKey(company, itemNumber, d, site),
    InventoryWarehouseId: warehouseId,
  });
}

/** Applies a movement at a warehouse and refreshes the site total and the status row. */
export function moveStock(
  store: EntityStore,
  company: string,
  itemNumber: string,
  d: Dims,
  warehouseId: string,
  m: Movement,
  productName: string,
): Row {
  const site = siteOfWarehouse(store, company, warehouseId);
  if (site === undefined) throw new Error(`Warehouse ${warehouseId} does not exist in ${company}`);
  const key = { ...stockKey(company, itemNumber, d, site), InventoryWarehouseId: warehouseId };
  const before =
    store.get('WarehousesOnHandV2', key) ??
    insertRow(store, 'WarehousesOnHandV2', {
      ...key,
      ProductName: productName,
      AreWarehouseManagementProcessesUsed: 'No',
    });
  const row = derive({
    ...before,
    OnHandQuantity: num(before.OnHandQuantity) + (m.onHand ?? 0),
    ReservedOnHandQuantity: num(before.ReservedOnHandQuantity) + (m.reservedOnHand ?? 0),
    OrderedQuantity: num(before.OrderedQuantity) + (m.ordered ?? 0),
    OnOrderQuantity: num(before.OnOrderQuantity) + (m.onOrder ?? 0),
  });
  store.replace('WarehousesOnHandV2', row);
  upsertRow(store, 'WarehouseInventoryStatusesOnHandV2', { ...row, InventoryStatusId: AVAILABLE_STATUS });
  refreshSite(store, company, itemNumber, d, site, productName);
  return row;
}

/** The site row is the sum of its warehouses' rows (reference §2.4). */
function refreshSite(
  store: EntityStore,
  company: string,
  itemNumber: string,
  d: Dims,
  site: string,
  name: string,
) {
  const key = stockKey(company, itemNumber, d, site);
  const rows = store
    .list('WarehousesOnHandV2', company)
    .filter((r) => Object.entries(key).every(([k, v]) => r[k] === v));
  const total: Row = { ...key, ProductName: name, AreWarehouseManagementProcessesUsed: 'No' };
  for (const q of quantities) total[q] = rows.reduce((sum, r) => sum + num(r[q]), 0);
  upsertRow(store, 'InventorySitesOnHandV2', total);
}

/** An opaque, stable InventDimId for a dimension combination (F&O's ids are opaque record numbers). */
export function inventDimId(site: string, warehouseId: string, d: Dims): string {
  const dims = [
    d.ProductConfigurationId,
    d.ProductSizeId,
    d.ProductColorId,
    d.ProductStyleId,
    d.ProductVersionId,
  ];
  const text = [site, warehouseId, ...dims].join('\u0001');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `#${h.toString(16).padStart(8, '0')}`;
}
