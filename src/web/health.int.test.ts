import { afterEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/support/testDb.ts';
import type { Operations } from '../ops/operations.ts';
import { createWebApp } from './app.ts';

// The probes use only the database: no operations are needed behind them.
const noOps = {} as Operations;

let t: TestDb | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function probe(migrate: boolean, path: string) {
  t = await openTestDb({ migrate });
  const res = await createWebApp({ ops: noOps, db: t.db, apiTokens: [] }).request(path);
  return { status: res.status, body: await res.json() };
}

describe('health probes', () => {
  it('/healthz answers 200 while the process runs', async () => {
    expect(await probe(true, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz answers 200 when the database is reachable and migrated', async () => {
    expect(await probe(true, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('/readyz answers 503 when migrations are not current', async () => {
    const { status, body } = await probe(false, '/readyz');
    expect(status).toBe(503);
    expect(body).toEqual({
      status: 'not ready',
      problems: [expect.stringContaining('migrations are not current')],
    });
  });

  it('/readyz answers 503 when the database is not reachable', async () => {
    const db = await openTestDb();
    await db.close();
    const res = await createWebApp({ ops: noOps, db: db.db, apiTokens: [] }).request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', problems: ['database: not reachable'] });
  });
});
