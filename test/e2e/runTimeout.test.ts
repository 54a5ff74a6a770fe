/**
 * Runs are bounded in time (issue 2, DESIGN §2.3): a run stops taking new pages once
 * `jobs.runTimeoutSeconds` is up, even when garbage collections happen meanwhile. (On Node 20 a timeout
 * signal held only by `AbortSignal.any` is dropped by a collection and never fires; this caught it.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/log/logger.ts';
import { GLOBAL_CONNECTION } from '../../src/engine/flow.ts';
import { executeRun } from '../../src/engine/runner.ts';
import { ensureService } from '../../src/store/repos/services.ts';
import type { Store } from '../../src/store/openStore.ts';
import { openTestStore } from '../support/testDb.ts';
import { stubFlow } from '../support/stubFlow.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Never runs out of work: only the run's time limit (or the safety stop) ends a run. */
const MAX_PAGES = 40;
const endlessFlow = stubFlow({
  id: 'endless',
  plan() {
    return { actions: [{ action: 'wait', description: 'wait a little' }], hasMore: true };
  },
  async apply(_plan, _snapshot, ctx) {
    gc();
    await sleep(100);
    if (ctx.signal.aborted) return { items: 1, errors: 0 };
    pages += 1;
    if (pages >= MAX_PAGES) throw new Error(`the run did not stop after ${MAX_PAGES} pages`);
    return { items: 1, errors: 0 };
  },
});
let pages = 0;

describe('run time limit', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openTestStore();
    pages = 0;
  });

  afterEach(async () => {
    await store.close();
  });

  it('ends a run that always has more work once its time is up, despite garbage collections', async () => {
    const config = parseConfig({ jobs: { runTimeoutSeconds: 1 } }, 'test');
    await ensureService(store.db, {
      connectionId: GLOBAL_CONNECTION,
      flow: 'endless',
      enabled: true,
      intervalSeconds: 60,
    });
    const summary = await executeRun(
      {
        config,
        store,
        log: createLogger({ level: 'silent' }),
        holder: `${hostname()}/${process.pid}`,
        shutdown: new AbortController().signal,
      },
      endlessFlow,
      GLOBAL_CONNECTION,
      'manual',
    );
    expect(summary.message).not.toMatch(/did not stop/);
    expect(summary.outcome).toBe('interrupted');
  });
});
