// The feeds and their processing outcomes in the durable tables, with the feed id sequence (kept across
// resets, so a new feed id never repeats an old one).
import type { DurableTables } from '../../shared/durableTables.ts';
import type { FeedOutcome, StoredFeed } from './feedTypes.ts';

const FEEDS = 'feeds';
const OUTCOMES = 'feedOutcomes';
const META = 'meta';
const SEQ_KEY = 'feedSeq';

export class FeedStore {
  constructor(private readonly tables: DurableTables) {}

  get(feedId: string): StoredFeed | undefined {
    return this.tables.get(FEEDS, feedId) as StoredFeed | undefined;
  }

  /** Every feed, oldest first. */
  all(): StoredFeed[] {
    return (this.tables.rows(FEEDS) as StoredFeed[]).sort((a, b) => a.seq - b.seq);
  }

  put(feed: StoredFeed): void {
    this.tables.put(FEEDS, feed.feedId, feed);
  }

  nextSeq(): number {
    const seq = ((this.tables.get(META, SEQ_KEY) as number | undefined) ?? 0) + 1;
    this.tables.put(META, SEQ_KEY, seq);
    return seq;
  }

  outcome(feedId: string): FeedOutcome | undefined {
    return this.tables.get(OUTCOMES, feedId) as FeedOutcome | undefined;
  }

  putOutcome(outcome: FeedOutcome): void {
    this.tables.put(OUTCOMES, outcome.feedId, outcome);
  }

  deleteAll(): void {
    for (const feed of this.all()) {
      this.tables.delete(FEEDS, feed.feedId);
      this.tables.delete(OUTCOMES, feed.feedId);
    }
  }
}
