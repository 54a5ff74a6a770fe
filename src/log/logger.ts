/**
 * The process log (pino, on stderr): readable lines at a terminal, JSON lines otherwise or with
 * `LOG_FORMAT=json` (logFormat.ts). Never bodies, never personal data, never secrets: objects pass
 * through the same redaction as the live feed, and so do e-mail addresses in messages — before either
 * format is written, so both show the same redacted record. Remote exchanges are `debug` lines: at the
 * default `info` a person sees the connector's events, one line each.
 */
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import { chooseLogFormat, useColour, type LogFormat } from './logFormat.ts';
import { prettyLine } from './prettyLine.ts';
import { redactText, redactValue } from './redact.ts';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default: stderr). Given a destination, the format is JSON unless `format` says. */
  destination?: pino.DestinationStream;
  format?: LogFormat;
  /** LOG_LEVEL, LOG_FORMAT, NO_COLOR (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (default: process.stderr.isTTY); tests set it. */
  isTerminal?: boolean;
}

function prettyStream(destination: pino.DestinationStream | number, colour: boolean) {
  return pinoPretty({
    destination,
    // Synchronous, like pino.destination(2): a crash must not lose the lines that explain it.
    sync: true,
    colorize: colour,
    translateTime: 'SYS:HH:MM:ss',
    hideObject: true,
    messageFormat: (record, messageKey) => prettyLine(record, messageKey),
  });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const isTerminal = options.isTerminal ?? (options.destination ? false : process.stderr.isTTY === true);
  const format = options.format ?? (options.destination ? 'json' : chooseLogFormat(env, isTerminal));
  const target = options.destination ?? 2;
  const destination =
    format === 'pretty'
      ? prettyStream(target, useColour(env, isTerminal))
      : typeof target === 'number'
        ? pino.destination(target)
        : target;
  return pino(
    {
      level: options.level ?? env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      formatters: { log: (object) => redactValue(object) as Record<string, unknown> },
      serializers: { err: pino.stdSerializers.err },
      hooks: {
        // Messages are written without personal data by convention; this is the safety net for them.
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          return method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
