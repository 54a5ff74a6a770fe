/**
 * The order import killed with SIGKILL at random points and restarted (issue 5). Both emulators run in
 * their own processes with their state in files; the connector is the real `connector start`. Orders
 * keep arriving on Amazon between kills — several SKUs, a variant, the desk bundle, gift wrap, business
 * buyers, repeat buyers (orderMix.ts) — so there is always work under way when a kill lands: discovery,
 * staging, customer creation, between a header and its lines, before a record is committed, follow-ups.
 * Halfway the configuration switches to `customers.strategy: buyer`, so from then on every order's
 * customer is created (and crashed through) too. While the connector lies dead, Amazon cancels, and
 * buyers ask to cancel items of, orders already in D365 (amazonChanges.ts).
 *
 * Each kill comes 0–1500 ms (seeded random) after the restarted process began its run. After the last
 * one the connector runs until everything is imported; then, as a person would check D365: every order
 * exactly once with exactly its lines, cancelled ones gone, every customer once; and in the connector:
 * every record synced and no write intent left pending (expectations.ts).
 *
 * ORDER_KILLS sets the number of kills: a few in CI (10 on PGlite, 5 on PostgreSQL — every flow has a
 * crash test, and the suite must stay well inside CI's per-step limit), 200 in scripts/soak.sh. ORDER_KILL_SEED replays the kill delays and order mix of an earlier run (printed).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/testDb.ts';
import { AmazonChanges } from './orders/amazonChanges.ts';
import { waitFor } from '../fixtures/childProcess.ts';
import { readD365State, type D365State } from './orders/d365Reader.ts';
import {
  customerDiscrepancies,
  intentDiscrepancies,
  orderDiscrepancies,
  recordDiscrepancies,
  type IntentRow,
  type PlacedOrder,
} from './orders/expectations.ts';
import { killMidRun, killSeed, seededRandom } from './orders/killLoop.ts';
import { killPhase, tally } from './orders/killPhase.ts';
import { orderSpec } from './orders/orderMix.ts';
import { createOrdersWorld, type OrdersWorld } from './orders/ordersWorld.ts';

function orderKills(): number {
  const value = Number(process.env.ORDER_KILLS ?? (onPostgres ? 5 : 10));
  if (!Number.isInteger(value) || value < 1) throw new Error('ORDER_KILLS must be a positive integer');
  return value;
}

const KILLS = orderKills();
const SEED = killSeed('ORDER_KILL_SEED');
// A kill costs a start-up (PGlite: opening the database after a crash) and a stretch of a run; on
// PostgreSQL also the wait for the killed process's job to expire before another process may run it.
const PER_KILL_MS = onPostgres ? 15_000 : 8_000;

describe('import-orders under SIGKILL', () => {
  let world: OrdersWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it(
    `${KILLS} kill(s) at random points: no order lost or duplicated in D365`,
    { timeout: 120_000 + KILLS * PER_KILL_MS },
    async () => {
      const started = Date.now();
      const w = (world = await createOrdersWorld(onPostgres ? 'postgres' : 'pglite', {
        intervalSeconds: 1,
        // Small pages and batches: the work spans many pages and runs, so kills land everywhere.
        pageSize: 10,
        importBatch: 5,
        // A short overlap still brings repeats (dropped by staging), without spending searchOrders'
        // quota (one call per 1.8 s at this time scale) on re-reading many orders.
        overlapSeconds: 1,
        // A write cut off by a kill has long landed (or not) by the time a restarted process looks: the
        // emulator answers in milliseconds and a restart takes seconds. The default (120 s) is for F&O.
        writeSettleSeconds: 2,
      }));
      // Said first, so a failing run can be replayed too.
      console.info(`ordersCrash on ${w.database}: ORDER_KILL_SEED=${SEED}, ${KILLS} kill(s)`);
      const random = seededRandom(SEED);
      const placed: PlacedOrder[] = [];
      const place = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const { orderId, order } = await w.amazonSim('POST', '/orders', orderSpec(placed.length));
          placed.push({ orderId, view: order });
        }
      };
      const changes = new AmazonChanges(w, placed);
      const changeAt = new Set([0.3, 0.55, 0.8].map((f) => Math.max(1, Math.round(KILLS * f))));
      const strategySwitch = Math.max(1, Math.round(KILLS / 2));
      const phases: string[] = [];

      // A backlog, kept up by each loop adding about what a killed process imports (8–15 orders): a kill
      // then finds the run busy, not waiting for its next run.
      await place(40);
      for (let loop = 1; loop <= KILLS; loop++) {
        if (loop === strategySwitch)
          w.writeConfig({ customers: { strategy: 'buyer', customerGroup: 'AMZ' } });
        const spawned = new Date();
        // New orders arrive while the connector starts.
        const [{ process: child }] = await Promise.all([
          w.startConnector(`connector-${loop}`),
          place(8 + Math.floor(random() * 8)),
        ]);
        await killMidRun(w, child, spawned, Math.floor(random() * 1500), loop);
        phases.push(killPhase(child.stderr));
        if (changeAt.has(loop)) await changes.cancelSomeImported();
      }
      const loopsDone = Date.now();

      // The last start must finish everything: bounded, then every discrepancy is listed.
      const final = await w.startConnector('connector-final');
      let d365: D365State = { headers: [], lines: [], customers: [] };
      let problems: string[] = [];
      const settled = async () => {
        await changes.refreshViews();
        d365 = await readD365State(w.d365);
        problems = [
          ...orderDiscrepancies(placed, d365),
          ...customerDiscrepancies(placed, d365, w.customerKey),
          ...recordDiscrepancies(placed, await w.records(final)),
        ];
        return problems.length === 0;
      };
      // The backlog left at the end grows with the number of kills (soak runs) and with the orders
      // placed while a loaded machine slowed the connector down: the limit scales with both.
      await waitFor(settled, 'every order imported once and every record synced', {
        timeoutMs: 60_000 + KILLS * 200 + placed.length * 100,
        intervalMs: 500,
      }).catch(() => undefined); // the expectation below names what is wrong
      expect(problems, final.process.tail(20)).toEqual([]);
      const drained = Date.now();

      // More runs change nothing (no late duplicate), and the connector stops cleanly.
      await sleep(3000);
      final.process.kill('SIGTERM');
      expect(await final.process.waitExit(30_000)).toEqual({ code: 0, signal: null });
      d365 = await readD365State(w.d365);
      expect(orderDiscrepancies(placed, d365)).toEqual([]);
      expect(customerDiscrepancies(placed, d365, w.customerKey)).toEqual([]);
      const db = await w.openDb();
      try {
        const { rows: intents } = await db.query<IntentRow>(
          "SELECT operation, key, state FROM intents WHERE connection_id = 'demo'",
        );
        expect(intentDiscrepancies(placed, intents, w.customerKey)).toEqual([]);
        const { rows: records } = await db.query<{ state: string; n: number }>(
          "SELECT state, count(*)::int AS n FROM records WHERE flow = 'import-orders' GROUP BY state",
        );
        expect(records).toEqual([{ state: 'synced', n: placed.length }]);
      } finally {
        await db.close();
      }

      const cancelled = placed.filter((p) => p.view.status === 'CANCELLED').length;
      const created = d365.customers.filter((c) => !['AMZ-US', 'AMZ-CA'].includes(c.CustomerAccount)).length;
      const seconds = (from: number, to: number) => Math.round((to - from) / 1000);
      console.info(
        `ordersCrash on ${w.database} (ORDER_KILL_SEED=${SEED}): ${KILLS} kill(s) in ${seconds(started, loopsDone)} s, ` +
          `everything imported ${seconds(loopsDone, drained)} s after the last; ${placed.length} orders ` +
          `(${cancelled} cancelled), ${d365.headers.length} sales orders with ${d365.lines.length} lines, ` +
          `${created} customers created\n  ${changes.done.join('\n  ')}\n` +
          `what each killed process had last done:\n${tally(phases)}`,
      );
    },
  );
});
