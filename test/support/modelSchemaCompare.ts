/**
 * Compares a zod schema with the Swagger definition it stands for, walking every `$ref`: an object's field
 * names and required set, an array's items, an enum's values (open in answers, closed in requests), a
 * leaf's type, integer and date/date-time formats. A free-form model object (`additionalProperties: true`,
 * no properties) must be a zod record. Returns the differences with their paths (empty = faithful).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface SwaggerSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, SwaggerSchema>;
  additionalProperties?: boolean | SwaggerSchema;
  items?: SwaggerSchema;
}

export interface SwaggerModel {
  definitions: Record<string, SwaggerSchema>;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; enum?: string[]; items?: { enum?: string[] } }>;
        responses: Record<
          string,
          {
            'x-amzn-api-sandbox'?: {
              static?: Array<{
                request: { parameters: Record<string, { value?: unknown }> };
                response: unknown;
              }>;
            };
          }
        >;
      }
    >
  >;
}

const MODELS = fileURLToPath(new URL('../../src/emulators/amazon/models/', import.meta.url));

export const loadModel = (file: string) => JSON.parse(readFileSync(MODELS + file, 'utf8')) as SwaggerModel;

export type Side = 'answer' | 'request';

function enumValues(zod: z.ZodType): { open: boolean; values: string[] } | undefined {
  if (zod instanceof z.ZodEnum) return { open: false, values: zod.options.map(String) };
  if (zod instanceof z.ZodUnion) {
    const [known, other, ...rest] = zod.options as z.ZodType[];
    if (known instanceof z.ZodEnum && other instanceof z.ZodString && rest.length === 0)
      return { open: true, values: known.options.map(String) };
  }
  return undefined;
}

export function compareEnum(
  modelValues: string[],
  zod: z.ZodType,
  side: Side,
  path: string,
  out: string[],
): void {
  const ours = enumValues(zod);
  if (!ours) return void out.push(`${path}: model has enum, schema is ${zod._zod.def.type}`);
  if (ours.open !== (side === 'answer'))
    out.push(`${path}: enum of ${side === 'answer' ? 'an answer must be open' : 'a request must be closed'}`);
  const unknown = modelValues.filter((v) => !ours.values.includes(v));
  const invented = ours.values.filter((v) => !modelValues.includes(v));
  if (unknown.length > 0) out.push(`${path}: model's enum values unknown to the schema: [${unknown}]`);
  if (invented.length > 0) out.push(`${path}: enum values not in the model: [${invented}]`);
}

export function compareWithModel(
  model: SwaggerModel,
  swagger: SwaggerSchema,
  schema: z.ZodType,
  path: string,
  out: string[],
  side: Side = 'answer',
  seen = new Set<string>(),
): void {
  let zod = schema;
  for (;;) {
    if (zod instanceof z.ZodOptional) zod = zod.unwrap() as z.ZodType;
    else if (zod instanceof z.ZodLazy) zod = zod.unwrap() as z.ZodType;
    else break;
  }
  if (swagger.$ref) {
    // A recursive definition (a classification's parent) is compared once per path.
    if (seen.has(swagger.$ref)) return;
    seen = new Set(seen).add(swagger.$ref);
  }
  const def = swagger.$ref ? model.definitions[swagger.$ref.replace('#/definitions/', '')]! : swagger;
  const kind = zod._zod.def.type;
  if (def.enum) return compareEnum(def.enum, zod, side, path, out);
  const type = def.type ?? (def.properties ? 'object' : undefined);
  if (type === 'object' && !def.properties && def.additionalProperties) {
    if (!(zod instanceof z.ZodRecord)) out.push(`${path}: model has a free-form object, schema is ${kind}`);
    return;
  }
  if (type === 'object' && !def.properties && !def.additionalProperties) {
    if (!(zod instanceof z.ZodObject)) out.push(`${path}: model has object, schema is ${kind}`);
    return;
  }
  if (type === 'object') {
    if (!(zod instanceof z.ZodObject)) return void out.push(`${path}: model has object, schema is ${kind}`);
    const shape = zod.shape as Record<string, z.ZodType>;
    const modelKeys = Object.keys(def.properties ?? {}).sort();
    const ourKeys = Object.keys(shape).sort();
    if (JSON.stringify(modelKeys) !== JSON.stringify(ourKeys))
      out.push(`${path}: fields differ: model [${modelKeys}] vs schema [${ourKeys}]`);
    const required = ourKeys.filter((k) => !(shape[k] instanceof z.ZodOptional)).sort();
    if (JSON.stringify([...(def.required ?? [])].sort()) !== JSON.stringify(required))
      out.push(`${path}: required differ: model [${def.required ?? []}] vs schema [${required}]`);
    for (const key of modelKeys)
      if (shape[key])
        compareWithModel(model, def.properties![key]!, shape[key], `${path}.${key}`, out, side, seen);
    return;
  }
  if (type === 'array') {
    if (!(zod instanceof z.ZodArray)) return void out.push(`${path}: model has array, schema is ${kind}`);
    return compareWithModel(model, def.items!, zod.element as z.ZodType, `${path}[]`, out, side, seen);
  }
  const expected = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean' }[type ?? ''];
  if (expected !== kind) out.push(`${path}: model has ${type}, schema is ${kind}`);
  if (type === 'integer' && zod.safeParse(1.5).success) out.push(`${path}: integer accepts 1.5`);
  if ((def.format === 'date-time' || def.format === 'date') && zod.safeParse('not a date').success)
    out.push(`${path}: ${def.format} unchecked`);
}

/** The static sandbox cases of one operation's responses, as `[name, status, case]`. */
export function sandboxExamples(model: SwaggerModel, path: string, method: string) {
  return Object.entries(model.paths[path]![method]!.responses).flatMap(([status, response]) =>
    (response['x-amzn-api-sandbox']?.static ?? []).map((c, i) => [`${status} #${i + 1}`, status, c] as const),
  );
}
