/**
 * What one run of the order import remembers between its pages: the orders it put off (a write still
 * settling, a passing failure), so the next page does not pick them again at once — they wait for the
 * next run. Keyed by the run's context, so it ends with the run.
 */
import type { ImportContext } from './settings.ts';

const deferredInRun = new WeakMap<ImportContext, Set<number>>();

export function deferred(ctx: ImportContext): number[] {
  return [...(deferredInRun.get(ctx) ?? [])];
}

export function deferOrder(ctx: ImportContext, recordId: number | undefined): void {
  if (recordId === undefined) return;
  const set = deferredInRun.get(ctx) ?? new Set<number>();
  set.add(recordId);
  deferredInRun.set(ctx, set);
}
