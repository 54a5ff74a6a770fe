// The process log in both of its formats: the same record, the same redaction; and which format a
// process gets (a terminal reads lines, anything else JSON, LOG_FORMAT overrides).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseLogFormat, useColour } from './logFormat.ts';
import { createLogger } from './logger.ts';
import { fieldValue, prettyLine } from './prettyLine.ts';

function capture(format: 'json' | 'pretty', level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level, destination, format, env: {} }), lines };
}

const PERSONAL = {
  orderId: '112-1',
  buyerName: 'Jane Roe',
  shipping: { addressLine1: '1 Main St', city: 'Springfield' },
  note: 'ask jane@example.com',
  authorization: 'Bearer abc.def',
  refreshToken: 'Atzr|secret',
};
const LEAKS = ['Jane Roe', '1 Main St', 'Springfield', 'jane@example.com', 'abc.def', 'Atzr|secret'];

describe('the process log keeps personal data and secrets out in both formats', () => {
  for (const format of ['json', 'pretty'] as const) {
    it(`${format}: fields, nested fields, e-mail in values and messages, errors`, () => {
      const { log, lines } = capture(format);
      log.info(PERSONAL, 'order 112-1 imported for jane@example.com');
      log.error({ err: new Error('D365 refused the customer jane@example.com') }, 'run failed');
      const text = lines.join('\n');
      for (const leak of LEAKS) expect(text).not.toContain(leak);
      expect(text).toContain('112-1');
      expect(text).toContain('[redacted]');
    });
  }

  it('json: one object per line with the redacted fields', () => {
    const { log, lines } = capture('json');
    log.info(PERSONAL, 'imported');
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ msg: 'imported', orderId: '112-1', buyerName: '[redacted]' });
  });

  it('pretty: one line per event — time, level, message and key=value fields', () => {
    const { log, lines } = capture('pretty');
    log.info({ connection: 'demo', flow: 'import-orders', items: 3, runId: 'r-1' }, 'Import orders: 3 done');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO \(\d+\): Import orders: 3 done {2}connection=demo flow=import-orders items=3$/,
    );
  });

  it('pretty: an error shows its message on the line and its stack below', () => {
    const { log, lines } = capture('pretty');
    log.error({ err: new Error('boom') }, 'web API request failed');
    expect(lines[0]).toContain('ERROR');
    expect(lines[0]).toContain('web API request failed — boom');
    expect(lines[1]).toMatch(/^\s+at /);
  });

  it('remote exchanges stay below info: a debug record is not written at the default level', () => {
    const { log, lines } = capture('pretty', 'info');
    log.debug({ remote: 'd365' }, 'D365 GET CustomersV3 200');
    expect(lines).toEqual([]);
  });
});

describe('prettyLine', () => {
  it('quotes values with spaces, shortens long ones, writes objects as JSON', () => {
    expect(fieldValue('usmf')).toBe('usmf');
    expect(fieldValue('two words')).toBe('"two words"');
    expect(fieldValue({ a: 1 })).toBe('"{\\"a\\":1}"');
    expect(fieldValue(['x', 'y'])).toBe('x,y');
    expect(fieldValue([{ a: 1 }])).toBe(JSON.stringify('[{"a":1}]'));
    expect(fieldValue('x'.repeat(200))).toHaveLength(120);
    expect(prettyLine({ level: 30, msg: 'started', pid: 1, hostname: 'h', flows: 2 })).toBe(
      'started  flows=2',
    );
  });
});

describe('choosing the format', () => {
  it('a terminal reads lines, anything else JSON; LOG_FORMAT decides when set', () => {
    expect(chooseLogFormat({}, true)).toBe('pretty');
    expect(chooseLogFormat({}, false)).toBe('json');
    expect(chooseLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(chooseLogFormat({ LOG_FORMAT: 'Pretty' }, false)).toBe('pretty');
    expect(() => chooseLogFormat({ LOG_FORMAT: 'text' }, true)).toThrow(
      /LOG_FORMAT must be one of json, pretty/,
    );
  });

  it('colours only at a terminal without NO_COLOR', () => {
    expect(useColour({}, true)).toBe(true);
    expect(useColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(useColour({}, false)).toBe(false);
  });
});
