/**
 * docs/operations.md lists every series of ours, and no series we do not have: the names in its tables
 * are compared with the registry as runtime.ts composes it (series are only declared here, never read,
 * so no database is needed).
 */
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createRemoteMetrics } from '../../../src/http/remoteMetrics.ts';
import { registerOperatorMetrics } from '../../../src/ops/metrics/operatorMetrics.ts';
import type { Queryable } from '../../../src/store/db.ts';

const docs = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');

describe('docs/operations.md § Metrics', () => {
  it('names exactly the connector_* series the registry has', () => {
    const registry = new Registry();
    registerOperatorMetrics(registry, { db: {} as Queryable });
    createRemoteMetrics(registry);
    const registered = registry
      .getMetricsAsArray()
      .map((m) => m.name)
      .sort();
    const tables = docs.split('\n').filter((line) => line.startsWith('| `connector_'));
    const documented = tables.map((line) => /^\| `(connector_[a-z_]+)/.exec(line)![1]!).sort();
    expect(documented).toEqual(registered);
  });
});
