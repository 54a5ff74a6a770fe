/**
 * Shipments as F&O records them: posted packing slips (`CustPackingSlipJourBiEntities`, one per slip;
 * `CreatedOn` is the posting time and the only watermark), their lines (`CustPackingSlipTransBiEntities`,
 * `InventTransId` = the order line's `InventoryLotId`) and tracking numbers per slip
 * (`PackingSlipTrackingInformation`, one row per parcel; no carrier column). All read-only BI/journal
 * entities: packing slips are posted by F&O users or batch jobs, never through OData.
 */
import type { D365Client } from '../client.ts';
import { defineEntity, type Read, type RowOf } from '../entity/descriptor.ts';
import { entityApi } from '../entity/entityApi.ts';
import { date, dateTime, decimal, int32, int64, str } from '../entity/fields.ts';

export const packingSlips = defineEntity({
  entitySet: 'CustPackingSlipJourBiEntities',
  keys: ['dataAreaId', 'SourceDocumentHeader'],
  fields: {
    dataAreaId: str(),
    SourceDocumentHeader: int64(),
    PackingSlipId: str(),
    InternalPackingSlipId: str(),
    SalesId: str(),
    OrderAccount: str(),
    InvoiceAccount: str(),
    CustomerRef: str(),
    PurchaseOrder: str(),
    DeliveryDate: date(),
    DocumentDate: date(),
    DlvMode: str(),
    DlvTerm: str(),
    ShipCarrierId: str(),
    ShipCarrierAccount: str(),
    BOLCarrierName: str(),
    BillOfLadingId: str(),
    inventLocationId: str(), // sic: lower-case i
    Qty: decimal(),
    Weight: decimal(),
    Volume: decimal(),
    CreatedOn: dateTime(),
    SysRecVersion: int32(),
  },
});

export const packingSlipLines = defineEntity({
  entitySet: 'CustPackingSlipTransBiEntities',
  keys: ['dataAreaId', 'SourceDocumentLine'],
  fields: {
    dataAreaId: str(),
    SourceDocumentLine: int64(),
    PackingSlipId: str(),
    SalesId: str(),
    OrigSalesId: str(),
    InventTransId: str(),
    ItemId: str(),
    ExternalItemId: str(),
    InventDimId: str(),
    LineNum: decimal(),
    Qty: decimal(),
    inventQty: decimal(),
    Ordered: decimal(),
    Remain: decimal(),
    SalesUnit: str(),
    DeliveryDate: date(),
    CreatedOn: dateTime(),
  },
});

export const packingSlipTracking = defineEntity({
  entitySet: 'PackingSlipTrackingInformation',
  keys: ['dataAreaId', 'SalesOrderNumber', 'PackingSlipNumber', 'DeliveryDate', 'TrackingNumber'],
  fields: {
    dataAreaId: str(),
    SalesOrderNumber: str(),
    PackingSlipNumber: str(),
    DeliveryDate: date(),
    TrackingNumber: str(),
    TrackingURL: str(),
  },
});

export type PackingSlip = Read<RowOf<typeof packingSlips>>;

export const packingSlipsApi = entityApi(packingSlips);
export const packingSlipLinesApi = entityApi(packingSlipLines);
export const packingSlipTrackingApi = entityApi(packingSlipTracking);

/** Packing slips posted after `since` (inclusive), oldest first — poll with an overlap and de-duplicate. */
export function iteratePackingSlipsSince(
  client: D365Client,
  since: string,
  options: { company?: string; signal?: AbortSignal } = {},
): AsyncIterable<PackingSlip> {
  return client.iterate(packingSlips, {
    ...options,
    filter: (where) => where.ge('CreatedOn', since),
    orderBy: ['CreatedOn', 'SourceDocumentHeader'],
  });
}
