/**
 * The hyperparameter map ("sweep", issue 15) as the page computes and draws it: the settings every sweep
 * pane shares (two parameters of the pane's first optimizer row, each a range on a log or linear scale,
 * the cells a side and the metric), the job the worker pool runs for them, and the pure mappings the
 * pane draws with — a cell's value and colour, where a parameter value lies along an axis, which cell a
 * point falls in, and the theory lines of a quadratic. Loaded with the first sweep pane or Maps folder.
 *
 * Colours (`cellColour`): the metric on viridis (dark = low), with
 *   final f   u = (log10(f − fmin + ε) − log10 ε) / (log10(fmax − fmin + ε) − log10 ε), clamped,
 *             ε = 10⁻¹² · (1 + |fmin|) — f's distance above the best cell, in decades; fmax at most
 *             f(start) (no better than the start: the top colour)
 *   steps     u = (k − kmin) / (kmax − kmin), over the cells that reached the tolerance
 *   diverged  dark (viridis 0.05) where the run diverged, light (0.85) where it did not;
 * a diverged cell is `DIVERGED_COLOUR` under the other two metrics, an unconverged one (steps) grey.
 */
import type { Scale } from '../core/batch/axes.ts';
import { type Axis, axesOf } from '../core/batch/cases.ts';
import { CONVERGED, DIVERGED } from '../core/batch/status.ts';
import { eigenSym2 } from '../core/curvature.ts';
import type { CompiledFunction } from '../core/expr/index.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { NumberParam, OptimizerDef } from '../core/optimizers/types.ts';
import { err, ok, type Result } from '../core/result.ts';
import { DEFAULT_TOLERANCE, divergenceBound } from '../core/runner.ts';
import * as A from './actions.ts';
import type { MapResult, SweepJob } from './batch-pool.ts';
import { colormapTable, getColormap, parseCssColor } from './colormaps.ts';
import { caseExtras } from './lab.ts';
import type { AppState, OptimizerEntry } from './state.ts';

export type SweepMetric = 'final_f' | 'steps' | 'diverged';

/** What each metric is called in titles, legends and the panel. */
export const METRIC_NAMES: Readonly<Record<SweepMetric, string>> = {
  final_f: 'final f',
  steps: 'steps to tolerance',
  diverged: 'diverged',
};

/** One swept parameter: its name (a number parameter of the optimizer, or `steps`), range and scale. */
export interface AxisSetting {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly scale: Scale;
}

export interface SweepSettings {
  readonly x: AxisSetting;
  /** The second parameter, or null for a one-parameter sweep (a strip). */
  readonly y: AxisSetting | null;
  /** Cells a side. */
  readonly n: number;
  readonly metric: SweepMetric;
}

/** lr 10⁻³ … 3 (log) × momentum 0 … 0.99 (linear), 48 cells a side, final f. */
export const SWEEP_DEFAULTS: SweepSettings = {
  x: { name: 'lr', from: 1e-3, to: 3, scale: 'log' },
  y: { name: 'momentum', from: 0, to: 0.99, scale: 'linear' },
  n: 48,
  metric: 'final_f',
};

/** Most cell-steps one sweep may cost in the page. */
export const MAX_SWEEP_WORK = 5e7;

/** The parameters a sweep of optimizer `def` can take: its number parameters, then `steps`. */
export function sweepParams(def: OptimizerDef): string[] {
  return [...def.params.filter((p): p is NumberParam => p.kind === 'number').map((p) => p.name), 'steps'];
}

/**
 * `settings` made to fit optimizer `def`: an x parameter it lacks becomes lr (10⁻³ … 3, log); a y
 * parameter it lacks becomes the classic second axis — momentum (SGD, RMSprop) or beta1 (the Adam
 * family), 0 … 0.99 — or none.
 */
export function settingsFor(settings: SweepSettings, def: OptimizerDef): SweepSettings {
  const names = sweepParams(def);
  const x = names.includes(settings.x.name) ? settings.x : SWEEP_DEFAULTS.x;
  let y = settings.y;
  if (y && (!names.includes(y.name) || y.name === x.name)) {
    const classic = ['momentum', 'beta1'].find((n) => names.includes(n) && n !== x.name);
    y = classic ? { name: classic, from: 0, to: 0.99, scale: 'linear' } : null;
  }
  return x === settings.x && y === settings.y ? settings : { ...settings, x, y };
}

/** A sweep ready to compute: the job, its axes and scales, and the row it maps. */
export interface SweepPlan {
  readonly job: SweepJob;
  readonly axes: readonly Axis[];
  readonly scales: readonly Scale[];
  readonly settings: SweepSettings;
  readonly entry: OptimizerEntry;
}

/**
 * The sweep of row `entry` in state `s`. The swept parameters are left out of the job's `params` (each
 * cell sets them), so loading a cell's setting into the row does not change the job; with `steps` swept
 * the job's steps are the axis's largest. Fails with a sentence when the ranges are invalid or the map
 * would cost more than `MAX_SWEEP_WORK` cell-steps.
 */
export function sweepPlanOf(
  s: AppState,
  entry: OptimizerEntry,
  wanted: SweepSettings,
): Result<SweepPlan, string> {
  const def = getOptimizer(entry.optimizer);
  if (!def) return err(`unknown optimizer "${entry.optimizer}"`);
  const settings = settingsFor(wanted, def);
  const raw: Record<string, unknown> = {};
  for (const a of [settings.x, settings.y]) {
    if (a) raw[a.name] = { range: [a.from, a.to], n: settings.n, scale: a.scale };
  }
  const axes = axesOf(raw, def);
  if (!axes.ok) return err(axes.error);
  const stepsAxis = axes.value.find((a) => a.name === 'steps');
  const steps = stepsAxis ? Math.max(...stepsAxis.values) : s.steps;
  const cells = axes.value.reduce((k, a) => k * a.values.length, 1);
  if (cells * steps > MAX_SWEEP_WORK) {
    return err(
      `${cells} cells × ${steps} steps is too much for the page (at most ${MAX_SWEEP_WORK.toExponential(0)} steps); fewer cells or steps`,
    );
  }
  const params: Record<string, unknown> = { ...entry.params };
  for (const a of axes.value) delete params[a.name];
  const job: SweepJob = {
    kind: 'sweep',
    f: s.fn.preset ?? s.fn.expression,
    optimizer: entry.optimizer,
    params,
    steps,
    gradient: s.gradient,
    tolerance: DEFAULT_TOLERANCE,
    bound: divergenceBound(s.fn.domain),
    start: s.start,
    axes: axes.value,
    // The row's lr schedule and noise, as `descent sweep`'s case fields: a cell is the row's run.
    ...caseExtras(entry),
  };
  const scales = [settings.x.scale, ...(settings.y ? [settings.y.scale] : [])];
  return ok({ job, axes: axes.value, scales, settings, entry });
}

/** The change that loads cell (i, j)'s setting into row `key` (a swept `steps` sets the scene's steps). */
export function applyCell(
  axes: readonly Axis[],
  key: number,
  i: number,
  j: number,
): (s: AppState) => AppState {
  const setting: [string, number][] = [[axes[0]!.name, axes[0]!.values[i]!]];
  if (axes[1]) setting.push([axes[1].name, axes[1].values[j]!]);
  return (s) =>
    setting.reduce(
      (next, [name, v]) => (name === 'steps' ? A.setSteps(next, v) : A.setOptimizerParam(next, key, name, v)),
      s,
    );
}

/** The metric of cell c (NaN: no value — diverged, or not converged for "steps"). */
export function sweepValue(map: MapResult, c: number, metric: SweepMetric): number {
  const status = map.cells.status[c]!;
  if (metric === 'diverged') return status === DIVERGED ? 1 : 0;
  if (status === DIVERGED) return Number.NaN;
  if (metric === 'steps') return status === CONVERGED ? map.cells.steps[c]! : Number.NaN;
  return map.cells.f[c]!;
}

/** A metric's colour scale over the cells computed so far: the ends of u's mapping (see the file's note). */
export interface ColourScale {
  readonly metric: SweepMetric;
  /** Smallest and largest finite value. */
  readonly lo: number;
  readonly hi: number;
  /** final f: the offset ε added to f − fmin before its logarithm; else 0. */
  readonly eps: number;
}

/**
 * The colour scale of `values` (non-finite ones ignored) for `metric`; final f's top is capped at `cap`
 * (f at the start: a cell no better than where it started gets the top colour, so that a few huge f
 * near the divergence edge do not squash the rest).
 */
export function colourScale(
  values: ArrayLike<number>,
  metric: SweepMetric,
  cap = Number.POSITIVE_INFINITY,
): ColourScale {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return { metric, lo: 0, hi: 1, eps: metric === 'final_f' ? 1e-12 : 0 };
  if (metric === 'final_f' && cap > lo) hi = Math.min(hi, cap);
  return { metric, lo, hi, eps: metric === 'final_f' ? 1e-12 * (1 + Math.abs(lo)) : 0 };
}

/** Where a finite value lies on the scale, in [0, 1] (clamped). */
export function scalePosition(v: number, sc: ColourScale): number {
  let u: number;
  if (sc.metric === 'diverged') u = v > 0 ? 1 : 0;
  else if (sc.metric === 'final_f') {
    const a = Math.log10(sc.eps);
    const b = Math.log10(sc.hi - sc.lo + sc.eps);
    u = b > a ? (Math.log10(v - sc.lo + sc.eps) - a) / (b - a) : 0;
  } else u = sc.hi > sc.lo ? (v - sc.lo) / (sc.hi - sc.lo) : 0;
  return Math.min(1, Math.max(0, u));
}

/** The value at position u of the scale (the inverse of `scalePosition`; the legend's tick labels). */
export function scaleValue(u: number, sc: ColourScale): number {
  if (sc.metric === 'final_f') {
    const a = Math.log10(sc.eps);
    const b = Math.log10(sc.hi - sc.lo + sc.eps);
    return sc.lo + 10 ** (a + u * (b - a)) - sc.eps;
  }
  return sc.lo + u * (sc.hi - sc.lo);
}

export const DIVERGED_COLOUR = '#5a0d0d';
export const UNCONVERGED_COLOUR = '#9a9a9a';
/** Cells not computed yet (before the coarse picture covers them). */
export const PENDING_COLOUR = '#eeeeee';

/** The map's colours: the explorer's viridis. */
const interpolateViridis = getColormap('viridis')!.interpolate;

/** The colour of a cell of value `v` and run status `status` under scale `sc`. */
export function cellColour(v: number, status: number, sc: ColourScale): string {
  if (sc.metric === 'diverged') return interpolateViridis(v > 0 ? 0.05 : 0.85);
  if (status === DIVERGED) return DIVERGED_COLOUR;
  if (!Number.isFinite(v)) return UNCONVERGED_COLOUR;
  return interpolateViridis(scalePosition(v, sc));
}

/** RGB bytes of a colour that never changes. */
type Rgb = readonly [number, number, number];
/** `cellColour`'s fixed colours and viridis as a 256-entry table, made on the first painted cell. */
let palette: {
  viridis: Uint8Array;
  diverged: Rgb;
  unconverged: Rgb;
  pending: Rgb;
  low: Rgb;
  high: Rgb;
} | null = null;

/**
 * Writes cell colour `cellColour(v, status, sc)` (or `PENDING_COLOUR` when not `known`) as opaque RGBA
 * at `data[o … o + 3]`, with no allocation: viridis at position u is the table's texel ⌊256·u⌋ (the
 * last for u = 1), within one 256th of the exact colour; the fixed colours are exact.
 */
export function paintCell(
  data: Uint8ClampedArray | Uint8Array,
  o: number,
  known: boolean,
  v: number,
  status: number,
  sc: ColourScale,
): void {
  palette ??= {
    viridis: colormapTable(getColormap('viridis')!),
    diverged: parseCssColor(DIVERGED_COLOUR),
    unconverged: parseCssColor(UNCONVERGED_COLOUR),
    pending: parseCssColor(PENDING_COLOUR),
    low: parseCssColor(interpolateViridis(0.05)),
    high: parseCssColor(interpolateViridis(0.85)),
  };
  let rgb: Rgb | null = null;
  if (!known) rgb = palette.pending;
  else if (sc.metric === 'diverged') rgb = v > 0 ? palette.low : palette.high;
  else if (status === DIVERGED) rgb = palette.diverged;
  else if (!Number.isFinite(v)) rgb = palette.unconverged;
  if (rgb) {
    data[o] = rgb[0];
    data[o + 1] = rgb[1];
    data[o + 2] = rgb[2];
  } else {
    const t = 4 * Math.min(255, Math.floor(256 * scalePosition(v, sc)));
    data[o] = palette.viridis[t]!;
    data[o + 1] = palette.viridis[t + 1]!;
    data[o + 2] = palette.viridis[t + 2]!;
  }
  data[o + 3] = 255;
}

/**
 * Where value v lies along an axis of cells, in [0, 1]: cell k's centre is at (k + ½)/n, so the first
 * value sits at ½/n and the last at 1 − ½/n; between them linear in v, or in log v on a log axis.
 */
export function axisPosition(values: readonly number[], scale: Scale, v: number): number {
  const n = values.length;
  const lo = values[0]!;
  const hi = values[n - 1]!;
  if (n < 2 || hi === lo) return 0.5;
  const r = scale === 'log' ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
  return (0.5 + r * (n - 1)) / n;
}

/** The cell of n that position u ∈ [0, 1] falls in (u = 1 counts as the last). */
export const cellAt = (u: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(u * n)));

/** SGD's stability edge on a quadratic: heavy ball diverges for lr·λmax > 2(1 + β). */
export const stabilityEdge = (lambdaMax: number, momentum: number): number =>
  (2 * (1 + momentum)) / lambdaMax;

/**
 * The heavy-ball theory of row `entry` on a quadratic with largest curvature `lambdaMax`: SGD and
 * Momentum without dampening or Nesterov step x ← x − lr·∇f + β(x − x_prev), whose stability edge and
 * critical damping depend on λ = λmax + weight_decay (the decay adds wd·x to the gradient) and β. Null
 * for other rows, or when f is not a quadratic.
 */
export function heavyBallTheory(
  entry: OptimizerEntry,
  lambdaMax: number | null,
): { lambda: number; momentum: number } | null {
  if (lambdaMax === null || !['sgd', 'momentum'].includes(entry.optimizer)) return null;
  const p = entry.params;
  if (p.nesterov === true || (typeof p.dampening === 'number' && p.dampening !== 0)) return null;
  const lambda = lambdaMax + (typeof p.weight_decay === 'number' ? p.weight_decay : 0);
  const momentum = typeof p.momentum === 'number' ? p.momentum : 0;
  return lambda > 0 ? { lambda, momentum } : null;
}

/**
 * λmax of f's Hessian when f is a quadratic (the Hessian the same at `start` and at two other points,
 * to 10⁻⁹ relative), else null.
 */
export function quadraticLambdaMax(fn: CompiledFunction, start: readonly [number, number]): number | null {
  const h = new Float64Array(3);
  const at = (x: number, y: number) => {
    fn.hessian(x, y, h);
    return [h[0]!, h[1]!, h[2]!];
  };
  const [x0, y0] = start;
  const a = at(x0, y0);
  const same = [at(x0 + 1.3, y0 - 0.7), at(x0 - 2.1, y0 + 1.9)].every((b) =>
    b.every((v, k) => Math.abs(v - a[k]!) <= 1e-9 * (1 + Math.abs(a[k]!))),
  );
  if (!same || !a.every(Number.isFinite)) return null;
  const eig = eigenSym2({ xx: a[0]!, xy: a[1]!, yy: a[2]! });
  return Math.max(eig.values[0], eig.values[1]);
}

type Listener = (settings: SweepSettings) => void;

/** The page's sweep settings, shared by every sweep pane and the Maps folder. */
class SweepSettingsStore {
  private value: SweepSettings = SWEEP_DEFAULTS;
  private readonly listeners = new Set<Listener>();

  get current(): SweepSettings {
    return this.value;
  }

  set(patch: Partial<SweepSettings>): void {
    this.value = { ...this.value, ...patch };
    for (const l of [...this.listeners]) l(this.value);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const sweepSettings = new SweepSettingsStore();
