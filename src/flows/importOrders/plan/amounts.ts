/**
 * Amounts of the order import: Amazon's decimal strings read as numbers, and rounding to the places a
 * D365 field keeps (2 for amounts, 4 for per-unit discounts). Binary floats cannot hold most cents
 * exactly (1.005 * 100 = 100.49999…), so rounding first cuts the float noise at 9 places, then rounds
 * half away from zero — the way a person (and F&O's currency rounding) rounds a written amount.
 */

/** A decimal as Amazon writes it ("11.01", "-2.50", "1000"); anything else (",", exponent, blank) is refused. */
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** The number an Amazon amount stands for, or undefined when the text is not a plain decimal. */
export function parseAmount(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

const ROUNDING = { nearest: Math.round, up: Math.ceil, down: Math.floor } as const;

/**
 * `value` to `places` decimals: `nearest` rounds half away from zero; `up` and `down` go away from and
 * toward zero (the bundle split needs both: see splitBundle.ts).
 */
export function roundTo(value: number, places: number, how: keyof typeof ROUNDING = 'nearest'): number {
  const scale = 10 ** places;
  const scaled = Number((Math.abs(value) * scale).toFixed(9));
  const rounded = (Math.sign(value) * ROUNDING[how](scaled)) / scale;
  return rounded === 0 ? 0 : rounded; // no -0 in amounts
}

/** Sum of amounts, rounded to `places` so float noise does not leak into totals. */
export function sumTo(values: number[], places: number): number {
  return roundTo(
    values.reduce((a, b) => a + b, 0),
    places,
  );
}
