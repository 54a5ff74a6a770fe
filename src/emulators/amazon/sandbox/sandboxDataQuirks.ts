// Oddities in Amazon's sandbox examples that pass schema validation but trip a client that takes the data
// at its word (reference §10 step 3). The sandbox replays them verbatim — that is what Amazon's sandbox host
// sends — so a client's conformance test needs to know where they are: `findSandboxDataQuirks` locates
// them, and a test requires every entry to still be found so a corrected model is noticed.
import { isDeepStrictEqual } from 'node:util';
import type { SandboxCase } from './sandboxCases.ts';

export interface SandboxDataQuirk {
  name: string;
  why: string;
  operation: string;
  status: number;
  /** True for a (JSON pointer, value) of the expected body that shows the quirk. */
  test(pointer: string, value: unknown): boolean;
}

const ORDER_DATE =
  /^\/payload(\/Orders\/\d+)?\/(PurchaseDate|LastUpdateDate|(Earliest|Latest)(Ship|Delivery)Date)$/;
const in1970 = (v: unknown) => typeof v === 'string' && v.startsWith('1970-');

export const SANDBOX_DATA_QUIRKS: readonly SandboxDataQuirk[] = [
  {
    name: 'ordersV0-getOrders-CreatedBefore-epoch',
    why:
      'CreatedBefore is documented as ISO 8601 but the TEST_CASE_200 example holds epoch seconds in ' +
      'scientific notation ("1.569521782042E9"); the schema only says `string`, so it validates.',
    operation: 'ordersV0:getOrders',
    status: 200,
    test: (pointer, value) => pointer === '/payload/CreatedBefore' && value === '1.569521782042E9',
  },
  ...['ordersV0:getOrders', 'ordersV0:getOrder'].map((operation) => ({
    name: `${operation.replace(':', '-')}-1970-dates`,
    why:
      'Order dates of the TEST_CASE_200 examples fall on 1970-01-19 (epoch seconds read as milliseconds); ' +
      'valid date-times, but far outside "orders of the last two years" — do not sanity-check them.',
    operation,
    status: 200,
    test: (pointer: string, value: unknown) => ORDER_DATE.test(pointer) && in1970(value),
  })),
  {
    name: 'ordersV0-getOrderItems-IossNumber-empty',
    why: 'IossNumber is "" rather than absent; treat an empty IOSS number as none.',
    operation: 'ordersV0:getOrderItems',
    status: 200,
    test: (pointer, value) => /^\/payload\/OrderItems\/\d+\/IossNumber$/.test(pointer) && value === '',
  },
  {
    name: 'ordersV0-updateVerificationStatus-400-without-errors',
    why:
      'Two 400 examples (order 902-2592119-3531015: Rejected with approvedAlternativeDetails, Pending with ' +
      'interimStatusDetail) answer `{}`: no `errors`, which the schema allows. A client must still treat the ' +
      'status as a failure rather than look for an error code.',
    operation: 'ordersV0:updateVerificationStatus',
    status: 400,
    test: (pointer, value) => pointer === '' && isDeepStrictEqual(value, {}),
  },
];

export interface QuirkHit {
  quirk: SandboxDataQuirk;
  sandboxCase: SandboxCase;
  pointer: string;
}

/** Every place in the cases' expected bodies where a quirk shows. */
export function findSandboxDataQuirks(
  cases: readonly SandboxCase[],
  quirks: readonly SandboxDataQuirk[] = SANDBOX_DATA_QUIRKS,
): QuirkHit[] {
  const hits: QuirkHit[] = [];
  for (const sandboxCase of cases) {
    const relevant = quirks.filter(
      (q) => q.operation === sandboxCase.operation && q.status === sandboxCase.status,
    );
    if (relevant.length === 0) continue;
    walk(sandboxCase.expectedBody, '', (pointer, value) => {
      for (const quirk of relevant)
        if (quirk.test(pointer, value)) hits.push({ quirk, sandboxCase, pointer });
    });
  }
  return hits;
}

function walk(value: unknown, pointer: string, visit: (pointer: string, value: unknown) => void): void {
  visit(pointer, value);
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
  }
}
