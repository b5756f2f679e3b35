/**
 * The Maps folder's computations that run on the main thread: the fair tune of one row (small: 35
 * runs), the curvature of a quadratic for the theory lines, and a basin map's summary line.
 */
import type { MapResult } from '../../app/batch-pool.ts';
import type { AppState, OptimizerEntry } from '../../app/state.ts';
import { type Metric, TUNE_DEFAULTS, type TuneCurve, tune, tuneRuns } from '../../core/batch/tune.ts';
import { eigenSym2 } from '../../core/curvature.ts';
import { compile } from '../../core/expr/index.ts';
import { getFunctionPreset } from '../../core/functions/presets.ts';
import { getOptimizer } from '../../core/optimizers/index.ts';
import { DEFAULT_TOLERANCE, divergenceBound } from '../../core/runner.ts';
import { basinCounts } from '../../scene/layers/basins-paint.ts';

/** Most steps a tune may take on the main thread (runs × steps). */
export const MAX_TUNE_WORK = 2e6;

export type TuneOutcome = { ok: true; curve: TuneCurve } | { ok: false; error: string };

/** The current f compiled (the preset's expression or the typed one). */
function compiled(s: AppState) {
  return compile(s.fn.expression);
}

/** `tune` of the row (the CLI's `descent tune` defaults) for the scene's function, start and steps. */
export async function tuneRow(s: AppState, entry: OptimizerEntry, metric: Metric): Promise<TuneOutcome> {
  // Let the status line paint first.
  await new Promise((r) => setTimeout(r, 0));
  const optimizer = getOptimizer(entry.optimizer);
  const fn = compiled(s);
  if (!optimizer || !fn.ok) return { ok: false, error: 'f does not compile' };
  if (!optimizer.params.some((p) => p.name === 'lr'))
    return { ok: false, error: `${optimizer.name} has no lr` };
  const options = { ...TUNE_DEFAULTS, metric };
  if (tuneRuns(options) * s.steps > MAX_TUNE_WORK) {
    return {
      ok: false,
      error: `${tuneRuns(options)} runs × ${s.steps} steps is too long to tune here; use descent tune`,
    };
  }
  const given: Record<string, unknown> = { ...entry.params };
  delete given.lr;
  const curve = tune(
    {
      fn: fn.value,
      optimizer,
      steps: s.steps,
      gradient: s.gradient,
      tolerance: DEFAULT_TOLERANCE,
      bound: divergenceBound(s.fn.domain),
    },
    given,
    s.start,
    options,
  );
  return curve.ok ? { ok: true, curve: curve.value } : { ok: false, error: curve.error };
}

/**
 * λmax of f's Hessian when f is a quadratic (the Hessian the same at the start and at two other points,
 * to 1e-9 relative), else null.
 */
export function quadraticLambdaMax(s: AppState): number | null {
  const fn = compiled(s);
  if (!fn.ok) return null;
  const h = new Float64Array(3);
  const at = (x: number, y: number) => {
    fn.value.hessian(x, y, h);
    return [h[0]!, h[1]!, h[2]!];
  };
  const [x0, y0] = s.start;
  const a = at(x0, y0);
  const same = [at(x0 + 1.3, y0 - 0.7), at(x0 - 2.1, y0 + 1.9)].every((b) =>
    b.every((v, k) => Math.abs(v - a[k]!) <= 1e-9 * (1 + Math.abs(a[k]!))),
  );
  if (!same || !a.every(Number.isFinite)) return null;
  const eig = eigenSym2({ xx: a[0]!, xy: a[1]!, yy: a[2]! });
  return Math.max(eig.values[0], eig.values[1]);
}

/** One part of a basin map's summary: a label's hue (null: none) and its text. */
export interface CountPart {
  readonly label: number | null;
  readonly text: string;
}

/**
 * A finished basin map's summary: "4 minima:", then per minimum its place and share of the starts
 * ("(3, 2) 27 %"), then "diverged 2 %" and "none 1 %" when there are any.
 */
export function basinCountParts(map: MapResult, f: string): CountPart[] {
  const { labels, diverged, none } = basinCounts(map);
  const total = map.n * map.m;
  const pct = (k: number) => `${Math.round((100 * k) / total)} %`;
  const preset = getFunctionPreset(f);
  const parts: CountPart[] = [{ label: null, text: `${labels.size} minima:` }];
  for (const [label, k] of [...labels.entries()].sort((a, b) => a[0] - b[0])) {
    const p = preset?.critical[label];
    const where = p ? `(${Number(p.x.toPrecision(3))}, ${Number(p.y.toPrecision(3))})` : `#${label + 1}`;
    parts.push({ label, text: `${where} ${pct(k)}` });
  }
  if (diverged) parts.push({ label: null, text: `diverged ${pct(diverged)}` });
  if (none) parts.push({ label: null, text: `none ${pct(none)}` });
  return parts;
}

/** The summary as one line of text. */
export const basinCountsLine = (map: MapResult, f: string): string =>
  basinCountParts(map, f)
    .map((p) => p.text)
    .join(' ');
