/** The plane by hand: linspace, filter normalisation, least-squares coordinates, Jacobi, PCA of a known path. */
import { describe, expect, it } from 'vitest';
import {
  linspace,
  normalizeDirection,
  pcaDirections,
  projectOntoPlane,
  symmetricEigen,
} from '../../../src/core/nn/landscape.ts';
import { layerSlices } from '../../../src/core/nn/mlp.ts';

describe('linspace', () => {
  it('includes both ends, evenly spaced', () => {
    expect(Array.from(linspace(-1, 1, 5))).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(Array.from(linspace(0.1, 0.7, 4))[3]).toBe(0.7);
    expect(Array.from(linspace(2, 3, 1))).toEqual([2]);
  });
});

describe('filter normalisation', () => {
  // layers [2, 2, 1]: W1 = [[3, 4], [0, 1]], b1 = [5, 6], W2 = [[1, 1]], b2 = [7]
  const slices = layerSlices([2, 2, 1]);
  const theta0 = Float64Array.of(3, 4, 0, 1, 5, 6, 1, 1, 7);
  const d = Float64Array.of(1, 0, 2, 2, 9, 9, 0, -2, 9);

  it('gives each row of each W the norm of the same row of θ₀, and zeroes the biases', () => {
    const n = normalizeDirection(slices, theta0, d, 'filter');
    // row [1, 0] → ×5/1; row [2, 2] → ×1/√8; row [0, −2] → ×√2/2
    const s = 1 / (Math.sqrt(8) + 1e-10);
    const expected = [5 / (1 + 1e-10), 0, 2 * s, 2 * s, 0, 0, 0, (-2 * Math.SQRT2) / (2 + 1e-10), 0];
    for (const [i, v] of Array.from(n).entries()) expect(v).toBeCloseTo(expected[i]!, 14);
    expect(Array.from(d)).toEqual([1, 0, 2, 2, 9, 9, 0, -2, 9]); // the input is not modified
  });

  it("'none' keeps the direction as given", () => {
    expect(Array.from(normalizeDirection(slices, theta0, d, 'none'))).toEqual(Array.from(d));
  });
});

describe('least-squares coordinates', () => {
  const theta0 = Float64Array.of(1, 2, 3);
  const d1 = Float64Array.of(1, 1, 0);
  const d2 = Float64Array.of(0, 1, 1);

  it('recover a point of the plane with distance 0', () => {
    // θ₀ + 2·d1 − 3·d2 = (3, 1, 0)
    const { coords, distance } = projectOntoPlane(theta0, d1, d2, Float64Array.of(3, 1, 0, 1, 2, 3));
    expect(coords[0]).toBeCloseTo(2, 14);
    expect(coords[1]).toBeCloseTo(-3, 14);
    expect(distance[0]).toBeCloseTo(0, 14);
    expect(Array.from(coords.subarray(2))).toEqual([0, 0]);
  });

  it('measure the distance off the plane along its normal', () => {
    // the normal of span{(1,1,0), (0,1,1)} is (1, −1, 1)/√3; θ₀ + 2·that is 2 off the plane
    const s = 2 / Math.sqrt(3);
    const { coords, distance } = projectOntoPlane(theta0, d1, d2, Float64Array.of(1 + s, 2 - s, 3 + s));
    expect(coords[0]).toBeCloseTo(0, 14);
    expect(coords[1]).toBeCloseTo(0, 14);
    expect(distance[0]).toBeCloseTo(2, 14);
  });

  it('refuse parallel or zero directions', () => {
    expect(() => projectOntoPlane(theta0, d1, Float64Array.of(2, 2, 0), theta0)).toThrow(/parallel/);
    expect(() => projectOntoPlane(theta0, new Float64Array(3), d2, theta0)).toThrow(/zero/);
  });
});

describe('symmetric eigenproblem (Jacobi)', () => {
  it('finds the eigenpairs of [[2, 1], [1, 2]]: 3 along (1, 1), 1 along (1, −1)', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    const big = values[0]! > values[1]! ? 0 : 1;
    expect(values[big]).toBeCloseTo(3, 14);
    expect(values[1 - big]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[big]! - vectors[2 + big]!)).toBeLessThan(1e-14);
  });
});

describe('PCA directions', () => {
  it('of a path along an ellipse in the first two weights are those weights’ axes', () => {
    // layers [2, 1]: W = [w0, w1], b; the path moves w0 by 3 cos t, w1 by sin t, and b wildly (ignored).
    const slices = layerSlices([2, 1]);
    const path = new Float64Array(3 * 40);
    for (let k = 0; k < 40; k++) {
      const t = (2 * Math.PI * k) / 40;
      path.set([3 * Math.cos(t), Math.sin(t), 100 * Math.sin(3 * t)], 3 * k);
    }
    const { d1, d2, explained } = pcaDirections(slices, [path], 3, true);
    expect(Array.from(d1).map((v) => Math.abs(v))).toEqual([1, expect.closeTo(0, 12), 0]);
    expect(Math.abs(d2[1]!)).toBeCloseTo(1, 12);
    expect(d2[2]).toBe(0);
    expect(explained[0]).toBeCloseTo(0.9, 12); // variances 4.5 and 0.5
    expect(explained[1]).toBeCloseTo(0.1, 12);
  });

  it('needs paths that span a plane', () => {
    const line = Float64Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? i : 0));
    expect(() => pcaDirections(layerSlices([2, 1]), [line], 3, true)).toThrow(/plane/);
  });
});
