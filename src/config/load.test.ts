import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load.ts';
import { resolveSecret } from './secrets.ts';
import { thrownBy } from '../../test/support/failure.ts';

const dir = mkdtempSync(join(tmpdir(), 'connector-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const validConnection = `
connections:
  - id: us
    amazon:
      sellingPartnerId: A1EXAMPLE
      region: na
      marketplaces: [{ id: ATVPDKIKX0DER, legalEntity: USMF }]
      refreshToken: { env: AMAZON_REFRESH_TOKEN }
    d365:
      environmentUrl: https://contoso.operations.dynamics.com
      tenantId: contoso.onmicrosoft.com
      clientSecret: { file: /run/secrets/d365 }
`;

const problemsOf = (fn: () => unknown): string[] => thrownBy(fn, ConfigError).problems;

describe('loadConfig', () => {
  it('runs in demo mode with documented defaults when no file is given', () => {
    const { config, demo } = loadConfig({ env: {} });
    expect(demo).toBe(true);
    expect(config.dataDir).toBe('./data');
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      publicUrls: [],
      apiTokens: [],
      sessions: { idleMinutes: 60, maxHours: 12 },
    });
    expect(config.jobs.runTimeoutSeconds).toBe(120);
    expect(config.personalData.retentionDays).toBe(30);
    expect(config.timeScale).toBe(60); // the emulators' limits and the demo's 5-second poll keep up
  });

  it('reads YAML, lower-cases legal entities and takes CLI overrides', () => {
    const path = file('ok.yaml', validConnection);
    const { config, demo } = loadConfig({
      configPath: path,
      env: {},
      overrides: { port: 9090, dataDir: '/tmp/x' },
    });
    expect(demo).toBe(false);
    expect(config.connections[0]?.amazon.marketplaces[0]?.legalEntity).toBe('usmf');
    expect(config.server.port).toBe(9090);
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.timeScale).toBe(1);
  });

  it('takes the file from CONNECTOR_CONFIG and JSON as well', () => {
    const path = file('ok.json', JSON.stringify({ server: { port: 8181 } }));
    expect(loadConfig({ env: { CONNECTOR_CONFIG: path } }).config.server.port).toBe(8181);
  });

  it('uses DATABASE_URL from the environment as a secret reference, not a literal', () => {
    const { config, demo } = loadConfig({ env: { DATABASE_URL: 'postgres://x' } });
    expect(config.database).toEqual({ url: { env: 'DATABASE_URL' } });
    // A shared server is never demo mode: per-machine generated keys would not agree.
    expect(demo).toBe(false);
    expect(config.timeScale).toBe(1);
  });

  it('lists every problem with its path at once', () => {
    const path = file(
      'bad.yaml',
      `
server: { port: "eighty" }
timeScale: 0
colour: blue
connections:
  - id: US_East
    amazon: { sellingPartnerId: A1, region: moon, marketplaces: [] }
    d365: { environmentUrl: not-a-url, tenantId: t }
  - id: eu
    amazon:
      sellingPartnerId: A2
      region: eu
      marketplaces: [{ id: A1PA6795UKMFR9, legalEntity: deu }, { id: A1PA6795UKMFR9, legalEntity: deu }]
      refreshToken: "Atzr|literal-secret"
    d365: { environmentUrl: https://x.example.com, tenantId: t }
`,
    );
    const problems = problemsOf(() => loadConfig({ configPath: path, env: {} }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.port: /),
        expect.stringMatching(/^timeScale: /),
        expect.stringMatching(/colour/),
        expect.stringMatching(/^connections\[0\]\.id: must be lower-case/),
        expect.stringMatching(/^connections\[0\]\.amazon\.region: /),
        expect.stringMatching(/^connections\[0\]\.amazon\.marketplaces: /),
        expect.stringMatching(/^connections\[0\]\.d365\.environmentUrl: /),
        expect.stringMatching(
          /^connections\[1\]\.amazon\.marketplaces\[1\]\.id: marketplace A1PA6795UKMFR9 is listed twice/,
        ),
        expect.stringMatching(/^connections\[1\]\.amazon\.refreshToken: /),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(9);
  });

  it('takes named API tokens as secret references, public URLs as origins, and session limits', () => {
    const path = file(
      'tokens.yaml',
      `
server:
  publicUrls: [https://connector.example.com]
  apiTokens:
    - { name: alice, role: operator, token: { env: ALICE_TOKEN } }
    - { name: dashboard-wall, role: viewer, token: { file: /run/secrets/wall } }
  sessions: { idleMinutes: 15, maxHours: 8 }
`,
    );
    const { server } = loadConfig({ configPath: path, env: {} }).config;
    expect(server.apiTokens).toEqual([
      { name: 'alice', role: 'operator', token: { env: 'ALICE_TOKEN' } },
      { name: 'dashboard-wall', role: 'viewer', token: { file: '/run/secrets/wall' } },
    ]);
    expect(server.publicUrls).toEqual(['https://connector.example.com']);
    expect(server.sessions).toEqual({ idleMinutes: 15, maxHours: 8 });
  });

  it('refuses a literal token, an unknown role, a name used twice and a public URL with a path', () => {
    const path = file(
      'bad-tokens.yaml',
      `
server:
  publicUrls: [https://connector.example.com/dashboard]
  apiTokens:
    - { name: alice, role: admin, token: { env: A } }
    - { name: Alice, role: viewer, token: literal-secret }
`,
    );
    expect(problemsOf(() => loadConfig({ configPath: path, env: {} }))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.publicUrls\[0\]: must be an http\(s\) origin/),
        expect.stringMatching(/^server\.apiTokens\[0\]\.role: /),
        expect.stringMatching(/^server\.apiTokens\[1\]\.token: must be \{ env/),
      ]),
    );
    const twice = file(
      'twice.yaml',
      `
server:
  apiTokens:
    - { name: alice, role: operator, token: { env: A } }
    - { name: Alice, role: viewer, token: { env: B } }
`,
    );
    expect(problemsOf(() => loadConfig({ configPath: twice, env: {} }))).toEqual([
      'server.apiTokens[1].name: API token name "alice" is used twice',
    ]);
  });

  it('reports an unreadable or malformed file plainly', () => {
    expect(problemsOf(() => loadConfig({ configPath: join(dir, 'missing.yaml'), env: {} }))[0]).toMatch(
      /cannot read file: ENOENT/,
    );
    expect(problemsOf(() => loadConfig({ configPath: file('broken.yaml', 'a: [1, 2'), env: {} }))[0]).toMatch(
      /not valid YAML/,
    );
    expect(problemsOf(() => loadConfig({ configPath: file('list.yaml', '- 1\n- 2'), env: {} }))[0]).toMatch(
      /must be a mapping/,
    );
  });

  it('refuses plain-http remote URLs except on this machine (credentials travel to them)', () => {
    const connection = (amazonEndpoint: string, environmentUrl: string) => ({
      connections: [
        {
          id: 'us',
          amazon: {
            sellingPartnerId: 'A1EXAMPLE',
            region: 'na',
            marketplaces: [{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }],
            endpoint: amazonEndpoint,
          },
          d365: { environmentUrl, tenantId: 't' },
        },
      ],
    });
    expect(
      problemsOf(() => parseConfig(connection('http://proxy.example.com', 'http://fno.example.com'), 'x')),
    ).toEqual([
      expect.stringMatching(/^connections\[0\]\.amazon\.endpoint: must be an https:\/\/ URL/),
      expect.stringMatching(/^connections\[0\]\.d365\.environmentUrl: must be an https:\/\/ URL/),
    ]);
    expect(() =>
      parseConfig(connection('http://127.0.0.1:4010', 'http://localhost:4020'), 'x'),
    ).not.toThrow();
  });

  it('refuses duplicate connection ids', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          connections: ['a', 'a'].map((id) => ({
            id,
            amazon: {
              sellingPartnerId: 'S',
              region: 'na',
              marketplaces: [{ id: 'ATVPDKIKX0DER', legalEntity: 'usmf' }],
            },
            d365: { environmentUrl: 'https://x.example.com', tenantId: 't' },
          })),
        },
        'test',
      ),
    );
    expect(problems).toEqual([expect.stringMatching(/^connections\[1\]\.id: duplicate connection id "a"/)]);
  });

  it('merges mapping tables from the files it names, with their own problems listed', () => {
    file('skus.yaml', 'skus:\n  - { sku: A-1, item: "1000" }\n');
    file('bad-map.yaml', 'modes: "not a list"\n');
    const ok = file(
      'with-maps.yaml',
      'mappingFiles: [skus.yaml]\nmappings: { payments: [{ amazon: Card, d365: CARD }] }\n',
    );
    const { config } = loadConfig({ configPath: ok, env: {} });
    expect(config.mappings.skus).toEqual([{ sku: 'A-1', item: '1000' }]);
    expect(config.mappings.payments).toHaveLength(1);
    const bad = file('with-bad-maps.yaml', 'mappingFiles: [bad-map.yaml, nope.yaml]\n');
    const problems = problemsOf(() => loadConfig({ configPath: bad, env: {} }));
    expect(problems).toEqual([
      expect.stringMatching(/^mappingFiles\[0\] \(bad-map\.yaml\): mappings\.modes: /),
      expect.stringMatching(/^mappingFiles\[1\] \(nope\.yaml\): cannot read file/),
    ]);
  });
});

describe('config.example.yaml', () => {
  it('is a valid configuration', () => {
    const path = new URL('../../config.example.yaml', import.meta.url).pathname;
    const { config } = loadConfig({ configPath: path, env: {} });
    expect(config.connections.map((c) => c.id)).toEqual(['us']);
  });
});

describe('resolveSecret', () => {
  it('reads env and files and never puts the value in its errors', () => {
    expect(resolveSecret({ env: 'X_SECRET' }, { X_SECRET: 's3cret' })).toBe('s3cret');
    expect(resolveSecret({ file: file('secret.txt', 'from-file\n') })).toBe('from-file');
    expect(() => resolveSecret({ env: 'MISSING' }, {})).toThrow(/MISSING is not set/);
    expect(() => resolveSecret({ file: join(dir, 'none') })).toThrow(/cannot read secret file .*ENOENT/);
  });
});
