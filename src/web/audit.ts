/**
 * Who did what through the API, in the live feed: every action (run, switch, backfill, retry, replay),
 * every reveal of personal data, sign-ins and sign-outs, and addresses that keep presenting wrong
 * tokens. Each entry names the API token (`actor`), never its secret; the feed's own redaction keeps
 * personal data out of it as everywhere else.
 */
import type { Logger } from '../log/logger.ts';
import type { Db } from '../store/db.ts';
import { appendFeed, type FeedLevel } from '../store/repos/feed.ts';
import type { ApiRole } from '../config/schema.ts';

export interface Actor {
  name: string;
  role: ApiRole;
  via: 'bearer' | 'session';
}

export interface AuditEntry {
  message: string;
  level?: FeedLevel;
  flow?: string | null;
  connectionId?: string | null;
  fields?: Record<string, unknown>;
}

/**
 * Writes the entry before the answer goes out, so the feed shows it by the time the caller reads it.
 * A reveal is `required`: no entry, no personal data. For an action that already happened, a failed
 * write is logged and the answer still says what happened.
 */
export type Audit = (
  actor: Actor | undefined,
  entry: AuditEntry,
  options?: { required?: boolean },
) => Promise<void>;

export function createAudit(db: Db, log?: Logger): Audit {
  return async (actor, entry, options = {}) => {
    await appendFeed(db, {
      level: entry.level ?? 'info',
      flow: entry.flow ?? null,
      connectionId: entry.connectionId ?? null,
      message: actor ? `${entry.message} (by ${actor.name}, web API)` : entry.message,
      fields: { ...entry.fields, ...(actor ? { actor: actor.name, role: actor.role, via: actor.via } : {}) },
    }).catch((error: unknown) => {
      log?.error({ err: error }, 'could not write an API action to the live feed');
      if (options.required) throw error;
    });
  };
}
