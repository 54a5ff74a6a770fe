/**
 * Resolving a record: a person handled it outside the connector (confirmed a shipment by hand in Seller
 * Central, entered an order in D365 by hand), so the record is settled — `synced` — without its flow
 * running. Only a record that needs attention or failed can be resolved: a pending one is the flow's
 * to finish, a synced one has nothing left to settle.
 *
 * What stays behind, for people and for flows:
 * - the history keeps the record's reason as its last problem, then `resolved by <who>[: <note>]`;
 * - the summary gets `resolvedBy`, `resolvedAt` (ISO 8601) and `resolution` (the note, or null), merged
 *   at its top level like every summary write, so a flow that finds a synced record whose own items
 *   (packages, lines) still say they need a person knows that a person settled them.
 *
 * The note is free text a person wrote: it goes into the record (history and summary) and nowhere else —
 * not the live feed, not the process log. One line, no control characters (a line break in it could
 * pass for another history line), at most RESOLUTION_NOTE_MAX characters.
 */
import { ConnectorError } from '../errors.ts';
import type { Sealer } from '../store/crypto.ts';
import type { Db } from '../store/db.ts';
import {
  appendRecordEvent,
  lastRecordEvent,
  lockRecord,
  saveRecord,
  type SyncRecord,
} from '../store/repos/records.ts';

export const RESOLUTION_NOTE_MAX = 500;

/** C0 and C1 control characters (NUL, tab, line feed, …, DEL) and the Unicode line and paragraph separators. */
// A character class of escapes, not a \p{…} property: the OpenAPI document shows it as the note's pattern.
// eslint-disable-next-line no-control-regex
export const RESOLUTION_NOTE_PATTERN = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$/;
export const NOTE_CONTROL_MESSAGE = 'must be one line without control characters (line breaks, tabs, …)';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The rules besides the pattern and the length, shared by the API's schema and resolutionNoteProblem. */
export const noteIsWellFormed = (note: string) => !LONE_SURROGATE.test(note);
export const noteIsNotBlank = (note: string) => note.trim().length > 0;
export const NOTE_MALFORMED_MESSAGE = 'must be well-formed Unicode (a lone surrogate is not)';
export const NOTE_BLANK_MESSAGE = 'must not be blank';

/** What is wrong with a note, or undefined when it may be kept. */
export function resolutionNoteProblem(note: string): string | undefined {
  if (!RESOLUTION_NOTE_PATTERN.test(note)) return NOTE_CONTROL_MESSAGE;
  if (!noteIsWellFormed(note)) return NOTE_MALFORMED_MESSAGE;
  if (!noteIsNotBlank(note)) return NOTE_BLANK_MESSAGE;
  if (note.length > RESOLUTION_NOTE_MAX) return `must be at most ${RESOLUTION_NOTE_MAX} characters`;
  return undefined;
}

/** The summary keys a resolve writes (and a flow may read). */
export interface Resolution {
  resolvedBy: string;
  resolvedAt: string;
  resolution: string | null;
}

export async function resolveRecord(
  db: Db,
  sealer: Sealer,
  id: number,
  requestedBy: string,
  note?: string,
): Promise<SyncRecord> {
  const problem = note === undefined ? undefined : resolutionNoteProblem(note);
  if (problem) {
    throw new ConnectorError('config', `the note ${problem}`, { context: { usage: true } });
  }
  const kept = note?.trim();
  // Locked while deciding: a run of the flow saving the record meanwhile waits, and sees it synced.
  return db.transaction(async (tx) => {
    const record = await lockRecord(tx, id);
    if (!record) {
      throw new ConnectorError('data', `there is no record ${id}`, { context: { notFound: true } });
    }
    if (record.state !== 'needs_attention' && record.state !== 'failed') {
      throw new ConnectorError(
        'data',
        `record ${id} is ${record.state}; only records needing attention or failed can be resolved`,
      );
    }
    // Flows may write a history line of their own beside the reason; the reason must be in it still.
    const reason = record.reason ?? record.lastError;
    if (reason && (await lastRecordEvent(tx, id))?.message !== reason) {
      await appendRecordEvent(tx, record, reason);
    }
    const resolution: Resolution = {
      resolvedBy: requestedBy,
      resolvedAt: new Date().toISOString(),
      resolution: kept ?? null,
    };
    return saveRecord(tx, sealer, {
      connectionId: record.connectionId,
      flow: record.flow,
      externalId: record.externalId,
      state: 'synced',
      summary: { ...resolution },
      message: `resolved by ${requestedBy}${kept ? `: ${kept}` : ''}`,
    });
  });
}
