import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors.ts';
import { API_TOKEN_FILE, loadApiToken, readApiTokenFile } from './apiToken.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'api-token-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('loadApiToken', () => {
  it('takes CONNECTOR_API_TOKEN from the environment and writes no file', () => {
    const token = 'from-env-0123456789abcdefghij';
    const source = loadApiToken({ env: { CONNECTOR_API_TOKEN: token }, dataDir, demo: true });
    expect(source).toEqual({ token });
    expect(readApiTokenFile(dataDir)).toBeUndefined();
  });

  it('refuses a guessable short token from the environment', () => {
    expect(() => loadApiToken({ env: { CONNECTOR_API_TOKEN: 'secret' }, dataDir, demo: false })).toThrow(
      /too short: use at least 24 characters/,
    );
  });

  it('generates a token once in demo mode, mode 0600, and reuses it on later starts', () => {
    const first = loadApiToken({ env: {}, dataDir, demo: true });
    expect(first.path).toBe(join(dataDir, API_TOKEN_FILE));
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(readApiTokenFile(dataDir)).toBe(first.token);
    const second = loadApiToken({ env: {}, dataDir, demo: true });
    expect(second).toEqual(first);
  });

  it('creates the data directory when it does not exist yet', () => {
    const nested = join(dataDir, 'fresh', 'data');
    const source = loadApiToken({ env: {}, dataDir: nested, demo: true });
    expect(readFileSync(source.path!, 'utf8').trim()).toBe(source.token);
  });

  it('replaces an empty token file left by a crash', () => {
    writeFileSync(join(dataDir, API_TOKEN_FILE), '');
    const source = loadApiToken({ env: {}, dataDir, demo: true });
    expect(source.token.length).toBeGreaterThanOrEqual(32);
    expect(readApiTokenFile(dataDir)).toBe(source.token);
  });

  it('outside demo mode, without CONNECTOR_API_TOKEN, is a config error naming the variable', () => {
    let error: unknown;
    try {
      loadApiToken({ env: {}, dataDir, demo: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('config');
    expect((error as ConnectorError).message).toContain('CONNECTOR_API_TOKEN');
    expect(readApiTokenFile(dataDir)).toBeUndefined();
  });
});
