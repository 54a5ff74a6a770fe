import { describe, expect, it } from 'vitest';
import { useTestStore } from '../../test/support/testDb.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';
import { testConfig } from '../../test/support/webTestKit.ts';
import { isConnectorError } from '../errors.ts';
import { FlowRegistry } from '../engine/registry.ts';
import type { RunnerDeps } from '../engine/runner.ts';
import { createLogger } from '../log/logger.ts';
import { getRecord, recordHistory, saveRecord, type SaveRecord } from '../store/repos/records.ts';
import { Operations, type Scheduler } from './operations.ts';
import { RESOLUTION_NOTE_MAX, resolutionNoteProblem } from './resolve.ts';

/**
 * Operations.resolve: a record a person handled outside the connector becomes synced, with who, when
 * and their note in its history and summary; its flow never runs.
 */
const store = useTestStore();
const runs: string[] = [];

function operations(): Operations {
  const registry = new FlowRegistry([stubFlow({ id: 'ship-test', scope: 'connection' })]);
  const deps: RunnerDeps = {
    config: testConfig,
    store,
    log: createLogger({ level: 'silent' }),
    holder: 'resolve-test',
    shutdown: new AbortController().signal,
  };
  const scheduler: Scheduler = {
    keys: () => [],
    runNow: async (flow, connection) => {
      runs.push(`${flow}/${connection}`);
      return [];
    },
    setEnabled: async () => [],
  };
  return new Operations(deps, registry, scheduler);
}

const seed = (r: Partial<SaveRecord> & Pick<SaveRecord, 'state'>) =>
  saveRecord(store.db, store.sealer, {
    connectionId: 'eu1',
    flow: 'ship-test',
    externalId: '111-0000001-0000001',
    ...r,
  });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('Operations.resolve', () => {
  it('settles a record needing attention: synced, the reason last in its history, who/when/note in its summary', async () => {
    runs.length = 0;
    const record = await seed({
      state: 'needs_attention',
      reason: 'Packing slip PS-1: carrier ACMEFREIGHT is not on Amazon’s list',
      summary: { packages: [{ packingSlipId: 'PS-1', state: 'needs_attention' }], open: 0 },
      // A flow's own history line, not the reason itself.
      message: 'package PS-1 refused by Amazon',
    });
    const before = Date.now();
    const resolved = await operations().resolve(
      record.id,
      'alice (web API)',
      '  confirmed by hand in Seller Central ',
    );
    expect(resolved).toMatchObject({ id: record.id, state: 'synced', reason: null, lastError: null });
    expect(resolved.syncedAt).not.toBeNull();
    expect(resolved.summary).toEqual({
      packages: [{ packingSlipId: 'PS-1', state: 'needs_attention' }],
      open: 0,
      resolvedBy: 'alice (web API)',
      resolvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      resolution: 'confirmed by hand in Seller Central',
    });
    expect(Date.parse(resolved.summary.resolvedAt as string)).toBeGreaterThanOrEqual(before - 1000);
    const history = await recordHistory(store.db, record.id);
    expect(history.map((e) => [e.state, e.message])).toEqual([
      ['needs_attention', 'package PS-1 refused by Amazon'],
      ['needs_attention', 'Packing slip PS-1: carrier ACMEFREIGHT is not on Amazon’s list'],
      ['synced', 'resolved by alice (web API): confirmed by hand in Seller Central'],
    ]);
    expect(runs).toEqual([]); // the flow does not run
  });

  it('settles a failed record without a note; a reason already last in the history is not repeated', async () => {
    const record = await seed({ state: 'failed', reason: 'D365 timed out', lastError: 'D365 timed out' });
    const resolved = await operations().resolve(record.id, 'operator (CLI)');
    expect(resolved.state).toBe('synced');
    expect(resolved.summary).toMatchObject({ resolvedBy: 'operator (CLI)', resolution: null });
    expect((await recordHistory(store.db, record.id)).map((e) => e.message)).toEqual([
      'D365 timed out',
      'resolved by operator (CLI)',
    ]);
  });

  it('a second resolve replaces the note of the first (the summary keeps one resolution)', async () => {
    const record = await seed({ state: 'needs_attention', reason: 'unknown SKU X1' });
    const ops = operations();
    await ops.resolve(record.id, 'alice (web API)', 'entered in D365 by hand');
    await seed({ state: 'needs_attention', reason: 'unknown SKU X2' });
    const again = await ops.resolve(record.id, 'bob (web API)');
    expect(again.summary).toMatchObject({ resolvedBy: 'bob (web API)', resolution: null });
  });

  it.each(['pending', 'synced'] as const)('refuses a %s record, and changes nothing', async (state) => {
    const record = await seed({ state });
    const error = await refusal(operations().resolve(record.id, 'alice (web API)', 'done'));
    expect(error.kind).toBe('data');
    expect(error.message).toBe(
      `record ${record.id} is ${state}; only records needing attention or failed can be resolved`,
    );
    expect(await getRecord(store.db, record.id)).toEqual(record);
    expect(await recordHistory(store.db, record.id)).toHaveLength(1);
  });

  it('an unknown record is "not found"', async () => {
    const error = await refusal(operations().resolve(999, 'alice (web API)'));
    expect(error).toMatchObject({
      kind: 'data',
      message: 'there is no record 999',
      context: { notFound: true },
    });
  });

  it('refuses a note with control characters, a blank one or one too long, before touching the record', async () => {
    const record = await seed({ state: 'needs_attention', reason: 'unknown SKU X1' });
    for (const note of [
      'two\nlines',
      'tab\there',
      'nul\u0000',
      'bell\u0007',
      'c1\u0085',
      'sep\u2028x',
      '   ',
      'x'.repeat(RESOLUTION_NOTE_MAX + 1),
      '\ud800',
    ]) {
      const error = await refusal(operations().resolve(record.id, 'alice (web API)', note));
      expect(error.message, JSON.stringify(note)).toMatch(/^the note must /);
      expect(error.kind).toBe('config');
    }
    expect((await getRecord(store.db, record.id))?.state).toBe('needs_attention');
    expect(resolutionNoteProblem('x'.repeat(RESOLUTION_NOTE_MAX))).toBeUndefined();
    expect(resolutionNoteProblem('Sendung per Hand bestätigt — 📦 ok')).toBeUndefined();
  });
});
