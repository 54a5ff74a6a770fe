/**
 * Builds a parameterised WHERE clause from optional filters, so list queries never splice values into
 * SQL. Each `?` in a condition stands for that condition's one value (it may appear more than once).
 */
export class WhereClause {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds `condition` when `value` is given (not undefined, null or ''). */
  when(value: unknown, condition: string): this {
    if (value === undefined || value === null || value === '') return this;
    this.values.push(value);
    this.conditions.push(condition.replaceAll('?', `$${this.values.length}`));
    return this;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
