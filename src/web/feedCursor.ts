/**
 * Where a live-feed stream stands: the id of the last entry sent, and which entries to send next.
 *
 * Why not simply "everything above the last id": on PostgreSQL several processes write the feed at
 * once, and an id is taken at insert but becomes visible at commit, so id 11 can be visible before
 * id 10. A reader that jumped to 11 would never send 10. So when the next id is missing, the entries
 * beyond the gap are held back until they have been seen for `graceMs`: long enough for a concurrent
 * insert to commit, short enough not to matter to a person. A gap that stays is a rolled-back insert or
 * an entry the stream's filters exclude. Ids that arrive in sequence — the usual case, and always on the
 * embedded database, which commits one transaction at a time — go out at once.
 */
import type { FeedEntry } from '../store/repos/feed.ts';

export class FeedCursor {
  /** When each held-back entry was first seen (ms); only entries beyond a gap are kept here. */
  private readonly firstSeen = new Map<number, number>();

  constructor(
    /** The id of the last entry sent (or the newest at connect time: only later ones are sent). */
    public last: number,
    private readonly graceMs: number,
  ) {}

  /** Of `batch` (entries above `last`, oldest first), the ones to send now; advances `last`. */
  take(batch: FeedEntry[], nowMs: number): FeedEntry[] {
    const out: FeedEntry[] = [];
    const fresh = batch.filter((entry) => entry.id > this.last);
    for (const [index, entry] of fresh.entries()) {
      if (entry.id !== this.last + 1) {
        // Everything from here on is beyond a gap: note when it was first seen, so a burst beyond one
        // gap waits one grace in all, not one per entry.
        for (const later of fresh.slice(index)) {
          if (!this.firstSeen.has(later.id)) this.firstSeen.set(later.id, nowMs);
        }
        if (nowMs - this.firstSeen.get(entry.id)! < this.graceMs) break;
      }
      out.push(entry);
      this.last = entry.id;
    }
    for (const id of this.firstSeen.keys()) if (id <= this.last) this.firstSeen.delete(id);
    return out;
  }

  /** True when entries are held back behind a gap (the caller polls again soon rather than idling). */
  get waiting(): boolean {
    return this.firstSeen.size > 0;
  }
}
