/**
 * Which sync services a configuration runs: one per flow × connection, or one per global flow. Pure
 * (config + registry in, keys out), so the job engine and a CLI that opened the database itself agree
 * on the same list; `ensureServiceRows` creates their rows, with the config's switch only for new rows.
 */
import type { ConnectorConfig } from '../config/schema.ts';
import { ConnectorError } from '../errors.ts';
import type { Queryable } from '../store/db.ts';
import { ensureService } from '../store/repos/services.ts';
import { GLOBAL_CONNECTION } from './flow.ts';
import type { FlowRegistry } from './registry.ts';
import { serviceEnabledByConfig, serviceInterval } from './settings.ts';

export interface ServiceKey {
  flow: string;
  connectionId: string;
}

/**
 * The (flow, connection) pairs this configuration runs, narrowed to one flow and/or connection.
 * Unknown flows and connections are errors that name what exists.
 */
export function serviceKeys(
  config: ConnectorConfig,
  registry: FlowRegistry,
  flowId?: string,
  connectionId?: string,
): ServiceKey[] {
  const flows = flowId ? [registry.get(flowId)] : registry.all();
  if (
    connectionId &&
    connectionId !== GLOBAL_CONNECTION &&
    !config.connections.some((c) => c.id === connectionId)
  ) {
    throw new ConnectorError('config', `there is no connection "${connectionId}" in the configuration`);
  }
  return flows.flatMap((flow) => {
    const ids = flow.scope === 'global' ? [GLOBAL_CONNECTION] : config.connections.map((c) => c.id);
    return ids
      .filter((id) => !connectionId || id === connectionId)
      .map((id) => ({ flow: flow.id, connectionId: id }));
  });
}

/** Creates the service row of every flow × connection (idempotent; the interval follows the config). */
export async function ensureServiceRows(
  db: Queryable,
  config: ConnectorConfig,
  registry: FlowRegistry,
): Promise<void> {
  for (const flow of registry.all()) {
    for (const key of serviceKeys(config, registry, flow.id)) {
      await ensureService(db, {
        ...key,
        enabled: serviceEnabledByConfig(config, flow),
        intervalSeconds: serviceInterval(config, flow),
      });
    }
  }
}
