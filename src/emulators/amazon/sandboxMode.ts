// Static sandbox mode (`sandbox: true`): every SP-API call is answered from the official models' sandbox
// examples (the `x-amzn-api-sandbox` cases, matched by ./sandbox/staticSandbox.ts), as Amazon's sandbox
// hosts do — behind the same token check and the sandbox's own usage plan (5 calls/s, burst 15). A
// request no model operation serves is a 404.
import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { defaultAmazonModels } from './model/loadModels.ts';
import { createOperationIndex } from './model/operationIndex.ts';
import { createStaticSandbox } from './sandbox/staticSandbox.ts';
import { notFound } from './spApiErrors.ts';
import type { ResolvedOperation } from './spApiGate.ts';

/** Amazon's sandbox hosts apply one usage plan to every operation (each still has its own bucket). */
export const SANDBOX_PLAN = { rate: 5, burst: 15 } as const;

/** Names any operation of the models, so sandbox calls are metered and reported per operation. */
export function sandboxOperations(): (method: string, path: string) => ResolvedOperation | undefined {
  const index = createOperationIndex(defaultAmazonModels());
  return (method, path) => {
    const match = index.match(method, path);
    return (
      match && {
        operationId: match.operation.operationId,
        model: match.operation.model.name,
        plan: SANDBOX_PLAN,
      }
    );
  };
}

export function mountSandbox(app: Hono): void {
  const sandbox = createStaticSandbox();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const answer = sandbox.answer({
      method: c.req.method,
      path: url.pathname,
      query: url.searchParams,
      body,
    });
    if (!answer) throw notFound('Resource not found.', `${c.req.method} ${url.pathname}`);
    const empty =
      answer.body === null ||
      answer.body === undefined ||
      (typeof answer.body === 'object' && Object.keys(answer.body).length === 0 && answer.status === 204);
    if (empty) return c.body(null, answer.status as ContentfulStatusCode);
    return c.json(answer.body as object, answer.status as ContentfulStatusCode);
  });
}
