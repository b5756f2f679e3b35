import { describe, expect, it } from 'vitest';
import { rangeDecades, wantsLogScale } from '../../src/app/auto-scale.ts';
import { compile } from '../../src/core/expr/index.ts';
import { sampleGrid } from '../../src/core/grid.ts';

const heights = (expression: string, x: [number, number], y: [number, number]) => {
  const c = compile(expression);
  if (!c.ok) throw new Error(expression);
  return sampleGrid(c.value.value, { x, y }, 101, 101).heights;
};

describe('the colour scale a typed function gets', () => {
  it('counts decades between the bulk of the values and the top', () => {
    // 1000 values 1…1000 and one 10⁶ above, 1001 sorted: p10 is the one at index ⌊0.1·1000⌋ = 100,
    // the value 101, so p10 − min = 100; max − min = 999 999: log10(999 999 / 100) = 3.9999996.
    const v = [...Array.from({ length: 1000 }, (_, i) => i + 1), 1e6];
    expect(rangeDecades(v)).toBeCloseTo(Math.log10(999_999 / 100), 10);
    expect(rangeDecades([5, 5, 5])).toBe(0);
    expect(rangeDecades([Number.NaN, 1])).toBe(0);
  });

  it('Goldstein–Price typed by hand gets log colours; x² + y² keeps linear ones', () => {
    const gp =
      '(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))';
    expect(wantsLogScale(heights(gp, [-2, 2], [-2, 2]))).toBe(true);
    expect(wantsLogScale(heights('x^2 + y^2', [-10, 10], [-10, 10]))).toBe(false);
  });
});
