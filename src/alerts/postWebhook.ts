/**
 * One POST of a JSON body to a webhook, bounded by a timeout and by the caller's stop signal, reduced to
 * an outcome the delivery policy judges. The URL never leaves this function: Slack and Teams URLs carry
 * their credential in the path, so errors are reduced to a status or an error code, never a message
 * that might quote the URL. Redirects are not followed (the body would go to a host nobody configured).
 */
import type { DeliveryOutcome } from './deliveryPolicy.ts';

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'timeout';
  return error instanceof Error ? error.name : 'network error';
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export async function postWebhook(
  fetchFn: typeof fetch,
  url: string,
  body: unknown,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<DeliveryOutcome> {
  // A controller kept alive by its own timer (see engine/runner.ts on AbortSignal.timeout under Node 20).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'amazon-d365-connector alerts' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: controller.signal,
    });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
  } catch (error) {
    return { networkError: controller.signal.aborted ? 'timeout' : errorCode(error) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}
