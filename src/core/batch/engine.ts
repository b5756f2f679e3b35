/**
 * The batch runner: N runs of one optimizer rule that differ in their start (a basin map) or in their
 * parameters (a sweep), held in structure-of-arrays typed buffers. Only what a map needs is kept per
 * cell — end point, end f, status, the step of convergence or divergence — never a trajectory, so memory
 * is O(N), independent of the step count.
 *
 * Every cell is bit for bit the `Run` of the same spec (`src/core/runner.ts`): the same optimizer code,
 * the same float operations in the same order, the same divergence and convergence rules.
 *
 * How it is fast: a rule that is not `coupled` (the registry's flag, checked by
 * tests/core/optimizers/registry.test.ts: a 2-D run is two 1-D runs, bit for bit) updates each coordinate
 * from that coordinate's own state, the step counter and the group alone. For such a rule, one optimizer created for 2·B coordinates and handed the B points side by side
 * `[x0, y0, x1, y1, …]` performs, coordinate by coordinate, exactly the operations of B separate
 * 2-coordinate optimizers: it is the rule's own batch kernel, with no second copy of its arithmetic to
 * drift apart. Cells run in blocks of `BLOCK` (state in cache; a block is also the unit of progress and
 * cancel). A coupled rule (Newton, L-BFGS, Adafactor, Muon), and any cell with its own parameters, runs
 * on its own (a block of one, with the run's objective).
 */
import type { CompiledFunction } from '../expr/index.ts';
import { StepFailure } from '../optimizers/failure.ts';
import { groupOf } from '../optimizers/registry.ts';
import type { Group, Objective, OptimizerDef, ParamValues } from '../optimizers/types.ts';
import {
  DEFAULT_DOMAIN,
  DEFAULT_TOLERANCE,
  divergenceBound,
  type GradientFn,
  type GradientMode,
  gradientOf,
  type NoiseSource,
  objectiveOf,
  type StepScheduler,
} from '../runner.ts';

import { CONVERGED, DIVERGED, RUNNING } from './status.ts';

export { CONVERGED, DIVERGED, RUNNING, STATUSES } from './status.ts';

/** Cells per block of a separable rule: the optimizer state (a few × 2·BLOCK doubles) stays in L1/L2. */
export const BLOCK = 256;

/** What every cell of a batch shares. */
export interface BatchSpec {
  readonly fn: CompiledFunction;
  readonly optimizer: OptimizerDef;
  /** Updates per cell. */
  readonly steps: number;
  /** @default 'exact' */
  readonly gradient?: GradientMode;
  /** @default DEFAULT_TOLERANCE */
  readonly tolerance?: number;
  /** @default divergenceBound(DEFAULT_DOMAIN) */
  readonly bound?: number;
  /**
   * A fresh scheduler (one per block: cells that share an optimizer share its group). A `StepScheduler`
   * sees only the group and the calls, so it evolves the same for every cell.
   */
  readonly scheduler?: () => StepScheduler;
  /**
   * Gradient noise σ·ξ as `Run`'s: a fresh source per block. Every cell of a `descent run` case with the
   * same seed sees the same normals row by row, so one stream per block, drawn once per row, serves all
   * its cells.
   */
  readonly noise?: { readonly sigma: number; readonly source: () => NoiseSource };
}

/**
 * N cells in structure-of-arrays form. Cell i's end point is `(x[i], y[i])` with `f[i]` — the last finite
 * row of its run (NaN when not even the start was finite); `status[i]` indexes `STATUSES`; `steps[i]` is
 * the run's `converged_at` when converged, its `diverged_at` when diverged, else the steps asked;
 * `label[i]` is filled by `labels.ts` (−1: none).
 */
export interface BatchCells {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly f: Float64Array;
  readonly status: Uint8Array;
  readonly steps: Int32Array;
  readonly label: Int32Array;
}

export function allocateCells(count: number): BatchCells {
  return {
    count,
    x: new Float64Array(count),
    y: new Float64Array(count),
    f: new Float64Array(count),
    status: new Uint8Array(count),
    steps: new Int32Array(count),
    label: new Int32Array(count).fill(-1),
  };
}

/** The optimizer's objective for a stacked block: separable rules never call it. */
const NO_OBJECTIVE: Objective = {
  dim: 0,
  valueGrad() {
    throw new Error('a separable rule does not evaluate the objective');
  },
};

interface Context {
  readonly fn: CompiledFunction;
  readonly grad: GradientFn;
  /** Cells share one optimizer (no objective: separable rules never evaluate it). */
  readonly stacked: boolean;
  readonly steps: number;
  readonly tolerance: number;
  readonly bound: number;
  readonly scheduler: (() => StepScheduler) | undefined;
  readonly noise: BatchSpec['noise'];
}

function contextOf(spec: BatchSpec, stacked: boolean): Context {
  return {
    fn: spec.fn,
    grad: gradientOf(spec.fn, spec.gradient ?? 'exact'),
    stacked,
    steps: spec.steps,
    tolerance: spec.tolerance ?? DEFAULT_TOLERANCE,
    bound: spec.bound ?? divergenceBound(DEFAULT_DOMAIN),
    scheduler: spec.scheduler,
    noise: spec.noise !== undefined && spec.noise.sigma > 0 ? spec.noise : undefined,
  };
}

/**
 * Runs n cells from the starts `(xs[from + i], ys[from + i])` under one optimizer of 2n coordinates and
 * writes them to `out` at `at + i`. The loop is `Run.advanceTo`'s, per cell: row k after update k; a
 * row with a non-finite x, y or f or a point beyond the bound is not kept (diverged at k); a non-finite
 * gradient at a finite row keeps the row and diverges at k + 1; converged_at is the first row from which
 * |∇f| < tolerance holds to the last. Where the optimizer reports another point than the one it takes
 * gradients at (Schedule-Free: rows hold x, gradients are taken at y = p), the row is the reported point,
 * y beyond the bound diverges too, and the optimizer is handed ∇f(y). A step that throws `StepFailure`
 * (Newton's singular system) diverges at k. A cell that diverged is frozen (its gradient slot is zeroed
 * and its coordinates, still updated by the shared optimizer, are never read again).
 * Returns false, writing nothing, when a shared optimizer (n > 1) threw `StepFailure`: the caller then
 * runs those cells one by one.
 */
function runBlock(
  ctx: Context,
  def: OptimizerDef,
  params: ParamValues,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  from: number,
  n: number,
  out: BatchCells,
  at: number = from,
): boolean {
  const { grad, steps, tolerance, bound } = ctx;
  const optimizer = def.create(params, 2 * n);
  const group: Group = groupOf(def, params);
  const sigma = ctx.noise?.sigma ?? 0;
  const noise = ctx.noise?.source();
  const objective = ctx.stacked ? NO_OBJECTIVE : objectiveOf(grad, ctx.fn, noise, sigma);
  const scheduler = ctx.scheduler?.();
  scheduler?.init?.(group);
  const p = new Float64Array(2 * n);
  const g = new Float64Array(2 * n);
  const reports = optimizer.reported !== undefined;
  /** The reported points (rows), or p itself. */
  const q = reports ? new Float64Array(2 * n) : p;
  const scratch = new Float64Array(2);
  const alive = new Uint8Array(n).fill(1);
  const convergedAt = new Int32Array(n).fill(-1);
  /** Steps at which cells diverged (−1: not), written to `out` at the end. */
  const divergedAt = new Int32Array(n).fill(-1);
  const ex = new Float64Array(n).fill(Number.NaN);
  const ey = new Float64Array(n).fill(Number.NaN);
  const ef = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    p[2 * i] = xs[from + i]!;
    p[2 * i + 1] = ys[from + i]!;
  }
  const kill = (i: number, k: number) => {
    alive[i] = 0;
    divergedAt[i] = k;
    g[2 * i] = 0;
    g[2 * i + 1] = 0;
  };
  let living = n;
  for (let k = 0; k <= steps && living > 0; k++) {
    if (k > 0) {
      try {
        optimizer.step(p, g, group, objective);
      } catch (error) {
        if (!(error instanceof StepFailure)) throw error;
        if (n > 1) return false;
        kill(0, k);
        break;
      }
      if (scheduler !== undefined) scheduler.step(group);
    }
    if (reports) optimizer.reported!(p, q);
    /** This row's normals (x then y), drawn by the first cell that keeps a row, as each run draws its own. */
    let drawn = false;
    let nx = 0;
    let ny = 0;
    for (let i = 0; i < n; i++) {
      if (alive[i] === 0) continue;
      const x = q[2 * i]!;
      const y = q[2 * i + 1]!;
      if (reports && !(Math.abs(p[2 * i]!) <= bound && Math.abs(p[2 * i + 1]!) <= bound)) {
        kill(i, k);
        living--;
        continue;
      }
      const f = grad(x, y, scratch);
      if (!(Math.abs(x) <= bound && Math.abs(y) <= bound && f - f === 0)) {
        kill(i, k);
        living--;
        continue;
      }
      const gx = scratch[0]!;
      const gy = scratch[1]!;
      const sq = gx * gx + gy * gy;
      const norm =
        sq === Number.POSITIVE_INFINITY || (sq < 1e-300 && sq !== 0) ? Math.hypot(gx, gy) : Math.sqrt(sq);
      ex[i] = x;
      ey[i] = y;
      ef[i] = f;
      if (norm < tolerance) {
        if (convergedAt[i]! < 0) convergedAt[i] = k;
      } else convergedAt[i] = -1;
      if (noise !== undefined && !drawn) {
        nx = noise.next();
        ny = noise.next();
        drawn = true;
      }
      if (!(norm - norm === 0)) {
        kill(i, k + 1);
        living--;
        continue;
      }
      if (reports) {
        grad(p[2 * i]!, p[2 * i + 1]!, scratch);
        g[2 * i] = scratch[0]!;
        g[2 * i + 1] = scratch[1]!;
      } else {
        g[2 * i] = gx;
        g[2 * i + 1] = gy;
      }
      if (noise !== undefined) {
        g[2 * i] = g[2 * i]! + sigma * nx;
        g[2 * i + 1] = g[2 * i + 1]! + sigma * ny;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const c = at + i;
    out.x[c] = ex[i]!;
    out.y[c] = ey[i]!;
    out.f[c] = ef[i]!;
    const since = convergedAt[i]!;
    if (divergedAt[i]! >= 0) {
      out.status[c] = DIVERGED;
      out.steps[c] = divergedAt[i]!;
    } else {
      out.status[c] = since >= 0 ? CONVERGED : RUNNING;
      out.steps[c] = since >= 0 ? since : steps;
    }
  }
  return true;
}

/** True when cells can share one optimizer: the rule is not `coupled` (see the module comment). */
export function isStacked(def: OptimizerDef): boolean {
  return def.coupled !== true;
}

/**
 * Cells `from` to `to` − 1 of a batch that differ only in their start `(xs[i], ys[i])`, written into `out`
 * at the same indices (`out` defaults to fresh cells for the whole of xs). Calls `progress(done)` after
 * each block with the cells finished so far in this call, and stops early (returning false) when it
 * answers false — the page's cancel.
 */
export function runStarts(
  spec: BatchSpec & { readonly params: ParamValues },
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  out: BatchCells = allocateCells(xs.length),
  from = 0,
  to: number = xs.length,
  progress?: (done: number) => boolean | undefined,
): BatchCells {
  const stacked = isStacked(spec.optimizer);
  const ctx = contextOf(spec, stacked);
  const block = stacked ? BLOCK : 1;
  for (let start = from; start < to; start += block) {
    const n = Math.min(block, to - start);
    if (!runBlock(ctx, spec.optimizer, spec.params, xs, ys, start, n, out)) {
      const one = stacked ? contextOf(spec, false) : ctx;
      for (let i = start; i < start + n; i++) runBlock(one, spec.optimizer, spec.params, xs, ys, i, 1, out);
    }
    if (progress !== undefined && progress(start + n - from) === false) break;
  }
  return out;
}

/** One cell of a sweep: complete, validated parameter values, and its own step count if it differs. */
export interface Setting {
  readonly params: ParamValues;
  /** @default the spec's steps */
  readonly steps?: number;
}

/** Cells that differ only in their parameters (and perhaps their step count), all from `start`. */
export function runSettings(
  spec: BatchSpec,
  settings: readonly Setting[],
  start: readonly [number, number],
): BatchCells {
  const ctx = contextOf(spec, false);
  const out = allocateCells(settings.length);
  const xs = [start[0]];
  const ys = [start[1]];
  settings.forEach((setting, i) => {
    const steps = setting.steps ?? spec.steps;
    runBlock({ ...ctx, steps }, spec.optimizer, setting.params, xs, ys, 0, 1, out, i);
  });
  return out;
}
