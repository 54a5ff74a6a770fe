// The stored shapes of feeds: the feed as getFeed reports it plus what the emulator needs to run it (its
// lane, its planned end), and what processing found per message (kept apart, for `/_sim/feeds/:id`).
export const FEED_STATUSES = ['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

/** Feeds run one after another per seller and lane: product feeds queue behind product feeds only. */
export type FeedLane = 'listings' | 'orders';

export interface StoredFeed {
  feedId: string;
  seq: number;
  sellerId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  feedOptions?: Record<string, string>;
  lane: FeedLane;
  status: FeedStatus;
  createdTime: number;
  processingStartTime?: number;
  /** When an IN_PROGRESS feed will be DONE (or FATAL): its processing time is known once it started. */
  plannedEndTime?: number;
  processingEndTime?: number;
  resultFeedDocumentId?: string;
  /** Messages found in the document (set when processing starts). */
  messageCount?: number;
}

export interface MessageResult {
  messageId: number;
  /** The SKU (listings feed) or the Amazon order id (order acknowledgement). */
  key?: string;
  status: 'ACCEPTED' | 'INVALID';
  issues: {
    code?: string;
    severity: 'ERROR' | 'WARNING' | 'INFO';
    message: string;
    attributeName?: string;
  }[];
}

/** What processing a feed's document produced (written when it starts, read when it ends). */
export interface FeedOutcome {
  feedId: string;
  /** FATAL: the document could not be read at all. */
  fatal: boolean;
  /** Feed-level issues (no message id): format problems. */
  feedIssues: MessageResult['issues'];
  messages: MessageResult[];
  /** Listings feed: `header.report` of the document, when it asked for items in the report. */
  report?: { includedData: string[]; apiVersion: string };
  /** Order acknowledgement: the merchant identifier and document transaction id of the report. */
  merchantIdentifier?: string;
}

/** Processing delays in Amazon milliseconds (each scaled by the time scale). */
export interface ProcessingTiming {
  /** From createFeed to the earliest start (when no other feed of its lane is ahead). */
  feedQueueMs: number;
  /** A feed's processing time: a fixed part, and a part per message. */
  feedBaseMs: number;
  feedPerMessageMs: number;
  /** From createReport to the start, and the report's processing time (fixed, per 1,000 rows). */
  reportQueueMs: number;
  reportBaseMs: number;
  reportPerThousandRowsMs: number;
  /** Documents larger than this are stored gzip-compressed (compressionAlgorithm GZIP). */
  gzipAboveBytes: number;
}

/**
 * Amazon time: a feed waits a minute, then takes two minutes plus 40 ms a message (a 25,000-message feed:
 * about 19 minutes; Amazon is observed at "about 30 minutes per feed", and up to hours under load).
 */
export const DEFAULT_PROCESSING: ProcessingTiming = {
  feedQueueMs: 60_000,
  feedBaseMs: 120_000,
  feedPerMessageMs: 40,
  reportQueueMs: 30_000,
  reportBaseMs: 60_000,
  reportPerThousandRowsMs: 1_000,
  gzipAboveBytes: 64 * 1024,
};
