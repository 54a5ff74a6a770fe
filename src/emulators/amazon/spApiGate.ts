// What every SP-API call goes through before its route: resolve the operation, authorise the access
// token (403 Unauthorized), meter the seller's bucket for the operation (429 QuotaExceeded) — and, on the
// way back, add the `x-amzn-RateLimit-Limit` header where the models declare it (2xx, 400, 404), count
// the call and hand the exchange to `onExchange` for model validation.
import type { Context, MiddlewareHandler } from 'hono';
import { authenticate } from './auth.ts';
import type { TokenAuthority } from './lwaTokens.ts';
import { TOKEN_PATH } from './lwa.ts';
import type { Exchange } from './options.ts';
import type { Plan, RateLimiter } from './rateLimits.ts';
import { notFound, quotaExceeded, renderErrors, SpApiError } from './spApiErrors.ts';
import type { EmulatorStats } from './stats.ts';

/** The operation a request calls, with the usage plan that meters it. */
export interface ResolvedOperation {
  operationId: string;
  model: string;
  plan: Plan;
}

export interface GateDeps {
  tokens: TokenAuthority;
  limiter: RateLimiter;
  stats: EmulatorStats;
  resolve(method: string, path: string): ResolvedOperation | undefined;
  onExchange?: (exchange: Exchange) => void;
}

const HEADER_STATUSES = (status: number) =>
  (status >= 200 && status < 300) || status === 400 || status === 404;

export function spApiGate(deps: GateDeps): MiddlewareHandler {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    // `/_definitions/` (product type schemas) and `/_documents/` (feed and report documents) stand for
    // Amazon's presigned storage URLs: no token, no usage plan.
    const storage = path.startsWith('/_definitions/') || path.startsWith('/_documents/');
    if (path.startsWith('/_sim/') || storage || path === TOKEN_PATH) return next();
    const op = deps.resolve(c.req.method, path);
    const operationId = op?.operationId ?? 'unmatched';
    const plan = op?.plan;
    deps.stats.request(operationId);

    let res: Response;
    try {
      const principal = authenticate(c, deps.tokens);
      if (!plan) throw notFound('Resource not found.', `${c.req.method} ${path}`);
      if (!deps.limiter.take(`${principal.sellerId}|${op!.model}:${operationId}`, plan)) {
        deps.stats.throttle(operationId);
        res = quotaExceeded(c);
      } else {
        await next();
        res = c.res;
      }
    } catch (error) {
      if (!(error instanceof SpApiError)) throw error;
      res = renderErrors(c, error.status, error.errors);
    }

    if (plan && HEADER_STATUSES(res.status))
      res.headers.set('x-amzn-RateLimit-Limit', deps.limiter.header(plan));
    if (deps.onExchange)
      deps.onExchange(await exchangeOf(c, res, operationId, op?.model ?? 'unmatched', path));
    c.res = res;
  };
}

async function exchangeOf(
  c: Context,
  res: Response,
  operationId: string,
  model: string,
  path: string,
): Promise<Exchange> {
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { operationId, model, method: c.req.method, path, status: res.status, body, headers: res.headers };
}
