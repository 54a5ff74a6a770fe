/**
 * Parsers for option and argument values: a bad value is a usage error (exit 2) that says what is
 * accepted, raised by commander before the command opens anything.
 */
import { InvalidArgumentError } from 'commander';
import { resolutionNoteProblem } from '../ops/resolve.ts';
import { FEED_LEVELS, type FeedLevel } from '../store/repos/feed.ts';
import { RECORD_STATES, type RecordState } from '../store/repos/records.ts';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535 (0: any free port)');
  }
  return port;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('must be a whole number of at least 1');
  }
  return n;
}

export function parseRecordId(value: string): number {
  try {
    return parsePositiveInt(value);
  } catch {
    throw new InvalidArgumentError('a record id is a whole number, as shown by the dashboard and the API');
  }
}

export function parseLevel(value: string): FeedLevel {
  if (!(FEED_LEVELS as string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${FEED_LEVELS.join(', ')}`);
  }
  return value as FeedLevel;
}

/** The states a retry can start from: a synced record has nothing to retry, a pending one waits already. */
export const RETRYABLE_STATES = RECORD_STATES.filter((s) => s === 'needs_attention' || s === 'failed');

export function parseRetryableState(value: string): RecordState {
  if (!(RETRYABLE_STATES as string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${RETRYABLE_STATES.join(', ')}`);
  }
  return value as RecordState;
}

/** A resolve's note: one line of text, as the API takes it. */
export function parseResolutionNote(value: string): string {
  const problem = resolutionNoteProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

export const CONNECTION_HELP = 'only this connection (default: every connection the flow runs for)';
export const JSON_HELP = 'print JSON for programs instead of text';
