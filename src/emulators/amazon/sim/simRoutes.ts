// The simulation API under `/_sim/`: everything a test, a benchmark or a person rehearsing a setup needs
// to play Amazon's and the buyers' part — orders (orderSimRoutes.ts), listings with price and quantity,
// token expiry, fault injection, statistics and a reset to the seed. JSON in and out; bodies are
// validated with every problem listed.
import type { Hono } from 'hono';
import type { EmulatorState } from '../emulatorState.ts';
import type { ListingStore } from '../listings.ts';
import type { TokenAuthority } from '../lwaTokens.ts';
import type { EmulatorContext } from '../options.ts';
import type { RateLimiter } from '../rateLimits.ts';
import type { EmulatorStats } from '../stats.ts';
import { mountFaultRoutes, type FaultInjector } from '../../shared/faults.ts';
import { listingUpdateSchema } from './checkoutSchema.ts';
import { mountOrderSimRoutes, readBody } from './orderSimRoutes.ts';
import { parseSim, SimError } from './simError.ts';

export interface SimDeps {
  ctx: EmulatorContext;
  state: EmulatorState;
  listings: ListingStore;
  tokens: TokenAuthority;
  limiter: RateLimiter;
  stats: EmulatorStats;
  injector: FaultInjector;
}

export function mountSimRoutes(app: Hono, deps: SimDeps): void {
  const { ctx, listings } = deps;
  mountOrderSimRoutes(app, deps.state);
  mountFaultRoutes(app, deps.injector);

  app.get('/_sim/listings', (c) => {
    const marketplaceId = c.req.query('marketplaceId');
    return c.json({ listings: listings.all(marketplaceId) });
  });

  app.post('/_sim/listings', async (c) => {
    const update = parseSim(listingUpdateSchema, await readBody(c), 'listing update');
    const current = listings.get(update.marketplaceId, update.sku);
    if (!current) throw new SimError(404, `no listing ${update.sku} in marketplace ${update.marketplaceId}`);
    const listing = {
      ...current,
      ...(update.quantity !== undefined && { quantity: update.quantity }),
      ...(update.price !== undefined && { price: update.price }),
    };
    ctx.tables.atomically(() => listings.put(listing));
    return c.json(listing);
  });

  app.post('/_sim/tokens/expire', (c) => {
    deps.tokens.expireAll();
    return c.json({ expired: true });
  });

  app.get('/_sim/stats', (c) => c.json(deps.stats.snapshot()));
  app.post('/_sim/stats/reset', (c) => {
    deps.stats.reset();
    return c.json(deps.stats.snapshot());
  });

  app.post('/_sim/reset', (c) => {
    deps.state.reset();
    deps.limiter.reset();
    deps.stats.reset();
    deps.injector.clear();
    return c.json({ reset: true });
  });

  app.all('/_sim/*', (c) => c.json({ error: `no simulation endpoint ${c.req.method} ${c.req.path}` }, 404));
}
