/**
 * Changes on Amazon to orders already in D365, made by the crash test while the connector lies dead:
 * Amazon cancels one (the connector must delete its sales order) and a buyer asks to cancel one item of
 * another (its lines must go, the rest of the order stays). The newest D365 orders are chosen: they are
 * the likeliest to have been written by the run just killed, before its record was — the window where
 * an import must recognise its own earlier write.
 */
import type { PlacedOrder } from './expectations.ts';
import type { OrdersWorld } from './ordersWorld.ts';

export class AmazonChanges {
  /** Orders changed after checkout: their emulator view must be read again before checking. */
  readonly touched = new Set<string>();
  /** What was done, for the test's report. */
  readonly done: string[] = [];

  private readonly world: OrdersWorld;
  private readonly placed: PlacedOrder[];

  constructor(world: OrdersWorld, placed: PlacedOrder[]) {
    this.world = world;
    this.placed = placed;
  }

  async cancelSomeImported(): Promise<void> {
    const newestFirst = (await this.world.d365.headers()).sort((a, b) =>
      b.SalesOrderNumber.localeCompare(a.SalesOrderNumber),
    );
    const candidates = newestFirst
      .map((h) => this.placed.find((p) => p.orderId === h.CustomersOrderReference))
      .filter((p): p is PlacedOrder => p !== undefined && !this.touched.has(p.orderId));
    const cancelled = candidates[0];
    if (cancelled) {
      this.touched.add(cancelled.orderId);
      await this.world.amazonSim('POST', `/orders/${cancelled.orderId}/cancel`, {
        reason: 'Payment could not be verified',
      });
      this.done.push(`Amazon cancelled ${cancelled.orderId}`);
    }
    const partly = candidates.slice(1).find((p) => p.view.items.length >= 2);
    if (partly) {
      this.touched.add(partly.orderId);
      const item = partly.view.items[0].orderItemId as string;
      await this.world.amazonSim('POST', `/orders/${partly.orderId}/cancel-request`, {
        reason: 'Ordered by mistake',
        orderItemIds: [item],
      });
      this.done.push(`the buyer of ${partly.orderId} asked to cancel item ${item}`);
    }
  }

  /** Reads the emulator's view of every changed order again (status, open cancellation requests). */
  async refreshViews(): Promise<void> {
    for (const p of this.placed)
      if (this.touched.has(p.orderId)) p.view = await this.world.amazonSim('GET', `/orders/${p.orderId}`);
  }
}
