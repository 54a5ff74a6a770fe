/**
 * The import allow-list (DESIGN §4.1, eslint.config.js) cannot rot unnoticed: in a temporary copy of the
 * tree, one file per case plants an import that breaks a row of the table — static, type-only, dynamic,
 * a re-export, an `import()` type annotation, src → test — and ESLint must report every one. Imports the
 * table allows are planted too, and must pass, so a linter that refuses everything fails as well.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Plant {
  /** What the case breaks (or, for `allowed`, exercises). */
  name: string;
  /** Where the planted file goes, from the root of the copy. */
  file: string;
  code: string;
}

/** Every one must be reported. */
const violations: Plant[] = [
  // The thirteen an earlier linter configuration let through or caught only in part.
  {
    name: 'amazon → d365',
    file: 'src/amazon/planted.ts',
    code: `import { createD365Client } from '../d365/index.ts';\nexport const x = createD365Client;`,
  },
  {
    name: 'd365 → amazon, type-only',
    file: 'src/d365/planted.ts',
    code: `import type { AmazonClient } from '../amazon/client.ts';\nexport type X = AmazonClient;`,
  },
  {
    name: 'amazon → store',
    file: 'src/amazon/planted2.ts',
    code: `import { createDbBucketStore } from '../store/repos/rateBuckets.ts';\nexport const x = createDbBucketStore;`,
  },
  {
    name: 'd365 → engine, dynamic',
    file: 'src/d365/planted2.ts',
    code: `export const load = () => import('../engine/flow.ts');`,
  },
  {
    name: 'store → web',
    file: 'src/store/planted.ts',
    code: `import { createWebApp } from '../web/app.ts';\nexport const x = createWebApp;`,
  },
  {
    name: 'store → engine, type-only',
    file: 'src/store/planted2.ts',
    code: `import type { AnyFlow } from '../engine/flow.ts';\nexport type X = AnyFlow;`,
  },
  {
    name: 'src → test',
    file: 'src/http/planted.ts',
    code: `import { openTestDb } from '../../test/support/testDb.ts';\nexport const x = openTestDb;`,
  },
  {
    name: 'jobs → cli',
    file: 'src/jobs/planted.ts',
    code: `import { registerStart } from '../cli/start.ts';\nexport const x = registerStart;`,
  },
  {
    name: 'flow → web',
    file: 'src/flows/importOrders/planted.ts',
    code: `import { createWebApp } from '../../web/app.ts';\nexport const x = createWebApp;`,
  },
  {
    name: 'flow → cli, dynamic',
    file: 'src/flows/importOrders/planted2.ts',
    code: `export const load = () => import('../../cli/start.ts');`,
  },
  {
    name: 'flow → another flow',
    file: 'src/flows/importOrders/planted3.ts',
    code: `import { heartbeatFlow } from '../heartbeat/flow.ts';\nexport const x = heartbeatFlow;`,
  },
  {
    name: 'emulator → amazon client',
    file: 'src/emulators/amazon/planted.ts',
    code: `import { createAmazonClient } from '../../amazon/client.ts';\nexport const x = createAmazonClient;`,
  },
  {
    name: 'emulator → engine, type-only',
    file: 'src/emulators/d365/planted.ts',
    code: `import type { AnyFlow } from '../../engine/flow.ts';\nexport type X = AnyFlow;`,
  },
  // One more for each row of the table.
  {
    name: 'errors → store',
    file: 'src/errors.ts',
    code: `import { openStore } from './store/openStore.ts';\nexport const planted = openStore;`,
  },
  {
    name: 'log → http',
    file: 'src/log/planted.ts',
    code: `import { decide } from '../http/retryPolicy.ts';\nexport const x = decide;`,
  },
  {
    name: 'config → store',
    file: 'src/config/planted.ts',
    code: `import type { Db } from '../store/db.ts';\nexport type X = Db;`,
  },
  {
    name: 'http → store',
    file: 'src/http/planted2.ts',
    code: `import { createDbBucketStore } from '../store/repos/rateBuckets.ts';\nexport const x = createDbBucketStore;`,
  },
  {
    name: 'engine → amazon client',
    file: 'src/engine/planted.ts',
    code: `import { createAmazonClient } from '../amazon/client.ts';\nexport const x = createAmazonClient;`,
  },
  {
    name: 'engine → a flow',
    file: 'src/engine/planted2.ts',
    code: `import { importOrdersFlow } from '../flows/importOrders/flow.ts';\nexport const x = importOrdersFlow;`,
  },
  {
    name: 'engine → the shared domain module, type-only',
    file: 'src/engine/planted3.ts',
    code: `import type { Remotes } from '../flows/domain/remotes.ts';\nexport type X = Remotes;`,
  },
  {
    name: 'shared domain → a flow',
    file: 'src/flows/domain/planted.ts',
    code: `import { importOrdersSettings } from '../importOrders/settings.ts';\nexport const x = importOrdersSettings;`,
  },
  {
    name: 'flow → jobs',
    file: 'src/flows/heartbeat/planted.ts',
    code: `import { queueName } from '../../jobs/queues.ts';\nexport const x = queueName;`,
  },
  {
    name: 'flow registry → web',
    file: 'src/flows/index.ts',
    code: `import { createWebApp } from '../web/app.ts';\nexport const planted = createWebApp;`,
  },
  {
    name: 'jobs → a flow',
    file: 'src/jobs/planted2.ts',
    code: `import { heartbeatFlow } from '../flows/heartbeat/flow.ts';\nexport const x = heartbeatFlow;`,
  },
  {
    name: 'ops → a flow’s internals',
    file: 'src/ops/planted.ts',
    code: `import { FLOW_ID } from '../flows/importOrders/intake/staging.ts';\nexport const x = FLOW_ID;`,
  },
  {
    name: 'web → runtime',
    file: 'src/web/planted.ts',
    code: `import { startRuntime } from '../runtime.ts';\nexport const x = startRuntime;`,
  },
  {
    name: 'web → d365',
    file: 'src/web/planted2.ts',
    code: `import type { D365Client } from '../d365/index.ts';\nexport type X = D365Client;`,
  },
  {
    name: 'cli → a flow',
    file: 'src/cli/planted.ts',
    code: `import { importOrdersDemo } from '../flows/importOrders/demo.ts';\nexport const x = importOrdersDemo;`,
  },
  {
    name: 'cli → web',
    file: 'src/cli/planted2.ts',
    code: `import { createWebApp } from '../web/app.ts';\nexport const x = createWebApp;`,
  },
  {
    name: 'cli → main',
    file: 'src/cli/planted3.ts',
    code: `export const load = () => import('../main.ts');`,
  },
  {
    name: 'runtime → cli',
    file: 'src/runtime.ts',
    code: `import { registerStart } from './cli/start.ts';\nexport const planted = registerStart;`,
  },
  {
    name: 'an emulator → the other',
    file: 'src/emulators/amazon/planted2.ts',
    code: `import { createD365Emulator } from '../d365/app.ts';\nexport const x = createD365Emulator;`,
  },
  {
    name: 'emulators/shared → an emulator',
    file: 'src/emulators/shared/planted.ts',
    code: `import { createAmazonEmulator } from '../amazon/app.ts';\nexport const x = createAmazonEmulator;`,
  },
  {
    name: 'demo → errors',
    file: 'src/demo/planted.ts',
    code: `import { ConnectorError } from '../errors.ts';\nexport const x = ConnectorError;`,
  },
  {
    name: 'amazon re-exports d365',
    file: 'src/amazon/planted3.ts',
    code: `export { createD365Client } from '../d365/index.ts';`,
  },
  {
    name: 'an import() type annotation',
    file: 'src/store/planted3.ts',
    code: `export type X = import('../web/app.ts').WebAppOptions;`,
  },
  {
    name: 'alerts → jobs',
    file: 'src/alerts/planted.ts',
    code: `import { queueName } from '../jobs/queues.ts';\nexport const x = queueName;`,
  },
  {
    name: 'alerts → a flow, type-only',
    file: 'src/alerts/planted2.ts',
    code: `import type { Remotes } from '../flows/domain/remotes.ts';\nexport type X = Remotes;`,
  },
  { name: 'a file in no row of the table', file: 'src/planted.ts', code: `export const x = 1;` },
];

/** Every one must pass. */
const allowed: Plant[] = [
  {
    name: 'a flow within its own folder',
    file: 'src/flows/importOrders/allowed.ts',
    code: `import { FLOW_ID } from './intake/staging.ts';\nexport const x = FLOW_ID;`,
  },
  {
    name: 'a flow → the shared domain module, engine and demo',
    file: 'src/flows/heartbeat/allowed.ts',
    code: `import type { Remotes } from '../domain/remotes.ts';\nimport { defineFlow } from '../../engine/flow.ts';\nimport { demoCatalogue } from '../../demo/demoCatalogue.ts';\nexport type X = Remotes;\nexport const x = [defineFlow, demoCatalogue];`,
  },
  {
    name: 'ops → the flow registry',
    file: 'src/ops/allowed.ts',
    code: `import { flows } from '../flows/index.ts';\nexport const x = flows;`,
  },
  {
    name: 'cli → emulators and runtime',
    file: 'src/cli/allowed.ts',
    code: `import { createAmazonEmulator } from '../emulators/amazon/app.ts';\nimport { startRuntime } from '../runtime.ts';\nexport const x = [createAmazonEmulator, startRuntime];`,
  },
  {
    name: 'alerts → engine and store',
    file: 'src/alerts/allowed.ts',
    code: `import { createFeedLogger } from '../engine/feedLogger.ts';\nimport { listServices } from '../store/repos/services.ts';\nexport const x = [createFeedLogger, listServices];`,
  },
  {
    name: 'a test beside the code → test support',
    file: 'src/cli/allowed.test.ts',
    code: `import { openTestDb } from '../../test/support/testDb.ts';\nexport const x = openTestDb;`,
  },
];

let copy: string;
let results: Map<string, ESLint.LintResult>;

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'boundaries-'));
  for (const entry of ['src', 'test', 'eslint.config.js', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  for (const plant of [...violations, ...allowed]) {
    const path = join(copy, plant.file);
    mkdirSync(dirname(path), { recursive: true });
    // A planted line added to an existing file keeps what is there (errors.ts, runtime.ts, flows/index.ts).
    const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
    writeFileSync(path, `${existing}\n${plant.code}\n`);
  }
  const eslint = new ESLint({ cwd: copy });
  const files = [...new Set([...violations, ...allowed].map((p) => join(copy, p.file)))];
  results = new Map((await eslint.lintFiles(files)).map((r) => [r.filePath, r]));
}, 180_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** The boundary findings ESLint reported on the planted lines of a file. */
function findings(plant: Plant): string[] {
  const result = results.get(join(copy, plant.file));
  if (!result) throw new Error(`ESLint did not lint ${plant.file}`);
  return result.messages
    .filter((m) => /^boundaries\/|consistent-type-imports/.test(m.ruleId ?? ''))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the import allow-list', () => {
  it(`plants ${violations.length} violations`, () => {
    expect(violations.length).toBeGreaterThanOrEqual(13);
  });

  it.each(violations.map((v) => [v.name, v] as const))('reports %s', (_name, plant) => {
    expect(findings(plant)).not.toEqual([]);
  });

  it.each(allowed.map((a) => [a.name, a] as const))('allows %s', (_name, plant) => {
    expect(findings(plant)).toEqual([]);
  });
});
