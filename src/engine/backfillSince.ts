/**
 * Reading a backfill's `since` (`connector backfill --since`, the API's `{ since }`). Apart from the hooks
 * (hooks.ts) because the CLI parses the option before any command runs: this module imports nothing
 * heavy, so `connector --help` does not load the runner to parse a date.
 */
import { ConnectorError } from '../errors.ts';

const SINCE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A real calendar day: Date reads 2025-02-30 as March 2nd, so the day must survive the round trip. */
const isRealDay = (day: string) => {
  const midnight = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(day);
};

/**
 * Reads `--since` / `{ since }`: an ISO date (midnight UTC) or date-time (UTC when it names no offset),
 * not in the future. Throws a config error saying what is accepted.
 */
export function parseBackfillSince(text: string, now: Date = new Date()): Date {
  const match = SINCE.exec(text.trim());
  const [, day = '', time, offset = 'Z'] = match ?? [];
  const date =
    match && isRealDay(day) ? new Date(time ? `${day}T${time}${offset}` : `${day}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ConnectorError(
      'config',
      `"${text}" is not a date: give an ISO date such as 2025-01-31 or a date-time such as 2025-01-31T08:00:00Z`,
    );
  }
  return notInFuture(date, now);
}

export function notInFuture(date: Date, now: Date): Date {
  if (date.getTime() > now.getTime()) {
    throw new ConnectorError(
      'config',
      `${date.toISOString()} is in the future: a backfill goes back over what already happened`,
    );
  }
  return date;
}
