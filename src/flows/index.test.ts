// The flow registry: every flow is one folder with a unique id, a description and its own docs page.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flows } from './index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the flow registry', () => {
  it('lists every flow once, each with a description', () => {
    const ids = flows.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['heartbeat', 'retention', 'import-orders']));
    flows.forEach((f) => expect(f.description.length).toBeGreaterThan(10));
  });

  it('gives every flow a docs page that exists', () => {
    for (const flow of flows) {
      expect(flow.docs, flow.id).toMatch(/^docs\/flows\/[a-z0-9-]+\.md$/);
      expect(existsSync(ROOT + flow.docs), `${flow.id}: ${flow.docs}`).toBe(true);
    }
  });
});
