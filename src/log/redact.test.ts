import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { isPersonalKey, redactFields, REDACTED } from './redact.ts';
import { createLogger } from './logger.ts';

describe('redaction', () => {
  it('recognises personal field names in any casing style', () => {
    for (const key of [
      'buyerEmail',
      'BuyerName',
      'shipping_address',
      'AddressLine1',
      'phoneNumber',
      'postalCode',
      'apiToken',
      'companyName',
      'buyerCompany',
    ]) {
      expect(isPersonalKey(key), key).toBe(true);
    }
    // `company` is a D365 legal entity (usmf), not a buyer's company: it stays readable in logs.
    for (const key of ['orderId', 'sku', 'flow', 'marketplaceId', 'items', 'status', 'quantity', 'company']) {
      expect(isPersonalKey(key), key).toBe(false);
    }
  });

  it('masks personal fields at any depth and e-mail addresses anywhere', () => {
    expect(
      redactFields({
        orderId: '1',
        nested: { list: [{ buyerName: 'Jane' }, 'write to jane@example.com'] },
        shippingAddress: { city: 'Seattle' },
      }),
    ).toEqual({
      orderId: '1',
      nested: { list: [{ buyerName: REDACTED }, `write to ${REDACTED}`] },
      shippingAddress: REDACTED,
    });
  });

  it('keeps personal data out of the process log', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', destination });
    log.info({ orderId: '1', buyerEmail: 'jane@example.com', note: 'jane@example.com asked' }, 'imported');
    expect(lines.join('')).not.toContain('jane@example.com');
    expect(lines.join('')).toContain('"orderId":"1"');
    log.info({ order: '1', salesOrder: 'SO-1', company: 'usmf' }, 'created');
    expect(lines[lines.length - 1]).toContain('"company":"usmf"');
    log.warn({ err: new Error('remote refused order for jane@example.com') }, 'failed');
    const last = JSON.parse(lines[lines.length - 1]!) as { err: { message: string; stack: string } };
    expect(last.err.message).toBe('remote refused order for [redacted]');
    expect(last.err.stack).toContain('redact.test.ts');
  });
});
