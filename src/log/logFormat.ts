/**
 * Which shape the process log takes: readable lines for a person at a terminal, JSON lines for a
 * machine (a log shipper, systemd's journal, a file, a test reading stderr). `LOG_FORMAT` decides when
 * set; otherwise a terminal gets readable lines and anything else JSON, so piping the connector into a
 * collector never needs a setting.
 */
import { ConnectorError } from '../errors.ts';

export type LogFormat = 'json' | 'pretty';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

export function chooseLogFormat(env: NodeJS.ProcessEnv, isTerminal: boolean): LogFormat {
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (asked === undefined || asked === '') return isTerminal ? 'pretty' : 'json';
  if ((LOG_FORMATS as readonly string[]).includes(asked)) return asked as LogFormat;
  // A typo must not silently give the other format: a collector fed pretty lines loses every field.
  throw new ConnectorError('config', `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, not "${asked}"`);
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  return isTerminal && !env.NO_COLOR;
}
