/**
 * Test kit: a fake F&O + Entra at the wire — a real node:http server on 127.0.0.1 (never the internet),
 * so the client's own fetch, headers, bodies and timing are exercised (DESIGN §4.8). Each test gives a
 * handler for `/data/...`; the token endpoint answers by default. The server counts requests in flight
 * to check the concurrency cap.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createD365Client, type D365Client, type D365ClientOptions } from '../../src/d365/client.ts';
import type { D365Connection } from '../../src/d365/connection.ts';
import type { AnyEntity, FieldMap, RowOf } from '../../src/d365/entity/descriptor.ts';
import { EMPTY_DATE, EMPTY_DATETIME } from '../../src/d365/entity/fields.ts';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent (still percent-encoded). */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export const TENANT = 'tenant-1';
export const CLIENT_ID = 'client-1';
export const CLIENT_SECRET = 'super-secret-value';

export interface FakeD365 {
  url: string;
  requests: RecordedRequest[];
  dataRequests(): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
  maxInFlight: number;
  handle(handler: Handler): void;
  handleToken(handler: Handler): void;
  connection(overrides?: Partial<D365Connection>): D365Connection;
  close(): Promise<void>;
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal', ...headers });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

/** An F&O error body as real environments send it. */
export function fnoErrorBody(
  message: string,
  type = 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException',
) {
  return {
    error: {
      code: '',
      message: 'An error has occurred.',
      innererror: { message, type, stacktrace: '   at …' },
    },
  };
}

/** A customer group of company usmf as F&O sends it (the reads tests' rows, told apart by id). */
export const customerGroupRow = (id: string) => ({
  dataAreaId: 'usmf',
  CustomerGroupId: id,
  Description: `Group ${id}`,
  PaymentTermId: 'Net30',
  CustomerAccountNumberSequence: '',
  IsSalesTaxIncludedInPrice: 'No',
  TaxGroupId: '',
});

/** A whole record as F&O sends it: every field of the descriptor at F&O's empty value, then `values`. */
export function sampleRow<D extends AnyEntity>(
  entity: D,
  values: Partial<Record<keyof RowOf<D>, unknown>> = {},
) {
  const row: Record<string, unknown> = { '@odata.etag': 'W/"JzAsNTYzNzE0NDU3Nic="' };
  for (const [name, field] of Object.entries(entity.fields as FieldMap)) {
    row[name] =
      field.kind === 'string' || field.kind === 'guid'
        ? ''
        : field.kind === 'date'
          ? EMPTY_DATE
          : field.kind === 'dateTime'
            ? EMPTY_DATETIME
            : field.kind === 'enum'
              ? field.enumDef!.members[0]
              : 0;
  }
  return { ...row, ...values };
}

export async function startFakeD365(
  handler: Handler = (_, res) => json(res, 200, { value: [] }),
): Promise<FakeD365> {
  let dataHandler = handler;
  let tokenCount = 0;
  let tokenHandler: Handler = (_, res) =>
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: `token-${++tokenCount}`,
    });
  let inFlight = 0;
  const fake = {} as FakeD365;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const isToken = url.pathname.endsWith('/oauth2/v2.0/token');
      if (!isToken) {
        inFlight += 1;
        fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
        res.on('close', () => (inFlight -= 1));
      }
      Promise.resolve((isToken ? tokenHandler : dataHandler)(recorded, res)).catch((error: unknown) => {
        json(res, 599, { error: { message: String(error) } });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(fake, {
    url: base,
    requests,
    maxInFlight: 0,
    dataRequests: () => requests.filter((r) => r.path.startsWith('/data')),
    tokenRequests: () => requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')),
    handle: (next: Handler) => (dataHandler = next),
    handleToken: (next: Handler) => (tokenHandler = next),
    connection: (overrides: Partial<D365Connection> = {}) => ({
      environmentUrl: base,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authority: base,
      ...overrides,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return fake;
}

export interface TestClient {
  client: D365Client;
  sleeps: number[];
  logs: Array<Record<string, unknown>>;
}

/** A client on the fake server that records its sleeps (without sleeping) and its log lines. */
export function testClient(fake: FakeD365, options: Partial<D365ClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const record = (line: object) => logs.push(line as Record<string, unknown>);
  const client = createD365Client({
    connection: fake.connection(),
    log: { debug: record, warn: record },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { client, sleeps, logs };
}
