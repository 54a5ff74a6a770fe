/**
 * A fake Selling Partner API on 127.0.0.1 for the client's tests: HTTP at the wire (DESIGN §4.8), never
 * a mocked fetch. It serves Login with Amazon at `/auth/o2/token` (form-encoded, counting requests,
 * issuing `Atza|token-N`) and hands every other request to the test's `api` handler, recording what
 * arrived so tests assert call counts. A handler may answer `'reset'` to tear the connection down after
 * the request was read — the "did it land?" case for non-idempotent writes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import type { AmazonConnection } from '../../src/amazon/connection.ts';

export interface ArrivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** Arrival time (ms since the epoch, this process's clock). */
  at: number;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiHandler = (
  request: ArrivedRequest,
  index: number,
) => Answer | 'reset' | Promise<Answer | 'reset'>;
export type TokenHandler = (form: URLSearchParams, index: number) => Answer;

export interface FakeSpApi {
  url: string;
  tokenUrl: string;
  api: ApiHandler;
  token: TokenHandler;
  requests: ArrivedRequest[];
  tokenRequests: Array<{ form: URLSearchParams; contentType: string | undefined }>;
  close(): Promise<void>;
}

export const issueTokens: TokenHandler = (_form, index) => ({
  status: 200,
  body: { access_token: `Atza|token-${index + 1}`, token_type: 'bearer', expires_in: 3600 },
});

export async function startFakeSpApi(api: ApiHandler = () => ({ status: 404 })): Promise<FakeSpApi> {
  const fake = { api, token: issueTokens, requests: [], tokenRequests: [] } as unknown as FakeSpApi;
  const server = createServer((req, res) => void handle(fake, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = base;
  fake.tokenUrl = `${base}/auth/o2/token`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

async function handle(fake: FakeSpApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const url = new URL(req.url ?? '/', 'http://fake');
  if (url.pathname === '/auth/o2/token') {
    const form = new URLSearchParams(body);
    fake.tokenRequests.push({ form, contentType: req.headers['content-type'] });
    return reply(res, fake.token(form, fake.tokenRequests.length - 1));
  }
  const arrived = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    at: Date.now(),
  };
  fake.requests.push(arrived);
  const answer = await fake.api(arrived, fake.requests.length - 1);
  if (answer === 'reset') return void req.socket.resetAndDestroy();
  reply(res, answer);
}

function reply(res: ServerResponse, answer: Answer): void {
  const headers = { 'x-amzn-RequestId': `req-${Math.random().toString(16).slice(2, 10)}`, ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  res
    .writeHead(answer.status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(answer.body));
}

/** Amazon's error envelope. */
export function amazonErrors(status: number, code: string, message: string, details?: string): Answer {
  return { status, body: { errors: [{ code, message, ...(details === undefined ? {} : { details }) }] } };
}

export function testConnection(fake: FakeSpApi, overrides: Partial<AmazonConnection> = {}): AmazonConnection {
  return {
    sellingPartnerId: 'A1TESTSELLER',
    region: 'na',
    marketplaces: [
      { id: 'ATVPDKIKX0DER', legalEntity: 'usmf' },
      { id: 'A2EUQ1WTGCTBG2', legalEntity: 'usmf' },
    ],
    endpoint: fake.url,
    tokenEndpoint: fake.tokenUrl,
    lwaClientId: 'amzn1.application-oa2-client.test',
    lwaClientSecret: 'test-client-secret-value',
    refreshToken: 'Atzr|test-refresh-token-value',
    ...overrides,
  };
}

/** The project's logger (with its redaction), writing JSON lines into an array. */
export function captureLog(): { log: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const raw: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => void raw.push(line) } });
  return {
    log,
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}

/** A minimal order that satisfies the 2026-01-01 model's required fields. */
export function minimalOrder(
  orderId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    orderId,
    createdTime: '2026-01-05T10:00:00Z',
    lastUpdatedTime: '2026-01-05T11:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER' },
    orderItems: [{ orderItemId: `${orderId}-1`, quantityOrdered: 1, product: { sellerSku: 'SKU-1' } }],
    ...overrides,
  };
}
