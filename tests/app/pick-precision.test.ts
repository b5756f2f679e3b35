import { describe, expect, it } from 'vitest';
import { pickUnit, roundPick } from '../../src/app/pick-precision.ts';

describe('a clicked start is rounded to fit the domain', () => {
  it('a thousandth of the larger side, down to a power of ten', () => {
    expect(pickUnit({ x: [-10, 10], y: [-5, 5] })).toBe(0.01); // 20 / 1000 = 0.02 → 0.01
    expect(pickUnit({ x: [-2, 2], y: [-1, 3] })).toBeCloseTo(0.001, 15); // 4 / 1000 = 0.004 → 0.001
    expect(pickUnit({ x: [-500, 500], y: [0, 1] })).toBe(1); // 1000 / 1000 = 1
  });

  it('no binary noise and no fifteen digits', () => {
    expect(roundPick({ x: [-10, 10], y: [-5, 5] }, -Math.PI, Math.E)).toEqual([-3.14, 2.72]);
    expect(roundPick({ x: [-2, 2], y: [-1, 3] }, 1.2300000000000002, -0.00049)).toEqual([1.23, 0]);
    expect(roundPick({ x: [-500, 500], y: [-500, 500] }, 123.456, -0.4)).toEqual([123, 0]);
  });
});
