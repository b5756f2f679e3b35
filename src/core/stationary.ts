/**
 * Stationary points of f(x, y) in a domain, found numerically: Newton's method on ∇f = 0 from every
 * cell centre of an n × n grid of starts, with the exact gradient and Hessian H = [[fxx, fxy],
 * [fxy, fyy]] (src/core/expr). Each Newton step solves H d = −∇f (Cramer's rule on the 2 × 2
 * system), its length capped at a quarter of the domain's diagonal. A start converges when a step is
 * shorter than 1e-10 of the diagonal; the point counts if it lies in the domain and ∇f there is
 * negligible. Points closer than 1e-6 of the diagonal are one. Each is classified by the
 * eigenvalues of H, λ± = (fxx + fyy)/2 ± √(((fxx − fyy)/2)² + fxy²): both positive a minimum, both
 * negative a maximum, opposite signs a saddle, and an eigenvalue that vanishes (|λ| below 1e-6 of
 * the typical curvature over the starts) degenerate — the test cannot tell.
 */
import type { CriticalPoint, Domain } from './functions/types.ts';

export type StationaryKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

export interface StationaryPoint {
  readonly x: number;
  readonly y: number;
  readonly f: number;
  readonly kind: StationaryKind;
  /** True for a point a preset lists (its exact place), false for one found numerically. */
  readonly known: boolean;
}

/** What the finder needs of a compiled function. */
export interface Differentiable {
  readonly valueGrad: (x: number, y: number, out: Float64Array) => number;
  readonly hessian: (x: number, y: number, out: Float64Array) => number;
}

export interface StationaryOptions {
  /** Starts per side of the grid (odd, so that the centre of the domain is one). @default 17 */
  readonly starts?: number;
  /** Newton steps per start. @default 60 */
  readonly iterations?: number;
  /** At most this many points are returned (minima first, then saddles, maxima, degenerate). @default 100 */
  readonly limit?: number;
}

/** Hard bounds on the work, whatever the options say. */
const MAX_STARTS = 64;
const MAX_ITERATIONS = 200;

/** Eigenvalues (λ−, λ+) of the symmetric 2 × 2 matrix [[a, b], [b, c]]. */
export function eigenvalues2(a: number, b: number, c: number): [number, number] {
  const m = (a + c) / 2;
  const r = Math.hypot((a - c) / 2, b);
  return [m - r, m + r];
}

/** Classifies by the Hessian's eigenvalues; |λ| ≤ `zero` counts as vanishing. */
export function classify(a: number, b: number, c: number, zero: number): StationaryKind {
  const [lo, hi] = eigenvalues2(a, b, c);
  if (Math.abs(lo) <= zero || Math.abs(hi) <= zero) return 'degenerate';
  if (lo > 0) return 'minimum';
  if (hi < 0) return 'maximum';
  return 'saddle';
}

const ORDER: Record<StationaryKind, number> = { minimum: 0, saddle: 1, maximum: 2, degenerate: 3 };

/** The stationary points of `fn` in `domain` (see the module comment), minima first. */
export function stationaryPoints(
  fn: Differentiable,
  domain: Domain,
  options: StationaryOptions = {},
): StationaryPoint[] {
  const n = Math.max(1, Math.min(MAX_STARTS, Math.floor(options.starts ?? 17)));
  const iterations = Math.max(1, Math.min(MAX_ITERATIONS, Math.floor(options.iterations ?? 60)));
  const limit = Math.max(0, Math.floor(options.limit ?? 100));
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const diagonal = Math.hypot(x1 - x0, y1 - y0);
  if (!(diagonal > 0) || !Number.isFinite(diagonal)) return [];
  const g = new Float64Array(2);
  const h = new Float64Array(3);
  const maxStep = diagonal / 4;
  // The typical curvature: the median of ‖H‖ over the starts, the scale a vanishing eigenvalue is judged by.
  const curvatures: number[] = [];
  const found: { x: number; y: number; f: number; a: number; b: number; c: number }[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let x = x0 + ((i + 0.5) / n) * (x1 - x0);
      let y = y0 + ((j + 0.5) / n) * (y1 - y0);
      fn.hessian(x, y, h);
      const norm = Math.hypot(h[0], h[1], h[1], h[2]);
      if (Number.isFinite(norm)) curvatures.push(norm);
      let converged = false;
      for (let k = 0; k < iterations; k++) {
        fn.valueGrad(x, y, g);
        fn.hessian(x, y, h);
        const det = h[0] * h[2] - h[1] * h[1];
        if (!Number.isFinite(det) || det === 0 || !Number.isFinite(g[0]) || !Number.isFinite(g[1])) break;
        // H d = −g by Cramer's rule.
        let dx = (-g[0] * h[2] + g[1] * h[1]) / det;
        let dy = (-g[1] * h[0] + g[0] * h[1]) / det;
        const length = Math.hypot(dx, dy);
        if (!Number.isFinite(length)) break;
        if (length > maxStep) {
          dx *= maxStep / length;
          dy *= maxStep / length;
        }
        x += dx;
        y += dy;
        if (length < 1e-10 * diagonal) {
          converged = true;
          break;
        }
      }
      if (!converged) continue;
      const slack = 1e-9 * diagonal;
      if (x < x0 - slack || x > x1 + slack || y < y0 - slack || y > y1 + slack) continue;
      const f = fn.valueGrad(x, y, g);
      fn.hessian(x, y, h);
      if (!Number.isFinite(f)) continue;
      // ∇f negligible: against the change of f across a step of the domain's size with this curvature.
      const scale = Math.hypot(h[0], h[1], h[1], h[2]) * diagonal;
      if (Math.hypot(g[0], g[1]) > 1e-6 * Math.max(scale, 1e-300) && Math.hypot(g[0], g[1]) > 1e-12) continue;
      if (found.some((p) => Math.hypot(p.x - x, p.y - y) <= 1e-6 * diagonal)) continue;
      found.push({ x, y, f, a: h[0], b: h[1], c: h[2] });
    }
  }
  curvatures.sort((p, q) => p - q);
  const typical = curvatures.length > 0 ? curvatures[curvatures.length >> 1] : 0;
  const zero = 1e-6 * typical;
  return found
    .map((p) => ({ x: p.x, y: p.y, f: p.f, kind: classify(p.a, p.b, p.c, zero), known: false }))
    .sort((p, q) => ORDER[p.kind] - ORDER[q.kind] || p.f - q.f || p.x - q.x || p.y - q.y)
    .slice(0, limit);
}

/** A preset's listed critical point as a stationary point (its exact place and kind). */
function fromKnown(c: CriticalPoint): StationaryPoint {
  const kind: StationaryKind =
    c.kind === 'global minimum' || c.kind === 'local minimum'
      ? 'minimum'
      : c.kind === 'local maximum'
        ? 'maximum'
        : c.kind;
  return { x: c.x, y: c.y, f: c.f, kind, known: true };
}

/**
 * The points a preset lists (exact) together with those found numerically that lie farther than
 * 1e-4 of the domain's diagonal from every listed one; listed points outside the domain are left out.
 */
export function withKnown(
  found: readonly StationaryPoint[],
  known: readonly CriticalPoint[],
  domain: Domain,
): StationaryPoint[] {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const near = 1e-4 * Math.hypot(x1 - x0, y1 - y0);
  const listed = known.filter((c) => c.x >= x0 && c.x <= x1 && c.y >= y0 && c.y <= y1).map(fromKnown);
  const rest = found.filter((p) => !listed.some((k) => Math.hypot(k.x - p.x, k.y - p.y) <= near));
  return [...listed, ...rest].sort((p, q) => ORDER[p.kind] - ORDER[q.kind] || p.f - q.f);
}

/** How a point reads in a label: "minimum", "saddle point", … */
export function kindName(kind: StationaryKind): string {
  return kind === 'saddle' ? 'saddle point' : kind === 'degenerate' ? 'degenerate stationary point' : kind;
}
