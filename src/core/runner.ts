import type { CompiledFunction } from './expr/index.ts';
import type { Domain } from './functions/types.ts';
import { StepFailure } from './optimizers/failure.ts';
import { groupOf } from './optimizers/registry.ts';
import type {
  Group,
  Objective,
  Optimizer,
  OptimizerDef,
  OptimizerState,
  ParamValues,
} from './optimizers/types.ts';

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

/** Changes the param group between steps, as torch's `sched.step()` after `opt.step()`. */
export interface StepScheduler {
  /** torch's scheduler construction: may set the group (LinearLR's first lr, OneCycleLR's momentum) before update 1. */
  init?(group: Group): void;
  step(group: Group): void;
}

/** A standard-normal source for gradient noise (seeded, so runs repeat bit for bit). */
export interface NoiseSource {
  next(): number;
}

/**
 * The objective an optimizer may evaluate itself (LBFGS's closure, Newton's Hessian): the run's gradient
 * function with its noise, and the exact Hessian of the compiled function. Every `valueGrad` call draws
 * two normals (x then y) when the run is noisy, in call order, as the run's own evaluations do.
 */
export function objectiveOf(
  grad: GradientFn,
  fn: CompiledFunction | undefined,
  noise: NoiseSource | undefined,
  sigma: number,
): Objective {
  const h3 = new Float64Array(3);
  const scratch = new Float64Array(2);
  const objective: Objective = {
    dim: 2,
    valueGrad(p: Float64Array, g: Float64Array): number {
      const f = grad(p[0]!, p[1]!, g);
      if (sigma > 0 && noise !== undefined) {
        g[0] = g[0]! + sigma * noise.next();
        g[1] = g[1]! + sigma * noise.next();
      }
      return f;
    },
    value: fn === undefined ? (p) => grad(p[0]!, p[1]!, scratch) : (p) => fn.value(p[0]!, p[1]!),
  };
  if (fn === undefined) return objective;
  return {
    ...objective,
    hessian(p: Float64Array, h: Float64Array): void {
      fn.hessian(p[0]!, p[1]!, h3);
      h[0] = h3[0]!;
      h[1] = h3[1]!;
      h[2] = h3[1]!;
      h[3] = h3[2]!;
    },
  };
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
  /** Called once after every optimizer step with the run's param group (torch's `sched.step()`). */
  readonly scheduler?: StepScheduler;
  /** Standard normals for gradient noise; used when `noiseSigma` > 0. */
  readonly noise?: NoiseSource;
  /** σ: every gradient evaluation gets σ·ξ added (gx first, then gy). @default 0 */
  readonly noiseSigma?: number;
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
  /** `lr[k]`: the learning rate update k + 1 used (row k → row k + 1); the first `rows − 1` are meaningful. */
  readonly lr?: Float64Array;
  /**
   * Where the optimizer reports another point than the one it takes gradients at (Schedule-Free: rows hold x),
   * `yx[2k..2k+1]` is that gradient point (y) at row k; null otherwise.
   */
  readonly yx?: Float64Array | null;
  /** Why the run diverged, in one sentence (non-finite value, out of bound, a step that cannot be taken). */
  readonly reason?: string | null;
}

const INITIAL_CAPACITY = 64;

/**
 * One optimizer's path, computed step by step. Row k holds `[x, y, f]` after k updates (row 0 is the
 * start) and `gradNorm[k]` = |∇f| there. The optimizer's state lives inside, so `advanceTo` continues
 * where the last call stopped; stepping back is reading an earlier row. Rows only ever hold finite
 * values: the path stops at the last finite row and `divergedAt` names the step that failed.
 * Deterministic: the same spec (and noise seed) gives the same bits.
 *
 * The run keeps one param group (`groupOf`): the optimizer reads lr/momentum/beta1 from it at every step,
 * `lr[k]` records group.lr at the time of update k + 1, and the scheduler, if any, changes it after each
 * step. With noise, the optimizer sees ∇f + σ·ξ; |∇f| and convergence use the noiseless gradient.
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
  /** `lr[k]`: group.lr when update k + 1 ran; the first `rows − 1` entries are meaningful. */
  lr = new Float64Array(INITIAL_CAPACITY);
  /** The param group the optimizer reads (and the scheduler changes). */
  readonly group: Group;
  /** The gradient point y per row when the optimizer reports another point (Schedule-Free); null otherwise. */
  yx: Float64Array | null;
  /** Why the run diverged; null while it has not. */
  reason: string | null = null;

  private readonly optimizer: Optimizer;
  private readonly grad: GradientFn;
  private readonly objective: Objective;
  private readonly scheduler: StepScheduler | undefined;
  private readonly noise: NoiseSource | undefined;
  private readonly sigma: number;
  private readonly tolerance: number;
  private readonly bound: number;
  private readonly p = new Float64Array(2);
  /** The noiseless gradient at p. */
  private readonly g = new Float64Array(2);
  /** The gradient the optimizer is handed: `g` itself, or its own buffer when noisy or taken at another point. */
  private readonly gSeen: Float64Array;
  /** The reported point, for optimizers that have one. */
  private readonly q = new Float64Array(2);

  constructor(spec: RunSpec) {
    this.optimizer = spec.optimizer.create(spec.params, 2);
    this.group = groupOf(spec.optimizer, spec.params);
    this.grad = gradientOf(spec.fn, spec.gradient ?? 'exact');
    this.sigma = spec.noise === undefined ? 0 : (spec.noiseSigma ?? 0);
    this.noise = this.sigma > 0 ? spec.noise : undefined;
    this.objective = objectiveOf(this.grad, spec.fn, this.noise, this.sigma);
    this.scheduler = spec.scheduler;
    this.scheduler?.init?.(this.group);
    const reports = this.optimizer.reported !== undefined;
    this.gSeen = this.noise === undefined && !reports ? this.g : new Float64Array(2);
    this.yx = reports ? new Float64Array(INITIAL_CAPACITY * 2) : null;
    this.tolerance = spec.tolerance ?? DEFAULT_TOLERANCE;
    this.bound = spec.bound ?? divergenceBound(DEFAULT_DOMAIN);
    this.p[0] = spec.start[0];
    this.p[1] = spec.start[1];
    this.advanceTo(0);
  }

  /** The optimizer's state now (torch's `optimizer.state[p]`, torch's names), after the last update. */
  optimizerState(): OptimizerState {
    return this.optimizer.state();
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
    const { p, g, q, gSeen, group, objective, optimizer, scheduler, noise, sigma, grad, bound, tolerance } =
      this;
    const { xyf, gradNorm, lr, yx } = this;
    let convergedAt = this.convergedAt;
    let divergedAt: number | null = null;
    let reason: string | null = null;
    let k = this.rows;
    try {
      for (; k <= steps; k++) {
        if (k > 0) {
          lr[k - 1] = group.lr;
          optimizer.step(p, gSeen, group, objective);
          if (scheduler !== undefined) scheduler.step(group);
        }
        let x = p[0];
        let y = p[1];
        if (yx !== null) {
          // The optimizer reports another point (x) than the one its gradient is taken at (p = y).
          optimizer.reported!(p, q);
          x = q[0];
          y = q[1];
          if (!(Math.abs(p[0]) <= bound && Math.abs(p[1]) <= bound)) {
            divergedAt = k;
            reason = `the gradient point (${p[0]}, ${p[1]}) is not finite or beyond the divergence bound ${bound}`;
            break;
          }
        }
        const f = grad(x, y, g);
        // Finite and inside the bound: NaN fails every comparison, and f − f is NaN for ±Infinity.
        if (!(Math.abs(x) <= bound && Math.abs(y) <= bound && f - f === 0)) {
          divergedAt = k;
          reason =
            Math.abs(x) <= bound && Math.abs(y) <= bound
              ? `f(${x}, ${y}) = ${f} is not finite`
              : `the point (${x}, ${y}) is not finite or beyond the divergence bound ${bound}`;
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
        if (yx !== null) {
          yx[2 * k] = p[0];
          yx[2 * k + 1] = p[1];
          grad(p[0], p[1], gSeen);
          if (noise !== undefined) {
            gSeen[0] = gSeen[0] + sigma * noise.next();
            gSeen[1] = gSeen[1] + sigma * noise.next();
          }
        } else if (noise !== undefined) {
          gSeen[0] = gx + sigma * noise.next();
          gSeen[1] = gy + sigma * noise.next();
        }
        // A non-finite gradient at a finite point cannot give a finite next point: stop after this row.
        if (!(norm - norm === 0)) {
          divergedAt = k + 1;
          reason = `∇f(${x}, ${y}) is not finite`;
          k++;
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      divergedAt = k;
      reason = error.message;
    }
    this.rows = Math.min(k, steps + 1);
    this.convergedAt = convergedAt;
    this.divergedAt = divergedAt;
    this.reason = reason;
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
    const lr = new Float64Array(capacity);
    lr.set(this.lr);
    this.xyf = xyf;
    this.gradNorm = gradNorm;
    this.lr = lr;
    if (this.yx !== null) {
      const yx = new Float64Array(capacity * 2);
      yx.set(this.yx);
      this.yx = yx;
    }
  }
}

/** Runs `steps` updates at once (fewer if the run diverges). */
export function run(spec: RunSpec, steps: number): Run {
  return new Run(spec).advanceTo(steps);
}
