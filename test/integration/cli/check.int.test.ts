/**
 * `connector check` and `connector backfill`, run in-process through commander with a test flow of their
 * own: first with no connector running (the command opens the data directory itself), then beside a
 * "running connector" (a lock naming the API of a web app served here), through the HTTP API. Both ways
 * print the same, and exit as main.ts would: 0 all well, 1 a failed check, 2 a usage error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../support/testDb.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { serveEmulator, type ServedEmulator } from '../../../src/emulators/shared/serveEmulator.ts';
import { GLOBAL_CONNECTION, type AnyFlow } from '../../../src/engine/flow.ts';
import { FlowRegistry } from '../../../src/engine/registry.ts';
import { serviceKeys } from '../../../src/engine/serviceKeys.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { Operations } from '../../../src/ops/operations.ts';
import type { Store } from '../../../src/store/openStore.ts';
import { LOCK_FILE } from '../../../src/store/dataDirLock.ts';
import { getCursor, setCursor } from '../../../src/store/repos/cursors.ts';
import { createWebApp } from '../../../src/web/app.ts';
import { registerBackfill } from '../../../src/cli/backfill.ts';
import { registerCheck } from '../../../src/cli/check.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { exitCodeFor } from '../../../src/cli/errors.ts';
import { stubFlow } from '../../support/stubFlow.ts';

const TOKEN = 'cli-check-test-token-0123456789';

/** A global flow (demo mode has no connections) whose check fails while `broken` is set. */
let broken = true;
const probeFlow = stubFlow({
  id: 'probe',
  async check(ctx) {
    return [
      { name: 'D365 credentials', ok: ctx.dryRun, detail: 'signed in' },
      broken
        ? {
            name: 'D365 mode of delivery AMZ-STD in usmf',
            ok: false,
            detail: 'usmf has no mode of delivery AMZ-STD',
            fix: 'create it (Modes of delivery), or correct mappings.deliveryModes',
          }
        : { name: 'D365 mode of delivery AMZ-STD in usmf', ok: true, detail: 'found' },
    ];
  },
  async backfill(since, ctx) {
    await ctx.commit((tx) =>
      setCursor(
        tx,
        { connectionId: ctx.connectionId, flow: 'probe', scope: 'backfill' },
        since.toISOString(),
      ),
    );
    return `orders from ${since.toISOString()} are searched again in the next runs`;
  },
});
const flows: AnyFlow[] = [probeFlow];

interface Outcome {
  code: number;
  out: string;
  err: string;
}

/** Runs `connector <args>` in this process, as main.ts does, and collects what it printed. */
async function connector(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    deps: {
      loadFlows: () => Promise.resolve(flows),
      startWebServer: () => Promise.reject(new Error('not in this test')),
      startMetricsServer: () => Promise.reject(new Error('not in this test')),
      loadApiTokens: () => ({
        tokens: [{ name: 'cli', role: 'operator', secret: TOKEN }],
        source: 'CONNECTOR_API_TOKEN',
      }),
      readApiTokenFile: () => undefined,
    },
    env,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    signal: new AbortController().signal,
  };
  const program = new Command('connector')
    .option('-c, --config <file>')
    .option('-d, --data-dir <dir>')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerCheck(program, ctx);
  registerBackfill(program, ctx);
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    code = exitCodeFor(error);
    if (error instanceof Error && error.name !== 'CommanderError') err.push(error.message);
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const EXPECTED_CHECK = [
  'Probe (probe, global): 1 failed',
  '  ✓ D365 credentials: signed in',
  '  ✗ D365 mode of delivery AMZ-STD in usmf: usmf has no mode of delivery AMZ-STD',
  '      fix: create it (Modes of delivery), or correct mappings.deliveryModes',
  '2 item(s) checked, 1 failed. Nothing was written.',
].join('\n');

describe('with no connector running (the command opens the data directory)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'connector-check-'));
    broken = true;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) => connector(['--data-dir', dataDir, ...args]);

  it('prints each item with ✓/✗ and the fix of a failure, and exits 1 while anything fails', async () => {
    const failing = await run('check');
    expect(failing).toMatchObject({ code: 1, out: EXPECTED_CHECK });
    expect(failing.err).toContain('check: 1 item(s) failed; fix them and check again');

    const json = await run('check', '--json', '--flow', 'probe');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      checks: [{ flow: 'probe', connection: 'global', ok: false, items: [{ ok: true }, { ok: false }] }],
    });

    broken = false;
    const passing = await run('check');
    expect(passing.code).toBe(0);
    expect(passing.out).toContain('Probe (probe, global): all ok');
    expect(passing.out).toContain('2 item(s) checked, 0 failed.');
    broken = true;
  }, 60_000);

  it('refuses an unknown flow or connection with a usage error', async () => {
    expect(await run('check', '--flow', 'nothing')).toMatchObject({
      code: 2,
      err: expect.stringContaining('there is no flow "nothing"'),
    });
    expect((await run('check', '--connection', 'xx9')).code).toBe(2);
  });

  it('records a backfill and says what will happen', async () => {
    const result = await run('backfill', 'probe', '--since', '2025-01-31');
    expect(result).toMatchObject({
      code: 0,
      out: 'probe (global): orders from 2025-01-31T00:00:00.000Z are searched again in the next runs',
    });
    const json = await run('backfill', 'probe', '--since', '2025-01-31T08:30:00Z', '--json');
    expect(JSON.parse(json.out)).toEqual({
      backfills: [
        {
          flow: 'probe',
          connection: GLOBAL_CONNECTION,
          message: 'orders from 2025-01-31T08:30:00.000Z are searched again in the next runs',
        },
      ],
    });
  }, 60_000);

  it.each([
    [['--since', 'tomorrow'], '"tomorrow" is not a date: give an ISO date such as 2025-01-31'],
    [['--since', '2999-01-01'], 'is in the future'],
    [[], "required option '--since <date>' not specified"],
  ])('refuses backfill %j before opening anything (exit 2)', async (options, message) => {
    const result = await run('backfill', 'probe', ...options);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});

describe('beside a running connector (through its API)', () => {
  let store: Store;
  let served: ServedEmulator;
  let dataDir: string;

  beforeAll(async () => {
    store = await openTestStore();
    const registry = new FlowRegistry(flows);
    const config = parseConfig({}, 'cli check test');
    const deps = {
      config,
      store,
      log: createLogger({ level: 'silent' }),
      holder: 'cli-check-test',
      shutdown: new AbortController().signal,
    };
    const ops = new Operations(deps, registry, {
      keys: (flow, connection) => serviceKeys(config, registry, flow, connection),
      runNow: async () => [],
      setEnabled: async () => [],
    });
    served = await serveEmulator(
      createWebApp({ ops, db: store.db, apiTokens: [{ name: 'cli', role: 'operator', secret: TOKEN }] }),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'connector-check-api-'));
    const owner = { pid: 1, host: 'another-host', startedAt: new Date().toISOString(), apiUrl: served.url };
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(owner));
    broken = true;
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const run = (...args: string[]) =>
    connector(['--data-dir', dataDir, ...args], { CONNECTOR_API_TOKEN: TOKEN });

  it('prints the same check and exits 1 on a failure', async () => {
    expect(await run('check')).toMatchObject({ code: 1, out: EXPECTED_CHECK });
  });

  it('records a backfill in the running connector', async () => {
    const result = await run('backfill', 'probe', '--since', '2024-12-01');
    expect(result).toMatchObject({
      code: 0,
      out: 'probe (global): orders from 2024-12-01T00:00:00.000Z are searched again in the next runs',
    });
    expect(await getCursor(store.db, { connectionId: 'global', flow: 'probe', scope: 'backfill' })).toBe(
      '2024-12-01T00:00:00.000Z',
    );
  });

  it('turns the API’s 404 into a usage error', async () => {
    const result = await run('backfill', 'nothing', '--since', '2024-12-01');
    expect(result.code).toBe(2);
    expect(result.err).toContain('there is no flow "nothing"');
  });
});
