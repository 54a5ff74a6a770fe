// Money as integer minor units, rendered as the model's `Money` (`amount` is a decimal string). Integer
// arithmetic keeps totals exact: a grand total always equals the sum of its breakdowns, as a connector
// reconciling proceeds expects.

const ZERO_DECIMAL_CURRENCIES = new Set(['JPY', 'KRW', 'CLP', 'VND']);

export function decimals(currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2;
}

/** A price of the catalogue (major units, e.g. 59.99) in minor units. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** decimals(currency));
}

export function formatAmount(minor: number, currency: string): string {
  const places = decimals(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (places === 0) return `${sign}${abs}`;
  const unit = 10 ** places;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(places, '0')}`;
}

export interface Money {
  amount: string;
  currencyCode: string;
}

export function money(minor: number, currency: string): Money {
  return { amount: formatAmount(minor, currency), currencyCode: currency };
}

/** `rate` of `minor`, rounded half up to the minor unit (how a tax line is computed per charge). */
export function percentOf(minor: number, rate: number): number {
  return Math.round(minor * rate);
}
