/**
 * The real `connector` command (`node bin/connector.js …`) as a child process, for the order-import
 * crash test: the emulators (`emulate amazon|d365`) and the connector itself (`start`). Output is kept
 * for failure messages and for telling where a kill landed; every child is tracked so `stopAll` (in
 * afterEach) leaves nothing running, and every wait is bounded and says what it waited for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../../bin/connector.js', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<CliProcess>();

export class CliProcess {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout = '';
  stderr = '';
  exit?: Exit;

  constructor(name: string, args: string[], env: NodeJS.ProcessEnv) {
    this.name = name;
    this.process = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    running.add(this);
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The last lines of its output, for failure messages. */
  tail(lines = 12): string {
    const pick = (text: string) => text.trim().split('\n').slice(-lines).join('\n    ');
    const state = this.alive ? 'running' : `exited ${JSON.stringify(this.exit)}`;
    return `${this.name} (pid ${this.pid}, ${state})\n    stdout: ${pick(this.stdout)}\n    stderr: ${pick(this.stderr)}`;
  }

  /** Waits for a line of stdout matching `pattern`; fails at once if the process exits first. */
  async waitForOutput(pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.stdout);
      if (match) return match;
      if (!this.alive) throw new Error(`${this.name} exited before ${what}\n  ${this.tail(30)}`);
      if (Date.now() > deadline)
        throw new Error(
          `${this.name}: timed out after ${timeoutMs / 1000}s waiting for ${what}\n  ${this.tail()}`,
        );
      await sleep(20);
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.process.kill(signal);
  }

  async waitExit(timeoutMs = 60_000): Promise<Exit> {
    const exit = await Promise.race([this.exited, sleep(timeoutMs).then(() => undefined)]);
    if (!exit) throw new Error(`${this.name} did not exit within ${timeoutMs / 1000}s\n  ${this.tail()}`);
    return exit;
  }
}

/** SIGKILLs every child still running and waits for them (afterEach, also after a failure). */
export async function stopAll(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
}

/** Polls `predicate` until it holds; fails with what it waited for and `context` (bounded). */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number; context?: () => string | Promise<string> } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) {
      const context = await options.context?.();
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}${context ? `\n  ${context}` : ''}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}
