/**
 * Personal data at rest (Amazon's data protection policy): sealed with AES-256-GCM, each value with a
 * fresh IV, so the same plaintext never gives the same ciphertext. Deduplication therefore uses a keyed
 * HMAC of the plaintext (a key derived from the same secret), never the ciphertext.
 * The key comes from CONNECTOR_ENCRYPTION_KEY (32 bytes, base64 or hex) or, in demo mode, from a key file
 * generated in the data directory.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, hkdfSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorError } from '../errors.ts';

const VERSION = 'v1';

export interface Sealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** Keyed digest for deduplication: equal plaintexts, equal digests; not reversible without the key. */
  digest(plaintext: string): string;
}

export function createSealer(masterKey: Buffer): Sealer {
  if (masterKey.length !== 32) throw new ConnectorError('config', 'the encryption key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'connector/aes-256-gcm', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'connector/hmac-sha256', 32));
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) {
        throw new ConnectorError('data', 'sealed value has an unknown format');
      }
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new ConnectorError(
          'config',
          'cannot decrypt stored personal data: wrong CONNECTOR_ENCRYPTION_KEY?',
        );
      }
    },
    digest(plaintext) {
      return createHmac('sha256', macKey).update(plaintext, 'utf8').digest('hex');
    },
  };
}

export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new ConnectorError(
      'config',
      'CONNECTOR_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)',
    );
  }
  return key;
}

export const KEY_FILE = 'encryption.key';

/**
 * The master key: from the environment, or (demo mode only) a key file in the data directory, created
 * with mode 0600 on first start. Outside demo mode a missing key is a config error, not a silent default.
 */
export function loadMasterKey(options: { env: NodeJS.ProcessEnv; dataDir: string; demo: boolean }): Buffer {
  const fromEnv = options.env.CONNECTOR_ENCRYPTION_KEY;
  if (fromEnv) return parseKey(fromEnv);
  if (!options.demo) {
    throw new ConnectorError(
      'config',
      'CONNECTOR_ENCRYPTION_KEY is not set: it encrypts buyer personal data at rest (32 bytes, hex or base64)',
    );
  }
  const path = join(options.dataDir, KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return parseKey(readFileSync(path, 'utf8'));
}
