// Schema-valid stand-ins for required parameters a sandbox example leaves out (the getOrders 400 example
// names only `CreatedAfter`, yet Amazon refuses a getOrders call without `MarketplaceIds`). The sandbox
// ignores parameters an example does not list, so any valid value does. The model's own example value is
// preferred because Amazon wrote it to be valid; the replay test shows no dummy collides with a trigger.
import type { AmazonModel, Schema } from '../model/swagger.ts';

// A marketplace id that clients and validators accept as real (Amazon.com, US).
const MARKETPLACE = 'ATVPDKIKX0DER';
const DUMMY_STRING = 'SANDBOX_DUMMY';

/** A value valid against `schema`, which may `$ref` the model's definitions. `name` guides strings. */
export function dummyValue(model: AmazonModel, schema: Schema, name = ''): unknown {
  const s = resolve(model, schema);
  for (const key of ['x-example', 'example', 'default'] as const) if (key in s) return s[key];
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (Array.isArray(s.allOf)) {
    // Merge the parts' dummies: for object parts (the only allOf use in SP-API models) this satisfies all.
    return Object.assign({}, ...s.allOf.map((part) => dummyValue(model, part as Schema, name)));
  }
  switch (s.type) {
    case 'array': {
      const item = dummyValue(model, (s.items as Schema | undefined) ?? {}, name);
      return Array.from({ length: Math.max(1, Number(s.minItems ?? 1)) }, () => item);
    }
    case 'object':
      return dummyObject(model, s);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? Math.max(s.minimum, 1) : 1;
    case 'boolean':
      return false;
    default:
      return dummyString(s, name);
  }
}

function dummyObject(model: AmazonModel, s: Schema): Record<string, unknown> {
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const prop of (s.required ?? []) as string[]) {
    out[prop] = dummyValue(model, properties[prop] ?? {}, prop);
  }
  return out;
}

function dummyString(s: Schema, name: string): string {
  if (s.format === 'date-time') return '2020-01-01T00:00:00Z';
  if (s.format === 'date') return '2020-01-01';
  const base = /marketplace/i.test(name) ? MARKETPLACE : DUMMY_STRING;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  return base.padEnd(min, 'X').slice(0, max);
}

/** Follows `#/definitions/…` refs until a schema with content. */
function resolve(model: AmazonModel, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    const name = /^#\/definitions\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : model.doc.definitions?.[name];
    if (!target || hops > 20) throw new Error(`${model.name}: cannot resolve ${current.$ref}`);
    current = target;
  }
  return current;
}
