// An order line's charges as the seller's proceeds: item, shipping, gift wrap, the promotion discount
// (negative) and the tax collected on each, with totals. The order's proceeds are the sum of its lines',
// so the two levels of the API always reconcile.
import type { StoredItem } from './orderTypes.ts';

export type ProceedsType = 'ITEM' | 'SHIPPING' | 'GIFT_WRAP' | 'DISCOUNT' | 'TAX';

export interface Charges {
  /** Signed minor units per category (DISCOUNT ≤ 0); zero categories are omitted by the views. */
  byType: Record<ProceedsType, number>;
  /** The TAX category split by what was taxed. */
  tax: { ITEM: number; SHIPPING: number; GIFT_WRAP: number };
  total: number;
}

export function lineCharges(item: StoredItem): Charges {
  const tax = { ITEM: item.itemTax, SHIPPING: item.shippingTax, GIFT_WRAP: item.giftWrapTax };
  const byType: Record<ProceedsType, number> = {
    ITEM: item.unitPrice * item.quantityOrdered,
    SHIPPING: item.shipping,
    GIFT_WRAP: item.giftWrap,
    DISCOUNT: -item.discount,
    TAX: tax.ITEM + tax.SHIPPING + tax.GIFT_WRAP,
  };
  return { byType, tax, total: Object.values(byType).reduce((a, b) => a + b, 0) };
}

export function orderCharges(items: StoredItem[]): Charges {
  const sum: Charges = {
    byType: { ITEM: 0, SHIPPING: 0, GIFT_WRAP: 0, DISCOUNT: 0, TAX: 0 },
    tax: { ITEM: 0, SHIPPING: 0, GIFT_WRAP: 0 },
    total: 0,
  };
  for (const line of items.map(lineCharges)) {
    for (const k of Object.keys(sum.byType) as ProceedsType[]) sum.byType[k] += line.byType[k];
    for (const k of Object.keys(sum.tax) as (keyof Charges['tax'])[]) sum.tax[k] += line.tax[k];
    sum.total += line.total;
  }
  return sum;
}

/** Categories in the order Amazon lists them, without empty ones (ITEM is always there). */
export const PROCEEDS_ORDER: ProceedsType[] = ['ITEM', 'SHIPPING', 'GIFT_WRAP', 'DISCOUNT', 'TAX'];
