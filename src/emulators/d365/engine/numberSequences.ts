// F&O number sequences behind `BehaviourContext.nextNumber`: one counter per sequence name and company,
// kept in the durable tables so a restart neither reissues nor skips a number. The engine hands out the
// counter 1, 2, 3… zero-padded to six digits ('000001'); the business rules own each sequence's real
// format (prefix, width, first number). A number taken inside a change set that fails is rolled back
// with it.
import type { DurableEntityStore } from './entityStore.ts';

export const NUMBER_SEQUENCES_TABLE = '_NumberSequences';

/** Takes the next number of a sequence (the store's open change set holds the increment). */
export function nextNumber(store: DurableEntityStore, sequence: string, company: string): string {
  return store.atomically(() => {
    const id = `${sequence}\u0000${company.toLowerCase()}`;
    const next = (store.tables.get(NUMBER_SEQUENCES_TABLE, id) as number | undefined) ?? 1;
    store.tables.put(NUMBER_SEQUENCES_TABLE, id, next + 1);
    return String(next).padStart(6, '0');
  });
}
