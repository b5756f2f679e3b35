/**
 * One run spec: everything a trail's run depends on, as plain, serializable data. It is the cache
 * key of a run (compared field by field, so a new input added here can never be forgotten by the
 * cache), the request sent to the compute worker, and the one input `runOf` builds a `Run` from —
 * on the main thread and in the worker alike.
 *
 * Extensible: later inputs (an lr schedule, seeded noise) are new optional fields here.
 */
import type { CompiledFunction } from '../core/expr/index.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import { divergenceBound, type GradientMode, Run, type RunStatus, type Trajectory } from '../core/runner.ts';
import type { Schedule } from '../core/schedules/index.ts';
import { type LabInputs, runCount, runExtras } from './lab.ts';
import type { AppState, OptimizerEntry } from './state.ts';

export interface PlainRunSpec extends LabInputs {
  /** The expression of f (one that compiles). */
  readonly expression: string;
  /** Registry id of the optimizer. */
  readonly optimizer: string;
  /** Complete, validated parameters. */
  readonly params: ParamValues;
  readonly start: readonly [number, number];
  /** Updates to run. */
  readonly steps: number;
  readonly gradient: GradientMode;
  /** |x| or |y| beyond this is divergence (from the domain: `divergenceBound`). */
  readonly bound: number;
}

/** The run spec of `entry` in state `s`, for f given by `expression` (default: the state's own). */
export function runSpecOf(entry: OptimizerEntry, s: AppState, expression = s.fn.expression): PlainRunSpec {
  return {
    expression,
    optimizer: entry.optimizer,
    params: entry.params,
    start: s.start,
    steps: s.steps,
    gradient: s.gradient,
    bound: divergenceBound(s.fn.domain),
    // The lab's inputs, only when the row has them (lab.ts).
    ...(entry.schedule ? { schedule: entry.schedule } : {}),
    ...(entry.noise ? { noise: entry.noise } : {}),
  };
}

/** Equal plain data: numbers by `Object.is`, arrays and objects field by field (their own keys). */
export function samePlain(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && samePlain(ra[k], rb[k]));
}

/** True when two specs give the same run (every field compared). */
export const sameRunSpec = (a: PlainRunSpec, b: PlainRunSpec): boolean => samePlain(a, b);

/**
 * The `Run` of `spec` (not advanced yet), with `fn` the compiled `spec.expression`. The one place a
 * run is built from the explorer's inputs.
 */
export function runOf(spec: PlainRunSpec, fn: CompiledFunction, seedIndex = 0): Run {
  const optimizer = getOptimizer(spec.optimizer);
  if (!optimizer) throw new Error(`unknown optimizer ${spec.optimizer}`);
  // The schedule and noise (seed + seedIndex: the spread's i-th seed), lab.ts.
  const extras = runExtras(spec.optimizer, spec, seedIndex);
  const run = new Run({
    fn,
    optimizer,
    params: spec.params,
    start: spec.start,
    gradient: spec.gradient,
    bound: spec.bound,
    ...extras,
  });
  if (extras.scheduler) schedules.set(run, extras.scheduler);
  return run;
}

/** The schedule each run steps, to say why a run stopped where torch would have raised. */
const schedules = new WeakMap<Run, Schedule>();

/** After advancing `run`: a run its schedule stopped (torch would raise) gives the schedule's reason. */
export function finishRun(run: Run): void {
  const refused = schedules.get(run)?.error;
  if (refused && run.status === 'diverged') run.reason = `the schedule stopped: ${refused}`;
}

/** The other seeds of a noisy row's spread (seed + 1 … seed + K − 1), run to `spec.steps`. */
export function spreadRuns(spec: PlainRunSpec, fn: CompiledFunction): Trajectory[] {
  return Array.from({ length: runCount(spec) - 1 }, (_, j) => {
    const run = runOf(spec, fn, j + 1).advanceTo(spec.steps);
    finishRun(run);
    return plainTrajectory(run);
  });
}

/** A run as plain data (copies): its rows, lr per update, Schedule-Free's y points and divergence reason. */
export function plainTrajectory(run: Run): Trajectory & { readonly evals?: number } {
  // L-BFGS counts its function evaluations (torch's state["func_evals"]): the total, for the legend.
  const evals = run.optimizerState().func_evals;
  return {
    ...(typeof evals === 'number' ? { evals } : {}),
    rows: run.rows,
    xyf: run.xyf.slice(0, 3 * run.rows),
    gradNorm: run.gradNorm.slice(0, run.rows),
    status: run.status as RunStatus,
    divergedAt: run.divergedAt,
    convergedAt: run.convergedAt,
    lr: run.lr.slice(0, Math.max(0, run.rows - 1)),
    yx: run.yx === null ? null : run.yx.slice(0, 2 * run.rows),
    reason: run.reason,
  };
}
