/**
 * A pane that is not WebGL: f by step of the optimizers the pane shows, drawn with the canvas 2-D
 * API — one line per optimizer in its colour (duplicates of a type dashed, as their trails are), the
 * current step as a vertical line, a linear or log value axis (`view.chartScale`; log falls back to
 * linear when some f ≤ 0). It proves the `PaneView` contract: no camera, no renderer, a snapshot.
 * Drawing is cheap (a few thousand points at most: long runs are sampled per pixel column).
 */

import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry, PaneKind } from '../app/state.ts';
import { axisTicks, formatTick } from '../app/ticks.ts';
import type { Trajectory } from '../core/runner.ts';
import { FrameRequest, rectCorners, snapshotCanvas } from './canvas-pane.ts';
import type { PaneView } from './pane-view.ts';
import { dashPeriods } from './trails.ts';

/** Room around the plot for tick labels and the title, CSS pixels. */
export const CHART_MARGIN = { left: 56, right: 14, top: 26, bottom: 30 } as const;

/** The value axis: its ends and whether it is logarithmic (base 10). */
export interface ChartScale {
  readonly log: boolean;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The value axis for `series` (finite values count; others are gaps): log when asked for and every
 * value is > 0, else linear; a range of zero width is widened to ±0.5 (linear) or one decade (log).
 */
export function chartScale(series: readonly Float64Array[], requested: 'linear' | 'log'): ChartScale {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series)
    for (const v of s) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(hi >= lo)) return { log: false, lo: 0, hi: 1 };
  if (requested === 'log' && lo > 0) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return b > a ? { log: true, lo: a, hi: b } : { log: true, lo: a - 0.5, hi: a + 0.5 };
  }
  return hi > lo ? { log: false, lo, hi } : { log: false, lo: lo - 0.5, hi: lo + 0.5 };
}

/**
 * Pixel points (x, y pairs) of f by step in a plot box `width` × `height` (origin at its top-left)
 * for steps 0…`steps`: at most about one point per pixel column (the row at each column's step),
 * non-finite values skipped.
 */
export function chartPoints(
  f: Float64Array,
  steps: number,
  scale: ChartScale,
  width: number,
  height: number,
): Float64Array {
  const n = f.length;
  if (n === 0 || width <= 0 || height <= 0) return new Float64Array(0);
  const columns = Math.max(1, Math.floor(width));
  const stride = Math.max(1, Math.floor(n / columns));
  const out: number[] = [];
  const span = scale.hi - scale.lo;
  for (let k = 0; k < n; k += stride) {
    const v = scale.log ? Math.log10(f[k]) : f[k];
    if (!Number.isFinite(v)) continue;
    out.push((k / Math.max(1, steps)) * width, height - ((v - scale.lo) / span) * height);
  }
  // The last row always counts (where a run ends, converged or diverged).
  const last = n - 1;
  if (last % stride !== 0) {
    const v = scale.log ? Math.log10(f[last]) : f[last];
    if (Number.isFinite(v))
      out.push((last / Math.max(1, steps)) * width, height - ((v - scale.lo) / span) * height);
  }
  return Float64Array.from(out);
}

/**
 * Tick positions on the value axis (in its own units: log10 f on a log axis): about `count` of them;
 * on a log axis spanning two decades or more, whole powers of ten only.
 */
export function valueTicks(scale: ChartScale, count: number): number[] {
  const ticks = axisTicks(scale.lo, scale.hi, count);
  if (!scale.log || scale.hi - scale.lo < 2) return ticks;
  const whole = ticks.filter((t) => Number.isInteger(t));
  return whole.length >= 2 ? whole : axisTicks(Math.ceil(scale.lo), Math.floor(scale.hi), count);
}

/** f of every row of a run (empty without one). */
function fValues(run: Trajectory | undefined): Float64Array {
  if (!run) return new Float64Array(0);
  const out = new Float64Array(run.rows);
  for (let k = 0; k < run.rows; k++) out[k] = run.xyf[3 * k + 2];
  return out;
}

export class ChartPane implements PaneView {
  readonly camera = null;
  readonly memory = { geometries: 0, textures: 0 };
  frames = 0;
  private readonly canvas = document.createElement('canvas');
  private readonly resizeObserver: ResizeObserver;
  private last: { s: AppState; derived: Derived; shows: (e: OptimizerEntry) => boolean } | null = null;
  private readonly frame = new FrameRequest(() => this.draw(1));
  /** The series and value axis of the runs last drawn: playback only moves the step line. */
  private data: {
    runs: readonly (Trajectory | undefined)[];
    requested: 'linear' | 'log';
    series: Float64Array[];
    scale: ChartScale;
  } | null = null;

  constructor(
    private readonly host: HTMLElement,
    readonly kind: PaneKind,
  ) {
    this.canvas.className = 'chart-pane';
    this.canvas.setAttribute('role', 'img');
    this.canvas.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;background:#fff';
    host.append(this.canvas);
    this.resizeObserver = new ResizeObserver(() => this.request());
    this.resizeObserver.observe(host);
  }

  update(
    s: AppState,
    derived: Derived,
    _changes: Changes,
    _previous: AppState | null,
    shows: (entry: OptimizerEntry) => boolean,
  ): void {
    this.last = { s, derived, shows };
    this.request();
  }

  private request(): void {
    this.frame.request();
  }

  /** Draws the chart at `scale` × the device pixel ratio. */
  private draw(scale: number): void {
    const w = Math.max(1, this.host.clientWidth);
    const h = Math.max(1, this.host.clientHeight);
    const ratio = Math.min(window.devicePixelRatio || 1, 2) * scale;
    this.canvas.width = Math.round(w * ratio);
    this.canvas.height = Math.round(h * ratio);
    const g = this.canvas.getContext('2d');
    this.frames++;
    if (!g || !this.last) return;
    const { s, derived, shows } = this.last;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    const entries = s.optimizers.filter((e) => e.visible && shows(e));
    const runs = entries.map((e) => derived.runs.get(e.key));
    const d = this.data;
    if (
      !d ||
      d.requested !== s.view.chartScale ||
      d.runs.length !== runs.length ||
      d.runs.some((r, i) => r !== runs[i])
    ) {
      const series = runs.map(fValues);
      this.data = {
        runs,
        requested: s.view.chartScale,
        series,
        scale: chartScale(series, s.view.chartScale),
      };
    }
    const { series, scale: sc } = this.data!;
    const m = CHART_MARGIN;
    const pw = Math.max(1, w - m.left - m.right);
    const ph = Math.max(1, h - m.top - m.bottom);
    this.canvas.setAttribute(
      'aria-label',
      `f(x, y) by step, ${sc.log ? 'log' : 'linear'} scale, ${entries.length} optimizer${entries.length === 1 ? '' : 's'}`,
    );
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#333';
    g.fillText(`f(x, y) by step · ${sc.log ? 'log' : 'linear'} scale`, m.left, 16);
    // Value ticks (powers of ten on a log axis) and step ticks.
    g.strokeStyle = '#e3e5ea';
    g.lineWidth = 1;
    g.fillStyle = '#5b6270';
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const t of valueTicks(sc, Math.max(2, Math.floor(ph / 40)))) {
      const y = m.top + ph - ((t - sc.lo) / (sc.hi - sc.lo)) * ph;
      g.beginPath();
      g.moveTo(m.left, y);
      g.lineTo(m.left + pw, y);
      g.stroke();
      g.fillText(sc.log ? formatTick(Number((10 ** t).toPrecision(2))) : formatTick(t), m.left - 6, y);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const t of axisTicks(0, s.steps, Math.max(2, Math.floor(pw / 70)))) {
      const x = m.left + (t / Math.max(1, s.steps)) * pw;
      g.fillText(formatTick(t), x, m.top + ph + 6);
    }
    g.strokeStyle = '#5b6270';
    g.strokeRect(m.left, m.top, pw, ph);
    // The lines, clipped to the plot box.
    g.save();
    g.beginPath();
    g.rect(m.left, m.top, pw, ph);
    g.clip();
    const dashes = dashPeriods(entries, () => true);
    entries.forEach((e, i) => {
      const p = chartPoints(series[i], s.steps, sc, pw, ph);
      if (p.length < 2) return;
      g.strokeStyle = e.color;
      g.lineWidth = 2;
      g.setLineDash(dashes[i] > 0 ? [6, 4] : []);
      g.beginPath();
      g.moveTo(m.left + p[0], m.top + p[1]);
      for (let k = 2; k < p.length; k += 2) g.lineTo(m.left + p[k], m.top + p[k + 1]);
      g.stroke();
    });
    g.setLineDash([]);
    // The current step.
    const x = m.left + (s.playback.step / Math.max(1, s.steps)) * pw;
    g.strokeStyle = '#111';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(x, m.top);
    g.lineTo(x, m.top + ph);
    g.stroke();
    g.restore();
  }

  plotBox(): [number, number][] | null {
    const r = this.canvas.getBoundingClientRect();
    if (r.width === 0 || !this.last) return null;
    const m = CHART_MARGIN;
    return rectCorners(r.left + m.left, r.top + m.top, r.right - m.right, r.bottom - m.bottom);
  }

  snapshot(scale = 1): HTMLCanvasElement {
    return snapshotCanvas(this.canvas, (k) => this.draw(k), scale);
  }

  dispose(): void {
    this.frame.cancel();
    this.resizeObserver.disconnect();
    this.canvas.remove();
  }
}
