// Entity keys: parsing the key predicate of a URL (`SalesOrderHeadersV2(dataAreaId='usmf',SalesOrderNumber='000123')`,
// strings in single quotes with '' escaping, numbers and dates bare), writing one back, and the canonical
// key string under which a row is stored. F&O's key lookups go through SQL Server's case-insensitive
// collation, so the canonical key folds case: 'A0001' and 'a0001' are the same record.
import type { Row } from './behaviour.ts';
import { EngineFault } from './errors.ts';
import type { EntitySetModel, FieldModel } from './metadataModel.ts';
import { NAMESPACE } from './metadataModel.ts';
import { canonicalDateTime, defaultValue } from './values.ts';

const badKeyCount = (set: EntitySetModel) =>
  new EngineFault(
    400,
    `The number of keys specified in the URI does not match number of key properties for the resource '${set.qualifiedType}'.`,
    'plain',
  );
const badLiteral = () => new EngineFault(400, 'Bad Request - Error in query syntax.', 'plain');

/** Splits `a='x,y',b=2` at top-level commas (commas inside quotes belong to the value). */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'")
      quoted = !quoted; // '' inside a string toggles twice: still quoted
    else if (!quoted && text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The value of one key literal as stored for `field`. */
export function keyLiteral(field: FieldModel, raw: string): unknown {
  const text = raw.trim();
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  switch (field.kind) {
    case 'string':
      if (!quoted) throw badLiteral();
      return quoted[1]!.replace(/''/g, "'");
    case 'int32':
    case 'int64':
    case 'decimal': {
      const n = Number(text.replace(/[lLmMdD]$/, ''));
      if (text === '' || !Number.isFinite(n)) throw badLiteral();
      return n;
    }
    case 'date':
    case 'datetime': {
      const value = canonicalDateTime(quoted ? quoted[1]! : text, field.kind);
      if (!value) throw badLiteral();
      return value;
    }
    case 'guid':
      return (quoted ? quoted[1]! : text).toLowerCase();
    case 'enum': {
      const m = new RegExp(`^(?:${NAMESPACE.replace(/\./g, '\\.')}\\.(\\w+))?'([^']*)'$`).exec(text);
      const member = field.enumType!.members.find((e) => e.name === m?.[2] || String(e.value) === m?.[2]);
      if (!m || !member || (m[1] && m[1] !== field.enumType!.name)) throw badLiteral();
      return member.name;
    }
    case 'binary':
      throw badLiteral();
  }
}

/** Parses the text between the parentheses of a key segment into a key row. */
export function parseKeyPredicate(set: EntitySetModel, predicate: string): Row {
  const parts = splitTopLevel(predicate, ',');
  const key: Row = {};
  if (parts.length === 1 && set.keys.length === 1 && !/^\s*\w+\s*=/.test(parts[0]!)) {
    key[set.keys[0]!] = keyLiteral(set.field(set.keys[0]!)!, parts[0]!);
    return key;
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 0 || !set.keys.includes(name) || name in key) throw badKeyCount(set);
    key[name] = keyLiteral(set.field(name)!, part.slice(eq + 1));
  }
  if (Object.keys(key).length !== set.keys.length) throw badKeyCount(set);
  if (set.hasCompany) key.dataAreaId = String(key.dataAreaId).toLowerCase();
  return key;
}

/** The storage key of a row (key fields in metadata order; strings folded to lower case). */
export function canonicalKey(set: EntitySetModel, row: Row): string {
  return JSON.stringify(
    set.keys.map((k) => {
      const value = row[k] ?? defaultValue(set.field(k)!);
      return typeof value === 'string' ? value.toLowerCase() : value;
    }),
  );
}

/** The key predicate of a stored row, for links: `dataAreaId='usmf',ItemNumber='A0001'`. */
export function formatKey(set: EntitySetModel, row: Row): string {
  return set.keys
    .map((k) => {
      const field = set.field(k)!;
      const value = row[k];
      if (field.kind === 'string') return `${k}='${String(value).replace(/'/g, "''")}'`;
      if (field.kind === 'enum') return `${k}=${NAMESPACE}.${field.enumType!.name}'${String(value)}'`;
      return `${k}=${String(value)}`;
    })
    .join(',');
}
