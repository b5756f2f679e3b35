/**
 * A learning rate that shows something. A new optimizer with its library default (Adam's 0.001)
 * barely moves on most test functions in a few dozen steps and looks broken; this picks, from a
 * log-spaced sweep from the lr slider's low end to ten times its high end, the rate whose run over
 * the scene's own step count ends lowest without diverging and without leaving the plot (the final
 * point stays inside the domain widened by half its size on each side), among the runs that move
 * visibly: at least `VISIBLE` of the domain's diagonal away from the start (on a bumpy function the
 * lowest end may be the nearest dip, a path too short to see). When no run both moves that far and
 * stays near the plot, the smallest rate that moves that far at all; failing that, the lowest end. The sweep is bounded: `SWEEP` rates × at most `MAX_STEPS` updates each.
 */
import type { CompiledFunction } from '../core/expr/index.ts';
import type { Domain } from '../core/functions/types.ts';
import { getOptimizer, resolveParams } from '../core/optimizers/index.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import { divergenceBound, type GradientMode, run } from '../core/runner.ts';
import { setOptimizerParam } from './actions.ts';
import type { AppState } from './state.ts';

/** Rates tried: log-spaced, ends included. */
export const SWEEP = 37;
/** A path this fraction of the domain's diagonal long (from the start) counts as visible. */
export const VISIBLE = 0.02;
/** Updates per trial run at most (longer scenes are judged on their first `MAX_STEPS`). */
export const MAX_STEPS = 2000;

export interface SweepInput {
  readonly fn: CompiledFunction;
  readonly domain: Domain;
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly gradient: GradientMode;
}

/** Log-spaced rates from `lo` to `hi` (both > 0), `count` of them, rounded to 2 significant digits. */
export function logSpaced(lo: number, hi: number, count: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: count }, (_, i) =>
    Number((10 ** (a + ((b - a) * i) / (count - 1))).toPrecision(2)),
  );
}

/** True when (x, y) lies inside `domain` widened by half its size on each side. */
function nearDomain(domain: Domain, x: number, y: number): boolean {
  const wx = domain.x[1] - domain.x[0];
  const wy = domain.y[1] - domain.y[0];
  return (
    x >= domain.x[0] - wx / 2 &&
    x <= domain.x[1] + wx / 2 &&
    y >= domain.y[0] - wy / 2 &&
    y <= domain.y[1] + wy / 2
  );
}

/**
 * The visible learning rate for optimizer `id` with `params` (the other parameters as they are), or
 * null when no rate of the sweep ends finite near the plot.
 */
export function visibleLr(id: string, params: ParamValues, input: SweepInput): number | null {
  const def = getOptimizer(id);
  const spec = def?.params.find((p) => p.name === 'lr');
  if (!def || !spec || spec.kind !== 'number') return null;
  const steps = Math.max(1, Math.min(input.steps, MAX_STEPS));
  const bound = divergenceBound(input.domain);
  const d = input.domain;
  const far = VISIBLE * Math.hypot(d.x[1] - d.x[0], d.y[1] - d.y[0]);
  const [x0, y0] = input.start;
  let best: { lr: number; f: number } | null = null;
  let bestVisible: { lr: number; f: number } | null = null;
  /** The smallest rate that moves visibly but ends off the plot: the last resort. */
  let gentlestAway: number | null = null;
  const hi = Math.min(spec.max, spec.slider[1] * 10);
  for (const lr of logSpaced(Math.max(spec.slider[0], Number.MIN_VALUE), hi, SWEEP)) {
    const resolved = resolveParams(def, { ...params, lr });
    if (!resolved.ok) continue;
    const r = run(
      {
        fn: input.fn,
        optimizer: def,
        params: resolved.value,
        start: input.start,
        gradient: input.gradient,
        bound,
      },
      steps,
    );
    if (r.divergedAt !== null || r.rows === 0) continue;
    const k = r.rows - 1;
    const x = r.xyf[3 * k];
    const y = r.xyf[3 * k + 1];
    const f = r.xyf[3 * k + 2];
    let moved = 0;
    for (let j = 0; j < r.rows && moved < far; j++)
      moved = Math.hypot(r.xyf[3 * j] - x0, r.xyf[3 * j + 1] - y0);
    if (!nearDomain(input.domain, x, y)) {
      if (moved >= far) gentlestAway ??= lr;
      continue;
    }
    // Ties (a flat or converged end) go to the smaller rate: the gentler path.
    if (best === null || f < best.f) best = { lr, f };
    if (moved >= far && (bestVisible === null || f < bestVisible.f)) bestVisible = { lr, f };
  }
  return bestVisible?.lr ?? gentlestAway ?? best?.lr ?? null;
}

/** Gives row `key` the visible learning rate on the scene's function (unchanged when none is found). */
export function withVisibleLr(s: AppState, key: number, fn: CompiledFunction | null): AppState {
  const entry = s.optimizers.find((e) => e.key === key);
  if (!entry || !fn) return s;
  const lr = visibleLr(entry.optimizer, entry.params, {
    fn,
    domain: s.fn.domain,
    start: s.start,
    steps: s.steps,
    gradient: s.gradient,
  });
  return lr === null ? s : setOptimizerParam(s, key, 'lr', lr);
}
