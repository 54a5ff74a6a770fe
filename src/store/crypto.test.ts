import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSealer, KEY_FILE, loadMasterKey, parseKey } from './crypto.ts';
import { maskFields, openFields, purgeFields, sealFields } from './personalFields.ts';

const sealer = createSealer(randomBytes(32));

describe('sealer', () => {
  it('round-trips, with a different ciphertext every time', () => {
    const a = sealer.seal('Jane Doe, 1 Main St');
    const b = sealer.seal('Jane Doe, 1 Main St');
    expect(a).not.toBe(b);
    expect(a).not.toContain('Jane');
    expect(sealer.open(a)).toBe('Jane Doe, 1 Main St');
    expect(sealer.open(b)).toBe('Jane Doe, 1 Main St');
  });

  it('gives equal digests for equal plaintexts, and none that another key reproduces', () => {
    expect(sealer.digest('x')).toBe(sealer.digest('x'));
    expect(sealer.digest('x')).not.toBe(sealer.digest('y'));
    expect(createSealer(randomBytes(32)).digest('x')).not.toBe(sealer.digest('x'));
  });

  it('detects tampering and a wrong key', () => {
    const sealed = sealer.seal('secret');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64');
    expect(() => sealer.open(parts.join(':'))).toThrow(/cannot decrypt/);
    expect(() => createSealer(randomBytes(32)).open(sealed)).toThrow(/wrong CONNECTOR_ENCRYPTION_KEY/);
  });
});

describe('master key', () => {
  it('accepts 32 bytes as hex or base64 and refuses anything else', () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseKey('too-short')).toThrow(/must be 32 bytes/);
  });

  it('is required outside demo mode and generated once (mode 0600) in demo mode', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'connector-key-'));
    expect(() => loadMasterKey({ env: {}, dataDir, demo: false })).toThrow(
      /CONNECTOR_ENCRYPTION_KEY is not set/,
    );
    const first = loadMasterKey({ env: {}, dataDir, demo: true });
    const second = loadMasterKey({ env: {}, dataDir, demo: true });
    expect(first.equals(second)).toBe(true);
    expect(statSync(join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, KEY_FILE), 'utf8').trim()).toBe(first.toString('base64'));
    const fromEnv = randomBytes(32);
    expect(
      loadMasterKey({
        env: { CONNECTOR_ENCRYPTION_KEY: fromEnv.toString('hex') },
        dataDir,
        demo: true,
      }).equals(fromEnv),
    ).toBe(true);
  });
});

describe('personal fields in documents', () => {
  const order = {
    orderId: '111-2222222-3333333',
    buyer: { buyerEmail: 'x@marketplace.amazon.com', buyerName: 'Jane Doe' },
    items: [
      { sku: 'A', giftMessage: 'Happy birthday Jane' },
      { sku: 'B', giftMessage: 'Hi' },
    ],
    recipient: { deliveryAddress: { name: 'Jane Doe', city: 'Seattle' } },
  };
  const paths = [
    'buyer.buyerEmail',
    'buyer.buyerName',
    'items.*.giftMessage',
    'recipient.deliveryAddress',
    'absent.path',
  ];

  it('seals only the named fields, keeps the rest readable, and opens back to the original', () => {
    const sealed = sealFields(order, paths, sealer);
    const text = JSON.stringify(sealed);
    expect(text).not.toMatch(/Jane|marketplace\.amazon|Seattle|birthday/);
    expect(text).toContain('111-2222222-3333333');
    expect((sealed as typeof order).items[1]!.sku).toBe('B');
    expect(openFields(sealed, sealer)).toEqual(order);
  });

  it('masks for display and purges for good', () => {
    const sealed = sealFields(order, paths, sealer);
    expect((maskFields(sealed) as typeof order).buyer.buyerEmail).toBe('[personal data]');
    const purged = purgeFields(sealed);
    expect(JSON.stringify(purged)).not.toContain('$sealed');
    expect((purged as { orderId: string }).orderId).toBe(order.orderId);
  });
});
