import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, uniqueSchema } from '../../support/testDb.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { flows } from '../../../src/flows/index.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { startRuntime, type Runtime } from '../../../src/runtime.ts';
import { openPostgres } from '../../../src/store/postgresDb.ts';
import { startWebServer } from '../../../src/web/server.ts';
import { nextEntries, sseEvents } from '../../../src/web/sseEvents.ts';
import { jsonOf } from '../../support/webTestKit.ts';

const token = 'runtime-test-token-0123456789';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The connector as `connector start` runs it: the web server comes up through the startWeb hook. */
async function startConnector(): Promise<Runtime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'web-runtime-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const schema = TEST_DATABASE_URL ? uniqueSchema() : undefined;
  if (schema) {
    cleanups.push(async () => {
      const db = await openPostgres({ url: TEST_DATABASE_URL! });
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.query(`DROP SCHEMA IF EXISTS "${schema}_boss" CASCADE`);
      await db.close();
    });
  }
  const config = parseConfig(
    {
      dataDir,
      server: { host: '127.0.0.1', port: 0 },
      services: { heartbeat: { intervalSeconds: 1 } },
      ...(schema ? { database: { url: { env: 'DATABASE_URL' } } } : {}),
    },
    'runtime test',
  );
  const runtime = await startRuntime({
    loaded: { config, demo: true, source: 'runtime test' },
    flows: flows,
    role: 'all',
    log: createLogger({ level: 'silent' }),
    env: { DATABASE_URL: TEST_DATABASE_URL },
    schema,
    bossSchema: schema && `${schema}_boss`,
    startWeb: (rt) =>
      startWebServer(rt, { apiTokens: [{ name: 'runtime', role: 'operator', secret: token }] }),
  });
  cleanups.push(() => runtime.stop('test over'));
  return runtime;
}

describe('the web server in a running connector', () => {
  it('shows the heartbeat in /api/services and streams its feed entries; stopping ends the stream', async () => {
    const runtime = await startConnector();
    const url = runtime.web!.url;
    const headers = { authorization: `Bearer ${token}` };

    const services = await jsonOf(await fetch(`${url}/api/services`, { headers }));
    expect(services.services.map((s: { flow: string }) => s.flow)).toContain('heartbeat');

    const res = await fetch(`${url}/api/feed/stream?flow=heartbeat&level=info`, {
      headers,
      signal: AbortSignal.timeout(30_000),
    });
    const events = sseEvents(res.body!);
    const [beat] = await nextEntries(events, 1);
    expect(JSON.parse(beat!.data!)).toMatchObject({
      flow: 'heartbeat',
      message: expect.stringMatching(/^Heartbeat #\d+/),
    });

    await runtime.stop('test over');
    // The stream ends as a finished response (entries already on the wire still arrive first): a
    // connection cut instead would make this loop throw.
    for await (const _event of events) {
      /* drained */
    }
  });
});
