/**
 * OData literals as F&O reads them in `$filter` and in keys: strings quoted with `'` doubled, numbers
 * bare, datetimes unquoted ISO in UTC, enums as `Microsoft.Dynamics.DataEntities.<Type>'<Member>'`,
 * GUIDs bare. The field's kind decides the form, so a value cannot be sent in the wrong one.
 */
import { ConnectorError } from '../../errors.ts';
import { writeDate, writeDateTime, type EnumDef, type Field } from '../entity/fields.ts';

export const ENUM_NAMESPACE = 'Microsoft.Dynamics.DataEntities';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(field: string, why: string): ConnectorError {
  return new ConnectorError('config', `cannot use this value for D365 field ${field}: ${why}`);
}

export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function enumLiteral(def: EnumDef, member: string, field = def.name): string {
  if (!def.members.includes(member)) {
    throw invalid(field, `'${member}' is not a member of ${def.name} (${def.members.join(', ')})`);
  }
  return `${ENUM_NAMESPACE}.${def.name}'${member}'`;
}

function numberLiteral(value: unknown, field: string, integer: boolean): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(field, 'a finite number is expected');
  if (integer && !Number.isInteger(value)) throw invalid(field, 'an integer is expected');
  const text = String(value);
  // JavaScript writes very large or small numbers with an exponent, which an Edm.Decimal literal is not.
  if (/e/i.test(text)) throw invalid(field, `${text} cannot be written without an exponent`);
  return text;
}

function instant(value: unknown, field: string): string | Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(field, 'invalid Date');
    return value;
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw invalid(field, 'an ISO date or date-time is expected');
  }
  return value;
}

/** The literal for `value` in a field of this kind; `null` → `null`. */
export function literalFor(field: Field, value: unknown, name: string): string {
  if (value === null) return 'null';
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalid(name, 'a string is expected');
      return stringLiteral(value);
    case 'guid':
      if (typeof value !== 'string' || !GUID.test(value)) throw invalid(name, 'a GUID is expected');
      return value;
    case 'decimal':
      return numberLiteral(value, name, false);
    case 'int32':
    case 'int64':
      return numberLiteral(value, name, true);
    case 'date': {
      const v = instant(value, name);
      return writeDate(typeof v === 'string' ? v : v.toISOString());
    }
    case 'dateTime':
      return writeDateTime(instant(value, name));
    case 'enum':
      if (typeof value !== 'string') throw invalid(name, 'an enum member name is expected');
      return enumLiteral(field.enumDef!, value, name);
  }
}
