import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { ApiContract, type OpenApiDocument } from '../../test/support/apiContract.ts';
import { bearer, jsonOf, useTestWeb } from '../../test/support/webTestKit.ts';

/**
 * The OpenAPI document at /api/openapi.json: a valid OpenAPI 3.1 document by an independent validator,
 * covering exactly the routes the app serves, with a role for each. (Every answer the web tests get
 * is checked against it: see withContractCheck in test/support/apiContract.ts.)
 */
const testWeb = useTestWeb();

async function document(): Promise<OpenApiDocument> {
  const res = await testWeb().app.request('/api/openapi.json', { headers: bearer });
  expect(res.status).toBe(200);
  return jsonOf(res);
}

describe('/api/openapi.json', () => {
  it('is an OpenAPI 3.1 document that @readme/openapi-parser finds valid', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result).toMatchObject({ valid: true });
  });

  it('needs authentication like the rest of /api', async () => {
    expect((await testWeb().app.request('/api/openapi.json')).status).toBe(401);
  });

  it('has every route the app serves, and nothing it does not', async () => {
    const doc = await document();
    const served = testWeb()
      .app.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`);
    const documented = new ApiContract(doc).operations().map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
    expect(documented.length).toBeGreaterThanOrEqual(19);
  });

  it('gives every operation a role: GETs need any token, actions an operator, sign-in none', async () => {
    const roles = Object.fromEntries(
      new ApiContract(await document()).operations().map((o) => [`${o.method} ${o.path}`, o.op['x-role']]),
    );
    for (const [operation, role] of Object.entries(roles)) {
      const expected = ['/healthz', '/readyz', '/api/login', '/api/logout'].some((p) =>
        operation.endsWith(` ${p}`),
      )
        ? 'public'
        : operation.startsWith('get ')
          ? 'viewer'
          : 'operator';
      expect({ operation, role }).toEqual({ operation, role: expected });
    }
  });

  it('documents every parameter with the rules that validate it', async () => {
    const doc = await document();
    const feed = doc.paths['/api/feed'].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(feed).toEqual(['before', 'connection', 'flow', 'level', 'limit', 'run', 'text']);
    const text = doc.paths['/api/feed'].get.parameters.find((p: { name: string }) => p.name === 'text');
    expect(text.schema).toMatchObject({ type: 'string', maxLength: 200, pattern: '^[^\\u0000]*$' });
    expect(doc.paths['/api/services/{flow}/backfill'].post.requestBody.required).toBe(true);
  });
});

describe('the contract as a test oracle', () => {
  const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    text: body === undefined ? undefined : JSON.stringify(body),
  });

  it('accepts a documented answer and refuses an undocumented status, shape or header', async () => {
    const contract = new ApiContract(await document());
    expect(
      contract.problems('GET', '/api/records?limit=1', answer(200, { records: [], nextBefore: null })),
    ).toEqual([]);
    expect(contract.problems('GET', '/api/records', answer(418, { records: [] }))).toEqual([
      expect.stringMatching(/status not documented/),
    ]);
    expect(
      contract.problems('GET', '/api/records', answer(200, { records: [], nextBefore: null, extra: 1 })),
    ).toEqual([expect.stringMatching(/must NOT have additional properties/)]);
    expect(
      contract.problems('GET', '/api/records', answer(401, { error: 'unauthorized', message: 'x' })),
    ).toEqual([expect.stringMatching(/no WWW-Authenticate/)]);
    expect(
      contract.problems(
        'DELETE',
        '/api/records/1',
        answer(405, { error: 'method_not_allowed', message: 'x' }, { allow: 'GET, POST' }),
      ),
    ).toEqual([expect.stringMatching(/Allow is "GET, POST", the document says "GET"/)]);
    expect(
      contract.problems('GET', '/api/nothing', answer(500, { error: 'internal', message: 'x' })),
    ).toEqual([expect.stringMatching(/not an answer the document allows/)]);
  });
});
