/**
 * The connector's configuration, as one zod schema (DESIGN §2.5). Everything the operator can set lives
 * here with its default; docs/configuration.md documents each field and must change with this file.
 * Secrets never appear as literals: a secret field names an environment variable or a file.
 */
import { z } from 'zod';
import { secretRef } from './secretRef.ts';
import { alertRulesSchema, alertsSchema } from './alertsSchema.ts';

export { secretRef, type SecretRef } from './secretRef.ts';

/** Adds an issue for every element whose key was already seen (duplicates are listed where they are). */
function uniqueBy<T>(key: (item: T) => string, message: (value: string) => string, field: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const value = key(item);
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index, field], message: message(value) });
      seen.add(value);
    });
  };
}

/**
 * A remote's URL: credentials travel to it, so plain http is refused except on this machine (the
 * emulators, a local proxy).
 */
const remoteUrl = z.url().refine((value) => {
  if (!URL.canParse(value)) return true; // z.url() has said what is wrong already
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}, 'must be an https:// URL (plain http is accepted only for 127.0.0.1/localhost, e.g. the emulators)');

const marketplaceRoute = z.strictObject({
  /** Amazon marketplace id, e.g. ATVPDKIKX0DER (amazon.com). */
  id: z.string().regex(/^[A-Z0-9]{10,14}$/, 'must be an Amazon marketplace id such as ATVPDKIKX0DER'),
  /** The D365 legal entity (dataAreaId) this marketplace's orders and listings belong to. */
  legalEntity: z
    .string()
    .regex(/^[A-Za-z0-9]{1,4}$/, 'must be a D365 legal entity id (dataAreaId, 1–4 characters)')
    .transform((s) => s.toLowerCase()),
  /**
   * The D365 customer account that stands for this marketplace: the customer of its orders (customer
   * strategy `marketplace`), whose trade agreements price its listings and whose external item numbers
   * name its SKUs.
   */
  customerAccount: z.string().min(1).max(20).optional(),
  /** The D365 site and warehouse this marketplace's merchant-fulfilled orders ship from. */
  site: z.string().min(1).max(10).optional(),
  warehouse: z.string().min(1).max(10).optional(),
  /** ISO 4217 currency of the marketplace's prices. Default: its home currency (USD on amazon.com). */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD')
    .optional(),
  /**
   * Whether Amazon's prices include tax: D365 orders must say the same (`ArePricesIncludingSalesTax`), or
   * D365 adds the tax a second time. Default: true where they include VAT/GST (EU, UK, JP, AU, …), false
   * in the US and Canada.
   */
  pricesIncludeTax: z.boolean().optional(),
});

const amazonSide = z.strictObject({
  sellingPartnerId: z.string().min(1),
  region: z.enum(['na', 'eu', 'fe']),
  sandbox: z.boolean().default(false),
  marketplaces: z
    .array(marketplaceRoute)
    .min(1)
    .max(50)
    .superRefine(
      uniqueBy(
        (m) => m.id,
        (id) => `marketplace ${id} is listed twice`,
        'id',
      ),
    ),
  /** Overrides for the local emulator or a proxy; real hosts are derived from the region. */
  endpoint: remoteUrl.optional(),
  tokenEndpoint: remoteUrl.optional(),
  lwaClientId: secretRef.optional(),
  lwaClientSecret: secretRef.optional(),
  refreshToken: secretRef.optional(),
});

const d365Side = z.strictObject({
  /** The F&O environment URL, e.g. https://contoso.operations.dynamics.com */
  environmentUrl: remoteUrl,
  tenantId: z.string().min(1),
  clientId: secretRef.optional(),
  clientSecret: secretRef.optional(),
  /** Certificate credentials instead of a secret: the PEM private key and the PEM certificate Entra knows. */
  certificate: z.strictObject({ privateKey: secretRef, certificate: secretRef }).optional(),
  authority: remoteUrl.default('https://login.microsoftonline.com'),
  tokenEndpoint: remoteUrl.optional(),
  maxConcurrentRequests: z.int().min(1).max(64).default(4),
});

export const connectionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and dashes (max 32)')
    .refine((id) => id !== 'global', '"global" is reserved for services not bound to a connection'),
  amazon: amazonSide,
  d365: d365Side,
  /** This connection's alert rules, over `alerts.rules` (config/alertsSchema.ts). */
  alerts: alertRulesSchema.optional(),
});
export type ConnectionConfig = z.infer<typeof connectionSchema>;

/** Settings every service shares; flows add their own keys beside these (validated by the flow). */
export const serviceSettings = z.looseObject({
  /** Unset: the flow's own default. */
  enabled: z.boolean().optional(),
  intervalSeconds: z.number().min(1).max(86_400).optional(),
});
export type ServiceSettings = z.infer<typeof serviceSettings>;

/** An origin the connector is reached at: scheme, host and port, no path. */
const publicUrl = z.url().refine((value) => {
  if (!URL.canParse(value)) return true; // z.url() has said what is wrong already
  const url = new URL(value);
  return ['http:', 'https:'].includes(url.protocol) && url.pathname === '/' && !url.search && !url.hash;
}, 'must be an http(s) origin such as https://connector.example.com (no path)');

export const API_ROLES = ['operator', 'viewer'] as const;
export type ApiRole = (typeof API_ROLES)[number];

const apiTokenSchema = z.strictObject({
  /** Who holds the token; the live feed and record history name it for every action. */
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      'must be letters, digits, dots, dashes, underscores (max 64)',
    ),
  /** operator: every action; viewer: reads only, personal data never revealed. */
  role: z.enum(API_ROLES),
  token: secretRef,
});

const mappingRow = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export const mappingsSchema = z.record(z.string(), z.array(mappingRow));

/**
 * Checks across sections: a webhook limited to a connection that does not exist would silently never
 * alert, so it is refused with its path like any other mistake.
 */
function checkAcrossSections(
  config: { connections: Array<{ id: string }>; alerts: z.infer<typeof alertsSchema> },
  ctx: z.RefinementCtx,
): void {
  const known = new Set(['global', ...config.connections.map((c) => c.id)]);
  config.alerts.webhooks.forEach((hook, index) => {
    hook.connections?.forEach((id, position) => {
      if (!known.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', 'webhooks', index, 'connections', position],
          message: `there is no connection "${id}" (known: ${[...known].join(', ')})`,
        });
      }
    });
  });
}

const configShape = z.strictObject({
  dataDir: z.string().min(1).default('./data'),
  /** PostgreSQL server; when absent the embedded PGlite database in dataDir is used. */
  database: z.strictObject({ url: secretRef }).optional(),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.int().min(0).max(65_535).default(8080),
      /** Where people and programs reach the API (a reverse proxy's https URL, a LAN name); loopback is always allowed. */
      publicUrls: z.array(publicUrl).max(20).default([]),
      /** Named API tokens with a role; when empty, CONNECTOR_API_TOKEN (or the demo token) is the one operator token. */
      apiTokens: z
        .array(apiTokenSchema)
        .max(100)
        .default([])
        .superRefine(
          uniqueBy(
            (t) => t.name.toLowerCase(),
            (name) => `API token name "${name}" is used twice`,
            'name',
          ),
        ),
      sessions: z
        .strictObject({
          /** A browser session unused this long ends. */
          idleMinutes: z
            .int()
            .min(1)
            .max(7 * 24 * 60)
            .default(60),
          /** And every session ends this long after sign-in, used or not. */
          maxHours: z
            .int()
            .min(1)
            .max(30 * 24)
            .default(12),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Speeds up emulators' and clients' rate limits and windows alike (demo, tests, benchmarks). */
  timeScale: z.number().min(1).max(10_000).default(1),
  feed: z.strictObject({ retentionDays: z.int().min(1).max(3650).default(30) }).prefault({}),
  personalData: z.strictObject({ retentionDays: z.int().min(1).max(3650).default(30) }).prefault({}),
  jobs: z
    .strictObject({
      /** A run stops taking new work after this and hands the rest to its next run. */
      runTimeoutSeconds: z.int().min(1).max(3600).default(120),
      retryLimit: z.int().min(0).max(100).default(5),
      retryDelaySeconds: z.int().min(1).max(3600).default(10),
    })
    .prefault({}),
  connections: z
    .array(connectionSchema)
    .default([])
    .superRefine(
      uniqueBy(
        (c) => c.id,
        (id) => `duplicate connection id "${id}"`,
        'id',
      ),
    ),
  services: z.record(z.string(), serviceSettings).default({}),
  mappings: mappingsSchema.default({}),
  /** Mapping tables kept in other files (YAML or JSON), merged over `mappings`. */
  mappingFiles: z.array(z.string()).default([]),
  /** Alert rules and webhooks (issue 20): config/alertsSchema.ts, docs/operations.md. */
  alerts: alertsSchema,
});
export const configSchema = configShape.superRefine(checkAcrossSections);

export type ConnectorConfig = z.infer<typeof configSchema>;
