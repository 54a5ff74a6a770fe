// JSON Patch on listing attributes with Amazon's selector-keyed semantics (reference §3.2, §4): only whole
// top-level attributes (`/attributes/<name>`) are patched; an instance is identified by its selectors.
// - add / replace: a sent instance replaces the stored one with the same selector values, *as sent*
//   (sub-attributes left out are dropped); one whose selectors match nothing is added beside the others
//   (the old values survive — Amazon's behaviour when, say, `audience` is missing).
// - merge: the sent keys are merged into the instance with the same selectors (`null` removes a key —
//   how a B2B offer's quantity_discount_plan is deleted); no match → added.
// - delete: removes the instances whose selector values the value names; deleting by name alone is
//   refused. An attribute without selectors (variation_theme) is replaced or deleted whole.
// `fulfillment_availability` is channel-exclusive, as on Amazon: a record of one channel replaces the
// attribute, so a DEFAULT record sent to an FBA SKU makes it merchant-fulfilled.
import { invalidInput } from '../spApiErrors.ts';
import {
  FULFILLMENT,
  type AttrValue,
  type Attributes,
  type ListingIssue,
  type PatchOperation,
} from './listingTypes.ts';

export type SelectorsOf = (attribute: string) => string[];

const keyOf = (value: AttrValue, selectors: string[]) =>
  JSON.stringify(selectors.map((s) => value[s] ?? null));

function withoutNulls(value: AttrValue): AttrValue {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** The attribute a patch path names; a 400 for any other path (Amazon's wording). */
export function attributeOfPath(path: string, index: number): string {
  const match = /^\/attributes\/([A-Za-z0-9_]+)$/.exec(path);
  if (!match)
    throw invalidInput({
      message: `Invalid path provided in patch at index of ${index}.`,
      details: 'Only top-level listings item attributes can be patched: /attributes/<name>.',
    });
  return match[1]!;
}

/**
 * Applies `patches` to `attributes` (one marketplace's slice, with the SKU's fulfillment_availability in
 * it). Returns the new attributes and the problems that make the submission INVALID.
 */
export function applyPatches(
  attributes: Attributes,
  patches: PatchOperation[],
  selectorsOf: SelectorsOf,
): { attributes: Attributes; issues: ListingIssue[] } {
  const result: Attributes = { ...attributes };
  const issues: ListingIssue[] = [];
  patches.forEach((patch, index) => {
    const name = attributeOfPath(patch.path, index);
    const selectors = selectorsOf(name);
    const current = result[name] ?? [];
    const values = patch.value ?? [];
    if (patch.op !== 'delete' && patch.value === undefined)
      throw invalidInput({
        message: `A value is required for the ${patch.op} operation in patch at index of ${index}.`,
      });
    switch (patch.op) {
      case 'add':
      case 'replace': {
        if (selectors.length === 0 || (name === FULFILLMENT && values.length > 0)) {
          result[name] = values;
          break;
        }
        const sent = new Set(values.map((v) => keyOf(v, selectors)));
        result[name] = [...current.filter((v) => !sent.has(keyOf(v, selectors))), ...values];
        break;
      }
      case 'merge': {
        const emptySelector = values.some((v) => selectors.some((s) => v[s] === undefined || v[s] === ''));
        if (emptySelector) {
          issues.push(
            invalidAttribute(
              name,
              `The merge operation requires the selector values of '${name}' (${selectors.join(', ')}).`,
            ),
          );
          break;
        }
        let next = [...current];
        for (const value of values) {
          const at = next.findIndex((v) => keyOf(v, selectors) === keyOf(value, selectors));
          if (at >= 0) next[at] = withoutNulls({ ...next[at], ...value });
          else if (name === FULFILLMENT) next = [withoutNulls(value)];
          else next.push(withoutNulls(value));
        }
        result[name] = next;
        break;
      }
      case 'delete': {
        if (selectors.length === 0) {
          delete result[name];
          break;
        }
        if (values.length === 0 || values.some((v) => !selectors.some((s) => v[s] !== undefined))) {
          issues.push(
            invalidAttribute(
              name,
              `Attributes cannot be deleted by name alone: give the selector values of '${name}'.`,
            ),
          );
          break;
        }
        const left = current.filter(
          (existing) =>
            !values.some((v) => selectors.every((s) => v[s] === undefined || v[s] === existing[s])),
        );
        if (left.length > 0) result[name] = left;
        else delete result[name];
        break;
      }
    }
  });
  return { attributes: result, issues };
}

function invalidAttribute(name: string, message: string): ListingIssue {
  return {
    code: '90000900',
    message,
    severity: 'ERROR',
    attributeNames: [name],
    categories: ['INVALID_ATTRIBUTE'],
  };
}

/** The instances of one marketplace: those naming it, or no marketplace at all. */
export function sliceFor(attributes: Attributes, marketplaceId: string): Attributes {
  const out: Attributes = {};
  for (const [name, values] of Object.entries(attributes)) {
    const kept = values.filter((v) => v.marketplace_id === undefined || v.marketplace_id === marketplaceId);
    if (kept.length > 0) out[name] = kept;
  }
  return out;
}
