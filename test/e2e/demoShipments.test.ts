/**
 * The fourth acceptance scenario, "Sales Order Shipment / Status Update", as a newcomer meets it: `npm
 * start` with no configuration and no credentials runs both emulators in demo mode; an order placed on
 * the Amazon emulator is imported, a warehouse worker posts its packing slip on the D365 emulator (carrier
 * UPS, a tracking number), and the Amazon emulator shows the order Shipped with that carrier and tracking
 * number within the service's interval and 10 s — then a partial slip on a 2-unit order makes it
 * PartiallyShipped with exactly 1 unit, and the rest Shipped with two packages. The demo warehouse holds
 * stock of the demo items, so nothing has to be received first. PGlite only: demo mode is the embedded
 * database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiGet, cliEnv, killAll, readToken, startServer, waitFor } from '../support/cliTestKit.ts';
import { onPostgres } from '../support/testDb.ts';
import { slipRequest, type SlipSpec } from '../integration/shipments/shipmentKit.ts';
import { d365Reader, type LineRow } from './orders/d365Reader.ts';
import type { Json } from './orders/orderMix.ts';
import { simCaller } from './orders/ordersWorld.ts';

const FLOW = 'confirm-shipments';

/** A package as Amazon must show it: carrier UPS, this tracking number, one unit of the order item. */
const upsPackage = (packageReferenceId: string, trackingNumber: string, orderItemId: string) =>
  expect.objectContaining({
    packageReferenceId,
    carrierCode: 'UPS',
    trackingNumber,
    items: [{ orderItemId, quantity: 1 }],
  });

let dataDir: string | undefined;
afterEach(async () => {
  await killAll();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.runIf(!onPostgres)('demo mode: Sales Order Shipment', () => {
  it(
    'a packing slip posted on the D365 emulator ships the order on the Amazon emulator within interval + 10 s',
    { timeout: 180_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'demo-shipments-'));
      const server = await startServer(['--data-dir', dataDir], cliEnv());
      const [, amazonUrl, d365Url] = await waitFor(
        'the emulator URLs',
        async () =>
          /Amazon SP-API emulator at (\S+), D365 F&O emulator at (\S+)/.exec(server.stdout()) ?? undefined,
      );
      const token = readToken(dataDir);
      const amazon = simCaller(amazonUrl!);
      const d365 = simCaller(d365Url!);
      const reader = d365Reader(d365Url!);

      // The service's own interval (demo: 5 s): the acceptance deadline is that plus 10 s after posting.
      const { services } = await apiGet<{ services: Json[] }>(`${server.url}/api/services`, token);
      const interval = services.find((s) => s.flow === FLOW)?.intervalSeconds as number;
      expect(interval).toBeGreaterThan(0);
      const deadlineMs = (interval + 10) * 1000;

      // Two orders placed on Amazon, waited for in D365 (its OData service, read with the demo
      // credentials): the header, and the line of each Amazon item (written after the header).
      const one = await amazon('POST', '/orders', { items: [{ sku: 'DEMO-HP', quantity: 1 }] });
      const two = await amazon('POST', '/orders', { items: [{ sku: 'DEMO-SPK', quantity: 2 }] });
      const salesOrder = ({ orderId, order }: Json) =>
        waitFor(
          `order ${orderId} imported into D365`,
          async () => {
            const header = (await reader.headers()).find((h) => h.CustomersOrderReference === orderId);
            if (!header) return undefined;
            const lines = new Map<string, LineRow>(
              (await reader.lines())
                .filter(
                  (l) => l.dataAreaId === header.dataAreaId && l.SalesOrderNumber === header.SalesOrderNumber,
                )
                .map((l) => [l.OrderLineReference, l]),
            );
            const complete = (order.items as Json[]).every((i) => lines.has(i.orderItemId));
            return complete ? { orderId, salesOrderNumber: header.SalesOrderNumber, lines } : undefined;
          },
          60_000,
        );
      const first = await salesOrder(one);
      const second = await salesOrder(two);

      const latencies: string[] = [];
      /** Posts a slip, then polls Amazon until `shipped` holds; the time between is measured and printed. */
      const shipAndWait = async (
        order: typeof first,
        spec: SlipSpec,
        what: string,
        shipped: (view: Json) => boolean,
      ): Promise<Json> => {
        const slip = await d365('POST', '/packing-slips', slipRequest(order, spec));
        const posted = Date.now();
        // Polled every 200 ms, so the latency is measured to a fifth of a second. The deadline is generous on
        // purpose (a run every `interval` s, and time for a loaded machine): the acceptance criterion,
        // not a benchmark.
        const view = await waitFor(
          `${what} on Amazon within ${deadlineMs / 1000} s of posting packing slip ${slip.packingSlipId}`,
          async () => {
            const v = await amazon('GET', `/orders/${order.orderId}`);
            return shipped(v) ? v : undefined;
          },
          deadlineMs,
        );
        latencies.push(`${what}: ${((Date.now() - posted) / 1000).toFixed(1)} s`);
        return view;
      };

      // 1. The whole order on one slip: Shipped, with UPS and the tracking number.
      const hp = one.order.items[0].orderItemId as string;
      let view = await shipAndWait(
        first,
        { carrier: 'UPS', trackingNumbers: ['1ZDEMO0000000001'] },
        'order 1 Shipped',
        (v) => v.status === 'SHIPPED',
      );
      expect(view.packages).toEqual([upsPackage('1', '1ZDEMO0000000001', hp)]);

      // 2. One of two units: PartiallyShipped with exactly that unit; 3. the other: Shipped, two packages.
      const spk = two.order.items[0].orderItemId as string;
      view = await shipAndWait(
        second,
        { carrier: 'UPS', trackingNumbers: ['1ZDEMO0000000002'], lines: { [spk]: 1 } },
        'order 2 PartiallyShipped',
        (v) => v.status === 'PARTIALLY_SHIPPED',
      );
      expect(view.items[0]).toMatchObject({ quantityOrdered: 2, quantityShipped: 1 });
      expect(view.packages).toEqual([upsPackage('1', '1ZDEMO0000000002', spk)]);
      view = await shipAndWait(
        second,
        { carrier: 'UPS', trackingNumbers: ['1ZDEMO0000000003'] },
        'order 2 Shipped',
        (v) => v.status === 'SHIPPED',
      );
      expect(view.items[0]).toMatchObject({ quantityOrdered: 2, quantityShipped: 2 });
      expect(view.packages).toEqual([
        upsPackage('1', '1ZDEMO0000000002', spk),
        upsPackage('2', '1ZDEMO0000000003', spk),
      ]);

      // The live feed says so, as a person watching the console sees it.
      const feed = await apiGet<{ entries: Json[] }>(`${server.url}/api/feed?flow=${FLOW}&limit=100`, token);
      const messages = feed.entries.map((e) => e.message as string);
      expect(messages).toEqual(
        expect.arrayContaining([
          `Order ${one.orderId} shipped: package 1 of 1, UPS 1ZDEMO0000000001`,
          `Order ${two.orderId} partly shipped: package 1 of 1, UPS 1ZDEMO0000000002`,
          `Order ${two.orderId} shipped: package 2 of 2, UPS 1ZDEMO0000000003`,
        ]),
      );
      console.info(
        `demo mode, confirm-shipments every ${interval} s — packing slip posted → Amazon:\n  ${latencies.join('\n  ')}`,
      );
    },
  );
});
