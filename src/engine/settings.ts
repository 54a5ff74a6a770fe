/**
 * A flow's settings: the `services.<flow id>` section of the config, with the flow's own schema
 * applied (defaults filled in). Validated once at start so a typo fails fast with its path.
 */
import type { ConnectorConfig } from '../config/schema.ts';
import { ConfigError, formatPath } from '../config/load.ts';
import type { AnyFlow } from './flow.ts';

export function flowSettings(config: ConnectorConfig, flow: AnyFlow): Record<string, unknown> {
  // `enabled` and `intervalSeconds` belong to the scheduler (config/schema.ts); the rest to the flow.
  const { enabled: _enabled, intervalSeconds: _interval, ...raw } = config.services[flow.id] ?? {};
  if (!flow.settings) return raw;
  const result = flow.settings.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      `services.${flow.id}`,
      result.error.issues.map(
        (i) => `services.${flow.id}${i.path.length ? '.' : ''}${formatPath(i.path)}: ${i.message}`,
      ),
    );
  }
  return result.data as Record<string, unknown>;
}

export function serviceInterval(config: ConnectorConfig, flow: AnyFlow): number {
  return config.services[flow.id]?.intervalSeconds ?? flow.schedule.intervalSeconds;
}

export function serviceEnabledByConfig(config: ConnectorConfig, flow: AnyFlow): boolean {
  return config.services[flow.id]?.enabled ?? flow.schedule.enabledByDefault;
}

/** Validates every flow's settings at once, listing every problem. */
export function validateAllSettings(config: ConnectorConfig, flows: AnyFlow[]): void {
  const problems: string[] = [];
  for (const flow of flows) {
    try {
      flowSettings(config, flow);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  const unknown = Object.keys(config.services).filter((id) => !flows.some((f) => f.id === id));
  for (const id of unknown) {
    problems.push(
      `services.${id}: there is no flow "${id}"; known flows: ${flows.map((f) => f.id).join(', ')}`,
    );
  }
  if (problems.length) throw new ConfigError('the configuration', problems);
}
