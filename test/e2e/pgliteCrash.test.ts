/**
 * On the embedded database (issue 2): the process killed with SIGKILL mid-job and restarted on the same
 * data directory → the stale data-directory lock is taken over, the job left active is removed and its
 * service re-armed, the run resumes from the cursor, and every item is written and recorded exactly once.
 * Repeated KILL_LOOPS times (2 by default; scripts/soak.sh sets more). Kills alternate between two
 * points: after the remote counted a write but before it answered (the write must be reconciled), and
 * shortly after an answer (anywhere between the answer, the intent's resolution and the commit).
 * PGlite only: on PostgreSQL the suite runs the two-worker scenarios instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readLock } from '../../src/store/dataDirLock.ts';
import { onPostgres } from '../support/testDb.ts';
import { killAll, killLoops, waitFor, type TestProcess } from '../fixtures/childProcess.ts';
import {
  createScenario,
  expectEveryItemOnce,
  describeSink,
  notExactlyOnce,
  type Scenario,
} from '../fixtures/scenario.ts';

const LOOPS = killLoops();
// Each kill is armed 2–6 items ahead of what the sink has seen, so kills land all over a page (of 5).
const TOTAL = 8 * (LOOPS + 1);

/** The orphaned jobs a restarted process reported removing (its start-up log line). */
function orphansReported(child: TestProcess): number {
  const line = child.stderr
    .split('\n')
    .find((l) => l.includes('removed jobs left active by the previous process'));
  return line ? Number((JSON.parse(line) as { orphans?: number }).orphans ?? 0) : 0;
}

describe.runIf(!onPostgres)('SIGKILL mid-job on the embedded database', () => {
  let scenario: Scenario | undefined;

  afterEach(async () => {
    await killAll();
    await scenario?.close();
    scenario = undefined;
  });

  it(
    `resumes after each of ${LOOPS} kill(s) and processes every item exactly once`,
    { timeout: 60_000 + LOOPS * 45_000 },
    async () => {
      const s = (scenario = await createScenario({
        database: 'pglite',
        total: TOTAL,
        pageSize: 5,
        delayMs: 40,
      }));
      let child = s.spawn('connector-0');
      let target = 0;
      let killed = false;
      let beforeAnswer = true;
      const reconcile: number[] = [];
      s.sink.beforeAnswer = async (event) => {
        if (event.method !== 'POST' || event.item !== target || killed) return;
        killed = true;
        const victim = child;
        if (beforeAnswer) {
          // Write counted, answer never heard: the next process must reconcile it.
          reconcile.push(target);
          victim.kill('SIGKILL');
          await victim.exited;
        } else {
          // Answered; the kill lands somewhere between the answer, the intent's resolution and the commit.
          setTimeout(() => victim.kill('SIGKILL'), (target * 13) % 50);
        }
      };
      await child.ready();

      for (let loop = 1; loop <= LOOPS; loop++) {
        target = s.sink.received() + 2 + (loop % 5);
        if (target > TOTAL) throw new Error(`loop ${loop}: no items left to kill the process on (${TOTAL})`);
        beforeAnswer = loop % 2 === 1;
        killed = false;
        const context = () => `${describeSink(s.sink)}\n  ${child.tail()}`;
        await waitFor(() => killed, `loop ${loop}: the sink to receive item ${target}`, {
          timeoutMs: 45_000,
          context,
        });
        expect(await child.waitExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
        expect(readLock(s.dataDir)?.pid, 'the dead process left its lock behind').toBe(child.pid);
        const dead = child.pid;

        child = s.spawn(`connector-${loop}`);
        await child.ready();
        expect(readLock(s.dataDir)?.pid, 'the restarted process took the stale lock over').toBe(child.pid);
        if (beforeAnswer)
          expect(
            orphansReported(child),
            `the job that process ${dead} left active was removed and its service re-armed`,
          ).toBeGreaterThan(0);
        await waitFor(
          () => s.sink.progress() >= target,
          `loop ${loop}: the run to resume past item ${target}`,
          {
            timeoutMs: 45_000,
            context,
          },
        );
      }
      await waitFor(() => s.sink.progress() === TOTAL, `all ${TOTAL} items to be committed`, {
        timeoutMs: 45_000,
        context: () => `${describeSink(s.sink)}\n  ${child.tail()}`,
      });
      child.kill('SIGTERM');
      expect(await child.waitExit()).toEqual({ code: 0, signal: null });

      expect(notExactlyOnce(s.sink, TOTAL)).toEqual([]);
      for (const item of reconcile)
        expect(s.sink.gets(item), `item ${item} was reconciled`).toBeGreaterThan(0);
      const db = await s.openDb();
      try {
        await expectEveryItemOnce(db, s.sink, TOTAL);
      } finally {
        await db.close();
      }
    },
  );
});
