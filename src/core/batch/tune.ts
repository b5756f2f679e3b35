/**
 * A fair tune: an optimizer's best learning rate for a function, start and step count.
 *
 * 1. A log grid: `n` learning rates lo·(hi/lo)^(i/(n − 1)) (`spaced`), each run from the start.
 * 2. `rounds` refinements: between the best rate's two neighbours on the curve so far (itself where it
 *    is an end), `REFINE_N` more rates, log-spaced, ends excluded (they are on the curve already).
 * The best is the rate with the smallest metric, ties broken by the smaller final f, then the smaller lr:
 *
 *   final_f  the run's final f; a diverged run scores +∞ (no value)
 *   steps    steps to reach the tolerance (converged_at); a run that does not converge scores +∞
 *
 * Every point of the curve is a run with exactly that lr (`descent run` with "params": {…, "lr": v}).
 */

import { resolveParams } from '../optimizers/index.ts';
import type { ParamValues } from '../optimizers/types.ts';
import { err, ok, type Result } from '../result.ts';
import { spaced } from './axes.ts';
import {
  allocateCells,
  type BatchCells,
  type BatchSpec,
  CONVERGED,
  DIVERGED,
  runSettings,
} from './engine.ts';

export type Metric = 'final_f' | 'steps';
export const METRICS: readonly Metric[] = ['final_f', 'steps'];

/** Rates added by each refinement round. */
export const REFINE_N = 8;

export interface TuneOptions {
  readonly range: readonly [number, number];
  readonly n: number;
  readonly metric: Metric;
  readonly rounds: number;
}

/** 19 rates from 1e-5 to 10, three per decade; two refinements. */
export const TUNE_DEFAULTS: TuneOptions = { range: [1e-5, 10], n: 19, metric: 'final_f', rounds: 2 };

export interface TuneCurve {
  /** The rates tried, ascending. */
  readonly lr: readonly number[];
  /** The metric at each rate (+∞: failed). */
  readonly value: readonly number[];
  /** The runs, in the same order. */
  readonly cells: BatchCells;
  /** Index of the best rate, or −1 when every run failed. */
  readonly best: number;
}

/** How many runs a tune makes: the grid and every round. */
export const tuneRuns = (o: TuneOptions) => o.n + o.rounds * REFINE_N;

export function metricOf(cells: BatchCells, i: number, metric: Metric): number {
  if (metric === 'final_f') return cells.status[i] === DIVERGED ? Number.POSITIVE_INFINITY : cells.f[i]!;
  return cells.status[i] === CONVERGED ? cells.steps[i]! : Number.POSITIVE_INFINITY;
}

interface Point {
  readonly lr: number;
  readonly value: number;
  readonly cells: BatchCells;
  readonly index: number;
}

/** a better than b: smaller metric, then smaller final f, then smaller lr. */
function better(a: Point, b: Point): boolean {
  if (a.value !== b.value) return a.value < b.value;
  const fa = a.cells.f[a.index]!;
  const fb = b.cells.f[b.index]!;
  if (fa !== fb && !(Number.isNaN(fa) && Number.isNaN(fb))) return Number.isNaN(fb) || fa < fb;
  return a.lr < b.lr;
}

function bestOf(points: readonly Point[]): number {
  let best = -1;
  points.forEach((p, i) => {
    if (p.value !== Number.POSITIVE_INFINITY && (best < 0 || better(p, points[best]!))) best = i;
  });
  return best;
}

/**
 * The tune as a conversation, so that its runs can be computed anywhere (here, or by the page's
 * workers): `next()` says which rates to run (the log grid first, then each refinement; null when
 * done), `add(rates, cells)` takes their runs (cell k is rate k), `curve()` is the result so far.
 */
export class Tuner {
  private readonly points: Point[] = [];
  private round = -1;

  constructor(private readonly options: TuneOptions) {}

  /** The rates to run next, or null when the tune is complete. */
  next(): number[] | null {
    const o = this.options;
    if (this.round < 0) return spaced(o.range[0], o.range[1], o.n, 'log');
    if (this.round >= o.rounds) return null;
    const points = this.points;
    const b = bestOf(points);
    if (b < 0) return null;
    const lo = points[Math.max(0, b - 1)]!.lr;
    const hi = points[Math.min(points.length - 1, b + 1)]!.lr;
    if (!(lo < hi)) return null;
    const known = new Set(points.map((p) => p.lr));
    return spaced(lo, hi, REFINE_N + 2, 'log')
      .slice(1, -1)
      .filter((lr) => !known.has(lr));
  }

  /** The runs of the rates `next()` asked for (cell k of `cells` is `rates[k]`). */
  add(rates: readonly number[], cells: BatchCells): void {
    rates.forEach((lr, index) => {
      this.points.push({ lr, value: metricOf(cells, index, this.options.metric), cells, index });
    });
    this.points.sort((a, b) => a.lr - b.lr);
    this.round++;
  }

  /** The curve of every rate run so far, ascending in lr. */
  curve(): TuneCurve {
    const points = this.points;
    const cells = allocateCells(points.length);
    points.forEach((p, i) => {
      cells.x[i] = p.cells.x[p.index]!;
      cells.y[i] = p.cells.y[p.index]!;
      cells.f[i] = p.cells.f[p.index]!;
      cells.status[i] = p.cells.status[p.index]!;
      cells.steps[i] = p.cells.steps[p.index]!;
    });
    return {
      lr: points.map((p) => p.lr),
      value: points.map((p) => p.value),
      cells,
      best: bestOf(points),
    };
  }
}

/**
 * Tunes lr for `spec.optimizer` from `start`, the other parameters as `given` (validated per rate like a
 * run case's params). Fails when a rate is not a valid lr for the optimizer.
 */
export function tune(
  spec: BatchSpec,
  given: Readonly<Record<string, unknown>>,
  start: readonly [number, number],
  options: TuneOptions,
): Result<TuneCurve, string> {
  const tuner = new Tuner(options);
  // At most 1 + rounds passes (each round adds rates or ends the tune).
  for (let rates = tuner.next(); rates !== null; rates = tuner.next()) {
    const settings: { params: ParamValues }[] = [];
    for (const lr of rates) {
      const params = resolveParams(spec.optimizer, { ...given, lr });
      if (!params.ok) return err(params.error);
      settings.push({ params: params.value });
    }
    tuner.add(rates, runSettings(spec, settings, start));
  }
  return ok(tuner.curve());
}
