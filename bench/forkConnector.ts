/**
 * Forks a benchmark's connector process (a TypeScript file run through tsx's loader) with its job in
 * the environment and an IPC channel, writing a V8 CPU profile to `profileDir` when one is given.
 */
import { fork, type ChildProcess } from 'node:child_process';

export function forkConnector(file: string, env: Record<string, string>, profileDir?: string): ChildProcess {
  return fork(file, [], {
    execArgv: [
      '--import',
      import.meta.resolve('tsx'),
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}
