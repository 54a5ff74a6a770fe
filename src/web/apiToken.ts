/**
 * The API token: the one secret that authorises programs (bearer) and browser logins (session cookie).
 * It comes from CONNECTOR_API_TOKEN or, in demo mode only, from `<dataDir>/api-token`, generated once
 * with mode 0600 and reused on later starts so the CLI and a browser session survive a restart. Outside
 * demo mode a missing token is a config error: an API open to anyone on the machine is never a default.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorError } from '../errors.ts';

export const API_TOKEN_FILE = 'api-token';
export const MIN_TOKEN_LENGTH = 24;

export interface ApiTokenSource {
  token: string;
  /** The file the token was read from or written to (demo mode); print this, never the token. */
  path?: string;
}

/** The token in `<dataDir>/api-token`, or undefined when there is none (the CLI's view). */
export function readApiTokenFile(dataDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, API_TOKEN_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const token = text.trim();
  return token.length > 0 ? token : undefined;
}

export function loadApiToken(options: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  demo: boolean;
}): ApiTokenSource {
  const fromEnv = options.env.CONNECTOR_API_TOKEN?.trim();
  if (fromEnv !== undefined && fromEnv.length > 0) {
    // Anyone who can reach the port may try tokens at login: a short one would be guessable.
    if (fromEnv.length < MIN_TOKEN_LENGTH) {
      throw new ConnectorError(
        'config',
        `CONNECTOR_API_TOKEN is too short: use at least ${MIN_TOKEN_LENGTH} characters ` +
          '(e.g. `openssl rand -base64 32`)',
      );
    }
    return { token: fromEnv };
  }
  if (!options.demo) {
    throw new ConnectorError(
      'config',
      'CONNECTOR_API_TOKEN is not set: the web API needs it to authenticate programs and browser logins ' +
        '(any long random string, e.g. `openssl rand -base64 32`)',
    );
  }
  const path = join(options.dataDir, API_TOKEN_FILE);
  const existing = readApiTokenFile(options.dataDir);
  if (existing) return { token: existing, path };
  mkdirSync(options.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx': two processes racing on a fresh data directory must not overwrite each other's token.
    writeFileSync(path, token + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readApiTokenFile(options.dataDir);
    if (winner) return { token: winner, path };
    // An empty file left by a crash between create and write: replace it.
    writeFileSync(path, token + '\n', { mode: 0o600 });
  }
  // The umask may have narrowed the mode on creation but never widened it; be explicit anyway.
  chmodSync(path, 0o600);
  return { token, path };
}
