/**
 * Curvature at a point: the symmetric 2×2 eigen-decomposition of the Hessian and the one-line
 * theory of each optimizer on the local quadratic model
 *
 *   f(p + d) ≈ f(p) + gᵀd + ½ dᵀH d,   H = [[fxx, fxy], [fxy, fyy]] = Σᵢ λᵢ vᵢ vᵢᵀ.
 *
 * Pure: no DOM, no three.js. The step inspector and `descent curvature` use it.
 */

/** A symmetric 2×2 matrix [[xx, xy], [xy, yy]]. */
export interface Sym2 {
  readonly xx: number;
  readonly xy: number;
  readonly yy: number;
}

export type Vec2 = readonly [number, number];

/**
 * Eigenvalues in ascending order, and unit eigenvectors with `vectors[i]` belonging to `values[i]`.
 * The two vectors are orthonormal. Sign convention: each vector's larger-magnitude component is
 * positive (x on a tie); any sign is as correct, this one only makes the output reproducible.
 */
export interface SymEigen2 {
  readonly values: Vec2;
  readonly vectors: readonly [Vec2, Vec2];
}

/** `x · 2^k`, exactly (two steps, so that k may exceed the exponent range of one power). */
function scaleByPow2(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * 2 ** half * 2 ** (k - half);
}

function orient([x, y]: Vec2): Vec2 {
  const lead = Math.abs(x) >= Math.abs(y) ? x : y;
  // 0 + … turns −0 into 0, so a zero component always prints as 0.
  return lead < 0 ? [0 - x, 0 - y] : [0 + x, 0 + y];
}

/** Unit roundoff ε = 2⁻⁵³ and the smallest normal number, as LAPACK's DLAMCH('E') and ('S'). */
const EPS = 2 ** -53;
const SAFMIN = 2 ** -1022;
/** DSTEQR's scaling thresholds: √(1/SAFMIN)/3 and √SAFMIN/ε². */
const SSFMAX = Math.sqrt(1 / SAFMIN) / 3;
const SSFMIN = Math.sqrt(SAFMIN) / (EPS * EPS);

/**
 * Whether LAPACK's DSTEQR (behind numpy.linalg.eigh) would set the off-diagonal to zero: when
 * |b| ≤ ε·√|a|·√|c| (its split test), or b² ≤ ε²·|a|·|c| + SAFMIN after it scales a matrix whose
 * largest entry lies outside [SSFMIN, SSFMAX]. Such a b moves the eigenvalues by less than a
 * rounding error, but a 2×2 block with a ≈ c would still turn its eigenvectors by up to 45°;
 * dropping it as LAPACK does gives the same vectors as numpy.
 */
function negligibleOffDiagonal(a: number, b: number, c: number): boolean {
  if (Math.abs(b) <= Math.sqrt(Math.abs(a)) * Math.sqrt(Math.abs(c)) * EPS) return true;
  const norm = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
  const s = norm > SSFMAX ? SSFMAX / norm : norm < SSFMIN ? SSFMIN / norm : 1;
  const [as, bs, cs] = [a * s, b * s, c * s];
  return bs * bs <= EPS * EPS * Math.abs(as) * Math.abs(cs) + SAFMIN;
}

/**
 * Eigen-decomposition of a symmetric 2×2 matrix, accurate to about one rounding error of its norm:
 *
 * 1. A diagonal matrix (xy = 0, or xy negligible by LAPACK's test, see `negligibleOffDiagonal`) is
 *    its own decomposition: the axes, sorted; equal diagonal entries keep x first (so repeated
 *    eigenvalues get the coordinate axes, as numpy.linalg.eigh gives).
 * 2. Otherwise the matrix is scaled by a power of two (exact) so its largest entry is about 1: no
 *    overflow for entries near 1e308, no underflow for subnormal ones.
 * 3. The algorithm of LAPACK's DLAEV2: with s = a + c, d = a − c and r = √(d² + 4b²) formed
 *    without overflow, the eigenvalue of larger magnitude is λ₁ = (s + sign(s)·r)/2 (an addition
 *    of like signs, no cancellation), the other λ₂ = det/λ₁ = (a/λ₁)·c − (b/λ₁)·b. The eigenvector
 *    of λ₁ is (cs, sn) from the larger of two equivalent formulas (tan θ = −2b/(d ± r)), so it
 *    stays accurate when xy ≈ 0 or d ≈ 0; the eigenvector of λ₂ is (−sn, cs).
 *
 * Non-finite entries give NaN values and vectors; callers check for them.
 */
export function eigenSym2(m: Sym2): SymEigen2 {
  const { xx, xy, yy } = m;
  if (!(Number.isFinite(xx) && Number.isFinite(xy) && Number.isFinite(yy))) {
    return {
      values: [Number.NaN, Number.NaN],
      vectors: [
        [Number.NaN, Number.NaN],
        [Number.NaN, Number.NaN],
      ],
    };
  }
  if (xy === 0 || negligibleOffDiagonal(xx, xy, yy)) {
    return yy < xx
      ? {
          values: [yy, xx],
          vectors: [
            [0, 1],
            [1, 0],
          ],
        }
      : {
          values: [xx, yy],
          vectors: [
            [1, 0],
            [0, 1],
          ],
        };
  }
  const big = Math.max(Math.abs(xx), Math.abs(xy), Math.abs(yy));
  const e = Math.floor(Math.log2(big));
  const a = scaleByPow2(xx, -e);
  const b = scaleByPow2(xy, -e);
  const c = scaleByPow2(yy, -e);

  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  const [acmx, acmn] = Math.abs(a) > Math.abs(c) ? [a, c] : [c, a];
  const rt =
    adf > ab
      ? adf * Math.sqrt(1 + (ab / adf) ** 2)
      : adf < ab
        ? ab * Math.sqrt(1 + (adf / ab) ** 2)
        : ab * Math.SQRT2;
  let rt1: number;
  let rt2: number;
  let sgn1: number;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  // The eigenvector of rt1.
  const sgn2 = df >= 0 ? 1 : -1;
  const cs = df >= 0 ? df + rt : df - rt;
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else {
    // ab > 0 here: b ≠ 0 (the diagonal case returned above).
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  const l1 = scaleByPow2(rt1, e);
  const l2 = scaleByPow2(rt2, e);
  const v1: Vec2 = orient([cs1, sn1]);
  const v2: Vec2 = orient([-sn1, cs1]);
  return l1 <= l2 ? { values: [l1, l2], vectors: [v1, v2] } : { values: [l2, l1], vectors: [v2, v1] };
}

/** What the local quadratic model looks like. */
export type CurvatureKind = 'minimum' | 'maximum' | 'saddle' | 'flat';

/** Relative size below which an eigenvalue counts as zero: |λ| ≤ this × max|λ|. */
export const FLAT_TOLERANCE = 1e-12;

/**
 * `minimum` (both eigenvalues > 0: a bowl), `maximum` (both < 0), `saddle` (opposite signs: the
 * Hessian is indefinite), `flat` (an eigenvalue is zero relative to the other, or both are zero).
 */
export function curvatureKind([l0, l1]: Vec2): CurvatureKind {
  const scale = Math.max(Math.abs(l0), Math.abs(l1));
  const zero = (l: number) => Math.abs(l) <= FLAT_TOLERANCE * scale;
  if (scale === 0 || zero(l0) || zero(l1)) return 'flat';
  if (l0 > 0) return 'minimum';
  if (l1 < 0) return 'maximum';
  return 'saddle';
}

/**
 * Condition number κ = max|λ| / min|λ|: how elongated the model's ellipses are (the book's
 * x²/20 + y² has λ = 0.1 and 2, κ = 20). Infinity when an eigenvalue is 0; 1 for a round bowl.
 */
export function conditionNumber([l0, l1]: Vec2): number {
  const hi = Math.max(Math.abs(l0), Math.abs(l1));
  const lo = Math.min(Math.abs(l0), Math.abs(l1));
  return hi === 0 ? 1 : hi / lo;
}

/**
 * Plain gradient descent on the model moves each eigen-coordinate by the factor 1 − lr·λ per step:
 * dₖ₊₁ = (1 − lr·λ)·dₖ. It shrinks when |1 − lr·λ| < 1, i.e. 0 < lr < 2/λ; the factor is negative
 * (a zigzag) when lr > 1/λ. The book: λ = 2 along y, lr = 0.95 → factor −0.9.
 */
export function sgdFactor(lr: number, lambda: number): number {
  return 1 - lr * lambda;
}

/**
 * The largest stable learning rate of gradient descent on the model: lr < 2/λmax. Infinity when no
 * eigenvalue is positive (no learning rate makes the iteration contract along every direction
 * then, but none is bounded by curvature either).
 */
export function sgdStabilityBound(values: Vec2): number {
  const lmax = Math.max(values[0], values[1]);
  return lmax > 0 ? 2 / lmax : Number.POSITIVE_INFINITY;
}

/**
 * Heavy-ball momentum (vₖ₊₁ = β·vₖ + g, p −= lr·v) along an eigen-direction with curvature λ > 0 is
 * the linear recurrence with characteristic polynomial z² − (1 + β − lr·λ)z + β. Its roots are
 * repeated (critical damping: fastest decay without oscillation) when (1 + β − lr·λ)² = 4β, i.e.
 * √β = 1 − √(lr·λ): β* = (1 − √(lr·λ))² (Goh, "Why Momentum Really Works", Distill 2017). Smaller
 * β overdamps, larger β oscillates. NaN when λ ≤ 0 (no oscillation to damp).
 */
export function criticalMomentum(lr: number, lambda: number): number {
  if (!(lambda > 0 && lr >= 0)) return Number.NaN;
  return (1 - Math.sqrt(lr * lambda)) ** 2;
}

/**
 * Newton's step to the model's stationary point, d = −H⁻¹g = −Σᵢ (vᵢ·g / λᵢ) vᵢ (through the
 * eigen-decomposition, so it is accurate for ill-conditioned H). Null when H is singular (a zero
 * eigenvalue, relative to the other): the model has no unique stationary point. At a saddle the
 * step goes to the saddle point, not downhill.
 */
export function newtonStep(g: Vec2, eig: SymEigen2): Vec2 | null {
  if (curvatureKind(eig.values) === 'flat') return null;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < 2; i++) {
    const [vx, vy] = eig.vectors[i];
    const coef = (vx * g[0] + vy * g[1]) / eig.values[i];
    dx -= coef * vx;
    dy -= coef * vy;
  }
  return [dx, dy];
}

/**
 * Where the Hessian has a negative eigenvalue, the model falls fastest along its eigenvector: the
 * direction of negative curvature, pointed downhill (v·g ≤ 0; either sign when g ⟂ v). Null when
 * the smallest eigenvalue is not negative.
 */
export function negativeCurvatureDirection(g: Vec2, eig: SymEigen2): Vec2 | null {
  const [l0, l1] = eig.values;
  if (!(l0 < -FLAT_TOLERANCE * Math.max(Math.abs(l0), Math.abs(l1)))) return null;
  const [vx, vy] = eig.vectors[0];
  return vx * g[0] + vy * g[1] > 0 ? [0 - vx, 0 - vy] : [vx, vy];
}
