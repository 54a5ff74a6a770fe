/**
 * Sealing the personal fields inside a JSON document (a raw remote payload): each field named by a
 * path is replaced by `{ "$sealed": "<ciphertext>" }`, the rest stays readable for inspection and replay.
 * Paths are dot-separated; `*` matches every array element or object key: `buyer.buyerEmail`,
 * `orders.*.recipient.deliveryAddress`.
 */
import type { Sealer } from './crypto.ts';

export const SEALED = '$sealed';
export const PURGED = '$purged';

type Json = unknown;

function transformAt(value: Json, path: string[], fn: (leaf: Json) => Json): Json {
  if (path.length === 0) return value === undefined || value === null ? value : fn(value);
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    if (head !== '*') return value;
    return value.map((item) => transformAt(item, rest, fn));
  }
  const object = value as Record<string, Json>;
  const out: Record<string, Json> = { ...object };
  for (const key of head === '*' ? Object.keys(object) : [head]) {
    if (key in object) out[key] = transformAt(object[key], rest, fn);
  }
  return out;
}

export function sealFields(document: Json, paths: string[], sealer: Sealer): Json {
  return paths.reduce(
    (doc, path) =>
      transformAt(doc, path.split('.'), (leaf) => ({ [SEALED]: sealer.seal(JSON.stringify(leaf)) })),
    document,
  );
}

function isEnvelope(value: Json, marker: string): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && marker in value;
}

/** Walks a document and replaces every sealed envelope by what `fn` returns. */
function mapEnvelopes(value: Json, fn: (sealed: string) => Json): Json {
  if (isEnvelope(value, SEALED)) return fn(value[SEALED]!);
  if (Array.isArray(value)) return value.map((item) => mapEnvelopes(item, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapEnvelopes(v, fn)]));
  }
  return value;
}

export function openFields(document: Json, sealer: Sealer): Json {
  return mapEnvelopes(document, (sealed) => JSON.parse(sealer.open(sealed)));
}

/** Personal data removed for good once its retention ends; the document's shape remains. */
export function purgeFields(document: Json): Json {
  return mapEnvelopes(document, () => ({ [PURGED]: true }));
}

/** For people without the right to see personal data: the shape remains, the values do not. */
export function maskFields(document: Json): Json {
  return mapEnvelopes(document, () => MASKED);
}

export const MASKED = '[personal data]';

/**
 * Opened personal data as it is shown without a reveal: the same shape (which fields there are, how
 * many addresses), every value replaced. Nulls stay null: "no phone number" is no personal data.
 */
export function maskValues(value: Json): Json {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(maskValues);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValues(v)]));
  }
  return MASKED;
}
