// The simulation API under `/_sim/`: everything a test, a benchmark or a person rehearsing a setup needs
// to play Amazon's and the buyers' part — orders (orderSimRoutes.ts), listings (listingSimRoutes.ts),
// feeds, reports and their processing delays (feedSimRoutes.ts),
// token expiry, fault injection, statistics and a reset to the seed. JSON in and out; bodies are
// validated with every problem listed.
import type { Hono } from 'hono';
import type { EmulatorState } from '../emulatorState.ts';
import type { ListingsEngine } from '../listings/listingsEngine.ts';
import type { TokenAuthority } from '../lwaTokens.ts';
import type { EmulatorContext } from '../options.ts';
import type { RateLimiter } from '../rateLimits.ts';
import type { EmulatorStats } from '../stats.ts';
import { mountFaultRoutes, type FaultInjector } from '../../shared/faults.ts';
import { mountFeedSimRoutes, type FeedSimDeps } from './feedSimRoutes.ts';
import { mountListingSimRoutes } from './listingSimRoutes.ts';
import { mountOrderSimRoutes } from './orderSimRoutes.ts';

export interface SimDeps {
  ctx: EmulatorContext;
  state: EmulatorState;
  engine: ListingsEngine;
  tokens: TokenAuthority;
  limiter: RateLimiter;
  stats: EmulatorStats;
  injector: FaultInjector;
  feeds: FeedSimDeps;
  /** In-memory limits emptied with the buckets by a reset (JSON_LISTINGS_FEED's quota). */
  quotas: { reset(): void }[];
}

export function mountSimRoutes(app: Hono, deps: SimDeps): void {
  mountOrderSimRoutes(app, deps.state);
  mountFaultRoutes(app, deps.injector);

  mountListingSimRoutes(app, deps.ctx, deps.engine);
  mountFeedSimRoutes(app, deps.feeds);

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
    for (const quota of deps.quotas) quota.reset();
    deps.stats.reset();
    deps.injector.clear();
    return c.json({ reset: true });
  });

  app.all('/_sim/*', (c) => c.json({ error: `no simulation endpoint ${c.req.method} ${c.req.path}` }, 404));
}
