// Small value conversions shared by the business rules: F&O's Date/UtcDateTime JSON forms, NoYes,
// reading loosely typed row fields, money rounding.
import type { BehaviourContext, Row } from '../engine/behaviour.ts';

/** A Date field's value for the day of `d` (F&O serialises Dates at 12:00 UTC). */
export function dateOnly(d: Date): string {
  return `${d.toISOString().slice(0, 10)}T12:00:00Z`;
}

/** A UtcDateTime field's value, to the second like F&O. */
export function utc(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const today = (ctx: BehaviourContext) => dateOnly(ctx.now());
export const nowUtc = (ctx: BehaviourContext) => utc(ctx.now());

/** Year 1900 is F&O's "no date". */
export function isNoDate(v: unknown): boolean {
  return typeof v !== 'string' || v === '' || v.startsWith('1900-01-01');
}

export const noYes = (b: boolean) => (b ? 'Yes' : 'No');

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Whether a client sent a value (F&O treats '' as unset). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

export function round(v: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round((v + Number.EPSILON) * f) / f;
}

export function companyOf(row: Row, ctx: BehaviourContext): string {
  return (str(row.dataAreaId) || ctx.company).toLowerCase();
}
