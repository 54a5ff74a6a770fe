/**
 * Client ↔ emulator kit: the real D365 client (`src/d365`) against the real D365 emulator
 * (`src/emulators/d365`) served on 127.0.0.1 — never the internet. The emulator's Hono app is wrapped
 * in an outer app that records every request (method, path, status) and counts requests in flight, so
 * tests assert what reached "F&O" without looking inside the client (DESIGN §4.8).
 *
 * Time: emulator and client share one fake clock. The client's `sleep` does not wait — it records the
 * wait and moves the clock on — so Retry-After and backoff are honoured in the emulator's time (its
 * throttling window and token expiry run on the same clock) and no test depends on wall-clock time.
 * (The client's environment-wide pause after a 429 is kept in real time by the shared concurrency
 * gate; a request sent shortly after a 429 therefore "sleeps" the remainder, which only moves the fake
 * clock further.)
 */
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.ts';
import {
  createD365Client,
  type D365Client,
  type D365ClientOptions,
  type D365Connection,
} from '../../../src/d365/index.ts';
import { isConnectorError, type ConnectorError } from '../../../src/errors.ts';
import {
  createD365Emulator,
  type D365Emulator,
  type D365EmulatorOptions,
} from '../../../src/emulators/d365/app.ts';
import type { FaultSpec } from '../../../src/emulators/shared/faults.ts';
import { serveEmulator } from '../../../src/emulators/shared/serveEmulator.ts';

/** The instant every test starts at (a Monday morning, UTC). */
export const START = Date.parse('2026-03-02T09:00:00Z');
export const COMPANY = demoCatalogue().d365.defaultCompany;

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function fakeClock(start = START): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += Math.max(0, ms)) };
}

/** One request as it reached the emulator (a `$batch` is one request; its parts are not listed). */
export interface SeenRequest {
  method: string;
  path: string;
  search: string;
  status: number;
}

export interface ClientHandle {
  client: D365Client;
  /** Every wait the client asked for (Retry-After, backoff, environment pause), in ms. */
  sleeps: number[];
  /** The client's exchange log lines. */
  logs: Array<Record<string, unknown>>;
}

/** Client options for a test; `connection` overrides parts of the emulator's connection. */
export type ClientOverrides = Omit<Partial<D365ClientOptions>, 'connection'> & {
  connection?: Partial<D365Connection>;
};

export interface D365Harness {
  emulator: D365Emulator;
  /** `http://127.0.0.1:<port>` — the environment URL (and token audience) the client uses. */
  url: string;
  clock: Clock;
  /** Requests that reached the emulator, in arrival order (`/_sim/` calls of the kit excluded). */
  seen: SeenRequest[];
  /** The most requests `/data` had in flight at once. */
  maxInFlight(): number;
  dataRequests(): SeenRequest[];
  tokenRequests(): SeenRequest[];
  /** Forgets the recorded requests and the in-flight maximum. */
  resetCounts(): void;
  connection(overrides?: Partial<D365Connection>): D365Connection;
  newClient(options?: ClientOverrides): ClientHandle;
  /** POSTs a `/_sim/` action and answers its JSON; throws on anything but 2xx. */
  sim<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
  fault(spec: Partial<FaultSpec> & Pick<FaultSpec, 'kind'>): Promise<void>;
  close(): Promise<void>;
}

export type HarnessOptions = D365EmulatorOptions & { clock?: Clock };

export async function startHarness(options: HarnessOptions = {}): Promise<D365Harness> {
  const { clock = fakeClock(), ...emulatorOptions } = options;
  const emulator = createD365Emulator({ now: clock.now, ...emulatorOptions });
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const outer = new Hono();
  outer.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const data = url.pathname === '/data' || url.pathname.startsWith('/data/');
    if (data) maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      await next();
    } finally {
      if (data) inFlight--;
    }
    if (!url.pathname.startsWith('/_sim/'))
      seen.push({ method: c.req.method, path: url.pathname, search: url.search, status: c.res.status });
  });
  // Forward with the node-server bindings (`c.env`), which the emulator's `reset` fault needs.
  outer.all('*', (c) => emulator.app.fetch(c.req.raw, c.env));
  const served = await serveEmulator(outer);
  const url = served.url;
  const demo = demoCatalogue().d365;

  const connection = (overrides: Partial<D365Connection> = {}): D365Connection => ({
    environmentUrl: url,
    tenantId: options.tenantId ?? demo.tenantId,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    authority: url,
    ...overrides,
  });

  const sim = async <T>(path: string, body: unknown = {}): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };

  return {
    emulator,
    url,
    clock,
    seen,
    maxInFlight: () => maxInFlight,
    dataRequests: () => seen.filter((r) => r.path === '/data' || r.path.startsWith('/data/')),
    tokenRequests: () => seen.filter((r) => r.path.endsWith('/oauth2/v2.0/token')),
    resetCounts: () => {
      seen.length = 0;
      maxInFlight = inFlight;
    },
    connection,
    newClient: ({ connection: overrides, ...clientOptions } = {}) => {
      const sleeps: number[] = [];
      const logs: Array<Record<string, unknown>> = [];
      const record = (line: object) => logs.push(line as Record<string, unknown>);
      const client = createD365Client({
        connection: connection(overrides),
        log: { debug: record, warn: record },
        defaultCompany: COMPANY,
        now: clock.now,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock.advance(ms);
        },
        random: () => 0.5,
        ...clientOptions,
      });
      return { client, sleeps, logs };
    },
    sim,
    fault: async (spec) => {
      await sim('/_sim/faults', spec);
    },
    close: async () => {
      await served.close();
      emulator.close();
    },
  };
}

/** A harness and a client on it, kept by `useHarness` for the tests that run. */
export interface HarnessFixture {
  readonly harness: D365Harness;
  readonly client: D365Client;
  /** Closes the harness and starts another with these options, with a new client (closed like the first). */
  restart(options?: HarnessOptions): Promise<void>;
}

/**
 * Starts a harness with a client before each test (`'each'`) or once before the tests of the file or
 * `describe` (`'all'`), and closes it after. `prepare` runs once both are ready (seeding, signing in).
 */
export function useHarness(
  scope: 'each' | 'all',
  options: HarnessOptions = {},
  prepare?: (fixture: HarnessFixture) => Promise<void> | void,
): HarnessFixture {
  let current: { harness: D365Harness; client: D365Client } | undefined;
  const started = () => {
    if (!current) throw new Error('useHarness: no harness is running (use it inside a test)');
    return current;
  };
  const start = async (startOptions: HarnessOptions) => {
    const harness = await startHarness(startOptions);
    current = { harness, client: harness.newClient().client };
  };
  const fixture: HarnessFixture = {
    get harness() {
      return started().harness;
    },
    get client() {
      return started().client;
    },
    restart: async (restartOptions = {}) => {
      await started().harness.close();
      current = undefined;
      await start(restartOptions);
    },
  };
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    await start(options);
    await prepare?.(fixture);
  });
  after(async () => {
    await current?.harness.close();
    current = undefined;
  });
  return fixture;
}

/** The ConnectorError a promise rejects with (fails the test if it resolves or throws anything else). */
export async function connectorErrorOf(promise: Promise<unknown>): Promise<ConnectorError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome))
    throw new Error(`expected a ConnectorError, got ${JSON.stringify(outcome.value)}`);
  if (!isConnectorError(outcome.error)) throw outcome.error;
  return outcome.error;
}

/** Every row of an async iterable. */
export async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
