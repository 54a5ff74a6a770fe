// Test support for the Amazon emulator: starts one in process with a controllable clock and every SP-API
// answer checked against Amazon's models (the other half of the emulator's fidelity promise), and offers
// the few calls every test makes — an access token, an SP-API call, a `/_sim/` call. A test ends with
// `expectNoViolations()`, so an answer that strays from the model fails the test that provoked it.
import { demoCatalogue } from '../../src/demo/demoCatalogue.ts';
import { createAmazonEmulator, type AmazonEmulator } from '../../src/emulators/amazon/app.ts';
import {
  createModelValidator,
  type ModelValidator,
} from '../../src/emulators/amazon/model/modelValidator.ts';
import type { AmazonEmulatorOptions, Exchange } from '../../src/emulators/amazon/options.ts';

/** A JSON answer as the tests read it: loosely typed, asserted on with expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface TestClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** A clock that stands still until told to move (default start: 2026-03-02T12:00:00Z). */
export function testClock(start = Date.parse('2026-03-02T12:00:00Z')): TestClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => void (t += ms),
    set: (ms) => void (t = ms),
  };
}

export interface AmazonTestKit {
  emulator: AmazonEmulator;
  clock: TestClock;
  /** Every SP-API answer so far. */
  exchanges: Exchange[];
  /** Model violations found so far, one line each. */
  violations: string[];
  /** Throws listing the violations, if any. */
  expectNoViolations(): void;
  /** A fresh access token from the emulator's LWA endpoint (the demo catalogue's refresh token). */
  accessToken(): Promise<string>;
  /** An SP-API call with a valid token (pass `token: null` for none, or a token of your own). */
  spApi(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  /** A `/_sim/` call; answers status and parsed body. */
  sim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  close(): void;
}

let sharedValidator: ModelValidator | undefined;

/** The demo credentials as an LWA refresh-token grant, form-encoded. */
export function refreshGrant(overrides: Record<string, string> = {}): URLSearchParams {
  const lwa = demoCatalogue().seller.lwa;
  return new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: lwa.refreshToken,
    client_id: lwa.clientId,
    client_secret: lwa.clientSecret,
    ...overrides,
  });
}

export function startAmazonTestEmulator(
  options: AmazonEmulatorOptions & { clock?: TestClock } = {},
): AmazonTestKit {
  sharedValidator ??= createModelValidator();
  const validator = sharedValidator;
  const clock = options.clock ?? testClock();
  const exchanges: Exchange[] = [];
  const violations: string[] = [];
  const emulator = createAmazonEmulator({
    now: clock.now,
    ...options,
    onExchange(exchange) {
      exchanges.push(exchange);
      if (exchange.operationId !== 'unmatched')
        for (const problem of validator.validate(
          `${exchange.model}:${exchange.operationId}`,
          exchange.status,
          exchange.body,
        ))
          violations.push(`${exchange.method} ${exchange.path} → ${exchange.status}: ${problem}`);
      options.onExchange?.(exchange);
    },
  });
  const { app } = emulator;
  // Like a well-behaved client: reuse the token until a minute before it expires.
  let token: { value: string; until: number } | undefined;

  const accessToken = async () => {
    const res = await app.request('/auth/o2/token', { method: 'POST', body: refreshGrant() });
    if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };

  return {
    emulator,
    clock,
    exchanges,
    violations,
    expectNoViolations() {
      if (violations.length > 0)
        throw new Error(`${violations.length} answer(s) violate the model:\n${violations.join('\n')}`);
    },
    accessToken,
    async spApi(path, init = {}) {
      if (init.token === undefined && (!token || clock.now() >= token.until))
        token = { value: await accessToken(), until: clock.now() + 3_540_000 };
      const auth = init.token === null ? undefined : (init.token ?? token!.value);
      return app.request(path, {
        method: init.method ?? 'GET',
        headers: {
          ...(auth && { 'x-amz-access-token': auth }),
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    },
    async sim(method, path, body) {
      const res = await app.request(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: () => emulator.close(),
  };
}
