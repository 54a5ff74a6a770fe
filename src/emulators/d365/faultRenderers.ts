// Injected faults in F&O's own shapes (shared/faults.ts decides which call gets one): a throttle is F&O's
// 429 with Retry-After and the service-protection message, an error is F&O's error body with a 5xx, and a
// malformed answer is a 200 whose JSON breaks off mid-row. The same answers serve whole requests and
// single `$batch` parts.
import type { ActiveFault, FaultRenderers } from '../shared/faults.ts';
import { throttledBody } from './engine/errors.ts';
import { jsonResponse, ODATA_HEADERS, type ODataResponse } from './engine/odataService.ts';
import { JSON_CONTENT_TYPE } from './engine/serialize.ts';

export function throttleResponse(retryAfterSeconds: number): ODataResponse {
  return jsonResponse(429, throttledBody(), { 'Retry-After': String(retryAfterSeconds) });
}

export function faultResponse(
  fault: ActiveFault,
  defaultRetryAfter: () => number,
): ODataResponse | undefined {
  switch (fault.kind) {
    case 'throttle':
      return throttleResponse(fault.retryAfterSeconds ?? defaultRetryAfter());
    case 'error': {
      const status = fault.status ?? 500;
      const message = status === 503 ? 'The service is unavailable.' : 'An error has occurred.';
      return jsonResponse(status, {
        error: {
          code: '',
          message,
          innererror: {
            message: `Injected fault (HTTP ${status}).`,
            type: 'System.Exception',
            stacktrace: '',
          },
        },
      });
    }
    case 'malformed':
      return {
        status: 200,
        headers: { ...ODATA_HEADERS, 'Content-Type': JSON_CONTENT_TYPE },
        body: '{"@odata.context":"$metadata#SalesOrderHeadersV2","value":[{"@odata.etag":"W/\\"JzAsNTYzNzE0NDU3Nic=\\"","dataAreaId":"usmf","SalesOrderNumber":"0',
      };
    default:
      return undefined; // latency and reset are transport-level: shared/faults.ts performs them
  }
}

export const toResponse = (r: ODataResponse) =>
  new Response(r.body ?? null, { status: r.status, headers: r.headers });

export function faultRenderers(defaultRetryAfter: () => number): FaultRenderers {
  const render = (fault: ActiveFault) => toResponse(faultResponse(fault, defaultRetryAfter)!);
  return {
    throttle: (_c, fault) => render(fault),
    error: (_c, fault) => render(fault),
    malformed: (_c, fault) => render(fault),
  };
}
