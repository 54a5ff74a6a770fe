/**
 * On-hand inventory per item, variant, site and warehouse (`WarehousesOnHandV2`, a read-only
 * aggregate with no timestamp: changes are found by scanning and hashing). What Amazon may sell is
 * based on `AvailableOnHandQuantity` (available physical), not `TotalAvailableQuantity`, which counts
 * inbound purchase orders not yet received.
 */
import type { D365Client } from '../client.ts';
import { defineEntity, type Read, type RowOf } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { NoYes } from '../entity/enums.ts';
import { decimal, enumOf, str } from '../entity/fields.ts';

export const warehouseOnHand = defineEntity({
  entitySet: 'WarehousesOnHandV2',
  keys: [
    'dataAreaId',
    'ItemNumber',
    'ProductColorId',
    'ProductConfigurationId',
    'ProductSizeId',
    'ProductStyleId',
    'ProductVersionId',
    'InventorySiteId',
    'InventoryWarehouseId',
  ],
  fields: {
    dataAreaId: str(),
    ItemNumber: str(),
    ProductColorId: str(),
    ProductConfigurationId: str(),
    ProductSizeId: str(),
    ProductStyleId: str(),
    ProductVersionId: str(),
    InventorySiteId: str(),
    InventoryWarehouseId: str(),
    ProductName: str(),
    OnHandQuantity: decimal(),
    AvailableOnHandQuantity: decimal(),
    ReservedOnHandQuantity: decimal(),
    OrderedQuantity: decimal(),
    OnOrderQuantity: decimal(),
    AvailableOrderedQuantity: decimal(),
    ReservedOrderedQuantity: decimal(),
    TotalAvailableQuantity: decimal(),
    AreWarehouseManagementProcessesUsed: enumOf(NoYes),
  },
});

export type OnHandRow = Read<RowOf<typeof warehouseOnHand>>;

export const warehouseOnHandApi = entityApi(warehouseOnHand);

/** Every on-hand row of the company in the given warehouses (all warehouses when none are given). */
export function iterateOnHand(
  client: D365Client,
  options: { company?: string; warehouseIds?: readonly string[]; signal?: AbortSignal } = {},
): AsyncIterable<OnHandRow> {
  const { warehouseIds, ...call } = options;
  return client.iterate(warehouseOnHand, {
    ...call,
    ...(warehouseIds?.length ? { filter: (where) => where.anyOf('InventoryWarehouseId', warehouseIds) } : {}),
    // A total order keeps a long scan consistent if F&O pages by $skip: the whole key, since the variants
    // of one master share ItemNumber and warehouse (ordering by those alone leaves ties that SQL Server
    // may return in a different order on each page, repeating some rows and skipping others). The scan
    // reads one company, so dataAreaId adds nothing to the order.
    orderBy: warehouseOnHand.keys.filter((key) => key !== 'dataAreaId'),
  });
}
