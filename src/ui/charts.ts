/**
 * The f and |∇f| charts: one line per visible optimizer against the step, with a marker at the
 * playback step, values on hover (uPlot's legend), and a linear or log value axis.
 *
 * Cheap at playback rate: the uPlot instances are rebuilt only when the series set changes (an
 * optimizer added, removed, hidden, retyped or recoloured; the step count; the scale), the data is
 * rebuilt only when a run changed, and a playback step only moves the marker element (no redraw).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './compare.css';
import type { Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry } from '../app/state.ts';
import { formatTick, logChartRange, logTicks } from '../app/ticks.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { Trajectory } from '../core/runner.ts';
import { formatNumber } from './readout.ts';

/** Which quantity a chart shows: f at each step, or the gradient norm |∇f|. */
export type ChartKind = 'f' | 'grad';

export const CHART_TITLES: Readonly<Record<ChartKind, string>> = {
  f: 'f(x, y) by step',
  grad: '|∇f| by step',
};

/** Height of each chart's plotting area and axes, CSS pixels (the legend comes on top of it). */
export const CHART_HEIGHT = 140;
/** At or above this container width the two charts sit side by side; below it they stack. */
export const SIDE_BY_SIDE_WIDTH = 440;
const GAP = 12;
const DEFAULT_WIDTH = 360;

/** The optimizers the charts draw: the visible ones, in the state's order. */
export function chartEntries(s: AppState): OptimizerEntry[] {
  return s.optimizers.filter((e) => e.visible);
}

/**
 * The data uPlot draws: x = 0…steps, then one array per visible optimizer holding f (or |∇f|) at
 * each step, null where its run has no row (a diverged run ends where its trajectory ends).
 */
export function chartData(s: AppState, derived: Derived, which: ChartKind): uPlot.AlignedData {
  const n = s.steps + 1;
  const x = new Array<number>(n);
  for (let k = 0; k < n; k++) x[k] = k;
  const series = chartEntries(s).map((e) => seriesValues(derived.runs.get(e.key), n, which));
  return [x, ...series];
}

function seriesValues(run: Trajectory | undefined, n: number, which: ChartKind): (number | null)[] {
  const values = new Array<number | null>(n).fill(null);
  if (!run) return values;
  const rows = Math.min(run.rows, n);
  if (which === 'f') for (let k = 0; k < rows; k++) values[k] = run.xyf[3 * k + 2];
  else for (let k = 0; k < rows; k++) values[k] = run.gradNorm[k];
  return values;
}

/** The value axis a chart gets, and why. */
export interface ScaleChoice {
  readonly log: boolean;
  /** Said after the title: `log scale`, `linear scale`, or why a requested log scale fell back. */
  readonly label: string;
  /** A log axis's range: whole decades, at most `LOG_DECADES` of them (see `logChartRange`). */
  readonly range?: readonly [number, number];
}

/**
 * Log when asked for and meaningful: every value ≥ 0 and at least one > 0. The axis spans whole
 * decades from the largest value down, at most `LOG_DECADES` (ticks.ts) of them: values of exactly 0 (a run
 * that landed on the minimum, f or |∇f| underflowing) and values far below the largest fall below
 * its bottom edge, and the label says so — uPlot's own log range and ticks would try to span every
 * decade down to them (0 or 1e-33: a frozen page). A negative value (f of Styblinski–Tang, the
 * six-hump camel, …) has no logarithm: the chart falls back to linear and says so.
 */
export function chooseScale(
  requested: 'linear' | 'log',
  data: uPlot.AlignedData,
  which: ChartKind,
): ScaleChoice {
  if (requested === 'linear') return { log: false, label: 'linear scale' };
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  let zero = false;
  for (let i = 1; i < data.length; i++) {
    const values = data[i]!;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v == null || !Number.isFinite(v)) continue;
      if (v < 0) return { log: false, label: `linear scale: ${which === 'f' ? 'f' : '|∇f|'} < 0 has no log` };
      if (v === 0) zero = true;
      else if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  const r = logChartRange(low, high);
  if (!r) return { log: false, label: 'linear scale: no value > 0' };
  // Short: the caption shares a line with the title.
  const label = r.cut
    ? `log scale from ${formatTick(r.range[0])}`
    : zero
      ? 'log scale, 0 not shown'
      : 'log scale';
  return { log: true, label, range: r.range };
}

/** Width of each chart for a container `width` wide: half (side by side) or all of it (stacked). */
export function chartWidth(width: number): number {
  const w = width >= SIDE_BY_SIDE_WIDTH ? (width - GAP) / 2 : width;
  return Math.max(120, Math.floor(w));
}

/** Light grid lines: a log axis has nine per decade. */
export const GRID: uPlot.Axis.Grid = { stroke: 'rgba(31, 35, 43, 0.07)', width: 1 };
export const TICKS: uPlot.Axis.Ticks = { stroke: 'rgba(31, 35, 43, 0.25)', width: 1, size: 4 };

/** Axis labels as on the colour bar; null splits (filtered minor log ticks) stay unlabelled. */
function tickLabels(_u: uPlot, splits: number[]): string[] {
  return splits.map((v) => (v == null ? '' : formatTick(v)));
}

/** Legend text of a value: `—` where a series has no value (diverged before that step). */
/**
 * uPlot's series for a chart by step: the step column, then one line per optimizer row in its colour
 * (`extra` adds to each line, e.g. stepped paths).
 */
export function trailSeries(
  entries: readonly OptimizerEntry[],
  value: uPlot.Series['value'],
  extra: Partial<uPlot.Series> = {},
): uPlot.Series[] {
  return [
    { label: 'step', value: (_u, v) => (v == null ? '—' : String(v)) },
    ...entries.map(
      (e): uPlot.Series => ({
        label: getOptimizer(e.optimizer)?.name ?? e.optimizer,
        stroke: e.color,
        width: 1.5,
        points: { show: false },
        value,
        ...extra,
      }),
    ),
  ];
}

function legendValue(_u: uPlot, v: number | null): string {
  return v == null ? '—' : formatNumber(v);
}

let instances = 0;

export class Charts {
  readonly element = document.createElement('div');
  private readonly charts: Record<ChartKind, StepChart>;
  private width: number;

  // What the current data was built from; compared on every `update` (≤ 8 entries, no allocation).
  private optimizers: readonly OptimizerEntry[] = [];
  private steps = -1;
  private scale: 'linear' | 'log' | null = null;
  private runs: (Trajectory | undefined)[] = [];
  private rows: number[] = [];

  constructor(container: HTMLElement) {
    this.element.className = 'charts';
    this.element.id = 'charts';
    const sync = `descent-charts-${++instances}`;
    this.charts = { f: new StepChart('f', sync), grad: new StepChart('grad', sync) };
    this.element.append(this.charts.f.element, this.charts.grad.element);
    container.append(this.element);
    this.width = container.clientWidth || DEFAULT_WIDTH;
    this.charts.f.setWidth(chartWidth(this.width));
    this.charts.grad.setWidth(chartWidth(this.width));
  }

  update(s: AppState, derived: Derived): void {
    if (this.dataChanged(s, derived)) {
      const entries = chartEntries(s);
      for (const which of ['f', 'grad'] as const) {
        const data = chartData(s, derived, which);
        this.charts[which].setData(entries, s.steps, data, chooseScale(s.view.chartScale, data, which));
      }
    }
    const step = Math.max(0, Math.min(s.steps, s.playback.step));
    this.charts.f.setStep(step);
    this.charts.grad.setStep(step);
  }

  /** `width`: the container's width in CSS pixels. */
  resize(width: number): void {
    this.width = width;
    this.charts.f.setWidth(chartWidth(width));
    this.charts.grad.setWidth(chartWidth(width));
  }

  dispose(): void {
    this.charts.f.dispose();
    this.charts.grad.dispose();
    this.element.remove();
  }

  /** True when the series, their values or the scale may differ from what the charts hold; records the inputs. */
  private dataChanged(s: AppState, derived: Derived): boolean {
    const entries = s.optimizers;
    let changed =
      !sameItems(entries, this.optimizers) || s.steps !== this.steps || s.view.chartScale !== this.scale;
    for (let i = 0; !changed && i < entries.length; i++) {
      const run = derived.runs.get(entries[i]!.key);
      changed = run !== this.runs[i] || (run?.rows ?? -1) !== this.rows[i];
    }
    if (!changed) return false;
    this.optimizers = entries;
    this.steps = s.steps;
    this.scale = s.view.chartScale;
    this.runs = entries.map((e) => derived.runs.get(e.key));
    this.rows = this.runs.map((r) => r?.rows ?? -1);
    return true;
  }
}

/** Same length and the same items (by identity): a rebuilt array of unchanged entries counts as unchanged. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
}

/** One chart: a caption and a uPlot instance, rebuilt when its series set or scale changes. */
class StepChart {
  readonly element = document.createElement('figure');
  private readonly caption = document.createElement('figcaption');
  private readonly scaleNote = document.createElement('span');
  private readonly plot = document.createElement('div');
  private readonly marker = document.createElement('div');
  private uplot: uPlot | null = null;
  private structure = '';
  private width = DEFAULT_WIDTH;
  private step = 0;
  private logRange: [number, number] = [1, 10];

  constructor(
    which: ChartKind,
    private readonly sync: string,
  ) {
    this.element.className = `chart chart-${which}`;
    this.element.dataset.chart = which;
    this.caption.className = 'chart-title';
    this.scaleNote.className = 'chart-scale';
    this.caption.append(CHART_TITLES[which], ' ', this.scaleNote);
    this.plot.className = 'chart-plot';
    this.marker.className = 'chart-step-marker';
    this.element.append(this.caption, this.plot);
  }

  setData(
    entries: readonly OptimizerEntry[],
    steps: number,
    data: uPlot.AlignedData,
    scale: ScaleChoice,
  ): void {
    const structure = [steps, scale.log, ...entries.map((e) => `${e.key}:${e.optimizer}:${e.color}`)].join(
      '|',
    );
    this.scaleNote.textContent = `(${scale.label})`;
    if (scale.range) this.logRange = [scale.range[0], scale.range[1]];
    if (this.uplot && structure === this.structure) {
      this.uplot.setData(data);
      return;
    }
    this.structure = structure;
    this.uplot?.destroy();
    this.uplot = new uPlot(this.options(entries, steps, scale), data, this.plot);
    this.uplot.over.append(this.marker);
    this.placeMarker();
  }

  setStep(step: number): void {
    if (step === this.step) return;
    this.step = step;
    this.placeMarker();
    this.showStepInLegend();
  }

  setWidth(width: number): void {
    this.width = width;
    this.element.style.width = `${width}px`;
    this.uplot?.setSize({ width, height: CHART_HEIGHT });
    // The page around may have moved the chart: refresh the cached position hover maps against.
    this.uplot?.syncRect();
  }

  dispose(): void {
    this.uplot?.destroy();
    this.uplot = null;
    this.structure = '';
    this.element.remove();
  }

  private options(entries: readonly OptimizerEntry[], steps: number, scale: ScaleChoice): uPlot.Options {
    return {
      width: this.width,
      height: CHART_HEIGHT,
      class: 'step-chart',
      cursor: { sync: { key: this.sync }, drag: { x: true, y: false }, points: { size: 6 } },
      // Filled round markers in the optimizers' colours, like the table's swatches.
      legend: { live: true, markers: { width: 0, fill: (_u, i) => entries[i - 1]?.color ?? 'transparent' } },
      scales: {
        x: { time: false, range: [0, steps] },
        // A log axis takes its range from `chooseScale` (read at each redraw: `setData` keeps it current).
        y: scale.log ? { distr: 3, range: () => [...this.logRange] } : { distr: 1 },
      },
      axes: [
        { size: 30, values: tickLabels, grid: GRID, ticks: TICKS },
        scale.log
          ? {
              size: 54,
              values: tickLabels,
              grid: GRID,
              ticks: TICKS,
              splits: (_u, _i, lo, hi) => logTicks(lo, hi),
            }
          : { size: 54, values: tickLabels, grid: GRID, ticks: TICKS },
      ],
      series: trailSeries(entries, legendValue),
      hooks: {
        setScale: [
          (_u, key) => {
            if (key === 'x') this.placeMarker();
          },
        ],
        setSize: [() => this.placeMarker()],
        ready: [() => this.placeMarker()],
        // Away from the plot the legend shows the values at the playback step instead of blanks.
        setLegend: [() => this.showStepInLegend()],
      },
    };
  }

  /** Moves the marker to the playback step: a transform on one element, no canvas redraw. */
  private placeMarker(): void {
    const u = this.uplot;
    if (!u) return;
    const x = u.scales.x!;
    const left = u.valToPos(this.step, 'x');
    const inside = x.min != null && x.max != null && this.step >= x.min && this.step <= x.max;
    if (!inside || !Number.isFinite(left)) {
      this.marker.hidden = true;
      return;
    }
    this.marker.hidden = false;
    this.marker.style.transform = `translateX(${left}px)`;
  }

  private showStepInLegend(): void {
    const u = this.uplot;
    if (!u || u.cursor.idx != null || u.legend.idx === this.step) return;
    u.setLegend({ idx: this.step }, false);
  }
}
