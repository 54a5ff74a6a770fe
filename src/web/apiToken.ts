/**
 * The API tokens: each authorises programs (bearer) and browser sign-ins (session cookie) under its
 * name and role. Named tokens come from `server.apiTokens` in the configuration, each a secret
 * reference; without them, CONNECTOR_API_TOKEN is the one operator token (named `default`), and in
 * demo mode only, `<dataDir>/api-token` (named `demo`), generated once with mode 0600 and reused on
 * later starts so the CLI and a browser session survive a restart. Outside demo mode no token at all
 * is a config error: an API open to anyone on the machine is never a default.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiRole, ConnectorConfig } from '../config/schema.ts';
import { resolveSecret } from '../config/secrets.ts';
import { ConnectorError } from '../errors.ts';
import { secretsEqual } from './secretsEqual.ts';

export const API_TOKEN_FILE = 'api-token';
export const MIN_TOKEN_LENGTH = 24;

export interface ApiToken {
  /** Who holds it: named in the live feed and record history for every action it takes. */
  name: string;
  role: ApiRole;
  /** Never logged, echoed or stored; sessions keep only its fingerprint. */
  secret: string;
}

export interface ApiTokens {
  tokens: ApiToken[];
  /** The file the demo token was read from or written to; print this, never the token. */
  path?: string;
  /** Where the tokens came from, for the start-up message. */
  source: string;
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

/** Anyone who can reach the port may try tokens: a short one would be guessable. */
function requireLength(secret: string, what: string): void {
  if (secret.length < MIN_TOKEN_LENGTH) {
    throw new ConnectorError(
      'config',
      `${what} is too short: use at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`,
    );
  }
}

function namedTokens(configured: ConnectorConfig['server']['apiTokens'], env: NodeJS.ProcessEnv): ApiToken[] {
  const tokens = configured.map((t) => {
    const ref = 'env' in t.token ? `environment variable ${t.token.env}` : `file ${t.token.file}`;
    const secret = resolveSecret(t.token, env).trim();
    requireLength(secret, `the API token "${t.name}" (${ref})`);
    return { name: t.name, role: t.role, secret };
  });
  // Two names for one secret would make every action of either holder ambiguous.
  tokens.forEach((token, i) => {
    const same = tokens.slice(0, i).find((other) => secretsEqual(other.secret, token.secret));
    if (same) {
      throw new ConnectorError(
        'config',
        `the API tokens "${same.name}" and "${token.name}" are the same secret`,
      );
    }
  });
  return tokens;
}

function demoToken(dataDir: string): { secret: string; path: string } {
  const path = join(dataDir, API_TOKEN_FILE);
  const existing = readApiTokenFile(dataDir);
  if (existing) return { secret: existing, path };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': two processes racing on a fresh data directory must not overwrite each other's token.
    writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readApiTokenFile(dataDir);
    if (winner) return { secret: winner, path };
    // An empty file left by a crash between create and write: replace it.
    writeFileSync(path, secret + '\n', { mode: 0o600 });
  }
  // The umask may have narrowed the mode on creation but never widened it; be explicit anyway.
  chmodSync(path, 0o600);
  return { secret, path };
}

export function loadApiTokens(options: {
  config: ConnectorConfig;
  env: NodeJS.ProcessEnv;
  demo: boolean;
}): ApiTokens {
  const { config, env } = options;
  if (config.server.apiTokens.length > 0) {
    return { tokens: namedTokens(config.server.apiTokens, env), source: 'server.apiTokens' };
  }
  const fromEnv = env.CONNECTOR_API_TOKEN?.trim();
  if (fromEnv !== undefined && fromEnv.length > 0) {
    requireLength(fromEnv, 'CONNECTOR_API_TOKEN');
    return {
      tokens: [{ name: 'default', role: 'operator', secret: fromEnv }],
      source: 'CONNECTOR_API_TOKEN',
    };
  }
  if (!options.demo) {
    throw new ConnectorError(
      'config',
      'the web API has no token: list named tokens in server.apiTokens, or set CONNECTOR_API_TOKEN ' +
        '(any long random string, e.g. `openssl rand -base64 32`)',
    );
  }
  const { secret, path } = demoToken(config.dataDir);
  return { tokens: [{ name: 'demo', role: 'operator', secret }], path, source: path };
}

/**
 * The token a presented secret belongs to. Every token is compared, in time independent of where a
 * comparison fails, so the answer's timing tells neither which token came close nor how many there are.
 */
export function identify(tokens: ApiToken[], presented: string): ApiToken | undefined {
  let found: ApiToken | undefined;
  for (const token of tokens) if (secretsEqual(presented, token.secret)) found ??= token;
  return found;
}

/**
 * What a session remembers of the token that signed in: a change of the token's secret ends its
 * sessions. Tokens are long and random, so a plain hash does not let a database reader find them.
 */
export function tokenFingerprint(token: ApiToken): string {
  return createHash('sha256')
    .update(`connector/api-token\u0000${token.name}\u0000${token.secret}`)
    .digest('hex');
}
