/**
 * The lr timeline beside the f and |∇f| charts: the learning rate each visible row's update used
 * (`lr[k]`, torch's `param_groups[0]["lr"]` at step k, as the run recorded it), and — where a
 * OneCycleLR or CyclicLR cycles it — the momentum or β₁ (from the schedule alone, which is what the
 * run sees). Shown while some row has a schedule; the playback step is marked, and the legend reads
 * the values there. A caption lists each scheduled row's lr changes in words, for screen readers.
 */
import uPlot from 'uplot';
import './lab.css';
import type { Derived } from '../app/derived.ts';
import { entryTrace, lrAt } from '../app/lab.ts';
import type { AppState, OptimizerEntry } from '../app/state.ts';
import { formatTick } from '../app/ticks.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { Trajectory } from '../core/runner.ts';
import { CHART_HEIGHT, chartEntries, chartWidth, GRID, TICKS, trailSeries } from './charts.ts';
import { formatNumber } from './readout.ts';

/**
 * lr of update k + 1 at index k (k = 0 … steps), as the run recorded it; at the last row, which no
 * update leaves, `next` (the lr the schedule gives there); null past the end of a diverged run.
 */
export function lrSeries(run: Trajectory | undefined, steps: number, next: number | null): (number | null)[] {
  const values = new Array<number | null>(steps + 1).fill(null);
  if (!run?.lr) return values;
  const n = Math.min(steps + 1, Math.max(0, run.rows - 1), run.lr.length);
  for (let k = 0; k < n; k++) values[k] = run.lr[k];
  if (run.rows - 1 === steps && run.divergedAt === null) values[steps] = next;
  return values;
}

/**
 * "lr 0.1 for steps 0–9, 0.05 from step 10": the pieces of a piecewise-constant lr, or "lr varies
 * from a to b" when it has more than `maxPieces` pieces.
 */
export function lrWords(values: readonly (number | null)[], maxPieces = 6): string {
  const pieces: { from: number; to: number; v: number }[] = [];
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v == null) break;
    const last = pieces.at(-1);
    if (last && Object.is(last.v, v)) last.to = k;
    else if (pieces.length > maxPieces) break;
    else pieces.push({ from: k, to: k, v });
  }
  if (pieces.length === 0) return 'no updates';
  if (pieces.length > maxPieces) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      if (v == null) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return `lr varies from ${formatNumber(lo)} to ${formatNumber(hi)}`;
  }
  return `lr ${pieces
    .map(
      (p) => `${formatNumber(p.v)} ${p.from === p.to ? `at step ${p.from}` : `for steps ${p.from}–${p.to}`}`,
    )
    .join(', ')}`;
}

const STEPPED = uPlot.paths.stepped?.({ align: 1 });
const ticks = (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : formatTick(v)));
const value = (_u: uPlot, v: number | null) => (v == null ? '—' : formatNumber(v));

/** One timeline (lr, or momentum/β₁) with its caption and step marker. */
class Timeline {
  readonly element = document.createElement('figure');
  private readonly title = document.createElement('figcaption');
  private readonly words = document.createElement('p');
  private readonly plot = document.createElement('div');
  private readonly marker = document.createElement('div');
  private uplot: uPlot | null = null;
  private structure = '';
  private width = 360;
  private step = 0;

  constructor(which: 'lr' | 'momentum', title: string) {
    this.element.className = `chart chart-${which}`;
    this.element.dataset.chart = which;
    this.title.className = 'chart-title';
    this.title.textContent = title;
    this.words.className = 'chart-words';
    this.plot.className = 'chart-plot';
    this.marker.className = 'chart-step-marker';
    this.element.append(this.title, this.words, this.plot);
  }

  setData(entries: readonly OptimizerEntry[], steps: number, data: uPlot.AlignedData, words: string): void {
    this.words.textContent = words;
    const structure = [steps, ...entries.map((e) => `${e.key}:${e.optimizer}:${e.color}`)].join('|');
    if (this.uplot && structure === this.structure) {
      this.uplot.setData(data);
      return;
    }
    this.structure = structure;
    this.uplot?.destroy();
    this.uplot = new uPlot(this.options(entries, steps), data, this.plot);
    this.uplot.over.append(this.marker);
    this.place();
  }

  setStep(step: number): void {
    if (step === this.step) return;
    this.step = step;
    this.place();
  }

  setWidth(width: number): void {
    this.width = width;
    this.element.style.width = `${width}px`;
    this.uplot?.setSize({ width, height: CHART_HEIGHT });
  }

  dispose(): void {
    this.uplot?.destroy();
    this.uplot = null;
    this.element.remove();
  }

  private options(entries: readonly OptimizerEntry[], steps: number): uPlot.Options {
    return {
      width: this.width,
      height: CHART_HEIGHT,
      class: 'step-chart',
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true, markers: { width: 0, fill: (_u, i) => entries[i - 1]?.color ?? 'transparent' } },
      scales: { x: { time: false, range: [0, steps] }, y: { distr: 1 } },
      axes: [
        { size: 30, values: ticks, grid: GRID, ticks: TICKS },
        { size: 54, values: ticks, grid: GRID, ticks: TICKS },
      ],
      // The lr holds from one update to the next: a step line, not a slope between steps.
      series: trailSeries(entries, value, { paths: STEPPED }),
      hooks: {
        ready: [() => this.place()],
        setSize: [() => this.place()],
        setLegend: [
          (u) => {
            if (u.cursor.idx == null && u.legend.idx !== this.step) u.setLegend({ idx: this.step }, false);
          },
        ],
      },
    };
  }

  /** The playback step: a transform on the marker, and the legend's values there. */
  private place(): void {
    const u = this.uplot;
    if (!u) return;
    const left = u.valToPos(this.step, 'x');
    this.marker.hidden = !Number.isFinite(left);
    if (Number.isFinite(left)) this.marker.style.transform = `translateX(${left}px)`;
    if (u.cursor.idx == null) u.setLegend({ idx: this.step }, false);
  }
}

export class LrCharts {
  readonly element = document.createElement('div');
  private readonly lr = new Timeline('lr', 'lr by step');
  private readonly momentum = new Timeline('momentum', 'momentum / β₁ by step (cycled)');
  private inputs: readonly unknown[] = [];

  constructor(container: HTMLElement) {
    this.element.className = 'lr-charts';
    this.element.hidden = true;
    this.element.append(this.lr.element, this.momentum.element);
    container.append(this.element);
  }

  update(s: AppState, derived: Derived): void {
    const entries = chartEntries(s);
    const scheduled = entries.some((e) => e.schedule);
    if (this.element.hidden === scheduled) this.element.hidden = !scheduled;
    const step = Math.max(0, Math.min(s.steps, s.playback.step));
    if (scheduled) {
      const inputs = [s.steps, ...entries, ...entries.map((e) => derived.runs.get(e.key))];
      if (inputs.length !== this.inputs.length || inputs.some((v, i) => v !== this.inputs[i])) {
        this.inputs = inputs;
        this.rebuild(s, derived, entries);
      }
    }
    this.lr.setStep(step);
    this.momentum.setStep(step);
  }

  resize(width: number): void {
    this.lr.setWidth(chartWidth(width));
    this.momentum.setWidth(chartWidth(width));
  }

  dispose(): void {
    this.lr.dispose();
    this.momentum.dispose();
    this.element.remove();
  }

  private rebuild(s: AppState, derived: Derived, entries: readonly OptimizerEntry[]): void {
    const x = Array.from({ length: s.steps + 1 }, (_, k) => k);
    const lrs = entries.map((e) => lrSeries(derived.runs.get(e.key), s.steps, lrAt(e, s.steps, s.steps)));
    const words = entries
      .map((e, i) =>
        e.schedule ? `${getOptimizer(e.optimizer)?.name ?? e.optimizer}: ${lrWords(lrs[i])}` : '',
      )
      .filter((w) => w !== '')
      .join('; ');
    this.lr.setData(entries, s.steps, [x, ...lrs], words);
    // Momentum or β₁ where a schedule cycles it (OneCycleLR, CyclicLR with cycle_momentum).
    const cycled = entries.filter((e) => e.schedule && e.schedule.args.cycle_momentum === true);
    this.momentum.element.hidden = cycled.length === 0;
    if (cycled.length === 0) return;
    const series = cycled.map((e) => {
      const trace = entryTrace(e, s.steps + 1);
      const key = getOptimizer(e.optimizer)?.params.some((p) => p.name === 'beta1') ? 'beta1' : 'momentum';
      const values = new Array<number | null>(s.steps + 1).fill(null);
      const run = derived.runs.get(e.key);
      // Up to the last row (its value: what the next update would use), as the lr series.
      const n = Math.min(trace?.lr.length ?? 0, run?.rows ?? 0);
      for (let k = 0; k < n; k++) values[k] = trace![key][k];
      return values;
    });
    this.momentum.setData(cycled, s.steps, [x, ...series], '');
  }
}
