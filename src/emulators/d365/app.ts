// The D365 F&O emulator: Entra token endpoint, the OData service under `/data` (bearer-checked, throttled,
// fault-injectable), `$batch`, and `/_sim/` controls (reset, token expiry, faults, the business
// simulation). Its state lives in durable tables (a state file when given), saved before every answer.
import { Hono, type Context } from 'hono';
import { demoCatalogue } from '../../demo/demoCatalogue.ts';
import { DurableTables } from '../shared/durableTables.ts';
import { FaultInjector, faultMiddleware, mountFaultRoutes } from '../shared/faults.ts';
import { EntraAuthority, type EntraClient } from './auth.ts';
import { business as demoBusiness } from './business/index.ts';
import { runBatch } from './engine/batch.ts';
import type { BehaviourContext, BusinessModule, EntityBehaviour } from './engine/behaviour.ts';
import { buildCsdl } from './engine/csdl.ts';
import { DurableEntityStore, META_TABLE } from './engine/entityStore.ts';
import { renderError } from './engine/errors.ts';
import { metadataModel } from './engine/metadataModel.ts';
import { nextNumber } from './engine/numberSequences.ts';
import { handleOData, jsonResponse, type EngineContext, type ODataRequest } from './engine/odataService.ts';
import { faultRenderers, faultResponse, throttleResponse, toResponse } from './faultRenderers.ts';
import { Throttle, type ThrottleOptions } from './throttle.ts';

export interface D365EmulatorOptions {
  /** Journal file of the durable state; in memory only when absent. */
  stateFile?: string;
  /** Seed the demo catalogue's data on first start and on `/_sim/reset` (default), or start empty. */
  seed?: 'demo' | 'none';
  /** Speeds up throttling windows and Retry-After (DESIGN §2.9). */
  timeScale?: number;
  /** Server-driven page size (F&O: 10,000). */
  pageSize?: number;
  now?: () => number;
  throttle?: ThrottleOptions;
  /** Status of a write failure on a direct call (unconfirmed on F&O: 400 or 500); 500 inside change sets. */
  writeErrorStatus?: 400 | 500;
  business?: BusinessModule;
  /** The F&O user's default company (default: the demo catalogue's, `usmf`). */
  defaultCompany?: string;
  environmentUrl?: string;
  tenantId?: string;
  /** Entra applications that may get tokens (default: the demo catalogue's client with its secret). */
  clients?: EntraClient[];
  /** Randomness of share-based faults (tests make it deterministic). */
  random?: () => number;
}

export interface D365Emulator {
  app: Hono;
  store: DurableEntityStore;
  faults: FaultInjector;
  close(): void;
}

/** State kept across `/_sim/reset`: the token signing key, so clients keep their tokens. */
const KEPT_ON_RESET = ['tokenKey', 'tokenGeneration'];

export function createD365Emulator(options: D365EmulatorOptions = {}): D365Emulator {
  const demo = demoCatalogue().d365;
  const now = options.now ?? Date.now;
  const business = options.business ?? demoBusiness;
  const model = metadataModel();
  const store = new DurableEntityStore(new DurableTables(options.stateFile), model);
  const defaultCompany = (options.defaultCompany ?? demo.defaultCompany).toLowerCase();
  const context = (company: string): BehaviourContext => ({
    store,
    company,
    now: () => new Date(now()),
    nextNumber: (sequence, forCompany) => nextNumber(store, sequence, forCompany),
  });
  let csdl: string | undefined;
  const engine: EngineContext = {
    model,
    store,
    behaviours: behaviourMap(business.behaviours, model),
    defaultCompany,
    pageSize: options.pageSize ?? 10_000,
    writeErrorStatus: options.writeErrorStatus ?? 400,
    context,
    csdl: () => (csdl ??= buildCsdl(model)),
  };
  const seed = () => {
    if (options.seed !== 'none') business.seedDemo(store, context(defaultCompany));
    store.setMeta('seeded', true);
  };
  if (!store.meta('seeded')) store.atomically(seed);

  const auth = new EntraAuthority({
    tenantId: options.tenantId ?? demo.tenantId,
    environmentUrl: options.environmentUrl ?? demo.environmentUrl,
    clients: options.clients ?? [{ clientId: demo.clientId, clientSecret: demo.clientSecret }],
    now,
    store,
  });
  const throttle = new Throttle(options.throttle, options.timeScale ?? 1, now);
  const faults = new FaultInjector(options.random);
  const defaultRetryAfter = () => throttle.retryAfterSeconds();

  const app = new Hono();
  // Faults are F&O's: they hit the OData service, never the Entra stand-in (whose errors have another shape).
  const injectFaults = faultMiddleware(faults, faultRenderers(defaultRetryAfter));
  app.use('/data', injectFaults);
  app.use('/data/*', injectFaults);
  app.post('/:tenant/oauth2/v2.0/token', (c) => auth.token(c));
  app.post('/_sim/reset', (c) => {
    store.atomically(() => {
      const kept = KEPT_ON_RESET.map((name) => [name, store.meta(name)] as const);
      store.tables.clear();
      for (const [name, value] of kept) if (value !== undefined) store.tables.put(META_TABLE, name, value);
      seed();
    });
    return c.json({ reset: true });
  });
  app.post('/_sim/tokens/expire', (c) => {
    auth.expireAll();
    return c.json({ expired: true });
  });
  mountFaultRoutes(app, faults);
  business.mountSimulation(app, { store, context });

  const odata = async (c: Context) => {
    const url = new URL(c.req.url);
    const verdict = auth.verify(c.req.header('Authorization'), url.origin);
    if ('refused' in verdict)
      return c.body(null, 401, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${verdict.refused}"`,
      });
    const retryAfter = throttle.admit(verdict.clientId);
    if (retryAfter !== undefined) return toResponse(throttleResponse(retryAfter));
    const method = c.req.method.toUpperCase();
    const request: ODataRequest = {
      method,
      url,
      headers: c.req.raw.headers,
      body: method === 'GET' || method === 'HEAD' ? '' : await c.req.text(),
    };
    if (decodeURIComponent(url.pathname) !== '/data/$batch') return toResponse(handleOData(engine, request));
    if (method !== 'POST') return toResponse(handleOData(engine, request));
    try {
      return toResponse(
        runBatch(request, {
          store,
          execute: (part) => {
            const partRetryAfter = throttle.admit(verdict.clientId);
            if (partRetryAfter !== undefined) return throttleResponse(partRetryAfter);
            const fault = faults.pick(part.method, part.url.pathname);
            return (fault && faultResponse(fault, defaultRetryAfter)) ?? handleOData(engine, part);
          },
        }),
      );
    } catch (error) {
      const rendered = renderError(error, { writing: false, writeStatus: engine.writeErrorStatus });
      return toResponse(jsonResponse(rendered.status, rendered.body));
    }
  };
  app.all('/data', odata);
  app.all('/data/*', odata);

  return { app, store, faults, close: () => store.tables.close() };
}

function behaviourMap(behaviours: EntityBehaviour[], model: ReturnType<typeof metadataModel>) {
  const map = new Map<string, EntityBehaviour>();
  for (const b of behaviours) {
    if (!model.set(b.entitySet))
      throw new Error(`business rules: '${b.entitySet}' is not a served entity set`);
    if (map.has(b.entitySet)) throw new Error(`business rules: two behaviours for '${b.entitySet}'`);
    map.set(b.entitySet, b);
  }
  return map;
}
