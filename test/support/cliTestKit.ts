/**
 * Test helpers that run the real `connector` command (`node bin/connector.js …`) as a child process:
 * a clean environment (no DATABASE_URL, config or token leaking in from the developer's shell), output
 * captured, every child tracked so `killAll()` in afterEach leaves nothing running, and a deadline on
 * every wait so a hung child fails the test instead of hanging it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/connector.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const LEAKY = ['DATABASE_URL', 'CONNECTOR_CONFIG', 'CONNECTOR_API_TOKEN', 'CONNECTOR_DB_SCHEMA', 'LOG_LEVEL'];

export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of LEAKY) delete env[name];
  delete env.CONNECTOR_ENCRYPTION_KEY;
  return { ...env, ...extra };
}

export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): CliChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Kills every child still running (afterEach), but those a describe block shares across its tests. */
export async function killAll(keep: Array<ChildProcess | undefined> = []): Promise<void> {
  const running = [...children].filter((child) => !keep.includes(child));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(running.map((child) => new Promise((resolve) => child.once('close', resolve))));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A guard against a hung command, not a speed limit: a command costs about 1.3 s of CPU through a
 * running connector's API and 4-4.5 s when it opens the embedded database itself (tsx loads the sources,
 * PGlite starts), a first one on a fresh data directory about 7 s more (PGlite's initdb), and on a loaded
 * two-core machine (a benchmark beside two test workers) it takes several times that — a 30 s guard
 * killed a healthy first `migrate` there. The test's own timeout bounds the whole scenario.
 */
const HUNG_COMMAND_MS = 120_000;

/** Runs a command to its end; a child still running after `timeoutMs` is killed and the test fails. */
export async function runCli(
  args: string[],
  env?: NodeJS.ProcessEnv,
  timeoutMs = HUNG_COMMAND_MS,
): Promise<CliResult> {
  const run = spawnCli(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await run.exited;
  clearTimeout(timer);
  if (signal === 'SIGKILL') throw new Error(`connector ${args.join(' ')} did not finish in ${timeoutMs} ms`);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined); fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function healthy(url: string): Promise<true | undefined> {
  const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
  return res.ok ? true : undefined;
}

export interface RunningServer extends CliChild {
  url: string;
}

/** `connector start` on a free port, once it answers /healthz. */
export async function startServer(
  args: string[],
  env?: NodeJS.ProcessEnv,
  port?: number,
): Promise<RunningServer> {
  const p = port ?? (await freePort());
  const server = spawnCli([...args, 'start', '--port', String(p)], env);
  const url = `http://127.0.0.1:${p}`;
  const exitedEarly = server.exited.then(({ code }) => {
    throw new Error(`connector start exited (${code}) before answering: ${server.stderr()}`);
  });
  await Promise.race([waitFor('/healthz', () => healthy(url)), exitedEarly]);
  exitedEarly.catch(() => undefined);
  return { ...server, url };
}

export const readToken = (dataDir: string) => readFileSync(join(dataDir, 'api-token'), 'utf8').trim();

export async function apiGet<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return (await res.json()) as T;
}
