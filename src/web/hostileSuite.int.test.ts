import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiContract, type Answer } from '../../test/support/apiContract.ts';
import {
  badInputCases,
  concrete,
  matrixCases,
  METHODS,
  type Fixtures,
  type HostileCase,
} from '../../test/support/hostileCases.ts';
import { forgedCases, pathTrickCases } from '../../test/support/hostileForgeries.ts';
import { rawRequest } from '../../test/support/rawHttp.ts';
import { serveWebApp, type WebServer } from './server.ts';
import {
  importTestFlow,
  jsonOf,
  seedRecord,
  TEST_TOKEN,
  useTestWeb,
  VIEWER_TOKEN,
} from '../../test/support/webTestKit.ts';

/**
 * The generated hostile-request suite (issue 11): every route × method × credential state (none,
 * wrong, expired session, revoked session, viewer, operator by token and by session), bad input for
 * every parameter and body field, forged cookies, tokens, origins and hosts, and path tricks — each
 * answered as the case says and as the OpenAPI document allows, and never 500. In-process through
 * `app.request`; the transport-sensitive part (methods with empty bodies, chunked bodies) once more
 * over a real socket. Each case comes from its own client address, so the sign-in limit (tested on
 * its own) does not turn later cases into 429s. The clock is the test's: sessions expire without waiting.
 */
let clock = Date.parse('2026-03-01T10:00:00Z');
const testWeb = useTestWeb({ now: () => new Date(clock), streamSessionCheckMs: 10 });

let contract: ApiContract;
let fixtures: Fixtures;
const cookies: Record<string, string> = {};
const counts: Record<string, number> = {};
const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

async function signIn(token: string): Promise<string> {
  const res = await testWeb().app.request('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  const res = await testWeb().app.request('/api/openapi.json', {
    headers: { authorization: `Bearer ${TEST_TOKEN}` },
  });
  contract = new ApiContract(await jsonOf(res));
});

beforeEach(async () => {
  const record = await seedRecord(testWeb().store, {
    externalId: 'order-1',
    state: 'needs_attention',
    reason: 'unmapped SKU',
    personal: { name: 'Jane Buyer' },
    payload: { orderId: 'order-1', buyer: { name: 'Jane Buyer' } },
    personalPaths: ['buyer.name'],
  });
  fixtures = { flow: importTestFlow.id, recordId: record.id, operatorToken: TEST_TOKEN };
  // A session signed in 13 hours ago has outlived its 12 hours.
  const now = clock;
  clock = now - 13 * 3_600_000;
  cookies.expired = await signIn(TEST_TOKEN);
  clock = now;
  cookies.revoked = await signIn(TEST_TOKEN);
  await testWeb().app.request('/api/logout', {
    method: 'POST',
    headers: { cookie: cookies.revoked, ...SAME_ORIGIN },
  });
  cookies['operator-session'] = await signIn(TEST_TOKEN);
});

afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const lines = Object.entries(counts).map(([group, n]) => `  ${group}: ${n}`);
  console.log(
    `hostile-request suite: ${total} cases, none answered 500 or off the contract\n${lines.join('\n')}`,
  );
});

function credentialHeaders(c: HostileCase): Record<string, string> {
  switch (c.credential) {
    case 'wrong':
      return { authorization: 'Bearer not-a-token-of-this-connector-0123' };
    case 'viewer':
      return { authorization: `Bearer ${VIEWER_TOKEN}` };
    case 'operator':
      return { authorization: `Bearer ${TEST_TOKEN}` };
    case 'expired':
    case 'revoked':
    case 'operator-session':
      return { cookie: cookies[c.credential]!, ...(c.headers ? {} : SAME_ORIGIN) };
    default:
      return {};
  }
}

const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function chunks(data: string | Uint8Array): ReadableStream<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 16 * 1024)
        controller.enqueue(bytes.slice(at, at + 16 * 1024));
      controller.close();
    },
  });
}

/** Sends a case in-process; returns what is wrong with the answer (empty: right). */
async function run(c: HostileCase, index: number): Promise<string[]> {
  const headers: Record<string, string> = { ...credentialHeaders(c), ...c.headers };
  let body: RequestInit['body'];
  if (c.body) {
    if (c.body.contentType !== null) headers['content-type'] = c.body.contentType ?? 'application/json';
    body = c.body.chunked ? chunks(c.body.data) : (c.body.data as RequestInit['body']);
  }
  // A forged Host is in the URL too: the request object carries its host there.
  const url = headers.host ? `http://${headers.host}${c.path}` : c.path;
  let res: Response;
  try {
    res = await testWeb().app.request(
      url,
      { method: c.method, headers, body, ...(c.body?.chunked ? { duplex: 'half' } : {}) } as RequestInit,
      { incoming: { socket: { remoteAddress: addressOf(index) } } },
    );
  } catch (error) {
    return [`${c.name}: ${(error as Error).message}`];
  }
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
  // Signing out ended the operator's session: the cases after this one need a live one again.
  if (c.path === '/api/logout' && c.credential === 'operator-session') {
    cookies['operator-session'] = await signIn(TEST_TOKEN);
  }
  return res.status === 500 || !c.expect.includes(res.status)
    ? [`${c.name}: ${res.status}, expected ${c.expect.join(' or ')}: ${await res.text().catch(() => '')}`]
    : [];
}

async function runAll(group: string, cases: HostileCase[]): Promise<void> {
  const problems: string[] = [];
  for (const [i, c] of cases.entries()) problems.push(...(await run(c, i + 1)));
  counts[group] = cases.length;
  expect(problems).toEqual([]);
}

describe('the hostile-request suite, generated from /api/openapi.json', () => {
  it('every route × method × credential state', async () => {
    const cases = matrixCases(contract, fixtures);
    expect(cases.length).toBe(Object.keys(contract.document.paths).length * METHODS.length * 7);
    await runAll('route × method × credential', cases);
  });

  it('bad input: parameters, path segments, headers, bodies (chunked, oversized, not UTF-8, wrong types)', async () => {
    const cases = badInputCases(contract, fixtures);
    expect(cases.length).toBeGreaterThan(150);
    await runAll('bad input', cases);
  });

  it('forged cookies, tokens, origins and hosts', async () => {
    await runAll('forged credentials and origins', forgedCases(contract, fixtures));
  });

  it('path tricks', async () => {
    await runAll('path tricks', pathTrickCases(fixtures));
  });
});

describe('the same, over a real socket', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await serveWebApp(testWeb().app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => server?.close());

  const answer = (raw: Awaited<ReturnType<typeof rawRequest>>): Answer => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(raw.headers)) if (typeof v === 'string') headers.set(k, v);
    return { status: raw.status, headers, text: raw.body };
  };

  it('methods with empty bodies and chunked bodies, without and with credentials', async () => {
    const problems: string[] = [];
    let n = 0;
    for (const template of Object.keys(contract.document.paths)) {
      const path = concrete(template, fixtures);
      for (const method of METHODS.filter((m) => m !== 'GET')) {
        for (const credential of ['none', 'operator'] as const) {
          const op = contract.operation(method, path);
          const expectStatus = !path.startsWith('/api/')
            ? [op ? 200 : 405]
            : op?.op['x-role'] === 'public'
              ? [204, 400]
              : credential === 'none'
                ? [401]
                : op
                  ? [200, 202, 204, 400, 409, 503]
                  : [405];
          const headers: Record<string, string> =
            credential === 'operator' ? { authorization: `Bearer ${TEST_TOKEN}` } : {};
          // A body-taking action gets a chunked body, the rest an empty body the way clients send one.
          const chunked = op?.op.requestBody !== undefined;
          const raw = await rawRequest(server.url, {
            method,
            path,
            headers: chunked
              ? { ...headers, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
              : headers,
            chunks: chunked ? ['{', '}'] : [],
          });
          n++;
          const where = `${method} ${path} as ${credential} → ${raw.status}`;
          if (!expectStatus.includes(raw.status))
            problems.push(`${where}, expected ${expectStatus}: ${raw.body}`);
          problems.push(...contract.problems(method, path, answer(raw)));
        }
      }
    }
    for (const op of contract.operations().filter((o) => o.op.requestBody)) {
      const raw = await rawRequest(server.url, {
        method: 'POST',
        path: concrete(op.path, fixtures),
        headers: {
          authorization: `Bearer ${TEST_TOKEN}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
        chunks: ['{"token":"', 'x'.repeat(40 * 1024), 'x'.repeat(40 * 1024), '"}'],
      });
      n++;
      if (raw.status !== 413) problems.push(`POST ${op.path} chunked over 64 KiB → ${raw.status}`);
      problems.push(...contract.problems('POST', concrete(op.path, fixtures), answer(raw)));
    }
    counts['over a real socket'] = n;
    expect(problems).toEqual([]);
  });
});
