/**
 * The price of a bundle line spread over its component lines, so that the D365 order totals what the
 * buyer paid, to the cent.
 *
 * Each component gets the part of the bundle's net amount (unit price × quantity − discount) given by
 * its weight — its `share` when the mapping gives shares, else its quantity — and its unit price is that
 * part divided by its line quantity, rounded to the cent. Rounding loses or gains up to half a cent per
 * unit, so the LAST component takes what is left: its unit price is the remainder per unit rounded UP
 * to the cent, and the overshoot comes off again as a per-unit discount (4 decimals, as D365's
 * LineDiscountAmount keeps). D365 rounds the line amount (price − discount) × quantity to the cent,
 * which gives back the remainder exactly while the last line has fewer than 50 units (each unit's
 * discount is off by at most 0.00005).
 *
 * Rounding the first components to the nearest cent can, for a net of a few cents spread over many
 * units, leave a negative remainder; the split then rounds them down instead, which never overshoots.
 *
 * Example: 179.00 in three equal parts → 59.67, 59.67 and 59.66 (= 179.00).
 */
import { roundTo } from './amounts.ts';

export interface BundlePart {
  /** Units on the component's line (component quantity × bundles ordered); greater than 0. */
  quantity: number;
  /** Share of the price (percent, or the component quantity when no shares are given); greater than 0. */
  weight: number;
}

export interface PartPrice {
  unitPrice: number;
  discountPerUnit: number;
}

export function splitBundle(net: number, parts: BundlePart[]): PartPrice[] {
  return trySplit(net, parts, 'nearest') ?? trySplit(net, parts, 'down') ?? [];
}

function trySplit(net: number, parts: BundlePart[], how: 'nearest' | 'down'): PartPrice[] | undefined {
  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0);
  const prices: PartPrice[] = [];
  let allotted = 0;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) return;
    const unitPrice = roundTo((net * part.weight) / totalWeight / part.quantity, 2, how);
    allotted += unitPrice * part.quantity;
    prices.push({ unitPrice, discountPerUnit: 0 });
  });
  const last = parts[parts.length - 1];
  if (!last) return [];
  const remainder = roundTo(net - allotted, 2);
  if (remainder < 0) return undefined;
  const unitPrice = roundTo(remainder / last.quantity, 2, 'up');
  const discountPerUnit = roundTo((unitPrice * last.quantity - remainder) / last.quantity, 4);
  prices.push({ unitPrice, discountPerUnit });
  return prices;
}
