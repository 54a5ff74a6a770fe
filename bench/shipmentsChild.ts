/**
 * The benchmark's side of the confirming connector process (bench/shipmentsConnector.ts): forks it with
 * tsx's loader and steers it over IPC — `started`, then `mark` and `stop`, each answered with figures —
 * and notes when it failed or ended, so that a wait never outlives it.
 */
import { forkConnector } from './forkConnector.ts';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ShipmentsJob } from './shipmentsConnector.ts';

const CHILD = fileURLToPath(new URL('./shipmentsConnector.ts', import.meta.url));

export function startChild(job: ShipmentsJob, postgresUrl: string) {
  const child = forkConnector(
    CHILD,
    { BENCH_SHIPMENTS_CHILD: JSON.stringify(job), BENCH_SHIPMENTS_DATABASE_URL: postgresUrl },
    process.env.BENCH_SHIPMENTS_PROFILE,
  );
  const waiting = new Map<ChildMessage['kind'], (m: ChildMessage) => void>();
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure = error;
    for (const resolve of waiting.values()) resolve({ kind: 'failed', error: error.message });
  };
  child.on('message', (m: ChildMessage) => {
    if (m.kind === 'failed') return fail(new Error(`the connector process failed: ${m.error}`));
    waiting.get(m.kind)?.(m);
    waiting.delete(m.kind);
  });
  child.on('exit', (code) => fail(new Error(`the connector process ended (${code})`)));
  const next = <K extends ChildMessage['kind']>(kind: K) =>
    new Promise<Extract<ChildMessage, { kind: K }>>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.set(kind, (m) =>
        m.kind === kind ? resolve(m as Extract<ChildMessage, { kind: K }>) : reject(failure),
      );
    });
  return {
    started: next('started'),
    mark: () => {
      const answer = next('marked');
      child.send({ kind: 'mark' });
      return answer;
    },
    stop: () => {
      const answer = next('done');
      child.send({ kind: 'stop' });
      return answer;
    },
    failed: () => failure,
    kill: () => child.kill('SIGKILL'),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()`, or throws after `seconds` (or when the child failed). */
export async function until(
  done: () => boolean,
  seconds: number,
  what: string,
  failed: () => Error | undefined,
) {
  const deadline = Date.now() + seconds * 1000;
  while (!done()) {
    const failure = failed();
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s`);
    await sleep(100);
  }
}
