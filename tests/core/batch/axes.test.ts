import { describe, expect, it } from 'vitest';
import { spaced } from '../../../src/core/batch/axes.ts';

describe('spaced', () => {
  it('linear: lo + (hi − lo)·i/(n − 1), both ends exact', () => {
    expect(spaced(-5, 5, 5, 'linear')).toEqual([-5, -2.5, 0, 2.5, 5]);
    // 0.1 + 0.2·1 is 0.30000000000000004 in float64: the last value is hi itself.
    const v = spaced(0.1, 0.3, 3, 'linear');
    expect(v[2]).toBe(0.3);
    expect(v[1]).toBe(0.1 + 0.2 * 0.5);
  });

  it('log: lo·(hi/lo)^(i/(n − 1)), a decade per step here', () => {
    const v = spaced(1e-4, 1, 5, 'log');
    expect(v[0]).toBe(1e-4);
    expect(v[4]).toBe(1);
    for (const [i, d] of [1e-3, 1e-2, 1e-1].entries()) expect(v[i + 1]).toBeCloseTo(d, 15);
    expect(v[1]).toBe(1e-4 * 1e4 ** 0.25);
  });
});
