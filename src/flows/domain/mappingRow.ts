/**
 * Reading one row of a mapping table, cell by cell, into typed values — each problem recorded with the
 * cell's path (`mappings.skus[3].itemNumber: missing: give …`) so a person finds it in the file. YAML
 * turns `itemNumber: 1000` into a number and a CSV-like file gives `quantity: "2"` as text: both are
 * accepted for what they plainly mean.
 */

export type MappingRow = Record<string, string | number | boolean>;

/** Amazon marketplace ids, as the connection's `amazon.marketplaces[].id` takes them. */
const MARKETPLACE_ID = /^[A-Z0-9]{10,14}$/;

export function readRow(row: MappingRow, path: string, problems: string[]) {
  let ok = true;
  /** Records a problem of a cell; returns undefined, so a reader can `return problem(…)`. */
  const problem = (column: string, message: string): undefined => {
    ok = false;
    problems.push(`${path}.${column}: ${message}`);
    return undefined;
  };

  const text = (column: string, opts: { required?: string; max?: number } = {}): string | undefined => {
    const value = row[column];
    if (typeof value === 'boolean') return problem(column, `must be text, not ${value}`);
    const trimmed = value === undefined ? '' : String(value).trim();
    if (trimmed === '') return opts.required ? problem(column, `missing: give ${opts.required}`) : undefined;
    if (opts.max !== undefined && trimmed.length > opts.max)
      return problem(column, `is ${trimmed.length} characters long, D365 allows ${opts.max}: shorten it`);
    return trimmed;
  };

  return {
    /** False once any cell of the row had a problem. */
    get ok() {
      return ok;
    },
    problem,
    text,

    /** Columns a table does not know are typos more often than not: say so rather than ignore them. */
    only(columns: readonly string[]): void {
      for (const column of Object.keys(row))
        if (!columns.includes(column))
          problem(column, `unknown column: the columns of this table are ${columns.join(', ')}`);
    },

    /** A number greater than zero (quantities, shares), at most `max`. */
    positive(column: string, opts: { required?: string; max?: number } = {}): number | undefined {
      const value = row[column];
      if (value === undefined || (typeof value === 'string' && value.trim() === ''))
        return opts.required ? problem(column, `missing: give ${opts.required}`) : undefined;
      const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (!Number.isFinite(number) || number <= 0)
        return problem(column, `must be a number greater than 0, not ${JSON.stringify(value)}`);
      if (opts.max !== undefined && number > opts.max)
        return problem(column, `must be at most ${opts.max}, not ${number}`);
      return number;
    },

    /** The optional marketplace a row is limited to. */
    marketplaceId(): string | undefined {
      const id = text('marketplaceId');
      if (id !== undefined && !MARKETPLACE_ID.test(id))
        return problem('marketplaceId', `must be an Amazon marketplace id such as ATVPDKIKX0DER, not ${id}`);
      return id;
    },
  };
}

export type RowReader = ReturnType<typeof readRow>;
