/**
 * What the scene and the panel show, computed from the state and recomputed only when its inputs
 * change: the compiled function (the last good one when the typed expression is invalid), its grid,
 * and one `Run` per optimizer entry.
 */
import { type CompiledFunction, compile, type ExprError } from '../core/expr/index.ts';
import type { Domain } from '../core/functions/types.ts';
import { type GridSample, sampleGrid } from '../core/grid.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { divergenceBound, Run } from '../core/runner.ts';
import type { AppState, OptimizerEntry } from './state.ts';

/** What changed in the last `update`, so views redo only that. */
export interface Changes {
  readonly fn: boolean;
  readonly grid: boolean;
  readonly runs: boolean;
}

export class Derived {
  /** The last expression that compiled, and its compiled form. */
  source = '';
  fn: CompiledFunction | null = null;
  /** The error of the current expression, or null when it compiled. */
  error: ExprError | null = null;
  grid: GridSample | null = null;
  /** One run per optimizer entry key, advanced to `state.steps`. */
  readonly runs = new Map<number, Run>();

  private gridKey: readonly [CompiledFunction | null, Domain | null, number] = [null, null, 0];
  private readonly runKeys = new Map<number, readonly unknown[]>();

  /** Brings everything up to date with `s`; returns what changed. */
  update(s: AppState): Changes {
    const fnChanged = this.compile(s.fn.expression);
    const gridChanged = this.sample(s);
    const runsChanged = this.runAll(s);
    return { fn: fnChanged, grid: gridChanged, runs: runsChanged };
  }

  private compile(expression: string): boolean {
    if (expression === this.source && this.fn) {
      const hadError = this.error !== null;
      this.error = null;
      return hadError;
    }
    const result = compile(expression);
    if (!result.ok) {
      const changed = this.error?.message !== result.error.message || this.error.start !== result.error.start;
      this.error = result.error;
      return changed;
    }
    this.source = expression;
    this.fn = result.value;
    this.error = null;
    return true;
  }

  private sample(s: AppState): boolean {
    const [fn, domain, resolution] = this.gridKey;
    if (this.fn === fn && s.fn.domain === domain && s.fn.resolution === resolution) return false;
    this.gridKey = [this.fn, s.fn.domain, s.fn.resolution];
    if (!this.fn) return false;
    this.grid = sampleGrid(this.fn.value, s.fn.domain, s.fn.resolution + 1, s.fn.resolution + 1);
    return true;
  }

  private runAll(s: AppState): boolean {
    let changed = false;
    const keys = new Set(s.optimizers.map((e) => e.key));
    for (const key of [...this.runs.keys()]) {
      if (!keys.has(key)) {
        this.runs.delete(key);
        this.runKeys.delete(key);
        changed = true;
      }
    }
    if (!this.fn) return changed;
    for (const entry of s.optimizers) {
      const inputs = [this.fn, entry.optimizer, entry.params, s.start, s.steps, s.gradient, s.fn.domain];
      const previous = this.runKeys.get(entry.key);
      if (previous?.every((v, i) => v === inputs[i])) continue;
      this.runKeys.set(entry.key, inputs);
      this.runs.set(entry.key, this.runOf(entry, s));
      changed = true;
    }
    return changed;
  }

  private runOf(entry: OptimizerEntry, s: AppState): Run {
    const optimizer = getOptimizer(entry.optimizer)!;
    return new Run({
      fn: this.fn!,
      optimizer,
      params: entry.params,
      start: s.start,
      gradient: s.gradient,
      bound: divergenceBound(s.fn.domain),
    }).advanceTo(s.steps);
  }
}
