// How the CLI prints for people: tables, relative times, feed lines, the status table, server addresses.
import { describe, expect, it } from 'vitest';
import { feedLine, relative, table } from './format.ts';
import { renderStatus } from './status.ts';
import { serverUrl } from './target.ts';

describe('formatting', () => {
  it('aligns table columns', () => {
    expect(table(['A', 'LONG'], [['xyz', '1']])).toBe('A    LONG\nxyz  1');
  });

  it('says times relative to now', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(relative('2025-01-01T11:59:48Z', now)).toBe('12s ago');
    expect(relative('2025-01-01T12:03:00Z', now)).toBe('in 3m');
    expect(relative(null, now)).toBe('—');
  });

  it('prints a feed entry on one line', () => {
    const entry = {
      id: 1,
      at: '2025-01-01T12:00:00.123Z',
      connectionId: 'global',
      flow: 'heartbeat',
      runId: null,
      level: 'info' as const,
      message: 'Heartbeat #1',
      fields: {},
    };
    expect(feedLine(entry)).toBe('2025-01-01 12:00:00Z  info   heartbeat/global  Heartbeat #1');
  });

  it('shows a failed last run with its message under the table', () => {
    const text = renderStatus([
      {
        flow: 'heartbeat',
        title: 'Heartbeat',
        description: '',
        connection: 'global',
        enabled: false,
        intervalSeconds: 5,
        nextRunAt: null,
        running: false,
        lastRun: { id: 'r', startedAt: null, endedAt: null, outcome: 'failed', message: 'boom' },
        itemsProcessed: 3,
        errors: 1,
        backlog: null,
        lagSeconds: null,
      },
    ]);
    expect(text).toMatch(/heartbeat\s+global\s+no\s+failed\s+—\s+—?\s*3\s+1/);
    expect(text).toContain('heartbeat (global) last run failed: boom');
  });

  it('connects to a wildcard listen address through the loopback', () => {
    expect(serverUrl({ host: '0.0.0.0', port: 8080 })).toBe('http://127.0.0.1:8080');
    expect(serverUrl({ host: '::1', port: 9 })).toBe('http://[::1]:9');
  });
});
