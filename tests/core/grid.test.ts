import { describe, expect, it } from 'vitest';
import { gridCoordinate, sampleGrid } from '../../src/core/grid.ts';

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
