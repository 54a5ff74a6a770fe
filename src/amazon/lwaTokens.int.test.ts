/**
 * Login with Amazon token requests and the caller's AbortSignal, against a token endpoint on 127.0.0.1
 * (HTTP at the wire) that can hold a request unanswered: a request nobody waits for any more is
 * abandoned — its connection closed, its backoff cut short, no further attempt sent — while a request
 * another caller still waits for goes on.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abortableSleep, type Sleep } from '../http/rateLimiter.ts';
import { createLwaTokens, type LwaTokens } from './lwaTokens.ts';

interface Arrival {
  res: ServerResponse;
  /** Resolves when the connection closes before an answer was sent. */
  dropped: Promise<void>;
}

interface TokenEndpoint {
  url: string;
  arrivals: Arrival[];
  /** What to do with the n-th request (0-based): answer it, or hold it until the test answers. */
  handle: (index: number, arrival: Arrival) => void;
  /** Resolves when the n-th request has arrived. */
  arrived(index: number): Promise<Arrival>;
  close(): Promise<void>;
}

const answerToken = (res: ServerResponse, n: number) =>
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ access_token: `Atza|token-${n}`, token_type: 'bearer', expires_in: 3600 }));

async function startTokenEndpoint(): Promise<TokenEndpoint> {
  const waiters = new Map<number, (arrival: Arrival) => void>();
  const endpoint: TokenEndpoint = {
    url: '',
    arrivals: [],
    handle: (index, { res }) => answerToken(res, index + 1),
    arrived: (index) =>
      endpoint.arrivals[index]
        ? Promise.resolve(endpoint.arrivals[index])
        : new Promise((resolve) => waiters.set(index, resolve)),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const dropped = new Promise<void>((resolve) =>
        res.on('close', () => {
          if (!res.writableFinished) resolve();
        }),
      );
      const arrival = { res, dropped };
      const index = endpoint.arrivals.push(arrival) - 1;
      endpoint.handle(index, arrival);
      waiters.get(index)?.(arrival);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/o2/token`;
  return endpoint;
}

let endpoint: TokenEndpoint;
beforeEach(async () => {
  endpoint = await startTokenEndpoint();
});
afterEach(async () => endpoint.close());

/** Every fetch and sleep the token client starts, so a test can wait until they have all ended. */
function tokens(sleep: Sleep = abortableSleep) {
  const fetches: Array<Promise<Response>> = [];
  const sleeps: Array<{ ms: number; signal?: AbortSignal; done: Promise<void> }> = [];
  const lwa: LwaTokens = createLwaTokens({
    tokenEndpoint: endpoint.url,
    credentials: {
      lwaClientId: 'amzn1.application-oa2-client.test',
      lwaClientSecret: 'test-client-secret-value',
      refreshToken: 'Atzr|test-refresh-token-value',
    },
    fetch: (input, init) => {
      const started = globalThis.fetch(input, init);
      fetches.push(started);
      return started;
    },
    userAgent: 'lwa-tokens-test/1.0',
    now: Date.now,
    retryPolicy: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    sleep: (ms, signal) => {
      const done = sleep(ms, signal);
      sleeps.push({ ms, signal, done });
      return done;
    },
    random: () => 1,
    requestTimeoutMs: 60_000,
  });
  /** Resolves once every fetch and sleep started so far has ended, and what followed them has run. */
  const settled = async () => {
    await Promise.allSettled([...fetches, ...sleeps.map((s) => s.done)]);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { lwa, fetches, sleeps, settled };
}

const hold = () => undefined;
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('Login with Amazon token requests and aborts', () => {
  it('abandons a hanging request when its only waiter aborts, and starts afresh for the next caller', async () => {
    endpoint.handle = hold;
    const { lwa, fetches, sleeps, settled } = tokens();
    const run = new AbortController();
    const waiting = rejection(lwa.accessToken(run.signal));
    const first = await endpoint.arrived(0);

    const reason = new Error('run cancelled');
    run.abort(reason);
    expect(await waiting).toBe(reason);
    await first.dropped; // the endpoint sees the connection close
    await settled();
    expect(endpoint.arrivals).toHaveLength(1);
    expect(fetches).toHaveLength(1);
    expect(sleeps).toHaveLength(0);

    // The abandoned request is not shared with a later caller: it gets a request of its own.
    endpoint.handle = (index, { res }) => answerToken(res, index + 1);
    await expect(lwa.accessToken()).resolves.toBe('Atza|token-2');
    expect(endpoint.arrivals).toHaveLength(2);
  });

  it('keeps the request going for a waiter that stays when another one aborts', async () => {
    endpoint.handle = hold;
    const { lwa } = tokens();
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = rejection(lwa.accessToken(leaving.signal));
    const stays = lwa.accessToken(staying.signal);
    const held = await endpoint.arrived(0);

    const reason = new Error('this caller gave up');
    leaving.abort(reason);
    // The leaving waiter has its reason while the request is still unanswered.
    expect(await left).toBe(reason);
    expect(held.res.writableFinished).toBe(false);
    expect(held.res.closed).toBe(false);

    answerToken(held.res, 1);
    await expect(stays).resolves.toBe('Atza|token-1');
    expect(endpoint.arrivals).toHaveLength(1);
  });

  it('keeps the request going for a waiter without a signal', async () => {
    endpoint.handle = hold;
    const { lwa } = tokens();
    const leaving = new AbortController();
    const left = rejection(lwa.accessToken(leaving.signal));
    const stays = lwa.accessToken();
    const held = await endpoint.arrived(0);
    leaving.abort(new Error('gone'));
    await left;
    answerToken(held.res, 1);
    await expect(stays).resolves.toBe('Atza|token-1');
  });

  it('stops retrying when the waiter aborts during the backoff', async () => {
    endpoint.handle = (_index, { res }) =>
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'server_error', error_description: 'try later' }));
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const { lwa, sleeps, settled } = tokens((ms, signal) => {
      sleeping();
      return abortableSleep(ms, signal);
    });
    const run = new AbortController();
    const waiting = rejection(lwa.accessToken(run.signal));
    await asleep;
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]!.ms).toBe(60_000);

    const reason = new Error('run cancelled');
    run.abort(reason);
    expect(await waiting).toBe(reason);
    // The backoff's timer is cleared at once (the sleep ends with the reason), and nothing follows it.
    expect(sleeps[0]!.signal?.aborted).toBe(true);
    expect(await rejection(sleeps[0]!.done)).toBe(reason);
    await settled();
    expect(endpoint.arrivals).toHaveLength(1);
    expect(lwa.requests()).toBe(1);
  });
});
