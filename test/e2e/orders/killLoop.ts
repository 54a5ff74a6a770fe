/**
 * The kill loop the process-level crash tests share (ordersCrash, shipmentsCrash): kill moments drawn
 * from a seeded generator whose seed the test prints first (an environment variable replays it), when a
 * freshly started connector may be killed, and the kill itself — SIGKILL, and a check that the process
 * died of it rather than of its own accord.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { waitFor, type TestProcess } from '../../fixtures/childProcess.ts';
import { runStarted } from './killPhase.ts';
import type { OrdersWorld } from './ordersWorld.ts';

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: the one in `variable` (an earlier run's, printed), else a fresh one. */
export function killSeed(variable: string): number {
  return Number(process.env[variable] ?? Math.floor(Math.random() * 2 ** 31));
}

export interface KillTarget {
  /** The flow whose run is killed (its job, on PostgreSQL); the import by default. */
  flow?: string;
  /** True once the process's log shows that run under way; any exchange with a remote by default. */
  started?: (stderr: string) => boolean;
}

/**
 * Whether the process is under way with a run the test may kill. On PostgreSQL the job a killed process
 * left active must expire first, and pg-boss doubles a job's retry delay each time it fails: a job that
 * was killed twice already is left to finish, and the kill waits for the next one.
 */
async function killable(
  world: OrdersWorld,
  child: TestProcess,
  spawned: Date,
  target: KillTarget,
): Promise<boolean> {
  if (!child.alive) return true; // the caller's exit check says what went wrong
  if (!(target.started ?? runStarted)(child.stderr)) return false;
  return (
    world.database === 'pglite' || ((await world.runningJobRetries(spawned, target.flow)) ?? Infinity) <= 1
  );
}

/**
 * Waits until the connector spawned at `spawned` is under way with a run, lets it work `delayMs` more,
 * kills it with SIGKILL and checks that the kill is what ended it.
 */
export async function killMidRun(
  world: OrdersWorld,
  child: TestProcess,
  spawned: Date,
  delayMs: number,
  loop: number,
  target: KillTarget = {},
): Promise<void> {
  // Generous: on a loaded two-core machine a job killed twice already must finish (or fail on its lost
  // lease) and the next scheduled one start before the kill may come — once over 60 s in CI.
  await waitFor(() => killable(world, child, spawned, target), `loop ${loop}: a run to start`, {
    timeoutMs: 120_000,
    intervalMs: 20,
    context: () => child.tail(),
  });
  await sleep(delayMs);
  child.kill('SIGKILL');
  expect(
    await child.waitExit(10_000),
    `loop ${loop}: killed, not ended on its own\n  ${child.tail(30)}`,
  ).toEqual({
    code: null,
    signal: 'SIGKILL',
  });
}
