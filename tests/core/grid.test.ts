import { describe, expect, it } from 'vitest';
import type { GridSample } from '../../src/core/grid.ts';
import { gridCoordinate, PERCENTILE_SAMPLES, percentiles, sampleGrid } from '../../src/core/grid.ts';

describe('sampleGrid', () => {
  it('samples a 3×3 grid row-major, x along rows', () => {
    const g = sampleGrid((x, y) => x + 10 * y, { x: [0, 2], y: [-1, 1] }, 3, 3);
    expect([...g.heights]).toEqual([-10, -9, -8, 0, 1, 2, 10, 11, 12]);
    expect(g.min).toBe(-10);
    expect(g.max).toBe(12);
    expect(g.nonFinite).toBe(0);
  });

  it('reports NaN and ±Infinity instead of hiding them', () => {
    // x ∈ {−1, 0, 1}: log(−1) = NaN, log(0) = −Infinity, log(1) = 0.
    const g = sampleGrid((x) => Math.log(x), { x: [-1, 1], y: [0, 1] }, 3, 2);
    expect(g.nonFinite).toBe(4);
    expect(Number.isNaN(g.heights[0])).toBe(true);
    expect(g.heights[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(g.heights[2]).toBe(0);
    expect(g.min).toBe(0);
    expect(g.max).toBe(0);
  });

  it('gives NaN min and max when nothing is finite', () => {
    const g = sampleGrid(() => Number.NaN, { x: [0, 1], y: [0, 1] }, 2, 2);
    expect(g.nonFinite).toBe(4);
    expect(g.min).toBeNaN();
    expect(g.max).toBeNaN();
  });

  it('keeps finite values beyond float32 range finite', () => {
    const g = sampleGrid((x) => (x > 0 ? 1e300 : -1e300), { x: [-1, 1], y: [0, 1] }, 2, 2);
    expect(g.nonFinite).toBe(0);
    expect(g.max).toBe(1e300);
    expect(Number.isFinite(g.heights[1])).toBe(true);
    expect(g.heights[1]).toBeGreaterThan(3e38);
  });

  it('hits both domain edges exactly', () => {
    expect(gridCoordinate(-5.12, 5.12, 0, 7)).toBe(-5.12);
    expect(gridCoordinate(-5.12, 5.12, 6, 7)).toBe(5.12);
    expect(gridCoordinate(-10, 10, 2, 5)).toBe(0);
  });

  it('rejects grids smaller than 2×2', () => {
    expect(() => sampleGrid(() => 0, { x: [0, 1], y: [0, 1] }, 1, 5)).toThrow(RangeError);
  });
});

describe('percentiles', () => {
  const grid = (heights: number[]): GridSample => ({
    domain: { x: [0, 1], y: [0, 1] },
    nx: heights.length,
    ny: 1,
    heights: Float32Array.from(heights),
    min: Number.NaN,
    max: Number.NaN,
    nonFinite: 0,
  });

  it('takes the sample at rank ⌊p·(n − 1)⌋ of the finite ones, so one spike stays out', () => {
    // 0 … 98 and a spike: 100 finite samples; ranks ⌊0.01·99⌋ = 0 and ⌊0.99·99⌋ = 98.
    const values = [...Array.from({ length: 99 }, (_, k) => k), 1e6, Number.NaN, Number.POSITIVE_INFINITY];
    expect(percentiles(grid(values.reverse()), [0.01, 0.99, 1])).toEqual([0, 98, 1e6]);
    expect(percentiles(grid([Number.NaN, Number.NaN]), [0.5])).toEqual([Number.NaN]);
  });

  it('big grids use an even spread of the samples', () => {
    // 2·PERCENTILE_SAMPLES values 0, 1, 2, …: every second one, 0, 2, …; its median rank is
    // ⌊0.5·(20 000 − 1)⌋ = 9999, the value 19 998.
    const n = 2 * PERCENTILE_SAMPLES;
    expect(percentiles(grid(Array.from({ length: n }, (_, k) => k)), [0.5])).toEqual([19_998]);
  });
});
