/**
 * One reading of the numbers an operator watches — services, runs, records waiting, job queues — taken
 * from the shared database once per scrape and shared by every series that shows a part of it
 * (prom-client asks each series in turn, all within the same moment). A reading is reused for
 * `maxAgeMs` so that two scrapers at once cost one set of queries.
 */
import { queueDepths, type QueueDepth } from '../../jobs/queueDepth.ts';
import type { Queryable } from '../../store/db.ts';
import {
  countOpenRecords,
  countRunsByOutcome,
  lastSuccessfulRuns,
  type LastSuccess,
  type RecordCount,
  type RunCount,
} from '../../store/repos/serviceReadings.ts';
import { listServices, type ServiceState } from '../../store/repos/services.ts';

export interface OperatorReading {
  at: Date;
  services: ServiceState[];
  runs: RunCount[];
  lastSuccess: LastSuccess[];
  records: RecordCount[];
  queues: QueueDepth[];
}

export interface ReadingSource {
  db: Queryable;
  /** pg-boss's schema (its job table is read for the queue depths). */
  bossSchema?: string;
  now?: () => Date;
  maxAgeMs?: number;
}

export async function readOperatorNumbers(source: ReadingSource): Promise<OperatorReading> {
  const { db } = source;
  const [services, runs, lastSuccess, records, queues] = await Promise.all([
    listServices(db),
    countRunsByOutcome(db),
    lastSuccessfulRuns(db),
    countOpenRecords(db),
    queueDepths(db, source.bossSchema),
  ]);
  return { at: (source.now ?? (() => new Date()))(), services, runs, lastSuccess, records, queues };
}

/** The reading for this scrape: a fresh one, or the one being taken, or one younger than `maxAgeMs`. */
export function sharedReading(source: ReadingSource): () => Promise<OperatorReading> {
  let current: { promise: Promise<OperatorReading>; takenAt: number } | undefined;
  const maxAgeMs = source.maxAgeMs ?? 1000;
  return () => {
    const now = Date.now();
    if (!current || now - current.takenAt > maxAgeMs) {
      const promise = readOperatorNumbers(source);
      current = { promise, takenAt: now };
      // A failed reading is not kept: the next scrape tries again.
      promise.catch(() => {
        if (current?.promise === promise) current = undefined;
      });
    }
    return current.promise;
  };
}
