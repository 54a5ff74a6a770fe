// Conformance replay (reference §10): every static case of every loaded model, sent as a client would send
// it, must come back from the static sandbox exactly as Amazon's model says; the request itself must be
// valid for a 2xx case; and both quirk lists must be exactly what the models need.
import { describe, expect, it } from 'vitest';
import { defaultAmazonModels } from '../model/loadModels.ts';
import { createModelValidator } from '../model/modelValidator.ts';
import { KNOWN_MODEL_QUIRKS } from '../model/quirks.ts';
import type { ModelQuirk } from '../model/quirks.ts';
import { buildSandboxRequest } from './buildSandboxRequest.ts';
import { staticSandboxCases } from './sandboxCases.ts';
import type { SandboxCase } from './sandboxCases.ts';
import { SANDBOX_DATA_QUIRKS, findSandboxDataQuirks } from './sandboxDataQuirks.ts';
import { createStaticSandbox } from './staticSandbox.ts';

const cases = staticSandboxCases();
const sandbox = createStaticSandbox();
const named = cases.map((c) => ({ name: `${c.operation} ${c.status} #${c.order}`, c }));
const isSuccess = (c: SandboxCase) => c.status < 300;

/** All problems a validator finds in the cases: their responses, and the requests of the 2xx ones. */
function problems(quirks: readonly ModelQuirk[]): string[] {
  const v = createModelValidator({ quirks });
  return cases.flatMap((c) => {
    const found = v.validate(c.operation, c.status, c.expectedBody);
    if (!isSuccess(c)) return found; // a 4xx example's request is meant to be invalid
    const req = buildSandboxRequest(c);
    const pathParams = v.index.match(req.method, req.path)?.pathParams;
    return [...found, ...v.validateRequest(c.operation, { query: req.query, body: req.body, pathParams })];
  });
}

describe('static sandbox replay', () => {
  it.each(named)('$name answers with its status and body', ({ c }) => {
    const answer = sandbox.answer(buildSandboxRequest(c));
    expect(answer).toEqual({ status: c.status, body: c.expectedBody });
  });

  it('sends only valid requests for the 2xx cases and gets only valid responses', () => {
    expect(problems(KNOWN_MODEL_QUIRKS)).toEqual([]);
  });

  it('needs every allow-listed quirk of a loaded model (a fixed model shows up here)', () => {
    const loaded = new Set(defaultAmazonModels().map((m) => m.name));
    const relevant = KNOWN_MODEL_QUIRKS.filter((q) => loaded.has(q.operation.split(':')[0] ?? ''));
    const baseline = problems([]).length;
    const unneeded = relevant.filter((q) => problems([q]).length === baseline).map((q) => q.name);
    expect(unneeded).toEqual([]);
  });

  it('still finds every sandbox data quirk, each where it is documented', () => {
    const hits = findSandboxDataQuirks(cases);
    const found = new Set(hits.map((h) => h.quirk.name));
    expect(SANDBOX_DATA_QUIRKS.map((q) => q.name).filter((n) => !found.has(n))).toEqual([]);
    const where = (name: string) =>
      hits.filter((h) => h.quirk.name === name).map((h) => `#${h.sandboxCase.order} ${h.pointer}`);
    expect(where('ordersV0-getOrders-CreatedBefore-epoch')).toEqual(['#0 /payload/CreatedBefore']);
    expect(where('ordersV0-getOrderItems-IossNumber-empty')).toEqual(['#0 /payload/OrderItems/0/IossNumber']);
    expect(where('ordersV0-updateVerificationStatus-400-without-errors')).toEqual(['#6 ', '#7 ']);
    expect(where('ordersV0-getOrders-1970-dates')).toHaveLength(12);
  });
});
