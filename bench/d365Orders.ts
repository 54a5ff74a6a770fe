/**
 * The sales orders the D365 benchmark creates: what the order flow sends for an Amazon order — the
 * marketplace's customer, an order-specific delivery address, the Amazon order id as the customer's
 * reference, a default site and warehouse, and lines for the demo catalogue's items at Amazon's price.
 */
import type { RowOf } from '../src/d365/entity/descriptor.ts';
import type { salesOrderLines } from '../src/d365/entities/salesOrderLines.ts';
import type { salesOrderHeaders } from '../src/d365/entities/salesOrders.ts';

export interface BenchOrder {
  header: Partial<RowOf<typeof salesOrderHeaders>>;
  lines: Partial<RowOf<typeof salesOrderLines>>[];
}

const ITEMS = ['A0001', 'A0002', 'A0003', 'A0004', 'A0005', 'A0006', 'A0007', 'A0008'];

/** Order `i` of run `run` (numbers and references never repeat across runs of one process). */
export function benchOrder(run: number, i: number, lineCount: number): BenchOrder {
  const n = run * 1_000_000 + i;
  return {
    header: {
      SalesOrderNumber: `AMZ${String(n).padStart(8, '0')}`,
      OrderingCustomerAccountNumber: 'AMZ-US',
      CurrencyCode: 'USD',
      CustomersOrderReference: `113-${String(n).padStart(7, '0')}-${String(i * 7919).padStart(7, '0')}`,
      DefaultShippingSiteId: '1',
      DefaultShippingWarehouseId: '11',
      DeliveryModeCode: 'AMZ-STD',
      CustomerPaymentMethodName: 'AMAZON',
      IsDeliveryAddressOrderSpecific: 'Yes',
      DeliveryAddressName: `Benchmark Buyer ${i}`,
      DeliveryAddressStreet: `${100 + (i % 900)} Terry Ave N`,
      DeliveryAddressCity: 'Seattle',
      DeliveryAddressStateId: 'WA',
      DeliveryAddressZipCode: '98109',
      DeliveryAddressCountryRegionId: 'USA',
    },
    lines: Array.from({ length: lineCount }, (_, k) => ({
      ItemNumber: ITEMS[(i + k) % ITEMS.length]!,
      OrderedSalesQuantity: 1 + ((i + k) % 3),
      SalesPrice: 19.99 + k,
      CustomersLineNumber: k + 1,
    })),
  };
}
