/**
 * Intents reconciled after a crash between send and record (issue 2): a write that landed at the
 * remote but was never recorded as done is found by `check` on the next run and not sent again; a write
 * recorded but never sent is sent exactly once. Runs on the suite's database (PGlite, or PostgreSQL
 * with TEST_DATABASE_URL).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openTestStore, onPostgres } from '../support/testDb.ts';
import type { Store } from '../../src/store/openStore.ts';
import { findIntent, recordIntent } from '../../src/store/repos/intents.ts';
import { findRecord } from '../../src/store/repos/records.ts';
import { startSink, type Sink } from '../fixtures/sinkServer.ts';
import { SINK_FLOW, SINK_OPERATION } from '../fixtures/sinkFlow.ts';
import { sinkRunner } from '../fixtures/inProcess.ts';
import { killAll, waitFor } from '../fixtures/childProcess.ts';
import {
  createScenario,
  describeSink,
  notExactlyOnce,
  notRecordedOnce,
  storedFacts,
  type Scenario,
} from '../fixtures/scenario.ts';

const intentKey = (item: number) => ({ connectionId: 'c1', operation: SINK_OPERATION, key: String(item) });

describe('intents after a crash between send and record (in process)', () => {
  let store: Store;
  let sink: Sink;

  beforeEach(async () => {
    store = await openTestStore();
    sink = await startSink();
  });

  afterEach(async () => {
    await sink.close();
    await store.close();
  });

  it('reconciles a write whose answer was lost by reading the remote, and does not send it again', async () => {
    const runner = await sinkRunner(store, { sinkUrl: sink.url, total: 5, pageSize: 5 });
    // Item 3 reaches the sink, which counts it and then drops the connection: the sender cannot know.
    sink.loseAnswer = (event) => event.item === 3 && sink.posts(3) === 1;

    const first = await runner.run();
    expect(first.outcome).toBe('failed');
    expect(first.retryableError, 'a lost answer is transient: the job retries').toBeDefined();
    expect(sink.posts(3)).toBe(1);
    expect((await findIntent(store.db, intentKey(3)))?.state).toBe('pending');
    expect((await storedFacts(store.db)).cursor, 'the cursor covers only recorded work').toBe(2);

    const second = await runner.run();
    expect(second).toMatchObject({ outcome: 'succeeded', items: 3 });
    expect(sink.gets(3), 'the pending intent was checked at the remote').toBe(1);
    expect(notExactlyOnce(sink, 5)).toEqual([]);
    expect(await findIntent(store.db, intentKey(3))).toMatchObject({ state: 'done', attempts: 1 });
    expect((await findRecord(store.db, 'c1', SINK_FLOW, '3'))?.summary).toEqual({ outcome: 'reconciled' });
    const facts = await storedFacts(store.db);
    expect(facts).toMatchObject({ cursor: 5, syncedRecords: 5, intents: { done: 5 } });
    expect(notRecordedOnce(facts, 5)).toEqual([]);
  });

  it('sends exactly once a write that was recorded but never sent', async () => {
    const runner = await sinkRunner(store, { sinkUrl: sink.url, total: 2 });
    // The previous process died right after recording its intent for item 1, before the request left.
    await recordIntent(store.db, store.sealer, { ...intentKey(1), flow: SINK_FLOW, request: { item: 1 } });

    expect(await runner.run()).toMatchObject({ outcome: 'succeeded', items: 2 });
    expect(sink.gets(1), 'the remote was asked first').toBe(1);
    expect(notExactlyOnce(sink, 2)).toEqual([]);
    expect(await findIntent(store.db, intentKey(1))).toMatchObject({ state: 'done', attempts: 2 });
    expect((await findRecord(store.db, 'c1', SINK_FLOW, '1'))?.summary).toEqual({ outcome: 'sent' });
    expect((await storedFacts(store.db)).intents).toEqual({ done: 2 });
  });
});

describe(`intents after SIGKILL between the remote's write and its answer (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let scenario: Scenario | undefined;

  afterEach(async () => {
    await killAll();
    await scenario?.close();
    scenario = undefined;
  });

  it('the restarted process reconciles the write and records it once', { timeout: 120_000 }, async () => {
    const s = (scenario = await createScenario({
      database: onPostgres ? 'postgres' : 'pglite',
      total: 8,
      pageSize: 4,
    }));
    let first = s.spawn('connector-1');
    let killedPid = 0;
    // The sink has counted item 6; the process dies before it hears the answer.
    s.sink.beforeAnswer = async (event) => {
      if (event.item !== 6 || killedPid) return;
      killedPid = event.pid;
      first.kill('SIGKILL');
      await first.exited;
    };
    await first.ready();
    const context = () => `${describeSink(s.sink)}\n  ${first.tail()}`;
    await waitFor(() => killedPid !== 0, 'the sink to receive item 6', { context });
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    if (!onPostgres) expect(existsSync(join(s.dataDir, 'connector.lock')), 'a stale lock is left').toBe(true);

    first = s.spawn('connector-2');
    await first.ready();
    await waitFor(() => s.sink.progress() === 8, 'the restarted process to finish all 8 items', {
      timeoutMs: 90_000,
      context,
    });
    first.kill('SIGTERM');
    expect(await first.waitExit()).toEqual({ code: 0, signal: null });

    expect(s.sink.gets(6), 'item 6 was checked at the remote').toBeGreaterThanOrEqual(1);
    expect(s.sink.events.find((e) => e.method === 'GET' && e.item === 6)?.pid).not.toBe(killedPid);
    expect(notExactlyOnce(s.sink, 8)).toEqual([]);
    const db = await s.openDb();
    try {
      const facts = await storedFacts(db);
      expect(facts).toMatchObject({ cursor: 8, syncedRecords: 8, records: 8, intents: { done: 8 } });
      expect(notRecordedOnce(facts, 8)).toEqual([]);
      expect((await findRecord(db, 'c1', SINK_FLOW, '6'))?.summary).toEqual({ outcome: 'reconciled' });
    } finally {
      await db.close();
    }
  });
});
