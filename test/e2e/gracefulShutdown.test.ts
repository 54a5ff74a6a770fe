/**
 * Graceful shutdown (issue 2): SIGTERM during a run → the run finishes the page it is on and stops
 * there, its work stays committed, the process exits 0 and releases what it held (the run lease; on
 * the embedded database also the data-directory lock), and a restart continues from the cursor with
 * nothing processed twice. Runs on the suite's database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { onPostgres } from '../support/testDb.ts';
import { listRuns } from '../../src/store/repos/runs.ts';
import { killAll, waitFor } from '../fixtures/childProcess.ts';
import { SINK_FLOW } from '../fixtures/sinkFlow.ts';
import {
  createScenario,
  expectEveryItemOnce,
  describeSink,
  notExactlyOnce,
  notRecordedOnce,
  storedFacts,
  type Scenario,
} from '../fixtures/scenario.ts';

const TOTAL = 20;
const PAGE = 5;
/** SIGTERM arrives while item 7 — the middle of the second page (6..10) — is being written. */
const STOP_AT = 7;

describe(`graceful shutdown (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let scenario: Scenario | undefined;

  afterEach(async () => {
    await killAll();
    await scenario?.close();
    scenario = undefined;
  });

  it(
    'SIGTERM mid-run stops at a page boundary, keeps the work, exits 0 and a restart continues',
    { timeout: 120_000 },
    async () => {
      const s = (scenario = await createScenario({
        database: onPostgres ? 'postgres' : 'pglite',
        total: TOTAL,
        pageSize: PAGE,
        delayMs: 150,
      }));
      const first = s.spawn('connector-1');
      let signalled = false;
      s.sink.beforeAnswer = async (event) => {
        if (event.item !== STOP_AT || signalled) return;
        signalled = true;
        first.kill('SIGTERM');
        // Answer only once the process has begun stopping, so the rest of the page runs after SIGTERM.
        await waitFor(() => first.stderr.includes('Connector stopping'), 'the connector to start stopping', {
          timeoutMs: 20_000,
          context: () => first.tail(),
        });
      };
      await first.ready();
      const context = () => `${describeSink(s.sink)}\n  ${first.tail()}`;
      expect(await first.waitExit(60_000), 'a graceful stop exits 0').toEqual({ code: 0, signal: null });
      expect(signalled, `the run reached item ${STOP_AT} before the process exited\n  ${context()}`).toBe(
        true,
      );

      const pageEnd = Math.ceil(STOP_AT / PAGE) * PAGE;
      expect(s.sink.received(), 'the page in progress was finished, no new page was begun').toBe(pageEnd);
      if (!onPostgres)
        expect(existsSync(join(s.dataDir, 'connector.lock')), 'data-directory lock released').toBe(false);
      let db = await s.openDb();
      try {
        const facts = await storedFacts(db);
        expect(facts.cursor, 'the finished page is committed').toBe(pageEnd);
        expect(facts.leaseHolder, 'the run lease is released').toBeNull();
        expect(notRecordedOnce(facts, pageEnd)).toEqual([]);
        const [last] = await listRuns(db, 'c1', SINK_FLOW, 1);
        expect(last).toMatchObject({ outcome: 'interrupted', items: pageEnd });
      } finally {
        await db.close();
      }

      const second = s.spawn('connector-2');
      await second.ready();
      await waitFor(() => s.sink.progress() === TOTAL, `the restarted process to finish all ${TOTAL} items`, {
        context: () => `${describeSink(s.sink)}\n  ${second.tail()}`,
      });
      second.kill('SIGTERM');
      expect(await second.waitExit()).toEqual({ code: 0, signal: null });

      const resumedAt = s.sink.events.find((e) => e.pid === second.pid && e.method === 'POST')?.item;
      expect(resumedAt, 'the restart continued from the cursor').toBe(pageEnd + 1);
      expect(notExactlyOnce(s.sink, TOTAL)).toEqual([]);
      db = await s.openDb();
      try {
        await expectEveryItemOnce(db, s.sink, TOTAL);
      } finally {
        await db.close();
      }
    },
  );
});
