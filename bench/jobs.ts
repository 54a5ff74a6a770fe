/**
 * Job throughput through pg-boss 10 on our storage port (src/jobs/boss.ts), three ways:
 *  - send: jobs/s inserted by `send`, one at a time, as the service manager schedules runs;
 *  - send → work → complete: four senders, four workers fetching up to 100 jobs a poll; the clock
 *    stops when the last job is recorded as completed (what the engine can carry);
 *  - as the flows use it: one worker per queue, one job per fetch, polling every 0.5 s
 *    (src/jobs/serviceManager.ts) — bounded by the polling interval, not by the database.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { createBoss } from '../src/jobs/boss.ts';
import type { BenchDb } from './databases.ts';

export interface JobFigures {
  sendPerSecond: number;
  endToEndPerSecond: number;
  flowStylePerSecond: number;
}

async function completed(b: BenchDb, queue: string): Promise<number> {
  const { rows } = await b.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${b.bossSchema}.job WHERE name = $1 AND state = 'completed'`,
    [queue],
  );
  return rows[0]?.n ?? 0;
}

async function waitCompleted(b: BenchDb, queue: string, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await completed(b, queue)) < n) {
    if (Date.now() > deadline) throw new Error(`${b.label}: ${queue} did not complete ${n} jobs in time`);
    await sleep(20);
  }
}

async function createQueue(boss: PgBoss, name: string): Promise<void> {
  await boss.createQueue(name, { name, policy: 'standard' });
}

export async function jobThroughput(b: BenchDb, jobs: number): Promise<JobFigures> {
  const boss = createBoss(b.db, { schema: b.bossSchema, maintenanceIntervalSeconds: 300 });
  boss.on('error', (error) => console.error(`${b.label}: job engine error`, error));
  await boss.start();
  try {
    await createQueue(boss, 'bench.send');
    let start = performance.now();
    for (let i = 0; i < jobs; i++) await boss.send('bench.send', { i });
    const sendPerSecond = jobs / ((performance.now() - start) / 1000);

    // Four senders and four workers taking up to 100 jobs a fetch: a pg-boss 10 worker waits out its
    // polling interval after every fetch, so one worker alone tops out at batchSize / interval.
    await createQueue(boss, 'bench.e2e');
    for (let w = 0; w < 4; w++) {
      await boss.work('bench.e2e', { batchSize: 100, pollingIntervalSeconds: 0.5 }, async () => undefined);
    }
    start = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async (_, s) => {
        for (let i = s; i < jobs; i += 4) await boss.send('bench.e2e', { i });
      }),
    );
    await waitCompleted(b, 'bench.e2e', jobs, 300_000);
    const endToEndPerSecond = jobs / ((performance.now() - start) / 1000);

    // A few polls' worth: this rate is set by the polling interval, so a handful of jobs shows it.
    const flowJobs = 12;
    await createQueue(boss, 'bench.flow');
    for (let i = 0; i < flowJobs; i++) await boss.send('bench.flow', { i });
    start = performance.now();
    await boss.work('bench.flow', { pollingIntervalSeconds: 0.5 }, async () => undefined);
    await waitCompleted(b, 'bench.flow', flowJobs, 120_000);
    const flowStylePerSecond = flowJobs / ((performance.now() - start) / 1000);

    return { sendPerSecond, endToEndPerSecond, flowStylePerSecond };
  } finally {
    await boss.stop({ graceful: true, wait: true, close: false, timeout: 5000 });
  }
}
