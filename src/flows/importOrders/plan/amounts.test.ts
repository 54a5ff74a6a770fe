/** Amazon's decimal strings and rounding as a person would do it on paper. */
import { describe, expect, it } from 'vitest';
import { parseAmount, roundTo, sumTo } from './amounts.ts';

describe('parseAmount', () => {
  it.each([
    ['11.01', 11.01],
    ['-2.50', -2.5],
    [' 1000 ', 1000],
    ['+0.99', 0.99],
  ])('reads %s', (text, value) => expect(parseAmount(text)).toBe(value));

  it.each(['12,50', '1e3', '', 'NaN', '1.2.3', '$5'])('refuses %j', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });
});

describe('roundTo', () => {
  it('rounds half away from zero despite binary floats', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(10 / 3, 4)).toBe(3.3333);
  });

  it('rounds up and down to the cent', () => {
    expect(roundTo(16.6667, 2, 'up')).toBe(16.67);
    expect(roundTo(16.67, 2, 'up')).toBe(16.67);
    expect(roundTo(0.0075, 2, 'down')).toBe(0);
  });

  it('never gives -0', () => {
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
  });

  it('sums without float noise', () => {
    expect(sumTo([0.1, 0.2, 4.99, 2.495], 2)).toBe(7.79);
  });
});
