/**
 * Several worker processes sharing one PostgreSQL (issue 2). They need a server, so they run only with
 * TEST_DATABASE_URL — which `.ci/run` always sets for its second pass.
 *  - two `worker` processes never run the same connection × flow at once, and every item is written
 *    and recorded exactly once;
 *  - a worker SIGKILLed mid-job: after the job's expiry it runs again on the other worker, and still
 *    every item is written and recorded exactly once. Repeated KILL_LOOPS times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/testDb.ts';
import type { Db } from '../../src/store/db.ts';
import { queueName } from '../../src/jobs/queues.ts';
import { killAll, killLoops, waitFor, type TestProcess } from '../fixtures/childProcess.ts';
import { SINK_FLOW } from '../fixtures/sinkFlow.ts';
import type { SinkEvent } from '../fixtures/sinkServer.ts';
import {
  createScenario,
  expectEveryItemOnce,
  describeSink,
  notExactlyOnce,
  notRecordedOnce,
  storedFacts,
  type Scenario,
} from '../fixtures/scenario.ts';

interface Interval {
  id: string;
  start: number;
  end: number;
}

/** Pairs of intervals that overlap; intervals are sorted by start. */
function overlaps(intervals: Interval[]): string[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const found: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!];
    if (after.start < before.end)
      found.push(
        `${before.id} [${before.start}, ${before.end}] overlaps ${after.id} [${after.start}, ${after.end}]`,
      );
  }
  return found;
}

/** Each run's span at the sink, in order of arrival (no clocks involved). */
function sinkSpans(events: SinkEvent[], connection: string): Interval[] {
  const spans = new Map<string, Interval>();
  for (const e of events.filter((x) => x.connection === connection)) {
    const span = spans.get(e.runId) ?? { id: `run ${e.runId} (pid ${e.pid})`, start: e.seq, end: e.seq };
    span.end = e.seq;
    spans.set(e.runId, span);
  }
  return [...spans.values()];
}

/** Each run's span in the runs table (the database server's clock). */
async function runSpans(db: Db, connection: string): Promise<Interval[]> {
  const { rows } = await db.query<{ id: string; started_at: Date; ended_at: Date | null }>(
    'SELECT id, started_at, ended_at FROM runs WHERE connection_id = $1 AND flow = $2',
    [connection, SINK_FLOW],
  );
  return rows.map((r) => ({
    id: `run ${r.id}`,
    start: r.started_at.getTime(),
    end: r.ended_at?.getTime() ?? Number.POSITIVE_INFINITY,
  }));
}

async function jobState(
  db: Db,
  bossSchema: string,
  id: string,
): Promise<{ state?: string; retryCount?: number }> {
  const { rows } = await db.query<{ state: string; retry_count: number }>(
    `SELECT state, retry_count FROM "${bossSchema}".job WHERE id = $1
     UNION ALL SELECT state, retry_count FROM "${bossSchema}".archive WHERE id = $1`,
    [id],
  );
  return { state: rows[0]?.state, retryCount: rows[0]?.retry_count };
}

/** The queue's jobs and the service lease, for failure messages. */
async function jobTable(db: Db, bossSchema: string): Promise<string> {
  const jobs = await db.query<Record<string, unknown>>(
    `SELECT id, state, retry_count, data->>'trigger' AS trigger, start_after, started_on, completed_on, output
     FROM "${bossSchema}".job WHERE name = $1 ORDER BY created_on`,
    [queueName(SINK_FLOW)],
  );
  const lease = await db.query(
    'SELECT lease_holder, lease_token, lease_expires_at, now() AS now FROM services',
  );
  return `  jobs:\n${jobs.rows.map((r) => `    ${JSON.stringify(r)}`).join('\n')}\n  lease: ${JSON.stringify(lease.rows)}`;
}

async function stopGracefully(children: TestProcess[]): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  for (const child of children)
    expect(await child.waitExit(), `${child.name} stops with 0`).toEqual({ code: 0, signal: null });
}

describe.runIf(onPostgres)('worker processes sharing PostgreSQL', () => {
  let scenario: Scenario | undefined;

  afterEach(async () => {
    await killAll();
    await scenario?.close();
    scenario = undefined;
  });

  it(
    'two workers never run the same connection × flow at once; every item once',
    { timeout: 120_000 },
    async () => {
      const connections = ['c1', 'c2'];
      const total = 60;
      // Runs are cut at 2 s, so each service needs several runs, picked up by either worker.
      const s = (scenario = await createScenario({
        database: 'postgres',
        total,
        pageSize: 3,
        delayMs: 30,
        connections,
        runTimeoutSeconds: 2,
      }));
      const workers = [s.spawn('worker-a'), s.spawn('worker-b')];
      await Promise.all(workers.map((w) => w.ready()));
      await waitFor(() => connections.every((c) => s.sink.progress(c) === total), 'both services to finish', {
        timeoutMs: 90_000,
        context: () => `${describeSink(s.sink, connections)}\n  ${workers.map((w) => w.tail()).join('\n  ')}`,
      });
      await stopGracefully(workers);

      const db = await s.openDb();
      try {
        for (const c of connections) {
          const runs = await runSpans(db, c);
          expect(runs.length, `${c} took several runs`).toBeGreaterThan(1);
          expect(overlaps(runs), `${c}: runs overlapping in the runs table`).toEqual([]);
          expect(overlaps(sinkSpans(s.sink.events, c)), `${c}: runs interleaving at the sink`).toEqual([]);
          expect(notExactlyOnce(s.sink, total, c)).toEqual([]);
          const facts = await storedFacts(db, c);
          expect(facts).toMatchObject({
            cursor: total,
            syncedRecords: total,
            records: total,
            leaseHolder: null,
          });
          expect(notRecordedOnce(facts, total)).toEqual([]);
        }
      } finally {
        await db.close();
      }
      const pids = new Set(s.sink.events.map((e) => e.pid));
      console.info(`runs spread over ${pids.size} worker process(es)`);
    },
  );

  const LOOPS = killLoops();
  // Workers keep writing (slowly) while a loop waits for recovery and a replacement: a few dozen items.
  const TOTAL = 40 + LOOPS * 60;

  it(
    `a worker SIGKILLed mid-job (${LOOPS}×): the job runs again on the other worker, every item once`,
    { timeout: 120_000 + LOOPS * 60_000 + TOTAL * 100 },
    async () => {
      const s = (scenario = await createScenario({
        database: 'postgres',
        total: TOTAL,
        pageSize: 3,
        delayMs: 30,
      }));
      const db = await s.openDb();
      try {
        const workers = new Map<number, TestProcess>();
        const add = (name: string) => {
          const w = s.spawn(name);
          workers.set(w.pid, w);
          return w;
        };
        await Promise.all([add('worker-0a'), add('worker-0b')].map((w) => w.ready()));
        const context = async () =>
          `${describeSink(s.sink)}\n  ${[...workers.values()].map((w) => w.tail(8)).join('\n  ')}\n` +
          (await jobTable(db, s.bossSchema));

        let target = 0;
        let victim: { pid: number; jobId?: string } | undefined;
        s.sink.beforeAnswer = async (event) => {
          if (event.method !== 'POST' || event.item !== target || victim) return;
          const { rows } = await db.query<{ id: string }>(
            `SELECT id FROM "${s.bossSchema}".job WHERE name = $1 AND state = 'active'`,
            [queueName(SINK_FLOW)],
          );
          victim = { pid: event.pid, jobId: rows[0]?.id };
          workers.get(event.pid)?.kill('SIGKILL');
        };

        for (let loop = 1; loop <= LOOPS; loop++) {
          s.sink.answerDelayMs = 0;
          target = s.sink.received() + 3;
          if (target > TOTAL) throw new Error(`loop ${loop}: no items left to kill a worker on (${TOTAL})`);
          victim = undefined;
          await waitFor(() => victim !== undefined, `loop ${loop}: the sink to receive item ${target}`, {
            timeoutMs: 45_000,
            context,
          });
          // Slow the writers down until the next kill is armed, so each loop uses only a few dozen items
          // (not so slow that a page outlasts the slack between the run's time limit and the job's expiry).
          s.sink.answerDelayMs = 100;
          const { pid, jobId } = victim!;
          if (!jobId)
            throw new Error(`item ${target} was written while no job was active\n  ${await context()}`);
          const dead = workers.get(pid);
          expect(dead, `the writer ${pid} is one of our workers`).toBeDefined();
          expect(await dead!.waitExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
          workers.delete(pid);
          // Only the other worker is left: it must take the job over once the job and the lease expire.
          const [survivor] = [...workers.values()];
          await waitFor(
            () => s.sink.progress() > target,
            `loop ${loop}: the other worker to resume past item ${target}`,
            {
              timeoutMs: 50_000,
              context,
            },
          );
          const check = s.sink.events.find((e) => e.method === 'GET' && e.item === target);
          expect(check?.pid, `item ${target} was reconciled by the surviving worker`).toBe(survivor!.pid);
          // The very job that was running when its worker died is failed by expiry and run again to its
          // end (before the next kill, so no job is killed twice).
          await waitFor(
            async () => (await jobState(db, s.bossSchema, jobId)).state === 'completed',
            `loop ${loop}: job ${jobId} to complete`,
            { timeoutMs: 30_000, context },
          );
          expect(
            (await jobState(db, s.bossSchema, jobId)).retryCount,
            `job ${jobId} was retried`,
          ).toBeGreaterThanOrEqual(1);
          await add(`worker-${loop}`).ready();
        }
        s.sink.answerDelayMs = 0;
        await waitFor(() => s.sink.progress() === TOTAL, `all ${TOTAL} items to be committed`, {
          timeoutMs: 60_000 + TOTAL * 100,
          context,
        });
        await stopGracefully([...workers.values()]);

        expect(notExactlyOnce(s.sink, TOTAL)).toEqual([]);
        await expectEveryItemOnce(db, s.sink, TOTAL);
      } finally {
        await db.close();
      }
    },
  );
});
