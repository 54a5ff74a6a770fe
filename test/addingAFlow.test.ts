/**
 * docs/adding-a-flow.md, followed literally: its examples are the heartbeat's real files (checked here),
 * and a twin of the heartbeat made from them in a copy of the tree — its folder, its page and one line in
 * src/flows/index.ts, nothing else — lints clean (boundaries included), is found in the registry, plans
 * as the heartbeat does and runs through the real engine, saying so in the live feed.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.ts';
import { createLogger } from '../src/log/logger.ts';
import type * as Registry from '../src/flows/index.ts';
import type * as Runner from '../src/engine/runner.ts';
import type * as Feed from '../src/store/repos/feed.ts';
import type * as Services from '../src/store/repos/services.ts';
import type * as TestDb from './support/testDb.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GUIDE = readFileSync(join(ROOT, 'docs/adding-a-flow.md'), 'utf8');

/** The fenced block after `<!-- example: <name> -->` in the guide. */
function example(name: string): string {
  const match = new RegExp(
    `<!-- example: ${name.replaceAll('.', '\\.')} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``,
  ).exec(GUIDE);
  if (!match) throw new Error(`docs/adding-a-flow.md has no example "${name}"`);
  return match[1]!;
}

const twin = (text: string) => text.replaceAll('heartbeat', 'pulse').replaceAll('Heartbeat', 'Pulse');
const TREE = ['src', 'test', 'docs', 'bin', 'eslint.config.js', 'package.json', 'tsconfig.json'];

/** Every file under the tree's folders, relative to `root`. */
function files(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(root, path) : [relative(root, path)];
  });
}

describe('the guide’s examples are the heartbeat’s real files', () => {
  it.each([
    ['src/flows/heartbeat/flow.ts'],
    ['src/flows/heartbeat/flow.test.ts'],
    ['docs/flows/heartbeat.md'],
  ])('%s', (path) => {
    expect(example(path)).toBe(readFileSync(join(ROOT, path), 'utf8'));
  });

  it('the registry line', () => {
    expect(readFileSync(join(ROOT, 'src/flows/index.ts'), 'utf8')).toContain(example('registry line'));
  });
});

describe('a twin of the heartbeat, made by following the guide', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'adding-a-flow-'));
    for (const entry of TREE) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(copy, path)), { recursive: true });
      writeFileSync(join(copy, path), text);
    };
    write('src/flows/pulse/flow.ts', twin(example('src/flows/heartbeat/flow.ts')));
    write('src/flows/pulse/flow.test.ts', twin(example('src/flows/heartbeat/flow.test.ts')));
    write('docs/flows/pulse.md', twin(example('docs/flows/heartbeat.md')));
    const index = readFileSync(join(copy, 'src/flows/index.ts'), 'utf8');
    write('src/flows/index.ts', index.replace(/\n\];\n/, `\n${twin(example('registry line'))}];\n`));
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('touches its folder, its page and one line of src/flows/index.ts — nothing else', () => {
    const before = new Set(
      TREE.flatMap((e) => (statSync(join(ROOT, e)).isDirectory() ? files(ROOT, join(ROOT, e)) : [e])),
    );
    const after = TREE.flatMap((e) =>
      statSync(join(copy, e)).isDirectory() ? files(copy, join(copy, e)) : [e],
    );
    const changed = after.filter(
      (path) => !before.has(path) || !readFileSync(join(copy, path)).equals(readFileSync(join(ROOT, path))),
    );
    expect(changed.sort()).toEqual([
      'docs/flows/pulse.md',
      'src/flows/index.ts',
      'src/flows/pulse/flow.test.ts',
      'src/flows/pulse/flow.ts',
    ]);
    const lines = (root: string) => readFileSync(join(root, 'src/flows/index.ts'), 'utf8').split('\n');
    const added = lines(copy).filter((line) => !lines(ROOT).includes(line));
    expect(added).toEqual(["  (await import('./pulse/flow.ts')).pulseFlow,"]);
    expect(lines(copy).length).toBe(lines(ROOT).length + 1);
  });

  it('lints clean, the import allow-list included', async () => {
    const eslint = new ESLint({ cwd: copy });
    const results = await eslint.lintFiles([
      'src/flows/pulse/flow.ts',
      'src/flows/pulse/flow.test.ts',
      'src/flows/index.ts',
    ]);
    expect(
      results.flatMap((r) => r.messages.map((m) => `${relative(copy, r.filePath)}:${m.line} ${m.message}`)),
    ).toEqual([]);
  }, 120_000);

  it('is in the registry, plans like the heartbeat and runs through the engine, as the live feed shows', async () => {
    // The copy's own modules, so the twin runs exactly as that tree has it.
    const from = <T>(path: string): Promise<T> => import(join(copy, path)) as Promise<T>;
    const { flows } = await from<typeof Registry>('src/flows/index.ts');
    const { executeRun } = await from<typeof Runner>('src/engine/runner.ts');
    const { readFeed } = await from<typeof Feed>('src/store/repos/feed.ts');
    const { ensureService } = await from<typeof Services>('src/store/repos/services.ts');
    const { openTestStore } = await from<typeof TestDb>('test/support/testDb.ts');
    const pulse = flows.find((f) => f.id === 'pulse')!;
    expect(pulse.docs).toBe('docs/flows/pulse.md');
    const planned = pulse.plan(
      { beats: 41 },
      { connectionId: 'global', settings: {}, now: () => new Date(0) },
    );
    expect(planned.actions.map((a: { description: string }) => a.description)).toEqual(['record pulse #42']);

    const store = await openTestStore();
    try {
      await ensureService(store.db, {
        flow: 'pulse',
        connectionId: 'global',
        enabled: true,
        intervalSeconds: 5,
      });
      const deps = {
        config: parseConfig({}, 'twin'),
        store,
        log: createLogger({ level: 'silent' }),
        holder: 'twin',
        shutdown: new AbortController().signal,
      };
      expect(await executeRun(deps, pulse)).toMatchObject({ outcome: 'succeeded', items: 1 });
      const feed = await readFeed(store.db, { text: 'Pulse #1' });
      expect(feed.map((e) => e.message)).toEqual(['Pulse #1: scheduler, workers and database are working']);
    } finally {
      await store.close();
    }
  }, 120_000);
});
