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
import { divergenceBound, type GradientMode, Run } from '../core/runner.ts';
import type { AppState, OptimizerEntry } from './state.ts';

export interface PlainRunSpec {
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
export function runOf(spec: PlainRunSpec, fn: CompiledFunction): Run {
  const optimizer = getOptimizer(spec.optimizer);
  if (!optimizer) throw new Error(`unknown optimizer ${spec.optimizer}`);
  return new Run({
    fn,
    optimizer,
    params: spec.params,
    start: spec.start,
    gradient: spec.gradient,
    bound: spec.bound,
  });
}
