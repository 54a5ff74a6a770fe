// Which rows a `$filter` can possibly match, named through an index instead of found by testing every
// row: a string field compared with `eq` to a plain literal (no `*` wildcard), those comparisons joined
// by `or` on the same field, or any such term inside an `and`. The filter itself still runs on the rows
// named, so this only ever narrows: a filter it cannot read is answered by the full scan, as before.
// Values are matched case-insensitively, as F&O's SQL Server compares strings (filterEval.ts).
import type { FilterNode } from './filterParser.ts';
import type { EntitySetModel } from './metadataModel.ts';

export interface Narrowing {
  field: string;
  /** Lower-cased values: the rows whose field, lower-cased, is one of them. */
  values: string[];
}

/** The index key of a stored value of a string field. */
export const narrowingKey = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.toLowerCase() : undefined;

export function narrowing(set: EntitySetModel, node: FilterNode): Narrowing | undefined {
  switch (node.kind) {
    case 'compare': {
      if (node.op !== 'eq') return undefined;
      const [property, literal] =
        node.left.kind === 'property' ? [node.left, node.right] : [node.right, node.left];
      if (property.kind !== 'property' || literal.kind !== 'literal' || literal.type !== 'string')
        return undefined;
      if (set.field(property.name)?.kind !== 'string' || literal.value.includes('*')) return undefined;
      return { field: property.name, values: [literal.value.toLowerCase()] };
    }
    case 'logic': {
      const left = narrowing(set, node.left);
      const right = narrowing(set, node.right);
      if (node.op === 'and') return smaller(left, right);
      if (!left || !right || left.field !== right.field) return undefined;
      return { field: left.field, values: [...left.values, ...right.values] };
    }
    default:
      return undefined;
  }
}

function smaller(a: Narrowing | undefined, b: Narrowing | undefined): Narrowing | undefined {
  if (!a || !b) return a ?? b;
  return a.values.length <= b.values.length ? a : b;
}
