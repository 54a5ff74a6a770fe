/**
 * The packing slips the shipment crash test posts for each imported order, and the package each must
 * become on Amazon. An order is cut into its Amazon units (one unit of an item; one whole bundle — every
 * component line in its share), and its slips take whole units, so every slip ships at least one unit
 * and is exactly one package: packageReferenceId 1, 2, … in posting order. How an order ships turns with
 * its place in the mix: everything on one slip (no lines named: every open line's remainder), two slips,
 * up to three slips, or only its first unit (the rest never ships: PartiallyShipped). Charge lines
 * (SHIPPING, GIFT_WRAP) go with the first slip; they are not Amazon items. Carriers turn through UPS,
 * FEDEX and ACMEFREIGHT (no mapping row: `Other` with its name), every fifth slip with a second parcel.
 * Every other order that ships on one slip, and the first slip of every third order that ships on
 * several, are posted without a tracking number: they wait for the one the test enters later
 * (`lateTracking`), while the order's other slips go out — numbered as posted.
 */
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import { slipRequest, type SlipSpec } from '../../integration/shipments/shipmentKit.ts';
import type { LineRow } from '../orders/d365Reader.ts';
import type { Json } from '../orders/orderMix.ts';

const CHARGES = ['SHIPPING', 'GIFT_WRAP'];
const CARRIERS = ['UPS', 'FEDEX', 'ACMEFREIGHT'];

/** One Amazon unit: its order item, and what it takes of the D365 lines (by OrderLineReference). */
interface Unit {
  orderItemId: string;
  lines: [reference: string, quantity: number][];
}

export interface PlannedSlip {
  /** The body of `POST /_sim/packing-slips`. */
  request: Json;
  /** The package Amazon must show for it (once it has its tracking number). */
  expected: ExpectedPackage;
  /** D365's number of the slip, once posted. */
  packingSlipId?: string;
  /** Posted without a tracking number: the number entered in D365 later, and whether it was. */
  lateTracking?: { number: string; entered: boolean };
}

export interface ExpectedPackage {
  packageReferenceId: string;
  carrierCode: string;
  carrierName?: string;
  trackingNumber: string;
  /** Units per Amazon order item. */
  items: Map<string, number>;
}

export interface ShippingOrder {
  orderId: string;
  company: string;
  salesOrderNumber: string;
  /** Units ordered per Amazon order item. */
  ordered: Map<string, number>;
  slips: PlannedSlip[];
  /** How many of `slips` were posted in D365 so far. */
  posted: number;
}

/** Amazon's carrier as the demo mapping sends it: the mapped code, or `Other` with the D365 carrier id. */
function amazonCarrier(d365Carrier: string): { carrierCode: string; carrierName?: string } {
  const row = demoCatalogue().codes.carriers.find((c) => c.d365 === d365Carrier);
  return row?.amazonCarrierCode
    ? { carrierCode: row.amazonCarrierCode }
    : { carrierCode: 'Other', carrierName: d365Carrier };
}

function unitsOf(view: Json, lines: LineRow[]): Unit[] {
  const units: Unit[] = [];
  for (const item of view.items as Json[]) {
    const id = item.orderItemId as string;
    const components = lines.filter((l) => l.OrderLineReference.startsWith(`${id}#`));
    const share: Unit['lines'] = components.length
      ? components.map((c) => [c.OrderLineReference, c.OrderedSalesQuantity / item.quantityOrdered])
      : [[id, 1]];
    for (let u = 0; u < item.quantityOrdered; u++) units.push({ orderItemId: id, lines: share });
  }
  return units;
}

/** The units of each slip: the n-th order's way of shipping (see the file's comment). */
function cut(units: Unit[], n: number): { groups: Unit[][]; namesLines: boolean } {
  const way = (n + (n >> 3)) % 4;
  if (way === 0 || units.length === 1) return { groups: [units], namesLines: way !== 0 };
  if (way === 3) return { groups: [units.slice(0, 1)], namesLines: true };
  const slips = Math.min(units.length, way === 1 ? 2 : 3);
  const size = Math.ceil(units.length / slips);
  const groups: Unit[][] = [];
  for (let i = 0; i < units.length; i += size) groups.push(units.slice(i, i + size));
  return { groups, namesLines: true };
}

/**
 * The slips of the n-th order of the test (its Amazon view `GET /_sim/orders/:id`, its D365 sales order
 * lines); `slipCounter` numbers slips across the test, for carriers and tracking numbers.
 */
export function planShipping(
  n: number,
  view: Json,
  salesOrderNumber: string,
  lines: LineRow[],
  slipCounter: { next: number },
): ShippingOrder {
  const byReference = new Map(lines.map((l) => [l.OrderLineReference, l]));
  const order = { orderId: view.orderId as string, salesOrderNumber, lines: byReference };
  const { groups, namesLines } = cut(unitsOf(view, lines), n);
  const slips = groups.map((units, i): PlannedSlip => {
    const s = slipCounter.next++;
    const carrier = CARRIERS[s % CARRIERS.length]!;
    const tracking = [`T${s}-${order.orderId.slice(-7)}`, ...(s % 5 === 4 ? [`T${s}-B`] : [])];
    const quantities: Record<string, number> = {};
    const items = new Map<string, number>();
    for (const unit of units) {
      items.set(unit.orderItemId, (items.get(unit.orderItemId) ?? 0) + 1);
      for (const [reference, q] of unit.lines) quantities[reference] = (quantities[reference] ?? 0) + q;
    }
    if (i === 0) for (const charge of CHARGES) if (byReference.has(charge)) quantities[charge] = 1;
    const late = i === 0 && (groups.length === 1 ? n % 2 === 0 : n % 3 === 2);
    const spec: SlipSpec = {
      carrier,
      trackingNumbers: late ? [] : tracking,
      ...(namesLines && { lines: quantities }),
    };
    return {
      request: slipRequest(order, spec),
      expected: {
        packageReferenceId: String(i + 1),
        ...amazonCarrier(carrier),
        trackingNumber: tracking[0]!,
        items,
      },
      ...(late && { lateTracking: { number: tracking[0]!, entered: false } }),
    };
  });
  const ordered = new Map(
    (view.items as Json[]).map((i) => [i.orderItemId as string, i.quantityOrdered as number]),
  );
  return {
    orderId: order.orderId,
    company: lines[0]!.dataAreaId,
    salesOrderNumber,
    ordered,
    slips,
    posted: 0,
  };
}
