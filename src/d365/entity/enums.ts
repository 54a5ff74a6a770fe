/**
 * The F&O enum types the connector reads or filters on, with their member names as F&O serialises them.
 * `metadataNames.test.ts` checks every one against `metadata/enums.json` (names and members) and against
 * the enum type of each field that uses it, so a typo cannot reach a `$filter`.
 */
import type { EnumDef } from './fields.ts';

const def = <const M extends string>(name: string, members: readonly [M, ...M[]]): EnumDef<M> => ({
  name,
  members,
});

export const NoYes = def('NoYes', ['No', 'Yes']);
export const EcoResProductType = def('EcoResProductType', ['Item', 'Service']);
export const EcoResProductSubtype = def('EcoResProductSubtype', [
  'Product',
  'ProductMaster',
  'ProductVariant',
]);
export const EcoResVariantConfigurationTechnologyType = def('EcoResVariantConfigurationTechnologyType', [
  'PredefinedVariants',
  'DimensionBased',
  'ConstraintBased',
]);
export const CustVendorBlocked = def('CustVendorBlocked', [
  'No',
  'Invoice',
  'All',
  'Payment',
  'Requisition',
  'Never',
  'PurchOrder',
]);
export const SalesStatus = def('SalesStatus', ['None', 'Backorder', 'Delivered', 'Invoiced', 'Canceled']);
export const SalesOrderProcessingStatus = def('SalesOrderProcessingStatus', [
  'Active',
  'Confirmed',
  'Picked',
  'PartiallyDelivered',
  'Delivered',
  'Invoiced',
  'PartiallyInvoiced',
  'Canceled',
  'DeliveredPartiallyInvoiced',
]);
export const ItemReservation = def('ItemReservation', ['None', 'Automatic', 'Explosion']);
export const PurchStatus = def('PurchStatus', ['None', 'Backorder', 'Received', 'Invoiced', 'Canceled']);
export const BarcodeType = def('BarcodeType', [
  'NoBarcode',
  'EAN128',
  'Code39',
  'Interleaved2of5',
  'Code128',
  'UPCA',
  'UPCE',
  'EAN13',
  'EAN8',
  'PDF417',
  'Maxicode',
]);
export const CustPaymentType = def('CustPaymentType', [
  'Other',
  'ElectronicPayment',
  'Check',
  'BillOfExchange',
  'CreditCard',
]);
export const SalesOriginType = def('SalesOriginType', [
  'NotSpecified',
  'SalesOrderIntegration',
  'WorkOrderIntegration',
]);
export const InventLocationType = def('InventLocationType', [
  'Standard',
  'Quarantine',
  'Transit',
  'ITMGIT',
  'ITMUnder',
  'GoodsInRoute_RU',
]);
export const Abc = def('Abc', ['None', 'A', 'B', 'C']);

/** Every enum above, for the metadata check. */
export const allEnums: readonly EnumDef[] = [
  NoYes,
  EcoResProductType,
  EcoResProductSubtype,
  EcoResVariantConfigurationTechnologyType,
  CustVendorBlocked,
  SalesStatus,
  SalesOrderProcessingStatus,
  ItemReservation,
  PurchStatus,
  BarcodeType,
  CustPaymentType,
  SalesOriginType,
  InventLocationType,
  Abc,
];
