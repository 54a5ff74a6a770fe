/**
 * How a process-log record reads in a terminal: the message, then its fields as `key=value` on the same
 * line — one line per event, so `npm start` reads like a story rather than scrolling JSON. pino-pretty
 * puts the time and level in front (logger.ts). The record reaching this has already been redacted by
 * the logger, so nothing here needs to know what is personal.
 */

/** Fields a reader does not need on every line: pino's own, and run ids (the live feed has them). */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'runId', 'v']);
const MAX_VALUE = 120;

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);

/**
 * A value as it reads after `key=`: bare when it is one word, quoted when it has spaces or quotes; a
 * list of plain values comma-separated (`flows=heartbeat,retention`), other objects as JSON.
 */
export function fieldValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every(isScalar)
        ? value.join(',')
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'object' && value !== null
            ? JSON.stringify(value)
            : String(value);
  const short = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
  return /^[^\s"=]+$/.test(short) ? short : JSON.stringify(short);
}

interface ErrorShape {
  message?: unknown;
  stack?: unknown;
}

/** `message  key=value key=value`, plus the error's message, and for errors its stack on the next lines. */
export function prettyLine(record: Record<string, unknown>, messageKey = 'msg'): string {
  const message = typeof record[messageKey] === 'string' ? record[messageKey] : '';
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN.has(key) && key !== messageKey && value !== undefined)
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const err = record.err as ErrorShape | undefined;
  const errText = err && typeof err.message === 'string' ? ` — ${err.message}` : '';
  const line = [`${message}${errText}`, fields.join(' ')].filter(Boolean).join('  ');
  // An error (level 50 and up) is rare and is what a person debugs from: its stack is worth the lines.
  const stack =
    typeof record.level === 'number' && record.level >= 50 && err && typeof err.stack === 'string'
      ? `\n${err.stack
          .split('\n')
          .slice(1)
          .map((l) => `    ${l.trim()}`)
          .join('\n')}`
      : '';
  return line + stack;
}
