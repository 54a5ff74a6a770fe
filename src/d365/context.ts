/**
 * What the read, write and batch functions share of one client: the exchange (the chokepoint), the
 * service root, the default company and the retry settings. Also the one rule for which company a
 * call addresses: the call's own `company`, else — unless it asked for every company — the client's
 * default company, else none (F&O then uses the default company of the user the app is mapped to).
 */
import type { RetryPolicy } from '../http/retryPolicy.ts';
import type { Exchange } from './exchange.ts';
import type { CompanyScope } from './odata/query.ts';

export interface D365Context {
  exchange: Exchange;
  /** `<environment>/data` */
  dataRoot: string;
  /** `<scheme>://<host>` of the environment: server-driven paging links must stay on it. */
  origin: string;
  defaultCompany?: string;
  policy: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  timeScale: number;
  maxWaitMs: number;
}

export interface CallOptions extends CompanyScope {
  signal?: AbortSignal;
}

export function resolveScope(context: D365Context, options: CompanyScope): CompanyScope {
  if (options.company) return { company: options.company };
  if (options.crossCompany) return { crossCompany: true };
  return context.defaultCompany ? { company: context.defaultCompany } : {};
}

/** The company of a write or keyed call (for shared entities it is ignored). */
export function callCompany(context: D365Context, options: { company?: string }): string | undefined {
  return options.company ?? context.defaultCompany;
}

export function entityUrl(context: D365Context, entitySet: string, suffix = ''): string {
  return `${context.dataRoot}/${entitySet}${suffix}`;
}
