/**
 * What a progress report says, as text: a bar with a count and an estimate for a terminal, a plain
 * sentence for a log. Pure functions of the state and the time elapsed, so both renderings are tested
 * as units (progressText.test.ts) and progress.ts only decides when to write them.
 */

export interface ProgressState {
  /** What is being done, e.g. `check` or `import-orders (demo)`. */
  label: string;
  done: number;
  /** Unknown while the work has not said how much there is: then a counter with a rate is shown. */
  total?: number;
  /** What is counted: `flows`, `items`. */
  unit: string;
}

/** A duration as a person reads it: `8 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}

/** The time left at the pace so far; unknown before the first unit is done or without a total. */
export function estimateLeftMs(state: ProgressState, elapsedMs: number): number | undefined {
  const { done, total } = state;
  if (total === undefined || done <= 0 || done >= total) return undefined;
  return (elapsedMs / done) * (total - done);
}

function tail(state: ProgressState, elapsedMs: number): string {
  const left = estimateLeftMs(state, elapsedMs);
  if (left !== undefined) return `about ${formatDuration(left)} left`;
  if (state.total === undefined && elapsedMs >= 1000 && state.done > 0) {
    return `${(state.done / (elapsedMs / 1000)).toFixed(1)}/s, ${formatDuration(elapsedMs)}`;
  }
  return formatDuration(elapsedMs);
}

/** One terminal line, at most `columns` wide: `label [#####·····] 40% 2/5 flows, about 12 s left`. */
export function renderBar(state: ProgressState, elapsedMs: number, columns = 80): string {
  const { label, done, total, unit } = state;
  let line: string;
  if (total !== undefined && total > 0) {
    const ratio = Math.min(1, done / total);
    const width = 20;
    const filled = Math.round(ratio * width);
    const bar = `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}]`;
    line = `${label} ${bar} ${Math.floor(ratio * 100)}% ${done}/${total} ${unit}, ${tail(state, elapsedMs)}`;
  } else {
    line = `${label}: ${done} ${unit}, ${tail(state, elapsedMs)}`;
  }
  return line.length > columns ? `${line.slice(0, columns - 1)}…` : line;
}

/** One plain line for a log or a pipe: `label: 2 of 5 flows (40%), about 12 s left`. */
export function renderPlain(state: ProgressState, elapsedMs: number): string {
  const { label, done, total, unit } = state;
  if (total !== undefined && total > 0) {
    const percent = Math.floor(Math.min(1, done / total) * 100);
    return `${label}: ${done} of ${total} ${unit} (${percent}%), ${tail(state, elapsedMs)}`;
  }
  return `${label}: ${done} ${unit} so far (${tail(state, elapsedMs)})`;
}
