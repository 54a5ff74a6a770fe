// Entity sets F&O serves but never lets a client write: posted documents and agreements, on-hand
// aggregates and the BI views over raw tables. They change only through business events — the
// simulations and the order rules — exactly as in F&O.
import type { EntityBehaviour } from '../engine/behaviour.ts';

export const readOnlySets = [
  'SalesPriceAgreements',
  'TradeAgreementJournalHeaders',
  'WarehousesOnHandV2',
  'InventorySitesOnHandV2',
  'WarehouseInventoryStatusesOnHandV2',
  'CustPackingSlipJourBiEntities',
  'CustPackingSlipTransBiEntities',
  'SalesTableBiEntities',
  'SalesLineBiEntities',
  'CustTableBiEntities',
  'InventTableBiEntities',
  'MarkupTransBiEntities',
  'ProductReceiptHeaders',
  'ProductReceiptLinesV2',
  'SalesInvoiceHeadersV2',
  'SalesInvoiceV2Lines',
];

export const readOnlyBehaviours: EntityBehaviour[] = readOnlySets.map((entitySet) => ({
  entitySet,
  readOnly: true,
}));
