// `$filter` parser: the OData grammar F&O accepts, as an AST. F&O supports comparisons (eq ne gt ge lt le),
// logic (and or not), arithmetic (add sub mul div divby mod) and grouping. It refuses `in`, `has` and
// lambdas (any/all) — the parser does too, with a message saying so — and this emulator refuses every
// function call (contains, startswith, tolower, …): their support on F&O's /data is unconfirmed, and the
// documented way is a wildcard inside eq (`Name eq '*retail*'`), which the evaluator implements.
import { queryFault } from './errors.ts';
import { syntaxError, tokenize, type Token } from './filterLexer.ts';

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';

export type FilterNode =
  | { kind: 'literal'; type: 'string' | 'datetime' | 'date' | 'guid'; value: string }
  | { kind: 'literal'; type: 'number'; value: number; raw: string }
  | { kind: 'literal'; type: 'boolean'; value: boolean }
  | { kind: 'literal'; type: 'null'; value: null }
  | { kind: 'enum'; typeName: string; member: string }
  | { kind: 'property'; name: string }
  | { kind: 'compare'; op: ComparisonOp; left: FilterNode; right: FilterNode }
  | { kind: 'arith'; op: ArithmeticOp; left: FilterNode; right: FilterNode }
  | { kind: 'logic'; op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'negate'; operand: FilterNode };

const COMPARISON = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const ADDITIVE = new Set(['add', 'sub']);
const MULTIPLICATIVE = new Set(['mul', 'div', 'divby', 'mod']);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token => tokens[i]!;
  const isWord = (word: string, t: Token = peek()) => t.type === 'name' && t.value === word;
  const fail = (t: Token = peek()): never => {
    throw syntaxError(text, t.pos);
  };

  function binaryLevel(
    next: () => FilterNode,
    words: Set<string>,
    make: (op: string, l: FilterNode, r: FilterNode) => FilterNode,
  ) {
    return (): FilterNode => {
      let left = next();
      for (let t = peek(); t.type === 'name' && words.has(t.value); t = peek()) {
        i++;
        left = make(t.value, left, next());
      }
      return left;
    };
  }

  const primary = (): FilterNode => {
    const t = peek();
    i++;
    switch (t.type) {
      case '(': {
        const inner = orExpr();
        if (peek().type !== ')') fail();
        i++;
        return inner;
      }
      case '-':
        return { kind: 'negate', operand: primary() };
      case 'string':
      case 'datetime':
      case 'date':
      case 'guid':
        return { kind: 'literal', type: t.type, value: t.value };
      case 'number':
        return { kind: 'literal', type: 'number', value: t.value, raw: t.raw };
      case 'typed':
        if (!t.typeName.includes('.'))
          throw queryFault(`The literal type '${t.typeName}' is not supported in $filter.`);
        return { kind: 'enum', typeName: t.typeName, member: t.value };
      case 'name':
        return nameExpr(t);
      default:
        return fail(t);
    }
  };

  const nameExpr = (t: Token & { type: 'name' }): FilterNode => {
    if (t.value === 'true' || t.value === 'false')
      return { kind: 'literal', type: 'boolean', value: t.value === 'true' };
    if (t.value === 'null') return { kind: 'literal', type: 'null', value: null };
    if (t.value.startsWith('$')) throw queryFault(`'${t.value}' is not supported in $filter.`);
    if (peek().type === '(')
      throw queryFault(
        `The function '${t.value}' is not supported. Dynamics 365 F&O filters strings with a wildcard inside eq instead, e.g. Name eq '*text*'.`,
      );
    if (peek().type === '/') {
      const after = tokens[i + 1];
      if (after?.type === 'name' && (after.value === 'any' || after.value === 'all'))
        throw queryFault(
          `Lambda expressions ('${after.value}') are not supported by Dynamics 365 F&O OData.`,
        );
      throw queryFault(`Navigation paths are not supported in $filter ('${t.value}/…').`);
    }
    return { kind: 'property', name: t.value };
  };

  const unary = (): FilterNode => {
    if (isWord('not')) {
      i++;
      return { kind: 'not', operand: unary() };
    }
    return primary();
  };
  const multiplicative = binaryLevel(unary, MULTIPLICATIVE, (op, left, right) => ({
    kind: 'arith',
    op: op as ArithmeticOp,
    left,
    right,
  }));
  const additive = binaryLevel(multiplicative, ADDITIVE, (op, left, right) => ({
    kind: 'arith',
    op: op as ArithmeticOp,
    left,
    right,
  }));
  const comparison = (): FilterNode => {
    const left = additive();
    const t = peek();
    if (isWord('in', t) || isWord('has', t))
      throw queryFault(
        `The '${(t as { value: string }).value}' operator is not supported by Dynamics 365 F&O OData.`,
      );
    if (t.type === 'name' && COMPARISON.has(t.value)) {
      i++;
      return { kind: 'compare', op: t.value as ComparisonOp, left, right: additive() };
    }
    return left;
  };
  const andExpr = binaryLevel(comparison, new Set(['and']), (_op, left, right) => ({
    kind: 'logic',
    op: 'and',
    left,
    right,
  }));
  const orExpr = binaryLevel(andExpr, new Set(['or']), (_op, left, right) => ({
    kind: 'logic',
    op: 'or',
    left,
    right,
  }));

  const ast = orExpr();
  if (peek().type !== 'end') fail();
  return ast;
}
