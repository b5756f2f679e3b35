/**
 * The loss grid as the explorer's surface: the transpose from the landscape's loss[i·n + j] (α_i, β_j)
 * to the grid's row-major heights[j·n + i], log₁₀ of each loss (or the loss), holes kept, and the bilinear height
 * under a path's (α, β) — all checked on a 2 × 2 and a 3 × 3 grid by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../src/core/nn/experiment.ts';
import { lossGrid, lossSurface, sampleAt } from '../../src/ui/landscape-surface.ts';

/** Only the fields lossGrid reads. */
function result(alpha: number[], beta: number[], loss: number[]): ExperimentResult {
  return {
    alpha: Float64Array.from(alpha),
    beta: Float64Array.from(beta),
    loss: Float64Array.from(loss),
  } as unknown as ExperimentResult;
}

describe('lossGrid', () => {
  it('puts loss at (α_i, β_j) in row j, column i, as log₁₀', () => {
    // loss[i·2 + j]: (α0, β0) = 1, (α0, β1) = 10, (α1, β0) = 100, (α1, β1) = 1000.
    const g = lossGrid(result([-1, 1], [-2, 2], [1, 10, 100, 1000]));
    expect(g.domain).toEqual({ x: [-1, 1], y: [-2, 2] });
    expect([g.nx, g.ny]).toEqual([2, 2]);
    // heights[j·2 + i]: row β0 = (α0, α1) = (0, 2), row β1 = (1, 3).
    expect(Array.from(g.heights)).toEqual([0, 2, 1, 3]);
    expect([g.min, g.max, g.nonFinite]).toEqual([0, 3, 0]);
  });

  it('with a linear height, the loss itself, in the same places', () => {
    const g = lossGrid(result([-1, 1], [-2, 2], [1, 10, 100, 1000]), 'linear');
    expect(Array.from(g.heights)).toEqual([1, 100, 10, 1000]);
    expect([g.min, g.max]).toEqual([1, 1000]);
  });

  it('keeps a non-finite loss as a hole that the mesh leaves out', () => {
    const g = lossGrid(result([0, 1], [0, 1], [1, Number.NaN, 10, 100]));
    expect(Number.isNaN(g.heights[2]!)).toBe(true);
    expect(g.nonFinite).toBe(1);
    expect([g.min, g.max]).toEqual([0, 2]);
    // No triangle touches the hole (vertex 2: α0, β1); the one with three finite corners stays.
    const triangles = Array.from(lossSurface(g).mesh.triangles);
    expect(triangles.length).toBe(3);
    expect(triangles).not.toContain(2);
  });
});

describe('sampleAt', () => {
  // heights: f(α, β) = α + 10·β on α, β ∈ {0, 1, 2}; bilinear interpolation of a plane is exact.
  const g = lossGrid(
    result(
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2, 1, 2, 3, 2, 3, 4].map((_, k) => 10 ** (Math.floor(k / 3) + 10 * (k % 3))),
    ),
  );

  it('is exact on a plane, at nodes and between them', () => {
    expect(sampleAt(g, 0, 0)).toBeCloseTo(0, 12);
    expect(sampleAt(g, 2, 2)).toBeCloseTo(22, 12);
    expect(sampleAt(g, 0.5, 1.25)).toBeCloseTo(13, 12);
    expect(sampleAt(g, 1.75, 0.1)).toBeCloseTo(2.75, 12);
  });

  it('clamps a point off the grid to its edge', () => {
    expect(sampleAt(g, -5, 1)).toBeCloseTo(10, 12);
    expect(sampleAt(g, 3, 9)).toBeCloseTo(22, 12);
  });
});
