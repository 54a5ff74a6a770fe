/** Compares a presented secret with an expected one in time independent of where they differ. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function secretsEqual(presented: string, expected: string): boolean {
  // Hashing first equalises the lengths timingSafeEqual needs, and hides the expected length.
  const a = createHmac('sha256', 'connector/compare').update(presented, 'utf8').digest();
  const b = createHmac('sha256', 'connector/compare').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
