// Known faults in Amazon's own models that the validator forgives. Each entry names one exact problem
// (operation, place, JSON pointer, keyword and, where it helps, the offending value) and says why it is
// forgiven, so a quirk cannot hide an emulator bug elsewhere and a fixed model shows up as an unused entry
// (the tests require every entry to be needed).
import type { Finding } from './requestChecks.ts';

export interface ModelQuirk {
  name: string;
  why: string;
  /** Operation key, e.g. `ordersV0:getOrders`. */
  operation: string;
  /** As in problems: `response 200`, `request body`, `query parameter X`. */
  where: string;
  pointer: string;
  keyword: string;
  /** When set, only this offending value is forgiven. */
  value?: string | number | boolean | null;
}

// Every Swagger model in ../models/ is loaded and its sandbox examples replayed (sandbox/replay.test.ts).
// The Orders models' examples validate cleanly in both directions (the oddities reference §10 lists are
// schema-valid: see sandbox/sandboxDataQuirks.ts); the entries below are the faults the other models'
// own examples show. The replay test requires every entry to be needed, so a fixed model shows up.
export const KNOWN_MODEL_QUIRKS: readonly ModelQuirk[] = [
  ...['FinancialEventGroupStartedBefore', 'FinancialEventGroupStartedAfter'].map((name) => ({
    name: `financesV0-listFinancialEventGroups-${name}-date-only`,
    why:
      "The parameter is declared `format: date-time`, yet Amazon's own 200 sandbox example sends a bare date " +
      '("2019-10-31"), so Amazon accepts date-only values here; refusing them would fail that replay.',
    operation: 'financesV0:listFinancialEventGroups',
    where: `query parameter ${name}`,
    pointer: '',
    keyword: 'format',
  })),
];

export function findQuirk(
  quirks: readonly ModelQuirk[],
  operation: string,
  finding: Finding,
): ModelQuirk | undefined {
  return quirks.find(
    (q) =>
      q.operation === operation &&
      q.where === finding.where &&
      q.pointer === finding.problem.pointer &&
      q.keyword === finding.problem.keyword &&
      (!('value' in q) || q.value === finding.problem.value),
  );
}
