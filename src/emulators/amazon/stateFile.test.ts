import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startAmazonTestEmulator,
  testClock,
  type AmazonTestKit,
} from '../../../test/support/amazonEmulatorTestKit.ts';

let dir: string;
let file: string;
const kits: AmazonTestKit[] = [];
const clock = testClock();

const open = () => {
  const kit = startAmazonTestEmulator({ stateFile: file, clock });
  kits.push(kit);
  return kit;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'amazon-emulator-'));
  file = join(dir, 'amazon.journal');
});
afterEach(() => {
  for (const kit of kits.splice(0)) {
    kit.expectNoViolations();
    kit.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

const orderIds = async (kit: AmazonTestKit) =>
  ((await kit.sim('GET', '/_sim/orders')).body.orders as { orderId: string }[]).map((o) => o.orderId);

describe('state file', () => {
  it('keeps orders, changes, tokens and pagination across a close and reopen', async () => {
    const first = open();
    const created = await first.sim('POST', '/_sim/orders', { items: [{ sku: 'DEMO-HP' }], paid: false });
    await first.sim('POST', `/_sim/orders/${created.body.orderId}/pay`);
    const token = await first.accessToken();
    clock.advance(200_000);
    const page = await first.spApi(
      '/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z&maxResultsPerPage=4',
      { token },
    );
    const { pagination } = (await page.json()) as { pagination: { nextToken: string } };
    const before = await orderIds(first);
    expect(before).toHaveLength(10);
    first.close();

    const second = open();
    expect(await orderIds(second)).toEqual(before);
    expect((await second.sim('GET', `/_sim/orders/${created.body.orderId}`)).body.status).toBe('UNSHIPPED');
    const next = await second.spApi(
      `/orders/2026-01-01/orders?createdAfter=2026-01-01T00:00:00Z&maxResultsPerPage=4&paginationToken=${encodeURIComponent(pagination.nextToken)}`,
      { token },
    );
    expect(next.status).toBe(200);
    expect(((await next.json()) as { orders: unknown[] }).orders).toHaveLength(4);
  });

  it('does not seed again on reopen, and keeps a reset', async () => {
    const first = open();
    const seeded = await orderIds(first);
    await first.sim('POST', '/_sim/reset');
    const reset = await orderIds(first);
    expect(reset).toHaveLength(seeded.length);
    expect(reset).not.toEqual(seeded);
    first.close();
    expect(await orderIds(open())).toEqual(reset);
  });

  it('saves a bulk generation as one journal entry', async () => {
    const kit = open();
    const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    const before = lines();
    expect((await kit.sim('POST', '/_sim/orders/bulk', { count: 200 })).status).toBe(201);
    expect(lines()).toBe(before + 1);
  });
});
