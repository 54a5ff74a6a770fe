// GET /_sim/sales-orders/:number — an order as a person sees it in the F&O client, in one answer for
// tests and people: header status, each line's ordered, delivered, cancelled and remaining quantity,
// and the packing slips with their tracking numbers.
import type { EntityStore } from '../../engine/behaviour.ts';
import { describeDims, dimsOf } from '../products.ts';
import { deliveredQty, linesOf, remainingQty } from '../salesOrderState.ts';
import { num, round, str } from '../values.ts';
import { existingOrder } from './existingOrder.ts';

export function salesOrderView(store: EntityStore, company: string, number: string) {
  const header = existingOrder(store, company, number);
  const lines = linesOf(store, company, number).map((l) => {
    const delivered = deliveredQty(store, company, l.InventoryLotId);
    const remaining = remainingQty(store, l);
    const ordered = num(l.OrderedSalesQuantity);
    return {
      inventoryLotId: l.InventoryLotId,
      lineNumber: l.LineNumber,
      itemNumber: l.ItemNumber,
      dimensions: describeDims(dimsOf(l)) || null,
      site: l.ShippingSiteId,
      warehouse: l.ShippingWarehouseId,
      ordered,
      delivered,
      canceled: round(Math.max(0, ordered - delivered - remaining), 6),
      remaining,
      salesPrice: l.SalesPrice,
      lineAmount: l.LineAmount,
      status: l.SalesOrderLineStatus,
    };
  });
  const tracking = store.listBy('PackingSlipTrackingInformation', company, 'SalesOrderNumber', number);
  const packingSlips = store.listBy('CustPackingSlipJourBiEntities', company, 'SalesId', number).map((j) => ({
    packingSlipId: j.PackingSlipId,
    deliveryDate: str(j.DeliveryDate).slice(0, 10),
    carrier: j.ShipCarrierId,
    quantity: j.Qty,
    trackingNumbers: tracking
      .filter((t) => t.PackingSlipNumber === j.PackingSlipId)
      .map((t) => t.TrackingNumber),
    lines: store
      .listBy('CustPackingSlipTransBiEntities', company, 'SalesId', number)
      .filter((t) => t.PackingSlipId === j.PackingSlipId)
      .map((t) => ({ inventoryLotId: t.InventTransId, itemNumber: t.ItemId, quantity: t.Qty })),
  }));
  return {
    company,
    salesOrderNumber: number,
    customer: header.OrderingCustomerAccountNumber,
    currency: header.CurrencyCode,
    customersOrderReference: header.CustomersOrderReference,
    salesOrderStatus: header.SalesOrderStatus,
    processingStatus: header.SalesOrderProcessingStatus,
    orderTotalAmount: header.OrderTotalAmount,
    lines,
    packingSlips,
  };
}
