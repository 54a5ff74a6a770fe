import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import { ConnectorError } from '../errors.ts';
import { API_TOKEN_FILE, identify, loadApiTokens, readApiTokenFile, tokenFingerprint } from './apiToken.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'api-token-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const config = (server: unknown = {}) => parseConfig({ dataDir, server }, 'test');
const ALICE = 'alice-secret-0123456789abcdefgh';
const WALL = 'wall-secret-0123456789abcdefghij';

function configError(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('config');
    return error as ConnectorError;
  }
  throw new Error('expected a config error');
}

describe('loadApiTokens', () => {
  it('resolves named tokens from their secret references, with their roles', () => {
    const file = join(dataDir, 'wall-token');
    writeFileSync(file, `${WALL}\n`);
    const loaded = loadApiTokens({
      config: config({
        apiTokens: [
          { name: 'alice', role: 'operator', token: { env: 'ALICE_TOKEN' } },
          { name: 'wall', role: 'viewer', token: { file } },
        ],
      }),
      env: { ALICE_TOKEN: ALICE, CONNECTOR_API_TOKEN: 'ignored-when-named-tokens-exist-0123' },
      demo: true,
    });
    expect(loaded).toEqual({
      tokens: [
        { name: 'alice', role: 'operator', secret: ALICE },
        { name: 'wall', role: 'viewer', secret: WALL },
      ],
      source: 'server.apiTokens',
    });
    expect(readApiTokenFile(dataDir)).toBeUndefined();
  });

  it('refuses a short named token, naming it and its reference but never the value', () => {
    const error = configError(() =>
      loadApiTokens({
        config: config({ apiTokens: [{ name: 'bob', role: 'viewer', token: { env: 'BOB_TOKEN' } }] }),
        env: { BOB_TOKEN: 'short-secret' },
        demo: false,
      }),
    );
    expect(error.message).toContain('"bob" (environment variable BOB_TOKEN) is too short');
    expect(error.message).not.toContain('short-secret');
  });

  it('refuses one secret under two names: every action would be ambiguous', () => {
    const error = configError(() =>
      loadApiTokens({
        config: config({
          apiTokens: [
            { name: 'alice', role: 'operator', token: { env: 'A' } },
            { name: 'bob', role: 'viewer', token: { env: 'B' } },
          ],
        }),
        env: { A: ALICE, B: ALICE },
        demo: false,
      }),
    );
    expect(error.message).toBe('the API tokens "alice" and "bob" are the same secret');
  });

  it('without named tokens, CONNECTOR_API_TOKEN is the one operator token, "default"; no file written', () => {
    const token = 'from-env-0123456789abcdefghij';
    expect(loadApiTokens({ config: config(), env: { CONNECTOR_API_TOKEN: token }, demo: true })).toEqual({
      tokens: [{ name: 'default', role: 'operator', secret: token }],
      source: 'CONNECTOR_API_TOKEN',
    });
    expect(readApiTokenFile(dataDir)).toBeUndefined();
  });

  it('refuses a guessable short CONNECTOR_API_TOKEN', () => {
    expect(
      configError(() =>
        loadApiTokens({ config: config(), env: { CONNECTOR_API_TOKEN: 'secret' }, demo: false }),
      ).message,
    ).toMatch(/CONNECTOR_API_TOKEN is too short: use at least 24 characters/);
  });

  it('generates the demo token once, mode 0600, named "demo" with the operator role, and reuses it', () => {
    const first = loadApiTokens({ config: config(), env: {}, demo: true });
    expect(first.path).toBe(join(dataDir, API_TOKEN_FILE));
    expect(first.tokens).toEqual([{ name: 'demo', role: 'operator', secret: expect.any(String) }]);
    expect(first.tokens[0]!.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(readApiTokenFile(dataDir)).toBe(first.tokens[0]!.secret);
    expect(loadApiTokens({ config: config(), env: {}, demo: true })).toEqual(first);
  });

  it('creates the data directory when it does not exist yet, and replaces an empty token file', () => {
    const nested = join(dataDir, 'fresh', 'data');
    const fresh = loadApiTokens({ config: parseConfig({ dataDir: nested }, 'test'), env: {}, demo: true });
    expect(readFileSync(fresh.path!, 'utf8').trim()).toBe(fresh.tokens[0]!.secret);
    writeFileSync(join(dataDir, API_TOKEN_FILE), '');
    const replaced = loadApiTokens({ config: config(), env: {}, demo: true });
    expect(readApiTokenFile(dataDir)).toBe(replaced.tokens[0]!.secret);
  });

  it('outside demo mode, without any token, is a config error naming both ways to give one', () => {
    const error = configError(() => loadApiTokens({ config: config(), env: {}, demo: false }));
    expect(error.message).toContain('server.apiTokens');
    expect(error.message).toContain('CONNECTOR_API_TOKEN');
    expect(readApiTokenFile(dataDir)).toBeUndefined();
  });
});

describe('identify', () => {
  const tokens = [
    { name: 'alice', role: 'operator' as const, secret: ALICE },
    { name: 'wall', role: 'viewer' as const, secret: WALL },
  ];

  it('finds the token a secret belongs to, and none for anything else', () => {
    expect(identify(tokens, WALL)?.name).toBe('wall');
    expect(identify(tokens, ALICE)?.name).toBe('alice');
    expect(identify(tokens, `${ALICE}x`)).toBeUndefined();
    expect(identify(tokens, '')).toBeUndefined();
  });

  it('fingerprints change with the secret, so a new secret ends the old sessions', () => {
    expect(tokenFingerprint(tokens[0]!)).toBe(tokenFingerprint({ ...tokens[0]! }));
    expect(tokenFingerprint(tokens[0]!)).not.toBe(tokenFingerprint({ ...tokens[0]!, secret: WALL }));
    expect(tokenFingerprint(tokens[0]!)).not.toContain(ALICE);
  });
});
