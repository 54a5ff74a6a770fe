/**
 * How commands print for people: aligned tables, times relative to now ("12s ago", "in 3s"), one line
 * per live-feed entry and per run. `--json` output bypasses all of this.
 */
import type { ServiceKey } from '../engine/serviceKeys.ts';
import type { FeedView, RunView } from './target.ts';

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function span(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 90) return `${s}s`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

/** "12s ago" / "in 3s" / "now"; "—" for no time. */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = new Date(iso).getTime() - now;
  if (Math.abs(diff) < 1000) return 'now';
  return diff < 0 ? `${span(diff)} ago` : `in ${span(diff)}`;
}

/** 2025-01-31 12:00:05Z: seconds are enough for a person reading a feed. */
export function timestamp(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export const serviceName = (key: ServiceKey) => `${key.flow} (${key.connectionId})`;

export function feedLine(entry: FeedView): string {
  const where = [entry.flow, entry.connectionId].filter(Boolean).join('/') || '-';
  return `${timestamp(entry.at)}  ${entry.level.padEnd(5)}  ${where}  ${entry.message}`;
}

export function formatRun(key: ServiceKey, run: RunView): string {
  const detail = run.outcome === 'skipped' ? `did not run: ${run.message}` : run.message;
  return `${serviceName(key)}: ${run.outcome} — ${detail}${run.runId ? ` [run ${run.runId}]` : ''}`;
}

/** Exit code of inline runs: a run that failed or could not start did not do what was asked. */
export const runsFailed = (runs: RunView[] | undefined) =>
  (runs ?? []).some((run) => run.outcome === 'failed' || run.outcome === 'skipped');
