import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { openPglite } from './pgliteDb.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every file and directory under `root` that others than the owner may read, write or enter. */
function openToOthers(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) out.push(`${(stat.mode & 0o777).toString(8)} ${path}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return out;
}

describe('the embedded database files', () => {
  it('are private to the owner (0600 files, 0700 directories), at creation and after reopening', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pglite-modes-'));
    const path = join(dir, 'pglite');
    const first = await openPglite(path);
    await migrate(first);
    await first.query('INSERT INTO feed (level, message) VALUES ($1, $2)', ['info', 'written']);
    expect(openToOthers(path)).toEqual([]);
    await first.close();
    expect(openToOthers(path)).toEqual([]);

    const second = await openPglite(path);
    expect(openToOthers(path)).toEqual([]);
    await second.close();
    expect(openToOthers(path)).toEqual([]);
  });
});
