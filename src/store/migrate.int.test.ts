import { afterEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/support/testDb.ts';
import { appliedVersions, isCurrent, listMigrations, migrate } from './migrate.ts';

let t: TestDb | undefined;
afterEach(async () => t?.close());

describe('migrations', () => {
  it('apply in order once, and report currency', async () => {
    t = await openTestDb({ migrate: false });
    expect(await isCurrent(t.db)).toBe(false);
    const applied = await migrate(t.db);
    expect(applied.map((m) => m.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await isCurrent(t.db)).toBe(true);
    expect(await migrate(t.db)).toEqual([]);
    expect(await appliedVersions(t.db)).toEqual(listMigrations().map((m) => m.version));
    const { rows } = await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'cursors',
        'links',
        'records',
        'record_events',
        'intents',
        'payloads',
        'feed',
        'services',
        'runs',
      ]),
    );
  });

  it('are safe when several processes migrate at once', async () => {
    t = await openTestDb({ migrate: false });
    const results = await Promise.all([migrate(t.db), migrate(t.db), migrate(t.db)]);
    expect(results.flat().length).toBe(listMigrations().length);
  });
});
