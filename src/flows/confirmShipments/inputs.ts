/**
 * The carrier mapping of a run, read and checked once per configuration. A table with problems stops
 * the run: confirming with half a table would send wrong carriers to Amazon.
 */
import { ConnectorError } from '../../errors.ts';
import type { ConnectorConfig } from '../../config/schema.ts';
import { readCarrierMapping, type CarrierMapping } from './carrierMapping.ts';

const read = new WeakMap<ConnectorConfig['mappings'], ReturnType<typeof readCarrierMapping>>();

export function carrierInputs(config: Pick<ConnectorConfig, 'mappings'>): CarrierMapping {
  const tables = config.mappings;
  let result = read.get(tables);
  if (!result) {
    result = readCarrierMapping(tables.carriers ?? []);
    read.set(tables, result);
  }
  if (result.problems.length > 0)
    throw new ConnectorError('config', `mappings.carriers has problems: ${result.problems.join('; ')}`, {
      retryable: false,
    });
  return result.mapping;
}
