/**
 * Every entity descriptor the connector uses, in one list: the metadata check walks it, and the
 * emulator's tests can use it to see which entity sets and fields the client depends on.
 */
import type { AnyEntity } from '../entity/descriptor.ts';
import { customerPostalAddresses, customers } from './customers.ts';
import { warehouseOnHand } from './inventory.ts';
import { salesPriceAgreements } from './pricing.ts';
import { customerProductDescriptions, productBarcodes } from './productIdentifiers.ts';
import { products, releasedProductCreations, releasedProducts } from './products.ts';
import { releasedProductMasters, releasedProductVariants } from './productVariants.ts';
import { purchaseOrderHeaders, purchaseOrderLines } from './purchasing.ts';
import {
  barcodeSetups,
  customerGroups,
  deliveryModes,
  paymentMethods,
  paymentTerms,
  salesOriginCodes,
  sites,
  warehouses,
} from './reference.ts';
import { salesOrderLines } from './salesOrderLines.ts';
import { salesOrderHeaders } from './salesOrders.ts';
import { packingSlipLines, packingSlips, packingSlipTracking } from './shipping.ts';

export const allEntities: readonly AnyEntity[] = [
  releasedProducts,
  releasedProductCreations,
  products,
  releasedProductMasters,
  releasedProductVariants,
  productBarcodes,
  customerProductDescriptions,
  customers,
  customerPostalAddresses,
  customerGroups,
  deliveryModes,
  paymentMethods,
  paymentTerms,
  salesOriginCodes,
  barcodeSetups,
  warehouses,
  sites,
  salesOrderHeaders,
  salesOrderLines,
  warehouseOnHand,
  salesPriceAgreements,
  packingSlips,
  packingSlipLines,
  packingSlipTracking,
  purchaseOrderHeaders,
  purchaseOrderLines,
];
