// The emulator's business state as a whole: the orders, the catalogue, the listings, the open searches and
// (through `resettables`: feeds, reports, their documents and processing settings) the rest, seeded once
// on an empty state and put back to that seed by `/_sim/reset` — each in one change set, so a crash
// mid-way leaves the old state or the new one, never half of each. The LWA secret and the order
// sequence survive a reset: tokens keep working and new order ids never repeat old ones.
import type { CheckoutDeps } from './orders/checkout.ts';
import type { OrderStore } from './orders/orderStore.ts';
import type { Paginator } from './orders/pagination.ts';
import type { CatalogStore } from './catalog/catalogStore.ts';
import type { ListingsEngine } from './listings/listingsEngine.ts';
import type { SellerOffers } from './listings/sellerOffers.ts';
import { seedListings } from './listings/seedListings.ts';
import type { EmulatorContext } from './options.ts';
import { seedDemoOrders } from './sim/seed.ts';

const SEEDED_KEY = 'seeded';

export class EmulatorState {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly orders: OrderStore,
    private readonly engine: ListingsEngine,
    private readonly catalog: CatalogStore,
    private readonly listings: SellerOffers,
    private readonly paginator: Paginator,
    private readonly seed: 'demo' | 'none',
    /** Further state a reset empties (feeds, reports, documents, processing settings). */
    private readonly resettables: { reset(): void }[] = [],
  ) {}

  get checkoutDeps(): CheckoutDeps {
    return { ctx: this.ctx, orders: this.orders, listings: this.listings };
  }

  /** Seeds a state that has never been seeded (a new state file, or memory). */
  open(): void {
    if (this.ctx.tables.get('meta', SEEDED_KEY)) return;
    this.ctx.tables.atomically(() => this.fill());
  }

  reset(): void {
    this.ctx.tables.atomically(() => {
      this.orders.deleteAll();
      this.engine.deleteAll();
      this.catalog.deleteAll();
      this.paginator.deleteAll();
      for (const r of this.resettables) r.reset();
      this.fill();
    });
  }

  private fill(): void {
    this.catalog.seed(this.ctx.catalogue);
    seedListings(this.engine, this.ctx.catalogue);
    if (this.seed === 'demo') seedDemoOrders(this.checkoutDeps);
    this.ctx.tables.put('meta', SEEDED_KEY, true);
  }
}
