// Injected faults in Amazon's own shapes: a throttle is the usage plan's 429 QuotaExceeded, an error is
// 500 InternalFailure or 503 ServiceUnavailable (the token endpoint answers in LWA's shape instead), and a
// malformed answer is a 200 that breaks the model — a GET gets valid JSON missing required fields, any
// other call a truncated JSON body. Every injected fault is counted in `/_sim/stats`.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ActiveFault, FaultRenderers } from '../shared/faults.ts';
import { lwaError, TOKEN_PATH } from './lwa.ts';
import { quotaExceeded, renderErrors } from './spApiErrors.ts';
import type { EmulatorStats } from './stats.ts';

const isToken = (c: Context) => new URL(c.req.url).pathname === TOKEN_PATH;

export function amazonFaultRenderers(stats: EmulatorStats): FaultRenderers {
  return {
    throttle(c: Context, fault: ActiveFault) {
      stats.fault();
      if (fault.retryAfterSeconds !== undefined) c.header('Retry-After', String(fault.retryAfterSeconds));
      if (isToken(c)) return lwaError(c, 429, 'temporarily_unavailable', 'The request rate is too high.');
      return quotaExceeded(c);
    },
    error(c: Context, fault: ActiveFault) {
      stats.fault();
      const status = (fault.status ?? 500) as ContentfulStatusCode;
      const unavailable = status === 503;
      if (isToken(c))
        return unavailable
          ? lwaError(c, 503, 'temporarily_unavailable', 'The service is temporarily unavailable.')
          : lwaError(c, status, 'server_error', 'Internal server error.');
      return renderErrors(c, status, [
        unavailable
          ? {
              code: 'ServiceUnavailable',
              message: 'Service temporarily unavailable. Please try again later.',
            }
          : { code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' },
      ]);
    },
    malformed(c: Context) {
      stats.fault();
      if (c.req.method === 'GET')
        // An order without its required createdTime, lastUpdatedTime, salesChannel and orderItems.
        return c.json(
          { orders: [{ orderId: '111-0000000-0000000' }], order: { orderId: '111-0000000-0000000' } },
          200,
        );
      return c.body('{"errors":[{"code":"InternalFail', 200, { 'Content-Type': 'application/json' });
    },
  };
}
