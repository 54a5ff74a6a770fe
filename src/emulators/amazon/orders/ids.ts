// Amazon's identifier formats: order ids in 3-7-7 digits whose prefix depends on the marketplace (US
// orders start 111-114, Canadian ones 701/702), order item ids as 14-digit numeric strings.
import { randomInt } from 'node:crypto';

export const ORDER_ID_PATTERN = /^\d{3}-\d{7}-\d{7}$/;

const PREFIXES: Record<string, string[]> = {
  ATVPDKIKX0DER: ['111', '112', '113', '114'],
  A2EUQ1WTGCTBG2: ['701', '702'],
  A1AM78C64UM0Y8: ['701', '702'],
};

/** `n` (≤ 14) random decimal digits, leading zeros kept. */
const digits = (n: number) => String(randomInt(10 ** n)).padStart(n, '0');

export function newOrderId(marketplaceId: string, taken: (id: string) => boolean): string {
  const prefixes = PREFIXES[marketplaceId] ?? ['171'];
  for (;;) {
    const id = `${prefixes[randomInt(prefixes.length)]}-${digits(7)}-${digits(7)}`;
    if (!taken(id)) return id;
  }
}

export function newOrderItemIds(count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(`${randomInt(1, 10)}${digits(7)}${digits(6)}`);
  return [...ids];
}
