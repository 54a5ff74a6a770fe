/**
 * The order import's inputs for a run: its settings — already parsed (defaults filled in) by the engine,
 * once per run — and the mapping tables, read and checked once per configuration rather than per page
 * or per order. Mapping tables with problems stop the run: importing with half a table would book
 * orders wrongly.
 */
import { ConnectorError } from '../../errors.ts';
import type { ConnectorConfig } from '../../config/schema.ts';
import { readMappings, type Mappings } from '../domain/mappings.ts';
import type { ImportContext, ImportOrdersSettings } from './settings.ts';

const read = new WeakMap<ConnectorConfig['mappings'], ReturnType<typeof readMappings>>();

export function runInputs(ctx: Pick<ImportContext, 'settings' | 'config'>): {
  settings: ImportOrdersSettings;
  mappings: Mappings;
} {
  const tables = ctx.config.mappings;
  let result = read.get(tables);
  if (!result) {
    result = readMappings(tables);
    read.set(tables, result);
  }
  if (result.problems.length > 0) {
    throw new ConnectorError('config', `the mapping tables have problems: ${result.problems.join('; ')}`, {
      retryable: false,
    });
  }
  return { settings: ctx.settings, mappings: result.mappings };
}
