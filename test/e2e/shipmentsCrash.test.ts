/**
 * Shipment confirmations killed with SIGKILL at random points and restarted (issue 12), in the order
 * crash test's world (orders/ordersWorld.ts: both emulators in their own processes, the real `connector
 * start`). Orders of every shape the import handles (orders/orderMix.ts: several lines, the desk bundle,
 * shipping and gift-wrap charge lines, single items, both marketplaces) are imported by the first
 * connector, the warehouse receives their stock, and then packing slips are posted in D365
 * (shipments/slipPlan.ts: whole orders, two or three slips, partial shipments; UPS, FEDEX and
 * ACMEFREIGHT, tracking numbers) while connectors confirm them and are killed: finding and recording
 * slips, between a recorded intent and confirmShipment, between Amazon's answer and the record, looking
 * up a lost answer (getOrder).
 *
 * Each kill comes 0–600 ms (seeded random) after the process began reading packing slips once a batch
 * was posted, or — every other kill, by the same random — 0–200 ms after its first confirmShipment
 * answer, in the middle of a batch of packages. Some slips are posted without a tracking number, first:
 * whatever a kill leaves unconfirmed must be taken up past those waiting records.
 *
 * After the last kill the connector runs until everything is confirmed but the waiting slips, then again
 * once their tracking numbers are entered in D365. Then, as Amazon sees it: every posted slip exactly one
 * package, numbered 1…n per order, with its units, carrier and tracking number, none twice, none lost,
 * each order SHIPPED or PARTIALLY_SHIPPED as its slips say, and one confirmShipment call per package (a
 * package sent twice would not show otherwise: Amazon takes it as a correction); in the connector: every
 * shipment record synced, one confirmShipment intent per package, done (shipments/expectations.ts). The
 * import keeps running meanwhile (every 2 s): orders changing on Amazon as they ship must not upset it.
 *
 * SHIPMENT_KILLS sets the number of kills, else KILL_LOOPS (CI: 2; the test then takes about 35 s);
 * scripts/soak.sh sets 30 on PGlite and 10 on PostgreSQL. SHIPMENT_KILL_SEED replays an earlier run's
 * kill moments (printed first).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmShipmentsDemo } from '../../src/flows/confirmShipments/demo.ts';
import { CONFIRM_OPERATION } from '../../src/flows/confirmShipments/write/confirmPackage.ts';
import { killLoops, waitFor } from '../fixtures/childProcess.ts';
import { receiptLines } from '../integration/shipments/shipmentKit.ts';
import { onPostgres } from '../support/testDb.ts';
import { readD365State } from './orders/d365Reader.ts';
import {
  orderDiscrepancies,
  recordDiscrepancies,
  type IntentRow,
  type PlacedOrder,
} from './orders/expectations.ts';
import { killMidRun, killSeed, seededRandom } from './orders/killLoop.ts';
import { killPhase, tally } from './orders/killPhase.ts';
import { orderSpec, type Json } from './orders/orderMix.ts';
import { createOrdersWorld, type OrdersWorld } from './orders/ordersWorld.ts';
import {
  amazonDiscrepancies,
  confirmIntentDiscrepancies,
  shipmentRecordDiscrepancies,
} from './shipments/expectations.ts';
import { planShipping, type ShippingOrder } from './shipments/slipPlan.ts';

const FLOW = 'confirm-shipments';

function shipmentKills(): number {
  const value = Number(process.env.SHIPMENT_KILLS ?? killLoops(2));
  if (!Number.isInteger(value) || value < 1) throw new Error('SHIPMENT_KILLS must be a positive integer');
  return value;
}

const KILLS = shipmentKills();
const SEED = killSeed('SHIPMENT_KILL_SEED');
// Enough orders that every loop posts a handful of slips (about two per order).
const ORDERS = Math.max(16, 4 * KILLS);
// A kill costs a start-up and a stretch of a run; on PostgreSQL also the wait for the killed process's
// job to expire before another process may run it.
const PER_KILL_MS = onPostgres ? 15_000 : 8_000;

/** A confirm-shipments run is under way once the process has read D365's packing slips … */
const readingSlips = (stderr: string) => stderr.includes('"entitySet":"CustPackingSlipJourBiEntities"');
/** … and at its packages once Amazon answered a confirmShipment. */
const confirming = (stderr: string) => stderr.includes('"operation":"ordersV0.confirmShipment"');

describe('confirm-shipments under SIGKILL', () => {
  let world: OrdersWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it(
    `${KILLS} kill(s) at random points: every packing slip confirmed to Amazon exactly once`,
    { timeout: 120_000 + KILLS * PER_KILL_MS },
    async () => {
      const started = Date.now();
      const demo = confirmShipmentsDemo();
      const w = (world = await createOrdersWorld(
        onPostgres ? 'postgres' : 'pglite',
        { intervalSeconds: 2 },
        {
          services: {
            // Short intervals and small pages: the work spans many pages and runs, so kills land
            // everywhere — and the slips waiting for tracking (slipPlan.ts) fill more than a page of
            // open records. The demo's writeSettleSeconds (2 s) is over before a restarted process looks.
            [FLOW]: { ...demo.settings, intervalSeconds: 1, pageSize: 4 },
          },
          mappings: demo.mappings,
        },
      ));
      // Said first, so a failing run can be replayed.
      console.info(
        `shipmentsCrash on ${w.database}: SHIPMENT_KILL_SEED=${SEED}, ${KILLS} kill(s), ${ORDERS} orders`,
      );
      const random = seededRandom(SEED);

      // 1. The orders, imported by the first connector; then the stock their slips take.
      const placed: PlacedOrder[] = [];
      for (let n = 0; n < ORDERS; n++) {
        const { orderId, order } = await w.amazonSim('POST', '/orders', orderSpec(n));
        placed.push({ orderId, view: order });
      }
      let spawned = new Date();
      let child = (await w.startConnector('connector-1')).process;
      let d365 = await readD365State(w.d365);
      await waitFor(
        async () => orderDiscrepancies(placed, (d365 = await readD365State(w.d365))).length === 0,
        'every order imported',
        { timeoutMs: 60_000 + ORDERS * 500, intervalMs: 500, context: () => child.tail() },
      );
      await w.d365Sim('POST', '/product-receipts', { lines: receiptLines(d365.lines) });
      const imported = Date.now();

      const counter = { next: 0 };
      const orders: ShippingOrder[] = placed.map(({ orderId, view }, n) => {
        const header = d365.headers.find((h) => h.CustomersOrderReference === orderId)!;
        const lines = d365.lines.filter(
          (l) => l.dataAreaId === header.dataAreaId && l.SalesOrderNumber === header.SalesOrderNumber,
        );
        return planShipping(n, view, header.SalesOrderNumber, lines, counter);
      });
      // Posted in waves — every order's first slip, then the second slips, … — so an order's slips fall
      // to different processes. The slips without a tracking number go first: from then on, whatever a
      // kill leaves unconfirmed must be taken up again past those waiting ones.
      const late = (o: ShippingOrder) => o.slips[0]!.lateTracking !== undefined;
      const queue: ShippingOrder[] = [...orders.filter(late), ...orders.filter((o) => !late(o))];
      for (let wave = 1; queue.length < counter.next; wave++)
        queue.push(...orders.filter((o) => o.slips.length > wave));
      const batch = Math.ceil(queue.length / (KILLS + 1));
      /** Posts the next `count` slips; answers how many of them can be confirmed (have tracking). */
      const post = async (count: number) => {
        let confirmable = 0;
        for (const order of queue.splice(0, count)) {
          const slip = order.slips[order.posted]!;
          slip.packingSlipId = (await w.d365Sim('POST', '/packing-slips', slip.request)).packingSlipId;
          order.posted++;
          if (!slip.lateTracking) confirmable++;
        }
        return confirmable;
      };

      // 2. Slips posted while a connector runs (the first, done importing) or starts (the others); each
      // killed at a random moment after it began reading packing slips — or, every other time when there
      // is something to confirm, shortly after its first confirmShipment: in the middle of the packages.
      const phases: string[] = [];
      for (let loop = 1; loop <= KILLS; loop++) {
        let seen = 0;
        let confirmable: number;
        if (loop === 1) {
          seen = child.stderr.length;
          confirmable = await post(batch);
        } else {
          spawned = new Date();
          let started;
          [started, confirmable] = await Promise.all([w.startConnector(`connector-${loop}`), post(batch)]);
          child = started.process;
        }
        const midConfirm = confirmable > 0 && random() < 0.5;
        const anchor = midConfirm ? confirming : readingSlips;
        await killMidRun(w, child, spawned, Math.floor(random() * (midConfirm ? 200 : 600)), loop, {
          flow: FLOW,
          started: (stderr) => anchor(stderr.slice(seen)),
        });
        phases.push(killPhase(child.stderr));
      }
      const loopsDone = Date.now();

      // 3. The last start posts the rest and must confirm everything: bounded, then every discrepancy.
      const final = await w.startConnector('connector-final');
      await post(queue.length);
      let problems: string[] = [];
      const views = async () =>
        new Map<string, Json>(
          await Promise.all(
            orders.map(async (o) => [o.orderId, await w.amazonSim('GET', `/orders/${o.orderId}`)] as const),
          ),
        );
      const settled = async () => {
        problems = [
          ...amazonDiscrepancies(orders, await views()),
          ...shipmentRecordDiscrepancies(orders, await w.records(final, FLOW)),
        ];
        return problems.length === 0;
      };
      const drain = async (what: string) => {
        await waitFor(settled, what, { timeoutMs: 60_000 + counter.next * 200, intervalMs: 500 }).catch(
          () => undefined, // the expectation below names what is wrong
        );
        expect(problems, `${what}\n${final.process.tail(20)}`).toEqual([]);
      };
      // Slips still waiting for their tracking number must hold up nothing else.
      await drain('every packing slip with a tracking number confirmed once, the others waiting');
      for (const o of orders.filter(late)) {
        const s = o.slips[0]!;
        await w.d365.addTracking(o.company, o.salesOrderNumber, s.packingSlipId!, s.lateTracking!.number);
        s.lateTracking!.entered = true;
      }
      await drain('the late tracking numbers picked up: every packing slip confirmed once');
      const drained = Date.now();

      // The confirmShipment calls Amazon took in (a throttled one was refused, not applied). Amazon takes
      // the same package sent again as a correction, so a second send shows only here: a confirmation
      // goes out in one write, so a kill leaves it unsent or lands it whole — and a landed one must be
      // found by the lookup, never sent again. One call per package, exactly; more runs send nothing.
      const confirmCalls = async () => {
        const { requests, throttled } = (await w.amazonSim('GET', '/stats')) as Json;
        return (requests.confirmShipment ?? 0) - (throttled.confirmShipment ?? 0);
      };
      const packages = orders.reduce((n, o) => n + o.posted, 0);
      const calls = await confirmCalls();
      expect(calls, 'confirmShipment calls (a package sent twice?)').toBe(packages);
      await sleep(3000);
      expect(await confirmCalls(), 'confirmShipment called after everything was confirmed').toBe(calls);
      // The import took the orders shipping on Amazon in its stride; the connector stops cleanly.
      expect(recordDiscrepancies(placed, await w.records(final))).toEqual([]);
      final.process.kill('SIGTERM');
      expect(await final.process.waitExit(30_000)).toEqual({ code: 0, signal: null });
      const end = await views();
      expect(amazonDiscrepancies(orders, end)).toEqual([]);
      const db = await w.openDb();
      let intents: (IntentRow & { attempts: number })[];
      try {
        ({ rows: intents } = await db.query<IntentRow & { attempts: number }>(
          "SELECT operation, key, state, attempts FROM intents WHERE connection_id = 'demo' AND operation = $1",
          [CONFIRM_OPERATION],
        ));
      } finally {
        await db.close();
      }
      expect(confirmIntentDiscrepancies(orders, intents)).toEqual([]);

      const rearmed = intents.reduce((n, i) => n + i.attempts - 1, 0);
      const seconds = (from: number, to: number) => Math.round((to - from) / 1000);
      const partly = [...end.values()].filter((v) => v.status === 'PARTIALLY_SHIPPED').length;
      console.info(
        `shipmentsCrash on ${w.database} (SHIPMENT_KILL_SEED=${SEED}): ${ORDERS} orders imported in ` +
          `${seconds(started, imported)} s; ${KILLS} kill(s) in ${seconds(imported, loopsDone)} s, everything ` +
          `confirmed ${seconds(loopsDone, drained)} s after the last; ${packages} packages (${partly} orders ` +
          `left partly shipped), ` +
          `confirmShipment called ${calls} times; ${rearmed} intent(s) armed again after a kill had cut the ` +
          `first attempt off before it reached Amazon\nwhat each killed process had last done:\n${tally(phases)}`,
      );
    },
  );
});
