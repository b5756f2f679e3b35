/**
 * A pane that is a hyperparameter map (issue 15): the first optimizer row the pane shows (or, when it
 * is given none, the scene's first visible row — the path beside, its map here), run from the
 * scene's start once per cell of two of its parameters (the Maps folder's sweep settings,
 * `app/sweep.ts`), coloured by the metric — final f, steps to the tolerance, or diverged — with a colour
 * legend, the row's own setting ringed, a hover readout of the cell under the pointer, and a click that
 * loads the cell's setting into the row. On a quadratic the theory is drawn over it for heavy-ball SGD
 * (SGD, Momentum; no dampening, no Nesterov): the stability edge lr·λ = 2(1 + β) (white dashes) and
 * critical damping β = (1 − √(lr·λ))² (pink), λ = λmax + weight_decay. Canvas 2-D, no WebGL; the
 * cells are computed by the maps hub's worker pool (a coarse picture first, refined in place), and a
 * change of function, start, steps, row or settings drops the stale map. Loaded with the first sweep
 * pane (`pane-views.ts`).
 */
import { FrameRequest, rectCorners, snapshotCanvas } from './canvas-pane.ts';
import './sweep-pane.css';
import type { MapResult } from '../app/batch-pool.ts';
import type { Changes, Derived } from '../app/derived.ts';
import { paramValue } from '../app/format.ts';
import { type MapEntry, maps } from '../app/maps.ts';
import type { AppState, OptimizerEntry, PaneKind } from '../app/state.ts';
import {
  applyCell,
  axisPosition,
  type ColourScale,
  cellAt,
  cellColour,
  colourScale,
  DIVERGED_COLOUR,
  heavyBallTheory,
  METRIC_NAMES,
  PENDING_COLOUR,
  paintCell,
  quadraticLambdaMax,
  type SweepPlan,
  type SweepSettings,
  scalePosition,
  scaleValue,
  stabilityEdge,
  sweepPlanOf,
  sweepSettings,
  sweepValue,
  UNCONVERGED_COLOUR,
} from '../app/sweep.ts';
import { axisTicks, formatTick, powersOfTen } from '../app/ticks.ts';
import type { Scale } from '../core/batch/axes.ts';
import type { Axis } from '../core/batch/cases.ts';
import { CONVERGED, DIVERGED } from '../core/batch/status.ts';
import { criticalMomentum } from '../core/curvature.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { PaneView, PaneViewEvents } from './pane-view.ts';

/** Room around the map (CSS pixels): title lines above, ticks and names left and below, the legend right. */
export const SWEEP_MARGIN = { left: 58, right: 78, top: 44, bottom: 40 } as const;
/** The colour legend's bar: width and its gap from the map. */
const LEGEND = { gap: 12, width: 12 } as const;
/** Panes narrower than this put the colour legend under the map (across) instead of beside it. */
const NARROW = 420;
/** What the legend under the map takes below the x axis's name. */
const ACROSS_ROOM = 58;

let nextSlot = 1000;

/** A number in four significant digits: 0.0123, 1.5e−7. */
const short = (v: number): string => paramValue(Number(v.toPrecision(4)));

/** A slot's map and the plan it was asked for. */
interface Shown {
  readonly plan: SweepPlan;
  /** λ of the heavy-ball theory (quadratic f, SGD-like row), or null. */
  readonly theory: { readonly lambda: number; readonly momentum: number } | null;
  readonly title: string;
}

export class SweepPane implements PaneView {
  readonly camera = null;
  readonly memory = { geometries: 0, textures: 0 };
  frames = 0;
  private readonly slot = nextSlot++;
  private readonly box = document.createElement('div');
  private readonly canvas = document.createElement('canvas');
  private readonly readout = document.createElement('div');
  private readonly resizeObserver: ResizeObserver;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly frame = new FrameRequest(() => this.draw(1));
  private last: { s: AppState; derived: Derived; shows: (e: OptimizerEntry) => boolean } | null = null;
  /** The inputs the plan was made from (compared by identity: playback changes none of them). */
  private inputs: readonly unknown[] = [];
  private shown: Shown | null = null;
  private problem: string | null = null;
  private entry: MapEntry | null = null;
  private drawnDone = -1;
  private hover: { i: number; j: number } | null = null;
  /** The map's cells as an image, and what it was made from (`cells`). */
  private cellCache: {
    key: readonly unknown[];
    image: HTMLCanvasElement;
    scale: ColourScale;
    finite: boolean;
  } | null = null;
  /** f at the start: final f's colours top out there. */
  private fStart = Number.POSITIVE_INFINITY;
  /** The colour legend lies under the map (a narrow pane). */
  private across = false;
  private rect: Rect = { x: SWEEP_MARGIN.left, y: SWEEP_MARGIN.top, w: 1, h: 1 };

  constructor(
    private readonly host: HTMLElement,
    readonly kind: PaneKind,
    private readonly events: PaneViewEvents,
  ) {
    this.box.className = 'sweep-pane';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Hyperparameter map');
    this.readout.className = 'sweep-readout';
    this.readout.setAttribute('role', 'status');
    this.readout.hidden = true;
    this.box.append(this.canvas, this.readout);
    host.append(this.box);
    this.canvas.addEventListener('pointermove', (e) => this.pointer(e));
    this.canvas.addEventListener('pointerleave', () => this.leave());
    this.canvas.addEventListener('click', (e) => this.click(e));
    this.resizeObserver = new ResizeObserver(() => this.request());
    this.resizeObserver.observe(host);
    this.unsubscribe.push(
      maps.subscribe(() => {
        if (this.entry && this.entry.done !== this.drawnDone) this.request();
        else if (this.entry?.error) this.request();
      }),
      sweepSettings.subscribe(() => {
        this.inputs = [];
        if (this.last) this.replan(this.last.s, this.last.derived, this.last.shows);
        this.request();
      }),
    );
  }

  update(
    s: AppState,
    derived: Derived,
    _changes: Changes,
    _previous: AppState | null,
    shows: (entry: OptimizerEntry) => boolean,
  ): void {
    const redraw = !this.last || this.last.s.optimizers !== s.optimizers;
    this.last = { s, derived, shows };
    this.replan(s, derived, shows);
    if (redraw) this.request();
  }

  /** A new plan (and map) when a run input changed; playback keeps the map. */
  private replan(s: AppState, derived: Derived, shows: (e: OptimizerEntry) => boolean): void {
    const row =
      s.optimizers.find((e) => e.visible && shows(e)) ?? s.optimizers.find((e) => e.visible) ?? null;
    const settings = sweepSettings.current;
    const inputs = [
      s.fn,
      s.start,
      s.steps,
      s.gradient,
      row?.key,
      row?.optimizer,
      row?.params,
      row?.schedule,
      row?.noise,
      settings,
      derived.fn,
    ];
    if (inputs.length === this.inputs.length && inputs.every((v, k) => v === this.inputs[k])) return;
    this.inputs = inputs;
    this.hover = null;
    this.readout.hidden = true;
    if (!row) {
      this.drop('No optimizer row is shown: add one, or show a hidden one.');
      return;
    }
    const plan = sweepPlanOf(s, row, settings);
    if (!plan.ok) {
      this.drop(plan.error);
      return;
    }
    const lambdaMax = derived.fn ? quadraticLambdaMax(derived.fn, s.start) : null;
    const f0 = derived.fn ? derived.fn.value(s.start[0], s.start[1]) : Number.NaN;
    this.fStart = Number.isFinite(f0) ? f0 : Number.POSITIVE_INFINITY;
    const name = getOptimizer(row.optimizer)?.name ?? row.optimizer;
    const { axes, settings: used } = plan.value;
    this.shown = {
      plan: plan.value,
      theory: heavyBallTheory(row, lambdaMax),
      title: `${s.optimizers.indexOf(row) + 1}. ${name}: ${METRIC_NAMES[used.metric]} over ${axes.map((a) => a.name).join(' × ')}`,
    };
    this.problem = null;
    this.entry = maps.want(this.slot, plan.value.job);
    this.drawnDone = -1;
    this.request();
  }

  private drop(problem: string): void {
    this.problem = problem;
    this.shown = null;
    this.entry = maps.want(this.slot, null);
    this.request();
  }

  private request(): void {
    this.frame.request();
  }

  /** The map's rectangle in CSS pixels within the pane (as last drawn). */
  private plotRect(): Rect {
    return this.rect;
  }

  /**
   * Lays out the text lines (wrapped to the pane) and the map: the text at the top left, or under the
   * pane's legend when it does not fit beside it; the map under both, the margins around it.
   */
  private layout(g: CanvasRenderingContext2D, texts: readonly [string, string][], w: number, h: number) {
    const m = SWEEP_MARGIN;
    // The pane's legend card (it asks to be kept clear), relative to the pane.
    const host = this.host.getBoundingClientRect();
    let clearLeft = w;
    let clearBottom = 0;
    for (const el of this.host.querySelectorAll<HTMLElement>('[data-keep-clear]')) {
      if (el.hidden) continue;
      const b = el.getBoundingClientRect();
      if (b.width === 0) continue;
      clearLeft = Math.min(clearLeft, b.left - host.left);
      clearBottom = Math.max(clearBottom, b.bottom - host.top);
    }
    const wrapAt = (width: number) =>
      texts.flatMap(([font, text]) => {
        g.font = font;
        return wrap(g, text, width).map((line): [string, string] => [font, line]);
      });
    let lines = wrapAt(clearLeft - 16);
    let top = 0;
    if (clearBottom > 0 && (lines.length > texts.length || clearLeft < 120)) {
      lines = wrapAt(w - 16);
      top = clearBottom;
    }
    const textBottom = top + 6 + 15 * lines.length;
    // The colour legend's name sits above the ramp, level with the map's top: 16 px under the card.
    const y = Math.max(textBottom + 8, clearBottom + 20, m.top);
    this.across = w < NARROW;
    const right = this.across ? 12 : m.right;
    const bottom = this.across ? m.bottom + ACROSS_ROOM : m.bottom;
    this.rect = {
      x: m.left,
      y,
      w: Math.max(1, w - m.left - right),
      h: Math.max(1, h - y - bottom),
    };
    return { lines, top };
  }

  /**
   * The map's cells as an n × m image (cell (i, j) at column i, row m − 1 − j) with the colour scale
   * and whether any cell has a value; remade only when cells arrive or the metric or cap changes.
   */
  private cells(
    map: MapResult,
    settings: SweepSettings,
  ): { image: HTMLCanvasElement; scale: ColourScale; finite: boolean } {
    const key = [map, map.done, settings.metric, this.fStart];
    const cached = this.cellCache;
    if (cached && key.every((v, k) => v === cached.key[k])) return cached;
    const values = new Float64Array(map.n * map.m);
    let finite = false;
    for (let c = 0; c < values.length; c++) {
      values[c] = map.known[c] ? sweepValue(map, c, settings.metric) : Number.NaN;
      finite ||= Number.isFinite(values[c]!);
    }
    const scale = colourScale(values, settings.metric, this.fStart);
    const image = cached?.image ?? document.createElement('canvas');
    image.width = map.n;
    image.height = map.m;
    const g = image.getContext('2d');
    if (g) {
      const pixels = g.createImageData(map.n, map.m);
      for (let i = 0; i < map.n; i++) {
        for (let j = 0; j < map.m; j++) {
          const c = map.coarseSource(i, j);
          const o = 4 * ((map.m - 1 - j) * map.n + i);
          paintCell(pixels.data, o, map.known[c] === 1, values[c]!, map.cells.status[c]!, scale);
        }
      }
      g.putImageData(pixels, 0, 0);
    }
    this.cellCache = { key, image, scale, finite };
    return this.cellCache;
  }

  /** Draws the pane at `scale` × the device pixel ratio. */
  private draw(scale: number): void {
    const w = Math.max(1, this.host.clientWidth);
    const h = Math.max(1, this.host.clientHeight);
    const ratio = Math.min(window.devicePixelRatio || 1, 2) * scale;
    // Setting a canvas's size clears and reallocates it: only when the size changes (not per hover).
    const width = Math.round(w * ratio);
    const height = Math.round(h * ratio);
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const g = this.canvas.getContext('2d');
    this.frames++;
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.font = '12px system-ui, sans-serif';
    g.fillStyle = '#222';
    g.textBaseline = 'alphabetic';
    // The canvas is not cleared by a resize any more: what the last draw left set, back to defaults.
    g.textAlign = 'start';
    const shown = this.shown;
    const entry = this.entry;
    if (!shown || this.problem) {
      g.fillText(this.problem ?? 'Hyperparameter map', 12, 24, w - 24);
      this.canvas.setAttribute('aria-label', `Hyperparameter map: ${this.problem ?? 'nothing to show'}`);
      return;
    }
    const { plan } = shown;
    const { axes, scales, settings } = plan;
    const texts: [string, string][] = [
      ['600 12px system-ui, sans-serif', shown.title],
      ...this.subtitle(entry, shown).map((t): [string, string] => ['11px system-ui, sans-serif', t]),
    ];
    const { lines, top } = this.layout(g, texts, w, h);
    const r = this.plotRect();
    g.textBaseline = 'alphabetic';
    lines.forEach(([font, line], k) => {
      g.font = font;
      g.fillStyle = k === 0 ? '#222' : '#444';
      g.fillText(line, 8, top + 16 + 15 * k);
    });
    const map = entry?.map ?? null;
    const data = map ? this.cells(map, settings) : null;
    if (map && data) {
      // One texel per cell, scaled up without smoothing: sharp cells, no seams.
      g.imageSmoothingEnabled = false;
      g.drawImage(data.image, r.x, r.y, r.w, r.h);
      g.imageSmoothingEnabled = true;
      this.drawnDone = entry?.done ?? -1;
      this.legend(g, data.scale, r, data.finite);
    } else {
      g.fillStyle = PENDING_COLOUR;
      g.fillRect(r.x, r.y, r.w, r.h);
    }
    g.strokeStyle = '#444';
    g.lineWidth = 1;
    g.strokeRect(r.x + 0.5, r.y + 0.5, r.w, r.h);
    this.axes(g, axes, scales, r);
    g.save();
    g.beginPath();
    g.rect(r.x, r.y, r.w, r.h);
    g.clip();
    if (shown.theory) this.theory(g, shown, r);
    this.marker(g, shown, r);
    if (this.hover && map) {
      g.strokeStyle = '#fff';
      g.lineWidth = 2;
      const cw = r.w / map.n;
      const ch = r.h / map.m;
      g.strokeRect(r.x + this.hover.i * cw, r.y + r.h - (this.hover.j + 1) * ch, cw, ch);
    }
    g.restore();
    this.canvas.setAttribute(
      'aria-label',
      `Hyperparameter map: ${shown.title}; ${this.subtitle(entry, shown).join('; ')}`,
    );
  }

  /** The lines under the title: progress (or the error), then the theory drawn on a quadratic. */
  private subtitle(entry: MapEntry | null, shown: Shown): string[] {
    if (!entry) return [];
    if (entry.error) return [entry.error];
    const total = entry.total || 1;
    const progress = entry.finished
      ? `${total} runs from (${shown.plan.job.start.join(', ')}); hover a cell for its value, click it to load it`
      : `computing… ${Math.round((100 * entry.done) / total)} %`;
    if (!shown.theory) return [progress];
    return [
      progress,
      `Quadratic, λ = ${short(shown.theory.lambda)}: white dashes, stability edge lr·λ = 2(1 + β); pink, critical damping β = (1 − √(lr·λ))²`,
    ];
  }

  /** Tick values of an axis: powers of ten on a log axis (1, 2, 5 between when it spans few decades). */
  private ticks(axis: Axis, scale: Scale, room: number): number[] {
    const lo = axis.values[0]!;
    const hi = axis.values[axis.values.length - 1]!;
    if (scale === 'log') {
      const decades = powersOfTen(lo, hi);
      const every = Math.max(1, Math.ceil(decades.length / Math.max(2, room / 50)));
      return decades.length >= 2 ? decades.filter((_, k) => k % every === 0) : [lo, hi];
    }
    return axisTicks(lo, hi, Math.max(2, Math.floor(room / 60)));
  }

  private axes(g: CanvasRenderingContext2D, axes: readonly Axis[], scales: readonly Scale[], r: Rect): void {
    g.fillStyle = '#333';
    g.strokeStyle = '#444';
    g.font = '11px system-ui, sans-serif';
    const [a, b] = axes;
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const t of this.ticks(a!, scales[0]!, r.w)) {
      const x = r.x + axisPosition(a!.values, scales[0]!, t) * r.w;
      g.beginPath();
      g.moveTo(x, r.y + r.h);
      g.lineTo(x, r.y + r.h + 4);
      g.stroke();
      g.fillText(formatTick(t), x, r.y + r.h + 6);
    }
    g.fillText(`${a!.name} (${scales[0]})`, r.x + r.w / 2, r.y + r.h + 22);
    if (!b) return;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const t of this.ticks(b, scales[1]!, r.h)) {
      const y = r.y + r.h - axisPosition(b.values, scales[1]!, t) * r.h;
      g.beginPath();
      g.moveTo(r.x - 4, y);
      g.lineTo(r.x, y);
      g.stroke();
      g.fillText(formatTick(t), r.x - 6, y);
    }
    g.save();
    g.translate(12, r.y + r.h / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText(`${b.name} (${scales[1]})`, 0, 0);
    g.restore();
  }

  /**
   * The colour legend: right of the map, upright (a wide pane), or under it, across (a narrow one):
   * the ramp with its values, its name, then the special colours.
   */
  private legend(g: CanvasRenderingContext2D, sc: ColourScale, r: Rect, finite: boolean): void {
    const across = this.across;
    // The ramp runs from `start` (u = 0) for `length` pixels; u = 1 is up (upright) or right (across).
    const length = across ? Math.max(40, Math.min(r.w, r.w - 90)) : Math.max(40, r.h - 44);
    // Across, the special colours go right of the ramp when they fit, else under its labels.
    const besideRamp = !across || length + 90 <= r.w;
    const x = across ? r.x : r.x + r.w + LEGEND.gap;
    const y = across ? r.y + r.h + 52 : r.y;
    const at = (u: number): [number, number] => (across ? [x + u * length, y] : [x, y + length - u * length]);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    g.textAlign = 'left';
    if (sc.metric === 'diverged') {
      const rows: [string, string][] = [
        [cellColour(1, DIVERGED, sc), 'diverged'],
        [cellColour(0, CONVERGED, sc), 'did not'],
      ];
      rows.forEach(([colour, text], k) => {
        if (across) this.swatch(g, x + 90 * k, y + 5, colour, text);
        else this.swatch(g, x, y + 8 + 18 * k, colour, text);
      });
      return;
    }
    const special: [string, string][] = [[DIVERGED_COLOUR, 'diverged']];
    if (sc.metric === 'steps') special.push([UNCONVERGED_COLOUR, 'not conv.']);
    if (!finite) {
      // No cell has a value (none converged, or all diverged): no ramp, only what the colours are.
      special.forEach(([colour, text], k) => {
        if (across) this.swatch(g, x + 90 * k, y + 5, colour, text);
        else this.swatch(g, x, y + 8 + 18 * k, colour, text);
      });
      return;
    }
    const steps = 64;
    for (let k = 0; k < steps; k++) {
      g.fillStyle = cellColour(scaleValue((k + 0.5) / steps, sc), CONVERGED, sc);
      const [px, py] = at((k + 1) / steps);
      if (across) g.fillRect(px - length / steps, y, length / steps + 1, LEGEND.width);
      else g.fillRect(px, py, LEGEND.width, length / steps + 1);
    }
    g.strokeStyle = '#444';
    if (across) g.strokeRect(x + 0.5, y + 0.5, length, LEGEND.width);
    else g.strokeRect(x + 0.5, y + 0.5, LEGEND.width, length);
    g.fillStyle = '#333';
    // final f: ticks at whole decades of f − fmin; steps: round numbers.
    const room = Math.floor(length / (across ? 44 : 22));
    const ticks =
      sc.metric === 'final_f'
        ? powersOfTen(sc.eps * 10, sc.hi - sc.lo + sc.eps).map((d) => sc.lo + d)
        : axisTicks(sc.lo, sc.hi, Math.max(2, Math.floor(room / 2)));
    if (across) {
      g.textAlign = 'center';
      g.textBaseline = 'top';
    }
    // Labels at least a label's room apart (the lowest first).
    const gap = across ? 44 : 18;
    let last = Number.NEGATIVE_INFINITY;
    for (const v of ticks) {
      const u = scalePosition(v, sc);
      if ((u - last) * length < gap) continue;
      last = u;
      const [px, py] = at(u);
      const label = sc.metric === 'final_f' ? `+${formatTick(v - sc.lo)}` : formatTick(v);
      if (across) g.fillText(label, Math.max(x + 16, px), y + LEGEND.width + 3);
      else g.fillText(label, x + LEGEND.width + 4, py);
    }
    const header = sc.metric === 'final_f' ? `f − ${formatTick(Number(sc.lo.toPrecision(3)))}` : 'steps';
    g.textAlign = 'left';
    g.textBaseline = 'bottom';
    g.fillText(across ? `colour: ${header}` : header, across ? x : x - 4, y - 2);
    special.forEach(([colour, text], k) => {
      if (!across) this.swatch(g, x, y + length + 12 + 16 * k, colour, text);
      else if (besideRamp) this.swatch(g, x + length + 12, y + 5 + 16 * k, colour, text);
      else this.swatch(g, x + 84 * k, y + 34, colour, text);
    });
  }

  private swatch(g: CanvasRenderingContext2D, x: number, y: number, colour: string, text: string): void {
    g.fillStyle = colour;
    g.fillRect(x, y - 5, LEGEND.width, 10);
    g.fillStyle = '#333';
    g.textBaseline = 'middle';
    g.textAlign = 'left';
    g.fillText(text, x + LEGEND.width + 4, y);
  }

  /** Heavy ball on a quadratic: the stability edge (dashed white) and critical damping (pink). */
  private theory(g: CanvasRenderingContext2D, shown: Shown, r: Rect): void {
    const { axes, scales } = shown.plan;
    const [a, b] = axes;
    const theory = shown.theory!;
    if (a!.name !== 'lr') return;
    const px = (lr: number) => r.x + axisPosition(a!.values, scales[0]!, lr) * r.w;
    const py = (v: number) => r.y + r.h - axisPosition(b!.values, scales[1]!, v) * r.h;
    // The edge: white dashes over a dark line, visible on light and dark cells alike.
    g.beginPath();
    if (b?.name === 'momentum') {
      const lo = b.values[0]!;
      const hi = b.values[b.values.length - 1]!;
      for (let k = 0; k <= 60; k++) {
        const beta = lo + ((hi - lo) * k) / 60;
        const x = px(stabilityEdge(theory.lambda, beta));
        k === 0 ? g.moveTo(x, py(beta)) : g.lineTo(x, py(beta));
      }
    } else {
      const x = px(stabilityEdge(theory.lambda, theory.momentum));
      g.moveTo(x, r.y);
      g.lineTo(x, r.y + r.h);
    }
    g.lineWidth = 3.5;
    g.strokeStyle = 'rgba(0, 0, 0, 0.55)';
    g.stroke();
    g.lineWidth = 2;
    g.strokeStyle = '#fff';
    g.setLineDash([6, 4]);
    g.stroke();
    g.setLineDash([]);
    if (b?.name !== 'momentum') return;
    g.strokeStyle = '#ff4fa3';
    g.beginPath();
    const lo = a!.values[0]!;
    const hi = a!.values[a!.values.length - 1]!;
    let first = true;
    for (let k = 0; k <= 80; k++) {
      const lr = scales[0] === 'log' ? lo * (hi / lo) ** (k / 80) : lo + ((hi - lo) * k) / 80;
      if (lr * theory.lambda > 1) break;
      const beta = criticalMomentum(lr, theory.lambda);
      first ? g.moveTo(px(lr), py(beta)) : g.lineTo(px(lr), py(beta));
      first = false;
    }
    g.stroke();
  }

  /** The row's own setting, ringed (when it lies on the map). */
  private marker(g: CanvasRenderingContext2D, shown: Shown, r: Rect): void {
    const s = this.last?.s;
    const row = s?.optimizers.find((e) => e.key === shown.plan.entry.key);
    if (!s || !row) return;
    const paramOf = (name: string) => (name === 'steps' ? s.steps : row.params[name]);
    const [a, b] = shown.plan.axes;
    const va = paramOf(a!.name);
    const vb = b ? paramOf(b.name) : 0;
    if (typeof va !== 'number' || typeof vb !== 'number') return;
    const u = axisPosition(a!.values, shown.plan.scales[0]!, va);
    const v = b ? axisPosition(b.values, shown.plan.scales[1]!, vb) : 0.5;
    if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return;
    const x = r.x + u * r.w;
    const y = r.y + r.h - v * r.h;
    for (const [colour, width] of [
      ['#000', 4],
      ['#fff', 2],
    ] as const) {
      g.strokeStyle = colour;
      g.lineWidth = width;
      g.beginPath();
      g.arc(x, y, 6, 0, 2 * Math.PI);
      g.stroke();
    }
  }

  /** The cell under a pointer event, or null off the map. */
  private cellOf(e: MouseEvent): { i: number; j: number } | null {
    const map = this.entry?.map;
    if (!map || !this.shown) return null;
    const box = this.canvas.getBoundingClientRect();
    const r = this.plotRect();
    const u = (e.clientX - box.left - r.x) / r.w;
    const v = 1 - (e.clientY - box.top - r.y) / r.h;
    if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return null;
    return { i: cellAt(u, map.n), j: cellAt(v, map.m) };
  }

  private pointer(e: PointerEvent): void {
    const cell = this.cellOf(e);
    const map = this.entry?.map;
    const shown = this.shown;
    if (!cell || !map || !shown) {
      this.leave();
      return;
    }
    this.canvas.style.cursor = 'crosshair';
    const c = cell.i * map.m + cell.j;
    const { axes, settings } = shown.plan;
    const setting = axes.map((a, k) => `${a.name} ${short(a.values[k === 0 ? cell.i : cell.j]!)}`);
    let value: string;
    if (!map.known[c]) value = 'computing…';
    else {
      const status = map.cells.status[c]!;
      const v = sweepValue(map, c, settings.metric);
      const what =
        status === DIVERGED
          ? `diverged at step ${map.cells.steps[c]}`
          : status === CONVERGED
            ? `converged in ${map.cells.steps[c]} steps`
            : `still moving after ${map.cells.steps[c]} steps`;
      value =
        settings.metric === 'final_f'
          ? `final f ${Number.isFinite(v) ? short(v) : '—'} (${what})`
          : settings.metric === 'steps'
            ? `${Number.isFinite(v) ? `${v} steps` : 'no steps'} (${what})`
            : what;
    }
    this.readout.textContent = `${setting.join(', ')}: ${value}`;
    this.readout.hidden = false;
    const box = this.canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    // Beside the pointer, on the side with room.
    const left =
      x + 14 + this.readout.offsetWidth > box.width ? Math.max(4, x - 14 - this.readout.offsetWidth) : x + 14;
    this.readout.style.left = `${left}px`;
    this.readout.style.top = `${Math.max(4, y - 30)}px`;
    if (!this.hover || this.hover.i !== cell.i || this.hover.j !== cell.j) {
      this.hover = cell;
      this.request();
    }
  }

  private leave(): void {
    this.canvas.style.cursor = '';
    this.readout.hidden = true;
    if (this.hover) {
      this.hover = null;
      this.request();
    }
  }

  private click(e: MouseEvent): void {
    const cell = this.cellOf(e);
    const shown = this.shown;
    if (!cell || !shown) return;
    this.events.onApply?.(applyCell(shown.plan.axes, shown.plan.entry.key, cell.i, cell.j));
  }

  plotBox(): [number, number][] | null {
    const b = this.canvas.getBoundingClientRect();
    if (b.width === 0 || !this.shown) return null;
    const r = this.plotRect();
    return rectCorners(b.left + r.x, b.top + r.y, b.left + r.x + r.w, b.top + r.y + r.h);
  }

  snapshot(scale = 1): HTMLCanvasElement {
    return snapshotCanvas(this.canvas, (k) => this.draw(k), scale);
  }

  dispose(): void {
    this.frame.cancel();
    for (const off of this.unsubscribe) off();
    maps.want(this.slot, null);
    this.resizeObserver.disconnect();
    this.box.remove();
  }
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** `text` in lines of at most `width` pixels in `g`'s font, broken at spaces (a word longer stays whole). */
function wrap(g: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
