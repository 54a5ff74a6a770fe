import { describe, expect, it } from 'vitest';
import type { FeedEntry } from '../store/repos/feed.ts';
import { FeedCursor } from './feedCursor.ts';

const entries = (...ids: number[]): FeedEntry[] =>
  ids.map((id) => ({
    id,
    at: new Date(0),
    connectionId: null,
    flow: null,
    runId: null,
    level: 'info',
    message: `entry ${id}`,
    fields: {},
  }));
const ids = (list: FeedEntry[]) => list.map((e) => e.id);

describe('FeedCursor', () => {
  it('sends entries in sequence at once and advances', () => {
    const cursor = new FeedCursor(10, 1000);
    expect(ids(cursor.take(entries(11, 12, 13), 0))).toEqual([11, 12, 13]);
    expect(cursor.last).toBe(13);
    expect(cursor.waiting).toBe(false);
  });

  it('skips what it already sent', () => {
    const cursor = new FeedCursor(12, 1000);
    expect(ids(cursor.take(entries(11, 12, 13), 0))).toEqual([13]);
  });

  it('holds entries beyond a gap until the missing one commits', () => {
    const cursor = new FeedCursor(10, 1000);
    expect(ids(cursor.take(entries(12, 13), 0))).toEqual([]);
    expect(cursor.waiting).toBe(true);
    // id 11 committed meanwhile: everything goes out, in order.
    expect(ids(cursor.take(entries(11, 12, 13), 100))).toEqual([11, 12, 13]);
    expect(cursor.waiting).toBe(false);
  });

  it('passes a gap that stays (rolled back, or filtered out) once the grace is over', () => {
    const cursor = new FeedCursor(10, 1000);
    expect(ids(cursor.take(entries(12), 0))).toEqual([]);
    expect(ids(cursor.take(entries(12, 14), 999))).toEqual([]);
    expect(ids(cursor.take(entries(12, 14), 1000))).toEqual([12]);
    // 14 lies beyond a second gap: its grace runs from when it was first seen (999).
    expect(ids(cursor.take(entries(14), 1998))).toEqual([]);
    expect(ids(cursor.take(entries(14), 1999))).toEqual([14]);
  });

  it('a burst beyond one gap waits one grace, not one per entry', () => {
    const cursor = new FeedCursor(0, 1000);
    expect(ids(cursor.take(entries(2, 4, 6), 0))).toEqual([]);
    expect(ids(cursor.take(entries(2, 4, 6), 1000))).toEqual([2, 4, 6]);
  });

  it('with no grace sends past gaps at once', () => {
    const cursor = new FeedCursor(0, 0);
    expect(ids(cursor.take(entries(5, 9), 0))).toEqual([5, 9]);
  });
});
