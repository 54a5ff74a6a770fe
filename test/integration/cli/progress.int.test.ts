/**
 * Progress of long CLI work as a person at a terminal sees it (issue 20), through commander in this
 * process with a fake terminal: `sync` run here draws its pages — items done against items done plus
 * the plan's backlog — and `check` its flows one after the other; each bar is wiped before the results
 * are printed, so no result line starts mid-bar. (The bar's own drawing is tested in progress.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyFlow } from '../../../src/engine/flow.ts';
import { registerCheck } from '../../../src/cli/check.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { registerSync } from '../../../src/cli/sync.ts';
import { stubFlow } from '../../support/stubFlow.ts';

const PAGE = 10;
const TOTAL = 30;

/** Three pages of ten; each plan says how many items wait, its own page included. */
let done = 0;
const pagedFlow = stubFlow<{ left: number }>({
  id: 'paged',
  load: async () => ({ left: TOTAL - done }),
  plan: (snapshot) => ({
    actions:
      snapshot.left > 0 ? [{ action: 'create', description: `items ${done + 1} to ${done + PAGE}` }] : [],
    hasMore: snapshot.left > PAGE,
    backlog: snapshot.left,
  }),
  apply: async () => {
    done += PAGE;
    return { items: PAGE, errors: 0 };
  },
  check: async () => [{ name: 'paged source reachable', ok: true, detail: 'yes' }],
});
const flows: AnyFlow[] = [pagedFlow, stubFlow({ id: 'other', check: async () => [] })];

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cli-progress-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `connector <args>` here; returns the terminal's writes and stdout, in one ordered stream. */
async function connector(args: string[]): Promise<{ events: string[]; terminal: string }> {
  const events: string[] = [];
  const ctx: CliContext = {
    deps: {
      loadFlows: () => Promise.resolve(flows),
      startWebServer: () => Promise.reject(new Error('not in this test')),
      startMetricsServer: () => Promise.reject(new Error('not in this test')),
      loadApiTokens: () => ({ tokens: [], source: 'none' }),
      readApiTokenFile: () => undefined,
    },
    env: { LOG_LEVEL: 'silent' },
    out: (text) => events.push(`out:${text}`),
    err: (text) => events.push(`err:${text}`),
    signal: new AbortController().signal,
    progressTerminal: { columns: 200, write: (text) => events.push(`tty:${text}`) },
  };
  const program = new Command('connector').option('-c, --config <file>').option('-d, --data-dir <dir>');
  program.exitOverride();
  registerSync(program, ctx);
  registerCheck(program, ctx);
  await program.parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
  const terminal = events.filter((e) => e.startsWith('tty:')).join('');
  return { events, terminal };
}

/** The bar was wiped (`\r` + erase line) after its last drawing and before the first result line. */
function wipedBeforeResults(events: string[]): void {
  const lastDraw = events.findLastIndex((e) => e.startsWith('tty:') && e.length > 'tty:\r\x1b[2K'.length);
  const firstOut = events.findIndex((e) => e.startsWith('out:'));
  const wipe = events.findIndex((e, i) => i > lastDraw && e === 'tty:\r\x1b[2K');
  expect(lastDraw).toBeGreaterThanOrEqual(0);
  expect(wipe).toBeGreaterThan(lastDraw);
  expect(wipe).toBeLessThan(firstOut);
}

describe('progress on a terminal', () => {
  it('sync run here: its pages, items done against items done plus what waits', async () => {
    const { events, terminal } = await connector(['sync', 'paged']);
    expect(terminal).toContain(`paged (global) [#######·············] 33% ${PAGE}/${TOTAL} items`);
    expect(terminal).toContain(`paged (global) [####################] 100% ${TOTAL}/${TOTAL} items`);
    wipedBeforeResults(events);
    expect(events.filter((e) => e.startsWith('out:')).join('\n')).toMatch(
      /paged \(global\): succeeded — 30 item\(s\) processed/,
    );
  });

  it('check: flow by flow', async () => {
    const { events, terminal } = await connector(['check']);
    expect(terminal).toContain('check paged [····················] 0% 0/2 flows');
    expect(terminal).toContain('check [####################] 100% 2/2 flows');
    wipedBeforeResults(events);
  });
});
