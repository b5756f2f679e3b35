/**
 * "Tune" on an optimizer row (issue 15; loaded on the first click): the row's best learning rate for
 * the current function, start and steps (`app/tune-run.ts`, on the worker pool: 19 rates from 10⁻⁵ to
 * 10, log, then two refinements; the metric chosen here — final f, or steps to the tolerance), drawn
 * as its tuning curve (metric against lr, log; the best rate ringed, the row's own lr a grey line,
 * failed rates red ticks along the top), and "apply best lr" for this row. A change of the function,
 * start, steps or the row's other parameters cancels a tune in flight; removing the row ends it.
 */
import '../maps.css';
import type GUI from 'lil-gui';
import * as A from '../../app/actions.ts';
import { paramValue } from '../../app/format.ts';
import type { AppState } from '../../app/state.ts';
import { axisTicks, formatTick, powersOfTen } from '../../app/ticks.ts';
import { curveScale, type TuneRun, tuneInputs, tuneInputsMemo, tuneOnWorkers } from '../../app/tune-run.ts';
import type { Metric, TuneCurve } from '../../core/batch/tune.ts';
import type { PanelContext } from './kit.ts';

const METRIC_TEXT: Readonly<Record<Metric, string>> = { final_f: 'final f', steps: 'steps to tolerance' };
const short = (v: number): string => paramValue(Number(v.toPrecision(4)));
/** The curve's canvas height and margins (CSS pixels); its width follows the panel. */
const H = 150;
const M = { left: 44, right: 10, top: 10, bottom: 30 } as const;

/** One row's tune section, made on the row's first "tune". */
class RowTune {
  readonly element = document.createElement('div');
  private readonly status = document.createElement('div');
  private readonly canvas = document.createElement('canvas');
  private readonly metric = document.createElement('select');
  private readonly apply = document.createElement('button');
  private run: TuneRun | null = null;
  private inputs = '';
  private curve: TuneCurve | null = null;
  /** The row's inputs to a tune, recomputed only when their sources change (not per playback step). */
  private readonly inputsOf = tuneInputsMemo();
  /** The row's lr and the metric the curve was last drawn with: a redraw only when one changes. */
  private drawn: { lr: unknown; metric: string } | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly folder: GUI,
    private readonly key: number,
    private readonly ctx: PanelContext,
  ) {
    this.element.className = 'tune-row';
    this.status.className = 'maps-status';
    this.status.setAttribute('role', 'status');
    for (const [value, text] of Object.entries(METRIC_TEXT))
      this.metric.add(new Option(`metric: ${text}`, value));
    this.metric.setAttribute('aria-label', 'tune metric');
    this.metric.addEventListener('change', () => this.start());
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Tuning curve');
    this.canvas.style.cssText = `display:block;width:100%;height:${H}px;background:#fff;border-radius:3px`;
    this.canvas.hidden = true;
    this.apply.type = 'button';
    this.apply.textContent = 'apply best lr';
    this.apply.disabled = true;
    this.apply.addEventListener('click', () => {
      const c = this.curve;
      if (c && c.best >= 0) ctx.store.set((s) => A.setOptimizerParam(s, key, 'lr', c.lr[c.best]!));
    });
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'close';
    close.setAttribute('aria-label', 'close the tune');
    close.addEventListener('click', () => this.dispose());
    const buttons = document.createElement('div');
    buttons.className = 'tune-row-buttons';
    buttons.append(this.metric, this.apply, close);
    this.element.append(this.status, this.canvas, buttons);
    // Right under the row's "tune lr" button.
    const anchor = folder.controllers.find((c) => c.property === 'tune')?.domElement;
    if (anchor) anchor.after(this.element);
    else folder.$children.append(this.element);
    this.unsubscribe = ctx.store.subscribe((s) => this.follow(s));
  }

  /** Starts (or restarts) the tune with the row as it is now. */
  start(): void {
    this.run?.cancel();
    const s = this.ctx.store.state;
    const entry = s.optimizers.find((e) => e.key === this.key);
    if (!entry) {
      this.dispose();
      return;
    }
    const metric = this.metric.value as Metric;
    this.inputs = tuneInputs(s, entry);
    this.curve = null;
    this.apply.disabled = true;
    this.status.textContent = `tuning lr by ${METRIC_TEXT[metric]}…`;
    const run = tuneOnWorkers(s, entry, metric, (curve, done, most) => {
      if (this.run !== run) return;
      this.curve = curve;
      this.status.textContent = `tuning lr by ${METRIC_TEXT[metric]}… ${done} of at most ${most} runs`;
      this.draw();
    });
    this.run = run;
    void run.outcome.then((outcome) => {
      if (this.run !== run) return;
      this.run = null;
      if (!outcome.ok) {
        this.status.textContent = outcome.error === 'cancelled' ? 'tune cancelled' : outcome.error;
        return;
      }
      const c = outcome.curve;
      this.curve = c;
      this.apply.disabled = c.best < 0;
      this.status.textContent =
        c.best >= 0
          ? `best lr ${short(c.lr[c.best]!)} by ${METRIC_TEXT[metric]} (${short(c.value[c.best]!)}) of ${c.lr.length} rates`
          : `every one of ${c.lr.length} rates diverged${metric === 'steps' ? ' or did not converge' : ''}`;
      this.draw();
    });
  }

  /** A stale tune (function, start, steps, the row's other parameters changed) is cancelled. */
  private follow(s: AppState): void {
    const entry = s.optimizers.find((e) => e.key === this.key);
    // The row was removed, or rebuilt for a new type (its folder gone).
    if (!entry || !this.folder.domElement.isConnected) {
      this.dispose();
      return;
    }
    if (this.inputsOf(s, entry) === this.inputs) {
      const d = this.drawn;
      if (this.curve && (d === null || d.lr !== entry.params.lr || d.metric !== this.metric.value))
        this.draw();
      return;
    }
    if (this.run) {
      this.run.cancel();
      this.run = null;
      this.status.textContent = 'tune cancelled: the scene changed (tune again)';
    } else if (this.curve) this.status.textContent = 'the scene changed since this tune (tune again)';
    this.apply.disabled = true;
  }

  /** The tuning curve: the metric against lr (log), the best ringed, the row's lr a grey line. */
  private draw(): void {
    const c = this.curve;
    if (!c || c.lr.length === 0) return;
    this.canvas.hidden = false;
    const w = Math.max(120, this.canvas.clientWidth || 220);
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    this.canvas.width = Math.round(w * ratio);
    this.canvas.height = Math.round(H * ratio);
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, H);
    const metric = this.metric.value as Metric;
    const sc = curveScale(c.value, metric === 'final_f');
    const pw = w - M.left - M.right;
    const ph = H - M.top - M.bottom;
    const lo = Math.log10(c.lr[0]!);
    const hi = Math.log10(c.lr[c.lr.length - 1]!);
    const px = (lr: number) => M.left + ((Math.log10(lr) - lo) / (hi - lo || 1)) * pw;
    const py = (v: number) => M.top + ph - (((sc.log ? Math.log10(v) : v) - sc.lo) / (sc.hi - sc.lo)) * ph;
    g.font = '10px system-ui, sans-serif';
    g.fillStyle = '#333';
    g.strokeStyle = '#e3e5ea';
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const t of powersOfTen(c.lr[0]!, c.lr[c.lr.length - 1]!).filter(
      (_, k, all) => all.length < 6 || k % 2 === 0,
    )) {
      g.fillText(formatTick(t), px(t), M.top + ph + 4);
    }
    g.fillText(`lr (log) → ${METRIC_TEXT[metric]}`, M.left + pw / 2, M.top + ph + 16);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    const vt = sc.log ? powersOfTen(10 ** sc.lo, 10 ** sc.hi).map(Math.log10) : axisTicks(sc.lo, sc.hi, 3);
    const every = Math.max(1, Math.ceil(vt.length / 4));
    vt.filter((_, k) => k % every === 0).forEach((t) => {
      const y = M.top + ph - ((t - sc.lo) / (sc.hi - sc.lo)) * ph;
      g.beginPath();
      g.moveTo(M.left, y);
      g.lineTo(M.left + pw, y);
      g.stroke();
      g.fillText(formatTick(sc.log ? Number((10 ** t).toPrecision(2)) : t), M.left - 4, y);
    });
    g.strokeStyle = '#5b6270';
    g.strokeRect(M.left, M.top, pw, ph);
    // The row's own lr now.
    const own = this.ctx.store.state.optimizers.find((e) => e.key === this.key)?.params.lr;
    this.drawn = { lr: own, metric };
    if (typeof own === 'number' && own >= c.lr[0]! && own <= c.lr[c.lr.length - 1]!) {
      g.strokeStyle = '#9aa0aa';
      g.setLineDash([3, 3]);
      g.beginPath();
      g.moveTo(px(own), M.top);
      g.lineTo(px(own), M.top + ph);
      g.stroke();
      g.setLineDash([]);
    }
    g.strokeStyle = '#2a6fdb';
    g.lineWidth = 1.5;
    g.beginPath();
    let pen = false;
    c.lr.forEach((lr, k) => {
      const v = c.value[k]!;
      const ok = Number.isFinite(v) && (!sc.log || v > 0);
      if (!ok) {
        pen = false;
        return;
      }
      pen ? g.lineTo(px(lr), py(v)) : g.moveTo(px(lr), py(v));
      pen = true;
    });
    g.stroke();
    g.lineWidth = 1;
    g.fillStyle = '#c0392b';
    c.lr.forEach((lr, k) => {
      if (!Number.isFinite(c.value[k]!)) g.fillRect(px(lr) - 1, M.top + 1, 2, 6);
    });
    if (c.best >= 0) {
      const x = px(c.lr[c.best]!);
      const v = c.value[c.best]!;
      const y = sc.log && !(v > 0) ? M.top + ph : py(v);
      g.strokeStyle = '#000';
      g.fillStyle = '#e69f00';
      g.beginPath();
      g.arc(x, y, 4.5, 0, 2 * Math.PI);
      g.fill();
      g.stroke();
    }
    this.canvas.setAttribute(
      'aria-label',
      `Tuning curve: ${METRIC_TEXT[metric]} against lr over ${c.lr.length} rates${c.best >= 0 ? `, best lr ${short(c.lr[c.best]!)}` : ''}`,
    );
  }

  dispose(): void {
    this.run?.cancel();
    this.run = null;
    this.unsubscribe();
    this.element.remove();
    tunes.delete(this.folder);
  }
}

const tunes = new Map<GUI, RowTune>();

/** Tunes row `key` (its section under the row's controls, made on first use) and opens the row. */
export function tuneRow(folder: GUI, key: number, ctx: PanelContext): void {
  let tune = tunes.get(folder);
  if (!tune) {
    tune = new RowTune(folder, key, ctx);
    tunes.set(folder, tune);
  }
  folder.open();
  tune.start();
  tune.element.scrollIntoView({ block: 'nearest' });
}
