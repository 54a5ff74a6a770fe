// Compiles a `$filter` AST against an entity set into a row predicate, type-checking it first the way
// F&O's OData layer does (a string compared with a number, an enum with a plain string, or an enum with
// gt/lt is a 400). Evaluation follows F&O's SQL Server: strings compare case-insensitively, and a `*`
// inside an eq/ne string literal is a wildcard (LIKE), F&O's documented substitute for contains().
import type { Row } from './behaviour.ts';
import { queryFault } from './errors.ts';
import type { ComparisonOp, FilterNode } from './filterParser.ts';
import {
  NAMESPACE,
  type EntitySetModel,
  type EnumModel,
  type FieldModel,
  type MetadataModel,
} from './metadataModel.ts';
import { canonicalDateTime, compareStored } from './values.ts';

type ValueClass = 'string' | 'number' | 'datetime' | 'date' | 'guid' | 'binary' | 'boolean' | 'null' | 'enum';

interface Compiled {
  cls: ValueClass;
  /** EDM type name for messages. */
  edm: string;
  field?: FieldModel;
  enumType?: EnumModel;
  /** Set for a string literal (the wildcard pattern is decided at compile time). */
  literal?: string;
  integral?: boolean;
  evaluate(row: Row): unknown;
}

const OPERATOR_KIND: Record<string, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
  add: 'Add',
  sub: 'Subtract',
  mul: 'Multiply',
  div: 'Divide',
  divby: 'Divide',
  mod: 'Modulo',
  and: 'And',
  or: 'Or',
};

const incompatible = (a: Compiled, b: Compiled, op: string) =>
  queryFault(
    `A binary operator with incompatible types was detected. Found operand types '${a.edm}' and '${b.edm}' for operator kind '${OPERATOR_KIND[op]}'.`,
  );

interface Scope {
  set: EntitySetModel;
  model: MetadataModel;
}

export function compileFilter(
  model: MetadataModel,
  set: EntitySetModel,
  ast: FilterNode,
): (row: Row) => boolean {
  const compiled = compile({ set, model }, ast);
  if (compiled.cls !== 'boolean')
    throw queryFault('The $filter expression must evaluate to a single boolean value.');
  return (row) => compiled.evaluate(row) === true;
}

function compile(scope: Scope, node: FilterNode): Compiled {
  const { set } = scope;
  switch (node.kind) {
    case 'literal':
      return literal(node);
    case 'enum':
      return enumLiteral(scope.model, node.typeName, node.member);
    case 'property': {
      const field = set.field(node.name);
      if (!field)
        throw queryFault(`Could not find a property named '${node.name}' on type '${set.qualifiedType}'.`);
      const cls = classOf(field);
      const name = field.name;
      return {
        cls,
        edm: field.edmType,
        field,
        enumType: field.enumType,
        integral: field.kind !== 'decimal',
        evaluate: (row) => row[name],
      };
    }
    case 'not': {
      const operand = compile(scope, node.operand);
      if (operand.cls !== 'boolean')
        throw queryFault(
          `A unary operator with an incompatible type was detected. Found operand type '${operand.edm}' for operator kind 'Not'.`,
        );
      return { cls: 'boolean', edm: 'Edm.Boolean', evaluate: (row) => operand.evaluate(row) !== true };
    }
    case 'negate': {
      const operand = compile(scope, node.operand);
      if (operand.cls !== 'number')
        throw queryFault(
          `A unary operator with an incompatible type was detected. Found operand type '${operand.edm}' for operator kind 'Negate'.`,
        );
      return { ...operand, field: undefined, evaluate: (row) => -(operand.evaluate(row) as number) };
    }
    case 'logic': {
      const [l, r] = [compile(scope, node.left), compile(scope, node.right)];
      if (l.cls !== 'boolean' || r.cls !== 'boolean') throw incompatible(l, r, node.op);
      const evaluate =
        node.op === 'and'
          ? (row: Row) => l.evaluate(row) === true && r.evaluate(row) === true
          : (row: Row) => l.evaluate(row) === true || r.evaluate(row) === true;
      return { cls: 'boolean', edm: 'Edm.Boolean', evaluate };
    }
    case 'arith': {
      const [l, r] = [compile(scope, node.left), compile(scope, node.right)];
      if (l.cls !== 'number' || r.cls !== 'number') throw incompatible(l, r, node.op);
      const integral = Boolean(l.integral && r.integral);
      const op = node.op;
      const evaluate = (row: Row) => {
        const [a, b] = [l.evaluate(row) as number, r.evaluate(row) as number];
        if ((op === 'div' || op === 'divby' || op === 'mod') && b === 0) return null;
        if (op === 'add') return a + b;
        if (op === 'sub') return a - b;
        if (op === 'mul') return a * b;
        if (op === 'mod') return a % b;
        return op === 'div' && integral ? Math.trunc(a / b) : a / b;
      };
      return { cls: 'number', edm: integral ? 'Edm.Int32' : 'Edm.Decimal', integral, evaluate };
    }
    case 'compare':
      return comparison(node.op, compile(scope, node.left), compile(scope, node.right));
  }
}

/** Date-only and UtcDateTime fields are both Edm.DateTimeOffset in F&O's metadata. */
function classOf(field: FieldModel): ValueClass {
  if (field.kind === 'int32' || field.kind === 'int64' || field.kind === 'decimal') return 'number';
  return field.kind === 'date' ? 'datetime' : field.kind;
}

function literal(node: FilterNode & { kind: 'literal' }): Compiled {
  switch (node.type) {
    case 'string':
      return { cls: 'string', edm: 'Edm.String', literal: node.value, evaluate: () => node.value };
    case 'number': {
      const integral = /^-?\d+[lL]?$/.test(node.raw);
      const edm = /[lL]$/.test(node.raw)
        ? 'Edm.Int64'
        : integral
          ? 'Edm.Int32'
          : /[eE]/.test(node.raw)
            ? 'Edm.Double'
            : 'Edm.Decimal';
      return { cls: 'number', edm, integral, evaluate: () => node.value };
    }
    case 'datetime': {
      const value = canonicalDateTime(node.value, 'datetime');
      if (!value)
        throw queryFault(
          `The DateTimeOffset text '${node.value}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`,
        );
      const ms = Date.parse(node.value);
      return { cls: 'datetime', edm: 'Edm.DateTimeOffset', evaluate: () => ms };
    }
    case 'date':
      return { cls: 'date', edm: 'Edm.Date', evaluate: () => node.value };
    case 'guid':
      return { cls: 'guid', edm: 'Edm.Guid', evaluate: () => node.value };
    case 'boolean':
      return { cls: 'boolean', edm: 'Edm.Boolean', evaluate: () => node.value };
    case 'null':
      return { cls: 'null', edm: 'null', evaluate: () => null };
  }
}

function enumLiteral(model: MetadataModel, typeName: string, memberText: string): Compiled {
  const prefix = `${NAMESPACE}.`;
  const enumType = typeName.startsWith(prefix) ? model.enum(typeName.slice(prefix.length)) : undefined;
  if (!enumType) throw queryFault(`The type '${typeName}' is not a known enum type.`);
  const member = enumType.members.find((m) => m.name === memberText || String(m.value) === memberText);
  if (!member)
    throw queryFault(`The string '${memberText}' is not a valid enumerated type constant of '${typeName}'.`);
  return { cls: 'enum', edm: typeName, enumType, evaluate: () => member.name };
}

function comparison(op: ComparisonOp, l: Compiled, r: Compiled): Compiled {
  const boolean = (evaluate: (row: Row) => boolean): Compiled => ({
    cls: 'boolean',
    edm: 'Edm.Boolean',
    evaluate,
  });
  if (l.cls === 'null' || r.cls === 'null') {
    const other = l.cls === 'null' ? r : l;
    if (op !== 'eq' && op !== 'ne') return boolean(() => false);
    return boolean((row) => (other.evaluate(row) === null) === (op === 'eq'));
  }
  if (l.cls !== r.cls) throw incompatible(l, r, op);
  if (l.cls === 'enum' || r.cls === 'enum') {
    if (l.enumType !== r.enumType) throw incompatible(l, r, op);
    if (op !== 'eq' && op !== 'ne')
      throw queryFault(
        `Enumeration values can only be compared with eq and ne ('${OPERATOR_KIND[op]}' on '${l.edm}').`,
      );
  }
  const pattern = op === 'eq' || op === 'ne' ? wildcard(r.literal ?? l.literal) : undefined;
  if (pattern && l.cls === 'string') {
    const subject = r.literal !== undefined ? l : r;
    return boolean((row) => pattern.test(String(subject.evaluate(row))) === (op === 'eq'));
  }
  const isDate = l.cls === 'datetime';
  const field = l.field ?? r.field;
  const order = (row: Row): number => {
    const [a, b] = [l.evaluate(row), r.evaluate(row)];
    if (isDate) return toMs(a) - toMs(b);
    return compareStored(field, a, b);
  };
  switch (op) {
    case 'eq':
      return boolean((row) => order(row) === 0);
    case 'ne':
      return boolean((row) => order(row) !== 0);
    case 'gt':
      return boolean((row) => order(row) > 0);
    case 'ge':
      return boolean((row) => order(row) >= 0);
    case 'lt':
      return boolean((row) => order(row) < 0);
    case 'le':
      return boolean((row) => order(row) <= 0);
  }
}

const toMs = (value: unknown): number => (typeof value === 'number' ? value : Date.parse(String(value)));

/** A case-insensitive LIKE for a literal with `*`, F&O's substitute for contains/startswith/endswith. */
function wildcard(literal: string | undefined): RegExp | undefined {
  if (literal === undefined || !literal.includes('*')) return undefined;
  const source = literal
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is');
}
