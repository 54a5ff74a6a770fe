/**
 * The process log (pino, JSON lines on stderr). Never bodies, never personal data, never secrets:
 * objects pass through the same redaction as the live feed.
 */
import pino from 'pino';
import { redactValue } from './redact.ts';

export type Logger = pino.Logger;

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      formatters: { log: (object) => redactValue(object) as Record<string, unknown> },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination(2),
  );
}
