// The D365 exchange line (issue 20): a successful exchange is a debug line — at the default `info` a
// person reads the connector's events, not each request — and a failed one a warning.
import { describe, expect, it } from 'vitest';
import { logExchange, type ExchangeRecord } from './exchangeLog.ts';

const record: ExchangeRecord = {
  method: 'GET',
  entitySet: 'ReleasedProductsV2',
  status: 200,
  durationMs: 12,
  attempts: 1,
  waitedMs: 0.4,
  outcome: 'ok',
};

function captured(r: ExchangeRecord) {
  const lines: Array<{ level: string; line: object; message?: string }> = [];
  logExchange(
    {
      debug: (line, message) => lines.push({ level: 'debug', line, message }),
      warn: (line, message) => lines.push({ level: 'warn', line, message }),
    },
    r,
  );
  return lines;
}

describe('logExchange', () => {
  it('a successful exchange: one debug line', () => {
    expect(captured(record)).toEqual([
      {
        level: 'debug',
        line: { remote: 'd365', ...record, waitedMs: 0 },
        message: 'D365 GET ReleasedProductsV2 200',
      },
    ]);
  });

  it('a failed exchange: one warning', () => {
    const lines = captured({ ...record, status: 503, attempts: 4, outcome: 'transient' });
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'D365 GET ReleasedProductsV2 failed (transient)'],
    ]);
  });
});
