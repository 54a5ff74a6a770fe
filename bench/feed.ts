/**
 * Live-feed write rate: `appendFeed` entries/s, one writer awaiting each entry (a run logging as it
 * goes), and eight writers at once (several runs, or several processes on PostgreSQL).
 */
import { performance } from 'node:perf_hooks';
import { appendFeed } from '../src/store/repos/feed.ts';
import type { BenchDb } from './databases.ts';

export interface FeedFigures {
  oneWriterPerSecond: number;
  eightWritersPerSecond: number;
}

const entry = (i: number) => ({
  connectionId: 'bench',
  flow: 'bench',
  runId: 'bench-run',
  level: 'info' as const,
  message: `Benchmark entry ${i}: order 113-0000000-${String(i).padStart(7, '0')} imported`,
  fields: { i, items: 1, durationMs: 12 },
});

export async function feedWriteRate(b: BenchDb, entries: number): Promise<FeedFigures> {
  let start = performance.now();
  for (let i = 0; i < entries; i++) await appendFeed(b.db, entry(i));
  const oneWriterPerSecond = entries / ((performance.now() - start) / 1000);

  const writers = 8;
  const each = Math.ceil(entries / writers);
  start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) await appendFeed(b.db, entry(w * each + i));
    }),
  );
  const eightWritersPerSecond = (each * writers) / ((performance.now() - start) / 1000);
  return { oneWriterPerSecond, eightWritersPerSecond };
}
