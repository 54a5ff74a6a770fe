/**
 * Field kinds of F&O entities: each pairs the zod schema that reads the value from F&O's JSON with
 * what the query builder and the write payload need to know to send it back. F&O's quirks live here,
 * once: strings are never null (""), enums travel as member names, a Date field (X++ date) is a
 * DateTimeOffset at T12:00:00Z, and "no date" is a day in 1900 — read as `null`, written as the sentinel.
 */
import { z } from 'zod';

export type FieldKind = 'string' | 'decimal' | 'int32' | 'int64' | 'date' | 'dateTime' | 'enum' | 'guid';

/** An F&O enum type: `name` is the type in `Microsoft.Dynamics.DataEntities.<name>'<Member>'`. */
export interface EnumDef<M extends string = string> {
  readonly name: string;
  readonly members: readonly [M, ...M[]];
}

export interface Field<T = unknown, K extends FieldKind = FieldKind> {
  readonly kind: K;
  readonly enumDef?: EnumDef;
  readonly schema: z.ZodType<T, unknown>;
}

/** Values before 1901 are F&O's "empty date" (1900-01-01, at T00:00:00Z or T12:00:00Z). */
const EMPTY_YEAR_LIMIT = 1901;
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

export const EMPTY_DATE = '1900-01-01T12:00:00Z';
export const EMPTY_DATETIME = '1900-01-01T00:00:00Z';

function isEmptyDate(value: string): boolean {
  return Number(DATE_PREFIX.exec(value)?.[1] ?? EMPTY_YEAR_LIMIT) < EMPTY_YEAR_LIMIT;
}

/** `2024-02-22T12:00:00Z` → `2024-02-22`; the 1900 sentinel → null. */
export function readDate(value: string | null): string | null {
  if (value === null || isEmptyDate(value)) return null;
  return value.slice(0, 10);
}

/** Any ISO instant → `YYYY-MM-DDTHH:MM:SSZ` (UTC, milliseconds only when present); 1900 → null. */
export function readDateTime(value: string | null): string | null {
  if (value === null || isEmptyDate(value)) return null;
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

/** A Date field as F&O stores it: noon UTC, so that no time zone moves it to another day. */
export function writeDate(value: string | null): string {
  return value === null ? EMPTY_DATE : `${value.slice(0, 10)}T12:00:00Z`;
}

export function writeDateTime(value: string | Date | null): string {
  if (value === null) return EMPTY_DATETIME;
  return (typeof value === 'string' ? new Date(value) : value).toISOString().replace('.000Z', 'Z');
}

const isoDate = z.string().regex(DATE_PREFIX, 'expected an ISO date');
const isoInstant = z.string().refine((s) => DATE_PREFIX.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'expected an ISO date-time',
});

export const str = (): Field<string, 'string'> => ({
  kind: 'string',
  schema: z
    .string()
    .nullable()
    .transform((v) => v ?? ''),
});

export const decimal = (): Field<number, 'decimal'> => ({ kind: 'decimal', schema: z.number() });

export const int32 = (): Field<number, 'int32'> => ({ kind: 'int32', schema: z.number().int() });

/** RecIds and other Int64s; real values stay far below 2^53, so a JSON number is exact. */
export const int64 = (): Field<number, 'int64'> => ({ kind: 'int64', schema: z.number().int() });

export const guid = (): Field<string, 'guid'> => ({ kind: 'guid', schema: z.string() });

/** An X++ date: read as `YYYY-MM-DD` or null. */
export const date = (): Field<string | null, 'date'> => ({
  kind: 'date',
  schema: isoDate.nullable().transform(readDate),
});

/** An X++ UtcDateTime: read as an ISO instant or null. */
export const dateTime = (): Field<string | null, 'dateTime'> => ({
  kind: 'dateTime',
  schema: isoInstant.nullable().transform(readDateTime),
});

/**
 * Unknown members fail the read on purpose: an environment whose enum gained a member (an extension)
 * must be noticed, not silently mapped.
 */
export const enumOf = <M extends string>(def: EnumDef<M>): Field<M, 'enum'> => ({
  kind: 'enum',
  enumDef: def,
  schema: z.enum(def.members as unknown as [M, ...M[]]) as unknown as z.ZodType<M, unknown>,
});

/** The TypeScript type a field reads as. */
export type ValueOf<F> = F extends Field<infer T> ? T : never;
