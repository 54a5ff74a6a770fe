import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fnoErrorBody,
  json,
  sampleRow,
  startFakeD365,
  testClient,
  type FakeD365,
} from '../../test/support/d365TestKit.ts';
import { customerGroups } from './entities/reference.ts';
import { salesOrderLines } from './entities/salesOrderLines.ts';
import { failure } from '../../test/support/failure.ts';

let fake: FakeD365;
afterEach(async () => fake?.close());

const policy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
const page = { value: [] };

/** Answers the data requests in turn from `script`, then 200. */
function scripted(script: Array<(res: Parameters<Parameters<typeof startFakeD365>[0] & object>[1]) => void>) {
  let call = 0;
  return (_: unknown, res: Parameters<Parameters<typeof startFakeD365>[0] & object>[1]) => {
    const step = script[call++];
    if (step) step(res);
    else json(res, 200, page);
  };
}

const createLine = (client: ReturnType<typeof testClient>['client']) =>
  client.create(salesOrderLines, { SalesOrderNumber: 'SO1', ItemNumber: 'A' }, { company: 'usmf' });

describe('throttling and retries', () => {
  it('waits as long as Retry-After says on 429, then retries', async () => {
    fake = await startFakeD365(scripted([(res) => json(res, 429, undefined, { 'retry-after': '2' })]));
    // A clock that does not move: the time waited is what the client chose to sleep, nothing else.
    const { client, sleeps, logs } = testClient(fake, { retryPolicy: policy, now: () => 1_000_000 });
    await client.list(customerGroups, { company: 'usmf' });
    expect(fake.dataRequests()).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ attempts: 2, status: 200, outcome: 'ok', waitedMs: 2000 });
  });

  it('divides its own backoff by the time scale, but takes Retry-After as the server sent it', async () => {
    fake = await startFakeD365(
      scripted([
        (res) => json(res, 500, undefined),
        (res) => json(res, 429, undefined, { 'retry-after': '0.02' }),
      ]),
    );
    const { client, sleeps } = testClient(fake, { retryPolicy: policy, timeScale: 10 });
    await client.list(customerGroups, { company: 'usmf' });
    expect(sleeps).toEqual([25, 20]);
  });

  it('makes every request to the environment wait out a 429 pause', async () => {
    fake = await startFakeD365(scripted([(res) => json(res, 429, undefined, { 'retry-after': '5' })]));
    const first = testClient(fake, { retryPolicy: policy });
    await first.client.list(customerGroups, { company: 'usmf' });
    expect(first.sleeps).toEqual([5000]);
    // The second client has seen no 429 itself: it waits (what remains of) the environment's pause
    // before it sends anything — held here until released, to see that nothing leaves meanwhile.
    const waits: number[] = [];
    let release!: () => void;
    const slept = new Promise<void>((resolve) => (release = resolve));
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const second = testClient(fake, {
      retryPolicy: policy,
      sleep: (ms) => {
        waits.push(ms);
        sleeping();
        return slept;
      },
    });
    const call = second.client.list(customerGroups, { company: 'usmf' });
    await asleep;
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(5000);
    expect(fake.dataRequests()).toHaveLength(2); // only the first client's two
    release();
    await call;
    expect(fake.dataRequests()).toHaveLength(3);
    expect(waits).toHaveLength(1);
  });

  it('retries a POST refused with 429 or with 503 + Retry-After (F&O did not run it)', async () => {
    fake = await startFakeD365(
      scripted([
        (res) => json(res, 429, undefined, { 'retry-after': '1' }),
        (res) => json(res, 503, undefined, { 'retry-after': '1' }),
        (res) => json(res, 201, sampleRow(salesOrderLines, { dataAreaId: 'usmf', InventoryLotId: 'L1' })),
      ]),
    );
    const { client, sleeps } = testClient(fake, { retryPolicy: { ...policy, maxAttempts: 5 } });
    const line = await createLine(client);
    expect(line.InventoryLotId).toBe('L1');
    expect(fake.dataRequests()).toHaveLength(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('gives up on 5xx after the policy’s attempts, with jittered backoff', async () => {
    fake = await startFakeD365((_, res) => json(res, 500, { error: { message: 'An error has occurred.' } }));
    const { client, sleeps } = testClient(fake, { retryPolicy: policy });
    const error = await failure(client.list(customerGroups, { company: 'usmf' }));
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ status: 500, attempts: 3 });
    expect(fake.dataRequests()).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]); // base 500 · 2^(n−1) · jitter 0.5
  });

  it('hands back a wait longer than maxWaitMs instead of sleeping through it', async () => {
    fake = await startFakeD365((_, res) => json(res, 429, undefined, { 'retry-after': '300' }));
    const { client, sleeps } = testClient(fake, { retryPolicy: policy, maxWaitMs: 60_000 });
    const error = await failure(client.list(customerGroups, { company: 'usmf' }));
    expect(error.kind).toBe('transient');
    expect(error.context.retryAfterMs).toBe(300_000);
    expect(sleeps).toEqual([]);
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('retries a GET answered 200 with something that is not JSON, and gives up as remote', async () => {
    const garbled = (res: Parameters<Parameters<typeof startFakeD365>[0] & object>[1]) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Signing you in…</html>');
    };
    fake = await startFakeD365(scripted([garbled]));
    const first = testClient(fake, { retryPolicy: policy });
    expect(await first.client.list(customerGroups, { company: 'usmf' })).toEqual({ rows: [] });
    expect(fake.dataRequests()).toHaveLength(2);
    expect(first.sleeps).toEqual([250]); // the usual backoff: base 500 · jitter 0.5

    fake.handle((_, res) => garbled(res));
    const second = testClient(fake, { retryPolicy: policy });
    const error = await failure(
      second.client.get(customerGroups, { CustomerGroupId: 'AMZ' }, { company: 'usmf' }),
    );
    expect(error.kind).toBe('remote');
    expect(error.message).toMatch(/not JSON/);
    expect(error.context).toMatchObject({ attempts: 3, status: 200 });
    expect(fake.dataRequests()).toHaveLength(5);
    expect(second.sleeps).toEqual([250, 500]);
  });

  it('does not resend a POST answered 2xx with something that is not JSON', async () => {
    fake = await startFakeD365((_, res) => {
      res.writeHead(201, { 'content-type': 'text/html' });
      res.end('<html>Created</html>');
    });
    const { client } = testClient(fake, { retryPolicy: policy });
    const error = await failure(createLine(client));
    expect(error.kind).toBe('remote');
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('reads a dual-stack connection refusal as ECONNREFUSED: a POST is retried, not "outcome unknown"', async () => {
    fake = await startFakeD365(
      scripted([(res) => json(res, 201, sampleRow(salesOrderLines, { InventoryLotId: 'L1' }))]),
    );
    // What fetch throws when both ::1 and 127.0.0.1 refuse: the codes sit inside an AggregateError.
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    let refusals = 0;
    const { client, sleeps } = testClient(fake, {
      retryPolicy: policy,
      fetch: (input, init) => {
        if (String(input).includes('/data/') && refusals++ === 0) {
          const cause = new AggregateError([refused('::1:443'), refused('127.0.0.1:443')]);
          return Promise.reject(new TypeError('fetch failed', { cause }));
        }
        return fetch(input, init);
      },
    });
    const line = await createLine(client);
    expect(line.InventoryLotId).toBe('L1');
    expect(refusals).toBe(2);
    expect(fake.dataRequests()).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });

  it('retries a GET whose connection was cut', async () => {
    let call = 0;
    fake = await startFakeD365((req, res) => {
      if (call++ === 0) return void res.socket?.destroy();
      json(res, 200, page);
    });
    const { client } = testClient(fake, { retryPolicy: policy });
    await client.list(customerGroups, { company: 'usmf' });
    expect(fake.dataRequests()).toHaveLength(2);
  });
});

describe('non-idempotent writes after an ambiguous failure', () => {
  it('does not resend a POST after a gateway error: outcome unknown, one request', async () => {
    fake = await startFakeD365((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const { client, logs } = testClient(fake, { retryPolicy: policy });
    const error = await failure(createLine(client));
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ outcomeUnknown: true, status: 502, entitySet: 'SalesOrderLines' });
    expect(error.message).toMatch(/read the record back/);
    expect(fake.dataRequests()).toHaveLength(1);
    expect(logs[0]).toMatchObject({ outcome: 'transient', outcomeUnknown: true, attempts: 1 });
  });

  it('does not resend a POST whose connection was cut after sending', async () => {
    fake = await startFakeD365((req, res) => void res.socket?.destroy());
    const { client } = testClient(fake, { retryPolicy: policy });
    const error = await failure(createLine(client));
    expect(error.context.outcomeUnknown).toBe(true);
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('retries a POST that never left (connection refused) — nothing can have been applied', async () => {
    fake = await startFakeD365();
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const { client, sleeps } = testClient(fake, {
      retryPolicy: policy,
      connection: fake.connection({ environmentUrl: deadUrl }),
    });
    const error = await failure(createLine(client));
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ networkError: 'ECONNREFUSED', attempts: 3 });
    expect(error.context.outcomeUnknown).toBeUndefined();
    expect(sleeps).toHaveLength(2);
  });

  it('treats an F&O validation failure on POST as a data error, not an unknown outcome', async () => {
    fake = await startFakeD365((_, res) =>
      json(
        res,
        500,
        fnoErrorBody(
          "Write failed for table row of type 'SalesOrderLineV3Entity'. Infolog: Warning: Site is mandatory.",
        ),
      ),
    );
    const { client } = testClient(fake, { retryPolicy: policy });
    const error = await failure(createLine(client));
    expect(error.kind).toBe('data');
    expect(error.message).toContain('Site is mandatory');
    expect(error.context.outcomeUnknown).toBeUndefined();
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('counts a DELETE that finds nothing on its retry as done', async () => {
    fake = await startFakeD365(
      scripted([
        (res) => json(res, 504, undefined),
        (res) => json(res, 404, { error: { message: 'No resources found.' } }),
      ]),
    );
    const { client } = testClient(fake, { retryPolicy: policy });
    await client.remove(salesOrderLines, { InventoryLotId: 'L1' }, { company: 'usmf' });
    expect(fake.dataRequests()).toHaveLength(2);
    expect(fake.dataRequests()[0]!.headers['if-match']).toBe('*');
  });
});

describe('exchange log and abort', () => {
  it('logs one line per exchange with ids and timing, never the body, query or token', async () => {
    fake = await startFakeD365((_, res) =>
      json(res, 201, sampleRow(salesOrderLines, { InventoryLotId: 'L1' }), { 'ms-dyn-aid': 'aid-123' }),
    );
    const { client, logs } = testClient(fake);
    await createLine(client);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      remote: 'd365',
      method: 'POST',
      entitySet: 'SalesOrderLines',
      status: 201,
      attempts: 1,
      activityId: 'aid-123',
      outcome: 'ok',
    });
    expect(logs[0]!.clientRequestId).toBe(fake.dataRequests()[0]!.headers['x-ms-client-request-id']);
    expect(typeof logs[0]!.durationMs).toBe('number');
    const text = JSON.stringify(logs);
    for (const secret of ['SO1', 'token-1', 'ItemNumber', 'usmf']) expect(text).not.toContain(secret);
  });

  /** A fake that never answers; the caller's signal is aborted once the request has reached it. */
  async function abortedInFlight() {
    const controller = new AbortController();
    fake = await startFakeD365(() => controller.abort(new Error('run is over')));
    return { controller, ...testClient(fake, { retryPolicy: policy }) };
  }

  it('honours the caller’s AbortSignal (a read ends with the signal’s reason)', async () => {
    const { client, logs, controller } = await abortedInFlight();
    const pending = client.list(customerGroups, { company: 'usmf', signal: controller.signal });
    await expect(pending).rejects.toThrow('run is over');
    expect(logs[0]).toMatchObject({ outcome: 'aborted' });
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('reports a POST cancelled in flight as outcome unknown, not as a plain abort', async () => {
    const { client, logs, controller } = await abortedInFlight();
    const error = await failure(
      client.create(
        salesOrderLines,
        { SalesOrderNumber: 'SO1', ItemNumber: 'A' },
        { company: 'usmf', signal: controller.signal },
      ),
    );
    expect(error.kind).toBe('transient');
    expect(error.context).toMatchObject({ outcomeUnknown: true, aborted: true, method: 'POST', attempts: 1 });
    expect(error.message).toMatch(/outcome unknown \(cancelled in flight\)/);
    expect(logs[0]).toMatchObject({ outcome: 'aborted', outcomeUnknown: true });
    expect(fake.dataRequests()).toHaveLength(1);
  });

  it('reports a $batch cancelled in flight as outcome unknown', async () => {
    const { client, controller } = await abortedInFlight();
    const error = await failure(
      client.changeSet(
        [
          client.ops.create(
            salesOrderLines,
            { SalesOrderNumber: 'SO1', ItemNumber: 'A' },
            { company: 'usmf' },
          ),
        ],
        { signal: controller.signal },
      ),
    );
    expect(error.context).toMatchObject({ outcomeUnknown: true, aborted: true, entitySet: '$batch' });
  });

  it('ends a POST cancelled before it was sent with the signal’s reason (nothing can have been applied)', async () => {
    fake = await startFakeD365();
    const { client } = testClient(fake);
    const controller = new AbortController();
    controller.abort(new Error('run is over'));
    await expect(
      client.create(
        salesOrderLines,
        { SalesOrderNumber: 'SO1', ItemNumber: 'A' },
        { company: 'usmf', signal: controller.signal },
      ),
    ).rejects.toThrow('run is over');
    expect(fake.dataRequests()).toHaveLength(0);
  });
});
