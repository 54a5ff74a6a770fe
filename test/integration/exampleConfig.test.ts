// config.example.yaml is what a newcomer copies: its import-orders settings and mapping tables must be
// accepted as they are, with no problem listed.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { flows } from '../../src/flows/index.ts';
import { flowSettings, validateAllSettings } from '../../src/engine/settings.ts';
import { importOrdersFlow } from '../../src/flows/importOrders/flow.ts';
import { readMappings } from '../../src/flows/domain/mappings.ts';

describe('config.example.yaml for import-orders', () => {
  it('has valid settings and mapping tables', () => {
    const path = new URL('../../config.example.yaml', import.meta.url).pathname;
    const { config } = loadConfig({ configPath: path, env: {} });
    expect(() => validateAllSettings(config, flows)).not.toThrow();
    expect(flowSettings(config, importOrdersFlow)).toMatchObject({ customers: { customerGroup: 'AMZ' } });
    const { mappings, problems } = readMappings(config.mappings);
    expect(problems).toEqual([]);
    expect(mappings.bundles[0]?.components).toHaveLength(3);
  });
});
