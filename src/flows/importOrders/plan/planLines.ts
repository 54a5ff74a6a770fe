/**
 * The lines of the D365 order for an Amazon order (pure). Rules:
 *
 * - One line per order item, referenced by its `orderItemId`: the D365 product the SKU resolves to
 *   (the executor looked it up with the configured strategies), the ordered quantity, Amazon's unit
 *   price, the promotion discount per unit (4 decimals), the SKU as external item number and the
 *   product title as description. An item Amazon reports with quantity 0 (cancelled before the order
 *   was imported) gets no line.
 * - A SKU with a row in `mappings.bundles` is a bundle (the mapping wins over any look-up). With
 *   `bundles: explode` it becomes one line per component, `orderItemId#1..n`, each with the component
 *   quantity × the bundles ordered and its part of the price (splitBundle.ts). With `single` it is one
 *   line of the item the bundle SKU itself resolves to.
 * - Amazon's shipping and gift-wrap amounts, summed over the items, become one charge line each
 *   (`SHIPPING`, `GIFT_WRAP`: quantity 1) of the non-stock items in `chargeItems` — per-order charge
 *   amounts cannot be written through OData (reference d365-fo-business §6.4).
 * - An item the buyer asked to cancel is still imported: the cancellation follows (planFollowUps.ts),
 *   so D365 records both the sale and its cancellation.
 *
 * Every unresolved SKU and missing charge item is a problem, all collected, none thrown.
 */
import { roundTo, sumTo } from './amounts.ts';
import { bundleFor, type Mappings } from '../../domain/mappings.ts';
import type { ImportOrdersSettings } from '../settings.ts';
import { SKU_STRATEGIES, type SkuStrategy } from '../../domain/items.ts';
import { splitBundle } from './splitBundle.ts';
import type { ItemFacts, OrderFacts } from '../intake/facts.ts';
import type { OrderLookups } from './planInput.ts';
import type { LineDraft } from './drafts.ts';

export interface LinesInput {
  settings: ImportOrdersSettings;
  mappings: Mappings;
  lookups: OrderLookups;
  site: string;
  warehouse: string;
  /** The marketplace's customer account, named in the advice for the externalItemNumber strategy. */
  marketplaceAccount?: string;
}

export interface LinesPlan {
  lines: LineDraft[];
  problems: string[];
  notes: string[];
}

const SETTINGS = 'services.import-orders';

export function planLines(facts: OrderFacts, input: LinesInput): LinesPlan {
  const plan: LinesPlan = { lines: [], problems: [], notes: [] };
  for (const item of facts.items) {
    if (item.quantityOrdered < 0) {
      plan.problems.push(
        `order item ${item.orderItemId} has a negative quantity (${item.quantityOrdered}) on Amazon: ` +
          'check the order in Seller Central and enter it in D365 by hand',
      );
      continue;
    }
    if (item.quantityOrdered === 0) {
      plan.notes.push(`order item ${item.orderItemId} has quantity 0 on Amazon: no line for it`);
      continue;
    }
    if (item.cancellationRequested)
      plan.notes.push(
        `the buyer asked to cancel order item ${item.orderItemId}: imported, and its cancellation follows`,
      );
    itemLines(facts, item, input, plan);
  }
  chargeLine(plan, input, {
    reference: 'SHIPPING',
    description: 'Shipping',
    amount: sumTo(
      facts.items.map((i) => i.shipping),
      2,
    ),
    itemNumber: input.settings.chargeItems.shipping,
    setting: 'chargeItems.shipping',
  });
  chargeLine(plan, input, {
    reference: 'GIFT_WRAP',
    description: 'Gift wrap',
    amount: sumTo(
      facts.items.map((i) => i.giftWrap),
      2,
    ),
    itemNumber: input.settings.chargeItems.giftWrap,
    setting: 'chargeItems.giftWrap',
  });
  return plan;
}

function itemLines(facts: OrderFacts, item: ItemFacts, input: LinesInput, plan: LinesPlan): void {
  const { sku } = item;
  if (!sku) {
    plan.problems.push(
      `order item ${item.orderItemId} came from Amazon without a seller SKU, so no D365 item can be found for it: retry the record once Amazon sends it complete, or import the order by hand`,
    );
    return;
  }
  const place = { site: input.site, warehouse: input.warehouse };
  const unitPrice = item.unitPrice ?? 0; // planOrder waits for orders whose prices Amazon withholds
  const bundle =
    input.settings.bundles === 'explode' ? bundleFor(input.mappings, facts.marketplaceId, sku) : undefined;
  if (bundle) {
    const net = roundTo(unitPrice * item.quantityOrdered - item.discount, 2);
    const parts = bundle.components.map((c) => ({
      quantity: c.quantity * item.quantityOrdered,
      weight: c.share ?? c.quantity,
    }));
    const prices = splitBundle(net, parts);
    if (prices.length !== parts.length) {
      plan.problems.push(
        `order item ${item.orderItemId} (bundle SKU ${sku}) has a discount larger than its price, so it cannot be spread over the bundle's components: import the order by hand`,
      );
      return;
    }
    bundle.components.forEach((component, i) => {
      plan.lines.push({
        reference: `${item.orderItemId}#${i + 1}`,
        kind: 'bundleComponent',
        orderItemId: item.orderItemId,
        item: { ...component.item, via: 'mapping' },
        quantity: parts[i]!.quantity,
        perAmazonUnit: component.quantity,
        unitPrice: prices[i]!.unitPrice,
        discountPerUnit: prices[i]!.discountPerUnit,
        ...place,
        description: item.title,
        externalItemNumber: sku,
      });
    });
    return;
  }

  const resolved = input.lookups.item(sku, facts.marketplaceId);
  if (!resolved) {
    plan.problems.push(unmappedSku(sku, facts.marketplaceId, input));
    return;
  }
  if (item.discount > unitPrice * item.quantityOrdered) {
    plan.problems.push(
      `order item ${item.orderItemId} (SKU ${sku}) has a promotion discount of ${item.discount} larger than its ` +
        `price ${roundTo(unitPrice * item.quantityOrdered, 2)}: D365 would book a negative line; check the ` +
        'promotion in Seller Central and enter the order in D365 by hand',
    );
    return;
  }
  plan.lines.push({
    reference: item.orderItemId,
    kind: 'item',
    orderItemId: item.orderItemId,
    item: resolved,
    quantity: item.quantityOrdered,
    unitPrice,
    discountPerUnit: roundTo(item.discount / item.quantityOrdered, 4),
    ...place,
    description: item.title,
    externalItemNumber: sku,
  });
}

/** What each strategy would have needed to find the SKU: the advice names every one that was tried. */
function unmappedSku(sku: string, marketplaceId: string, input: LinesInput): string {
  const strategies = input.settings.skuStrategies;
  const forCustomer = input.marketplaceAccount ? ` for customer ${input.marketplaceAccount}` : '';
  const fixes: Record<SkuStrategy, string> = {
    mapping: `add a row to mappings.skus with sku ${sku} (marketplaceId ${marketplaceId} or none)`,
    itemNumber: `release a product with item number ${sku}`,
    externalItemNumber: `give the item the external item number ${sku}${forCustomer}`,
    barcode: `give the item the barcode ${sku}`,
  };
  const advice = strategies.map((s) => fixes[s]);
  const untried = SKU_STRATEGIES.filter((s) => !strategies.includes(s));
  if (untried.length > 0) advice.push(`add ${untried.join(' or ')} to ${SETTINGS}.skuStrategies`);
  const joined = advice.length > 1 ? `${advice.slice(0, -1).join(', ')}, or ${advice.at(-1)}` : advice[0];
  return `SKU ${sku} is not mapped to a D365 item (tried: ${strategies.join(', ')}): ${joined}`;
}

function chargeLine(
  plan: LinesPlan,
  input: LinesInput,
  charge: { reference: string; description: string; amount: number; itemNumber?: string; setting: string },
): void {
  if (charge.amount <= 0) return;
  if (!charge.itemNumber) {
    plan.problems.push(
      `the order charges ${charge.description.toLowerCase()} (${charge.amount}) but ${SETTINGS}.${charge.setting} is not set: set it to the non-stock D365 item that carries this charge`,
    );
    return;
  }
  plan.lines.push({
    reference: charge.reference,
    kind: 'charge',
    item: { itemNumber: charge.itemNumber },
    quantity: 1,
    unitPrice: charge.amount,
    discountPerUnit: 0,
    site: input.site,
    warehouse: input.warehouse,
    description: charge.description,
  });
}
