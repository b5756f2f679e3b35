import { describe, expect, it } from 'vitest';
import { whyUndefined } from '../../src/app/why-undefined.ts';

describe('why f is not defined at a point', () => {
  it('names the operation and what it needs', () => {
    expect(whyUndefined('log(x) + y^2', -7, 2)).toBe('log(x) needs x > 0');
    expect(whyUndefined('sqrt(1 - x^2/100 - y^2/25)', 10, 5)).toBe(
      'sqrt(1 - x^2 / 100 - y^2 / 25) needs 1 - x^2 / 100 - y^2 / 25 ≥ 0',
    );
    expect(whyUndefined('1/(x^2 + y^2)', 0, 0)).toBe('1 / (x^2 + y^2) divides by zero');
    expect(whyUndefined('asin(x)', 2, 0)).toBe('asin(x) needs −1 ≤ x ≤ 1');
    expect(whyUndefined('(x - 1)^0.5', 0, 0)).toBe('(x - 1)^0.5 needs x - 1 ≥ 0 for a fractional power');
  });

  it('null where f is finite, or when the text does not parse', () => {
    expect(whyUndefined('log(x) + y^2', 7, 2)).toBeNull();
    expect(whyUndefined('log(', 1, 1)).toBeNull();
  });
});
