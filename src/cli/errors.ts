/**
 * How a CLI command ends: exit 0 when it did what was asked, 1 when it failed, 2 when the command line
 * or the configuration is wrong (the operator must change what they typed or wrote). A second Ctrl-C
 * that forces `start` to stop exits 130, as shells expect of an interrupted program.
 */
import { CommanderError } from 'commander';
import { ConnectorError, describeError, isConnectorError } from '../errors.ts';
import { DataDirLockedError } from '../store/dataDirLock.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_FORCED = 130;

/** A wrong argument or option: exit 2. */
export class UsageError extends ConnectorError {
  constructor(message: string) {
    super('config', message, { context: { usage: true } });
  }
}

/** The command ran but did not achieve what was asked (a failed run, an unreachable server): exit 1. */
export class CommandFailed extends ConnectorError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('remote', message, { retryable: false, cause: options.cause });
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (error instanceof DataDirLockedError) return EXIT_FAILURE; // someone else's process, not a typo
  if (isConnectorError(error) && error.kind === 'config') return EXIT_USAGE;
  if (isConnectorError(error) && error.context.notFound === true) return EXIT_USAGE; // e.g. no such record
  return EXIT_FAILURE;
}

/** The message an operator sees: plain words, a stack only for bugs and only with LOG_LEVEL=debug. */
export function errorMessage(error: unknown, env: NodeJS.ProcessEnv): string {
  if (isConnectorError(error)) return error.message;
  const detail = env.LOG_LEVEL === 'debug' && error instanceof Error ? `\n${error.stack}` : '';
  return `unexpected error: ${describeError(error)}${detail}`;
}
