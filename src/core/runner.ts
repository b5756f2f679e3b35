import type { CompiledFunction } from './expr/index.ts';
import type { Domain } from './functions/types.ts';
import type { Optimizer, OptimizerDef, ParamValues } from './optimizers/types.ts';

/** Where the gradient comes from: exact symbolic derivatives, or the seed's central difference. */
export type GradientMode = 'exact' | 'numeric';

/**
 * - `running`: the steps ran out while the point was still moving;
 * - `converged`: the gradient norm fell below the tolerance and stayed there;
 * - `diverged`: a non-finite value appeared, or the point flew past the bound.
 */
export type RunStatus = 'running' | 'converged' | 'diverged';

/** Gradient-norm tolerance below which a run counts as converged. */
export const DEFAULT_TOLERANCE = 1e-6;

/** How far outside the domain a point may fly before the run counts as diverged: this × the domain's size. */
export const BOUND_FACTOR = 1e6;

/** The default domain for expressions that are not presets (the book's plotting range). */
export const DEFAULT_DOMAIN: Domain = { x: [-10, 10], y: [-10, 10] };

/** |x| or |y| beyond this counts as divergence: `BOUND_FACTOR` × the largest |edge| of the domain (at least 1). */
export function divergenceBound(domain: Domain): number {
  const edge = Math.max(
    1,
    Math.abs(domain.x[0]),
    Math.abs(domain.x[1]),
    Math.abs(domain.y[0]),
    Math.abs(domain.y[1]),
  );
  return BOUND_FACTOR * edge;
}

/** `(x, y, out) => f`: writes ∇f(x, y) into out[0..1], returns f(x, y). */
export type GradientFn = (x: number, y: number, out: Float64Array) => number;

export function gradientOf(fn: CompiledFunction, mode: GradientMode): GradientFn {
  return mode === 'exact' ? fn.valueGrad : fn.numericGrad;
}

export interface RunSpec {
  readonly fn: CompiledFunction;
  readonly optimizer: OptimizerDef;
  /** Complete, validated parameters (see `resolveParams`). */
  readonly params: ParamValues;
  readonly start: readonly [number, number];
  /** @default 'exact' */
  readonly gradient?: GradientMode;
  /** @default DEFAULT_TOLERANCE */
  readonly tolerance?: number;
  /** @default divergenceBound(DEFAULT_DOMAIN) */
  readonly bound?: number;
}

/**
 * A computed path, read-only: row k holds `[x, y, f]` after k updates (row 0 is the start) in
 * `xyf[3k..3k+2]`, and `gradNorm[k]` = |∇f| there. Only the first `rows` rows are meaningful.
 * `Run` is one; the page also receives them from its compute worker.
 */
export interface Trajectory {
  readonly rows: number;
  readonly xyf: Float64Array;
  readonly gradNorm: Float64Array;
  readonly status: RunStatus;
  /** The update that produced a non-finite value or left the bound; null while finite. */
  readonly divergedAt: number | null;
  /** The first row from which the gradient norm stays below the tolerance; null if it doesn't. */
  readonly convergedAt: number | null;
}

const INITIAL_CAPACITY = 64;

/**
 * One optimizer's path, computed step by step. Row k holds `[x, y, f]` after k updates (row 0 is the
 * start) and `gradNorm[k]` = |∇f| there. The optimizer's state lives inside, so `advanceTo` continues
 * where the last call stopped; stepping back is reading an earlier row. Rows only ever hold finite
 * values: the path stops at the last finite row and `divergedAt` names the step that failed.
 * Deterministic: the same spec gives the same bits.
 */
export class Run implements Trajectory {
  /** Rows computed so far (≥ 1 unless the start itself is not finite). */
  rows = 0;
  status: RunStatus = 'running';
  /** The update that produced a non-finite value or left the bound; null while finite. */
  divergedAt: number | null = null;
  /** The first row from which the gradient norm stays below the tolerance; null if it doesn't. */
  convergedAt: number | null = null;
  /** Rows of `[x, y, f]`; grows as needed, only the first `rows` rows are meaningful. */
  xyf = new Float64Array(INITIAL_CAPACITY * 3);
  gradNorm = new Float64Array(INITIAL_CAPACITY);

  private readonly optimizer: Optimizer;
  private readonly grad: GradientFn;
  private readonly tolerance: number;
  private readonly bound: number;
  private readonly p = new Float64Array(2);
  private readonly g = new Float64Array(2);

  constructor(spec: RunSpec) {
    this.optimizer = spec.optimizer.create(spec.params, 2);
    this.grad = gradientOf(spec.fn, spec.gradient ?? 'exact');
    this.tolerance = spec.tolerance ?? DEFAULT_TOLERANCE;
    this.bound = spec.bound ?? divergenceBound(DEFAULT_DOMAIN);
    this.p[0] = spec.start[0];
    this.p[1] = spec.start[1];
    this.advanceTo(0);
  }

  /** Updates performed so far: `rows - 1` (0 when the start already failed). */
  get steps(): number {
    return Math.max(0, this.rows - 1);
  }

  /**
   * Runs updates until `steps` updates exist, divergence stops it, or nothing is left to do. Row k
   * is evaluated after update k (row 0 at the start); a row whose x, y or f is not finite, or whose
   * point is beyond the bound, is not stored: the run diverged at step k.
   */
  advanceTo(steps: number): this {
    if (this.status === 'diverged' || this.rows > steps) return this;
    this.ensureCapacity(steps + 1);
    // The hot loop works on locals; the fields are written back once at the end.
    const { p, g, optimizer, grad, bound, tolerance, xyf, gradNorm } = this;
    let convergedAt = this.convergedAt;
    let divergedAt: number | null = null;
    let k = this.rows;
    for (; k <= steps; k++) {
      if (k > 0) optimizer.step(p, g);
      const x = p[0];
      const y = p[1];
      const f = grad(x, y, g);
      // Finite and inside the bound: NaN fails every comparison, and f − f is NaN for ±Infinity.
      if (!(Math.abs(x) <= bound && Math.abs(y) <= bound && f - f === 0)) {
        divergedAt = k;
        break;
      }
      const gx = g[0];
      const gy = g[1];
      // √(gx² + gy²) directly: Math.hypot is several times slower and differs only on over/underflow.
      const sq = gx * gx + gy * gy;
      const norm =
        sq === Number.POSITIVE_INFINITY || (sq < 1e-300 && sq !== 0) ? Math.hypot(gx, gy) : Math.sqrt(sq);
      xyf[3 * k] = x;
      xyf[3 * k + 1] = y;
      xyf[3 * k + 2] = f;
      gradNorm[k] = norm;
      if (norm < tolerance) convergedAt ??= k;
      else convergedAt = null;
      // A non-finite gradient at a finite point cannot give a finite next point: stop after this row.
      if (!(norm - norm === 0)) {
        divergedAt = k + 1;
        k++;
        break;
      }
    }
    this.rows = Math.min(k, steps + 1);
    this.convergedAt = convergedAt;
    this.divergedAt = divergedAt;
    this.status = divergedAt !== null ? 'diverged' : convergedAt !== null ? 'converged' : 'running';
    return this;
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.gradNorm.length) return;
    const capacity = Math.max(rows, this.gradNorm.length * 2);
    const xyf = new Float64Array(capacity * 3);
    xyf.set(this.xyf);
    const gradNorm = new Float64Array(capacity);
    gradNorm.set(this.gradNorm);
    this.xyf = xyf;
    this.gradNorm = gradNorm;
  }
}

/** Runs `steps` updates at once (fewer if the run diverges). */
export function run(spec: RunSpec, steps: number): Run {
  return new Run(spec).advanceTo(steps);
}
