/**
 * The fair tune of one optimizer row in the page (issue 15), computed by the maps hub's worker pool:
 * `Tuner` (core/batch/tune.ts, the algorithm `descent tune` runs) says which learning rates to try — 19
 * from 10⁻⁵ to 10 (log), then two refinements around the best — and each pass is a one-axis sweep over
 * lr, every cell exactly `descent run` with that lr. The main thread only posts the passes and reads
 * their cells, so the page keeps responding; `cancel()` drops the pass in flight.
 */
import { allocateCells } from '../core/batch/engine.ts';
import { type Metric, TUNE_DEFAULTS, type TuneCurve, Tuner, tuneRuns } from '../core/batch/tune.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { DEFAULT_TOLERANCE, divergenceBound } from '../core/runner.ts';
import type { SweepJob } from './batch-pool.ts';
import { caseExtras } from './lab.ts';
import { maps } from './maps.ts';
import type { AppState, OptimizerEntry } from './state.ts';

export type TuneOutcome =
  | { readonly ok: true; readonly curve: TuneCurve }
  | { readonly ok: false; readonly error: string };

export interface TuneRun {
  readonly outcome: Promise<TuneOutcome>;
  cancel(): void;
}

/** Tunes run in slots of their own, before the panes' maps in the hub's queue. */
let nextSlot = -1;

/**
 * What a tune of `entry` depends on besides its lr: when this changes (function, domain, start, steps,
 * gradient, the row's type or other parameters) a running tune is stale.
 */
export function tuneInputs(s: AppState, entry: OptimizerEntry): string {
  const { lr: _lr, ...rest } = entry.params;
  return JSON.stringify([
    s.fn.preset ?? s.fn.expression,
    s.fn.domain,
    s.start,
    s.steps,
    s.gradient,
    entry.optimizer,
    rest,
    caseExtras(entry),
  ]);
}

/**
 * `tuneInputs` that recomputes only when one of its sources changed identity — the function, start,
 * steps, gradient or the row object — so a subscriber that runs on every playback step does no work.
 */
export function tuneInputsMemo(): (s: AppState, entry: OptimizerEntry) => string {
  let sources: readonly unknown[] = [];
  let inputs = '';
  return (s, entry) => {
    const now = [s.fn, s.start, s.steps, s.gradient, entry];
    if (now.some((v, k) => v !== sources[k])) {
      sources = now;
      inputs = tuneInputs(s, entry);
    }
    return inputs;
  };
}

/**
 * One pass of the tune of `entry` in `s`: a one-axis sweep over the learning rates `rates`, every cell
 * exactly `descent run` of the row with that lr — its other parameters, lr schedule and noise.
 */
export function tuneJobOf(s: AppState, entry: OptimizerEntry, rates: readonly number[]): SweepJob {
  const { lr: _lr, ...given } = entry.params;
  return {
    kind: 'sweep',
    f: s.fn.preset ?? s.fn.expression,
    optimizer: entry.optimizer,
    params: given,
    steps: s.steps,
    gradient: s.gradient,
    tolerance: DEFAULT_TOLERANCE,
    bound: divergenceBound(s.fn.domain),
    start: s.start,
    axes: [{ name: 'lr', values: rates }],
    ...caseExtras(entry),
  };
}

/**
 * Starts the tune of row `entry` in state `s` by `metric`; `onPass` hears the curve after every pass
 * (runs done of the most the tune makes).
 */
export function tuneOnWorkers(
  s: AppState,
  entry: OptimizerEntry,
  metric: Metric,
  onPass?: (curve: TuneCurve, done: number, most: number) => void,
): TuneRun {
  const slot = nextSlot--;
  let cancelled = false;
  let wake: (() => void) | null = null;
  const cancel = () => {
    cancelled = true;
    maps.want(slot, null);
    wake?.();
  };
  const run = async (): Promise<TuneOutcome> => {
    const optimizer = getOptimizer(entry.optimizer);
    if (!optimizer) return { ok: false, error: `unknown optimizer "${entry.optimizer}"` };
    if (!optimizer.params.some((p) => p.name === 'lr'))
      return { ok: false, error: `${optimizer.name} has no lr` };
    const options = { ...TUNE_DEFAULTS, metric };
    const tuner = new Tuner(options);
    let done = 0;
    // At most 1 + rounds passes: each either adds rates or ends the tune.
    for (let rates = tuner.next(); rates !== null; rates = tuner.next()) {
      if (rates.length === 0) {
        tuner.add(rates, allocateCells(0));
        continue;
      }
      const job = tuneJobOf(s, entry, rates);
      const entryOf = maps.want(slot, job)!;
      const unsubscribe = maps.subscribe(() => wake?.());
      while (!cancelled && !entryOf.finished && entryOf.error === null) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      unsubscribe();
      wake = null;
      if (cancelled) return { ok: false, error: 'cancelled' };
      if (entryOf.error !== null || !entryOf.map) return { ok: false, error: entryOf.error ?? 'no result' };
      tuner.add(rates, entryOf.map.cells);
      done += rates.length;
      onPass?.(tuner.curve(), done, tuneRuns(options));
    }
    maps.want(slot, null);
    return { ok: true, curve: tuner.curve() };
  };
  return { outcome: run(), cancel };
}

/**
 * The value axis of a tuning curve over its finite values: log10 when asked for and every one is > 0,
 * else linear; a range of zero width is widened to one decade (log) or ±0.5.
 */
export function curveScale(
  values: readonly number[],
  log: boolean,
): { log: boolean; lo: number; hi: number } {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { log: false, lo: 0, hi: 1 };
  const useLog = log && finite.every((v) => v > 0);
  const t = useLog ? finite.map(Math.log10) : finite;
  const lo = Math.min(...t);
  const hi = Math.max(...t);
  if (hi > lo) return { log: useLog, lo, hi };
  return { log: useLog, lo: lo - 0.5, hi: hi + 0.5 };
}
