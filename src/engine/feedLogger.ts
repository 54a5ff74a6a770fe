/**
 * A run-bound logger: every message goes to the live feed (with connection, flow and run id) and to the
 * process log. Fields are redacted on the way in; messages must be written without personal data.
 */
import type { Queryable } from '../store/db.ts';
import { appendFeed, type FeedLevel } from '../store/repos/feed.ts';
import type { Logger } from '../log/logger.ts';
import { redactText } from '../log/redact.ts';

export interface FeedLogger {
  debug(message: string, fields?: Record<string, unknown>): Promise<void>;
  info(message: string, fields?: Record<string, unknown>): Promise<void>;
  warn(message: string, fields?: Record<string, unknown>): Promise<void>;
  error(message: string, fields?: Record<string, unknown>): Promise<void>;
}

export interface FeedBinding {
  connectionId?: string | null;
  flow?: string | null;
  runId?: string | null;
}

export function createFeedLogger(db: Queryable, processLog: Logger, binding: FeedBinding): FeedLogger {
  const write = async (level: FeedLevel, message: string, fields: Record<string, unknown> = {}) => {
    const safe = redactText(message);
    processLog[level]({ ...binding, ...fields }, safe);
    try {
      await appendFeed(db, { ...binding, level, message: safe, fields });
    } catch (error) {
      // The feed is for people; losing one line must not fail the work it describes.
      processLog.warn({ err: error }, 'could not write to the live feed');
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
