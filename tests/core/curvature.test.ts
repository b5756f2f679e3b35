import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionNumber,
  criticalMomentum,
  curvatureKind,
  eigenSym2,
  negativeCurvatureDirection,
  newtonStep,
  type Sym2,
  sgdFactor,
  sgdStabilityBound,
  type Vec2,
} from '../../src/core/curvature.ts';
import fixtures from '../reference/fixtures/curvature.json';

const sym = ([[xx, xy], [, yy]]: readonly (readonly number[])[]): Sym2 => ({ xx, xy, yy });
const norm = (m: Sym2) => Math.max(Math.abs(m.xx), Math.abs(m.xy), Math.abs(m.yy));

/** |a − b| within 1e-9 of the matrix's scale, plus one subnormal step (numpy's subnormal results are rounded there). */
const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * scale + 1e-323;

/** Eigenvectors agree up to sign. */
function sameDirection(u: Vec2, v: readonly number[]): boolean {
  const plus = Math.max(Math.abs(u[0] - v[0]), Math.abs(u[1] - v[1]));
  const minus = Math.max(Math.abs(u[0] + v[0]), Math.abs(u[1] + v[1]));
  return Math.min(plus, minus) <= 1e-9;
}

describe('eigenSym2 against numpy.linalg.eigh (tests/reference/curvature_ref.py)', () => {
  for (const m of fixtures.matrices) {
    it(m.name, () => {
      const h = sym(m.hessian);
      const { values, vectors } = eigenSym2(h);
      const scale = norm(h);
      expect(values[0]).toBeLessThanOrEqual(values[1]);
      for (let i = 0; i < 2; i++) {
        expect(close(values[i], m.eigenvalues[i], scale), `λ${i}: ${values[i]} vs ${m.eigenvalues[i]}`).toBe(
          true,
        );
        expect(Math.hypot(...vectors[i])).toBeCloseTo(1, 15);
      }
      // Even where the eigenvalues (nearly) coincide and any basis would do, the vectors are
      // numpy's, up to sign: the same algorithm (LAPACK's DSTEQR split test, then DLAEV2).
      for (let i = 0; i < 2; i++) {
        expect(
          sameDirection(vectors[i], m.eigenvectors[i]),
          `v${i}: ${vectors[i]} vs ${m.eigenvectors[i]}`,
        ).toBe(true);
      }
    });
  }

  it('gives the coordinate axes for a diagonal or repeated Hessian, as numpy does', () => {
    expect(eigenSym2({ xx: 1, xy: 0, yy: 1 })).toEqual({
      values: [1, 1],
      vectors: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(eigenSym2({ xx: 2, xy: 0, yy: 0.1 })).toEqual({
      values: [0.1, 2],
      vectors: [
        [0, 1],
        [1, 0],
      ],
    });
  });

  it('gives NaN for non-finite entries', () => {
    expect(eigenSym2({ xx: Number.POSITIVE_INFINITY, xy: 1, yy: 1 }).values.every(Number.isNaN)).toBe(true);
  });
});

describe('eigenSym2 on random matrices of any scale (fast-check)', () => {
  const entry = fc.double({ min: -1, max: 1, noNaN: true });
  it('H v = λ v to a few rounding errors of ‖H‖, orthonormal vectors, trace and ascending order', () => {
    fc.assert(
      fc.property(entry, entry, entry, fc.integer({ min: -1000, max: 1000 }), (a, b, c, k) => {
        const s = 2 ** k;
        const h = { xx: a * s, xy: b * s, yy: c * s };
        const scale = norm(h);
        fc.pre(scale > 1e-290 && scale < 1e290);
        const { values, vectors } = eigenSym2(h);
        expect(values[0]).toBeLessThanOrEqual(values[1]);
        for (let i = 0; i < 2; i++) {
          const [vx, vy] = vectors[i];
          const rx = h.xx * vx + h.xy * vy - values[i] * vx;
          const ry = h.xy * vx + h.yy * vy - values[i] * vy;
          expect(Math.hypot(rx, ry)).toBeLessThanOrEqual(1e-14 * scale);
          expect(Math.abs(Math.hypot(vx, vy) - 1)).toBeLessThanOrEqual(1e-15);
        }
        const dot = vectors[0][0] * vectors[1][0] + vectors[0][1] * vectors[1][1];
        expect(Math.abs(dot)).toBeLessThanOrEqual(1e-15);
        expect(Math.abs(values[0] + values[1] - (h.xx + h.yy))).toBeLessThanOrEqual(1e-14 * scale);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the one-line theory on quadratics (hand computed)', () => {
  // The book's f = x²/20 + y²: H = diag(0.1, 2).
  const book = eigenSym2({ xx: 0.1, xy: 0, yy: 2 });

  it('condition number and kind', () => {
    expect(conditionNumber(book.values)).toBeCloseTo(20, 12);
    expect(curvatureKind(book.values)).toBe('minimum');
    expect(conditionNumber([3, 3])).toBe(1);
    expect(conditionNumber([0, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(curvatureKind([-2, 2])).toBe('saddle');
    expect(curvatureKind([-3, -1])).toBe('maximum');
    expect(curvatureKind([0, 1])).toBe('flat');
    expect(curvatureKind([0, 0])).toBe('flat');
  });

  it('SGD: lr < 2/λmax, factor 1 − lr·λ (the book: lr 0.95 → −0.9 along y, 0.905 along x)', () => {
    expect(sgdStabilityBound(book.values)).toBe(1);
    expect(sgdFactor(0.95, 2)).toBeCloseTo(-0.9, 15);
    expect(sgdFactor(0.95, 0.1)).toBeCloseTo(0.905, 15);
    expect(sgdStabilityBound([-1, -2])).toBe(Number.POSITIVE_INFINITY);
    expect(sgdStabilityBound([-1, 4])).toBe(0.5);
  });

  it('heavy ball: β* = (1 − √(lr·λ))², the double root of z² − (1 + β − lr·λ)z + β', () => {
    // lr·λ = 0.25 → √ = 0.5 → β* = 0.25; check: 1 + 0.25 − 0.25 = 1 = 2√β*.
    expect(criticalMomentum(0.125, 2)).toBeCloseTo(0.25, 15);
    // lr·λ = 0.01 → β* = 0.81.
    expect(criticalMomentum(0.1, 0.1)).toBeCloseTo(0.81, 15);
    expect(criticalMomentum(0.1, -1)).toBeNaN();
    // The discriminant (1 + β − lr·λ)² − 4β vanishes at β*.
    const beta = criticalMomentum(0.03, 7);
    expect((1 + beta - 0.03 * 7) ** 2 - 4 * beta).toBeCloseTo(0, 14);
  });

  it('Newton: one step to the minimum of a quadratic', () => {
    // f = ½ pᵀHp with H = [[3, 1], [1, 3]] (λ = 2, 4); at p = (1, 2), g = Hp = (5, 7): step = −p.
    const eig = eigenSym2({ xx: 3, xy: 1, yy: 3 });
    expect(eig.values[0]).toBeCloseTo(2, 14);
    expect(eig.values[1]).toBeCloseTo(4, 14);
    const step = newtonStep([5, 7], eig)!;
    expect(step[0]).toBeCloseTo(-1, 14);
    expect(step[1]).toBeCloseTo(-2, 14);
    expect(newtonStep([1, 1], eigenSym2({ xx: 1, xy: 2, yy: 4 }))).toBeNull(); // singular
  });

  it('saddle: the negative-curvature direction, pointing downhill', () => {
    // f = x² − y² at (1, 0.5): g = (2, −1), H = diag(2, −2); downhill along ±y means v·g ≤ 0: v = (0, 1).
    const eig = eigenSym2({ xx: 2, xy: 0, yy: -2 });
    expect(curvatureKind(eig.values)).toBe('saddle');
    expect(negativeCurvatureDirection([2, -1], eig)).toEqual([0, 1]);
    expect(negativeCurvatureDirection([2, 1], eig)).toEqual([0, -1]);
    // f = xy: H = [[0, 1], [1, 0]], λ = −1 along (1, −1)/√2. At (1, 1): g = (1, 1) ⟂ v, either sign.
    const xy = eigenSym2({ xx: 0, xy: 1, yy: 0 });
    const v = negativeCurvatureDirection([0.5, 0], xy)!;
    expect(Math.abs(v[0])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(v[0]).toBeLessThan(0); // v·g = 0.5·v[0] ≤ 0
    expect(v[1]).toBeCloseTo(-v[0], 15);
    expect(negativeCurvatureDirection([1, 1], book)).toBeNull();
  });
});
