import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../config/load.ts';
import { createLogger } from '../log/logger.ts';
import type { Store } from '../store/openStore.ts';

import { checkFlow, parseBackfillSince } from './hooks.ts';
import type { RunnerDeps } from './runner.ts';
import { stubFlow } from '../../test/support/stubFlow.ts';

const NOW = new Date('2025-03-01T12:00:00Z');

describe('parseBackfillSince', () => {
  it.each([
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T08:30', '2025-01-31T08:30:00.000Z'],
    ['2025-01-31T08:30:15.5Z', '2025-01-31T08:30:15.500Z'],
    ['2025-01-31T08:30:00+02:00', '2025-01-31T06:30:00.000Z'],
    ['2025-01-31T08:30:00-0500', '2025-01-31T13:30:00.000Z'],
    [' 2024-02-29 ', '2024-02-29T00:00:00.000Z'],
    ['2025-03-01T12:00:00Z', '2025-03-01T12:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseBackfillSince(text, NOW).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2025-02-30', '2025-13-01', '2025-01-31T25:00Z', '31.01.2025', '2025-1-3', ''])(
    'refuses %j, saying what is accepted',
    (text) => {
      expect(() => parseBackfillSince(text, NOW)).toThrow(
        /is not a date: give an ISO date such as 2025-01-31/,
      );
    },
  );

  it('refuses the future', () => {
    expect(() => parseBackfillSince('2025-03-02', NOW)).toThrow(
      '2025-03-02T00:00:00.000Z is in the future: a backfill goes back over what already happened',
    );
  });
});

describe('checkFlow', () => {
  const deps = (services: Record<string, unknown> = {}): RunnerDeps => ({
    config: parseConfig({ services }, 'hooks test'),
    // The checks below never log nor write: a store is not needed to build their context.
    store: { db: {} } as unknown as Store,
    log: createLogger({ level: 'silent' }),
    holder: 'hooks-test',
    shutdown: new AbortController().signal,
  });
  const flow = (check: () => Promise<never>) =>
    stubFlow({ id: 'probe', settings: z.strictObject({ depth: z.number().default(1) }), check });

  it('reports invalid settings as a failed item, not an error', async () => {
    const items = await checkFlow(
      deps({ probe: { depht: 2 } }),
      flow(() => Promise.reject(new Error('unused'))),
      'global',
    );
    expect(items).toEqual([
      {
        name: 'Probe: pre-flight check',
        ok: false,
        detail: expect.stringContaining('Unrecognized key: "depht"'),
        fix: 'correct the configuration (services.probe, or the connection) and check again',
      },
    ]);
  });

  it('reports a check that throws as a failed item', async () => {
    const items = await checkFlow(
      deps(),
      flow(() => Promise.reject(new Error('socket hang up'))),
      'global',
    );
    expect(items).toEqual([
      expect.objectContaining({ ok: false, detail: 'the check could not run: socket hang up' }),
    ]);
  });
});
