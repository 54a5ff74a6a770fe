/**
 * The API's OpenAPI document as a test oracle: is an answer one the document allows? The status must
 * be listed for the operation, the body must match the listed schema (checked with Ajv, independently
 * of the zod schemas the document came from), and 401/405/429 must carry their headers. Requests the
 * document has no operation for follow its stated global rules: an Error answer, 405 with `Allow`
 * naming the documented methods for a known path, 404 for an unknown one, and before either the
 * answers any /api request can get (400, 401, 403, 413, 429).
 *
 * `withContractCheck` wraps an app's `request` so that every answer a test receives is checked.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Hono } from 'hono';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is JSON read from the API */
export type OpenApiDocument = any;

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'];
/** Answers any /api request can get before its route is found: Host, body cap, credentials, limit. */
const BEFORE_ROUTING = [400, 401, 403, 413, 429];

export interface Answer {
  status: number;
  headers: Headers;
  /** The body as text; undefined for an event stream (never read to its end). */
  text: string | undefined;
}

export interface Operation {
  path: string;
  method: string;
  op: any;
}

export class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<object, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; literal: boolean }>;

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.templates = Object.keys(document.paths).map((template) => ({
      template,
      literal: !template.includes('{'),
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]+')}$`,
      ),
    }));
  }

  /** Every documented operation. */
  operations(): Operation[] {
    return Object.entries(this.document.paths).flatMap(([path, item]: [string, any]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
    );
  }

  /** The templates a concrete path matches, literal ones first (`/api/records/retry` before `{id}`). */
  private matches(path: string): string[] {
    const found = this.templates.filter((t) => t.pattern.test(path));
    return [...found.filter((t) => t.literal), ...found.filter((t) => !t.literal)].map((t) => t.template);
  }

  /** The operation serving `method path`, if the document has one. */
  operation(method: string, path: string): Operation | undefined {
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    for (const template of this.matches(path)) {
      const op = this.document.paths[template][m];
      if (op) return { path: template, method: m, op };
    }
    return undefined;
  }

  /** Documented methods of the paths `path` matches (what `Allow` must say). */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const template of this.matches(path)) {
      for (const m of METHODS) if (this.document.paths[template][m]) methods.add(m.toUpperCase());
    }
    return [...methods].sort();
  }

  private validator(schema: object): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) {
      // Refs point into the document's components: compile with them beside the schema.
      fn = this.ajv.compile({ ...schema, components: this.document.components });
      this.compiled.set(schema, fn);
    }
    return fn;
  }

  /** What is wrong with `answer` to `method path` (path without the query); empty when it is documented. */
  problems(method: string, rawPath: string, answer: Answer): string[] {
    const path = rawPath.split('?')[0]!;
    const where = `${method} ${rawPath} → ${answer.status}`;
    const out: string[] = [];
    const operation = this.operation(method, path);
    let response: any;
    if (operation) {
      response = operation.op.responses[String(answer.status)];
      if (!response)
        out.push(`${where}: status not documented for ${operation.method.toUpperCase()} ${operation.path}`);
    } else {
      const allow = this.allowed(path);
      const global =
        allow.length > 0
          ? [...BEFORE_ROUTING, 405]
          : path.startsWith('/api/')
            ? [...BEFORE_ROUTING, 404]
            : [404, 405];
      if (!global.includes(answer.status)) out.push(`${where}: not an answer the document allows here`);
      if (answer.status === 405 && answer.headers.get('allow') !== allow.join(', ')) {
        out.push(
          `${where}: Allow is "${answer.headers.get('allow')}", the document says "${allow.join(', ')}"`,
        );
      }
      response = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    if (answer.status === 401 && !answer.headers.get('www-authenticate'))
      out.push(`${where}: no WWW-Authenticate`);
    if (answer.status === 429 && !/^\d+$/.test(answer.headers.get('retry-after') ?? '')) {
      out.push(`${where}: no Retry-After`);
    }
    if (!response) return out;
    const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const content = response.content as Record<string, { schema?: object }> | undefined;
    if (!content) {
      if (answer.text) out.push(`${where}: a body where the document says none`);
      return out;
    }
    const media = content[type];
    if (!media) return [...out, `${where}: content type "${type}" not documented (${Object.keys(content)})`];
    if (type !== 'application/json' || !media.schema) return out;
    let body: unknown;
    try {
      body = JSON.parse(answer.text ?? '');
    } catch {
      return [...out, `${where}: the body is not JSON`];
    }
    const validate = this.validator(media.schema);
    if (!validate(body)) {
      out.push(
        `${where}: body does not match: ${validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
      );
    }
    return out;
  }
}

/** Reads an answer for checking without consuming it for the caller. */
export async function answerOf(res: Response): Promise<Answer> {
  const stream = res.headers.get('content-type')?.startsWith('text/event-stream');
  return { status: res.status, headers: res.headers, text: stream ? undefined : await res.clone().text() };
}

/**
 * `app` whose every answer to `app.request` is checked against its own /api/openapi.json (fetched
 * with `token` on first use); an undocumented answer throws, failing the test that got it.
 */
export function withContractCheck<A extends Hono>(app: A, token: string): A {
  const request = app.request.bind(app);
  let contract: Promise<ApiContract> | undefined;
  const load = async () => {
    const res = await request('/api/openapi.json', { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`cannot read the API's OpenAPI document: ${res.status}`);
    return new ApiContract(await res.json());
  };
  app.request = (async (input: string | URL | Request, init?: RequestInit, ...rest: unknown[]) => {
    const res = await request(input as string, init, ...(rest as []));
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
    contract ??= load();
    const problems = (await contract).problems(
      method.toUpperCase(),
      url.pathname + url.search,
      await answerOf(res),
    );
    if (problems.length > 0) throw new Error(`answer not in the API contract: ${problems.join('\n')}`);
    return res;
  }) as A['request'];
  return app;
}
