/**
 * The maps' own view (loaded on first use): a box over the panes holding a hyperparameter heatmap
 * (canvas 2-D, no WebGL, like the chart pane) or a tuning curve. The heatmap's cell (i, j) is the run
 * at the first axis's i-th value (left to right) and the second's j-th (bottom to top); its colour is
 * the metric on a viridis ramp (log of final f − min + ε for "final f"), diverged cells dark red with a
 * cross, unfinished (for "steps") grey. Clicking a cell hands its setting back. On a quadratic (a
 * constant Hessian) the theory is drawn over the map: SGD's stability edge lr·λmax = 2(1 + β) and
 * heavy-ball momentum's critical damping β* = (1 − √(lr·λmax))².
 */
import type { MapResult } from '../app/batch-pool.ts';
import type { Axis } from '../core/batch/cases.ts';
import { CONVERGED, DIVERGED } from '../core/batch/status.ts';
import { criticalMomentum } from '../core/curvature.ts';

export type SweepMetric = 'final_f' | 'steps' | 'diverged';

/** The metric of cell c (NaN: no value — diverged, or not converged for "steps"). */
export function sweepValue(map: MapResult, c: number, metric: SweepMetric): number {
  const status = map.cells.status[c]!;
  if (metric === 'diverged') return status === DIVERGED ? 1 : 0;
  if (status === DIVERGED) return Number.NaN;
  if (metric === 'steps') return status === CONVERGED ? map.cells.steps[c]! : Number.NaN;
  return map.cells.f[c]!;
}

const W = 300;
const H = 240;
const M = { left: 46, right: 10, top: 22, bottom: 34 };

export interface SweepShown {
  readonly map: MapResult;
  readonly axes: readonly Axis[];
  readonly scales: readonly ('log' | 'linear')[];
  readonly metric: SweepMetric;
  readonly title: string;
  /** λmax of a quadratic f (constant Hessian), else null. */
  readonly lambdaMax: number | null;
  readonly optimizer: string;
  /** The row's momentum when it is not an axis (SGD's stability edge). */
  readonly momentum: number;
}

export class MapsBox {
  readonly element = document.createElement('section');
  private readonly heading = document.createElement('h2');
  readonly canvas = document.createElement('canvas');
  private readonly note = document.createElement('p');
  private onPick: ((i: number, j: number) => void) | null = null;
  private sweep: SweepShown | null = null;

  constructor(host: HTMLElement) {
    this.element.className = 'maps-box';
    this.element.setAttribute('aria-label', 'Map of many runs');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'maps-close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close the map');
    close.addEventListener('click', () => this.hide());
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = W * dpr;
    this.canvas.height = H * dpr;
    this.canvas.style.width = `${W}px`;
    this.canvas.style.height = `${H}px`;
    this.canvas.addEventListener('click', (e) => this.click(e));
    this.element.append(close, this.heading, this.canvas, this.note);
    this.element.hidden = true;
    host.append(this.element);
  }

  hide(): void {
    this.element.hidden = true;
  }

  private ctx(): CanvasRenderingContext2D {
    const g = this.canvas.getContext('2d')!;
    const dpr = this.canvas.width / W;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, W, H);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#222';
    return g;
  }

  /** Draws (or redraws, as cells arrive) a sweep's heatmap. */
  showSweep(shown: SweepShown, note: string, onPick: (i: number, j: number) => void): void {
    this.sweep = shown;
    this.onPick = onPick;
    this.element.hidden = false;
    this.heading.textContent = shown.title;
    this.note.textContent = note;
    const { map, axes, metric } = shown;
    const g = this.ctx();
    const pw = W - M.left - M.right;
    const ph = H - M.top - M.bottom;
    const values: number[] = [];
    for (let c = 0; c < map.n * map.m; c++)
      values.push(map.known[c] ? sweepValue(map, c, metric) : Number.NaN);
    const logF = metric === 'final_f';
    const finite = values.filter(Number.isFinite);
    const lo = finite.length ? Math.min(...finite) : 0;
    const hi = finite.length ? Math.max(...finite) : 1;
    const t = (v: number) => {
      if (metric === 'diverged') return v;
      if (logF) return hi > lo ? Math.log10(v - lo + 1e-12 * (1 + Math.abs(lo))) : 0;
      return hi > lo ? (v - lo) / (hi - lo) : 0;
    };
    const tLo = logF ? Math.log10(1e-12 * (1 + Math.abs(lo))) : 0;
    const tHi = logF ? Math.log10(hi - lo + 1e-12 * (1 + Math.abs(lo))) : 1;
    const cw = pw / map.n;
    const ch = ph / map.m;
    for (let i = 0; i < map.n; i++) {
      for (let j = 0; j < map.m; j++) {
        const c = map.coarseSource(i, j);
        const x = M.left + i * cw;
        const y = M.top + ph - (j + 1) * ch;
        if (!map.known[c]) {
          g.fillStyle = '#eee';
        } else if (map.cells.status[c] === DIVERGED && metric !== 'diverged') {
          g.fillStyle = '#5a0d0d';
        } else if (!Number.isFinite(values[c]!)) {
          g.fillStyle = '#9a9a9a';
        } else {
          const u = metric === 'diverged' ? values[c]! : tHi > tLo ? (t(values[c]!) - tLo) / (tHi - tLo) : 0;
          g.fillStyle = cssOf(metric === 'diverged' ? (u > 0 ? 0.05 : 0.85) : Math.min(1, Math.max(0, u)));
        }
        g.fillRect(x, y, Math.ceil(cw + 0.5), Math.ceil(ch + 0.5));
      }
    }
    this.drawAxes(g, axes, shown.scales, pw, ph);
    this.drawTheory(g, shown, pw, ph);
  }

  private drawAxes(
    g: CanvasRenderingContext2D,
    axes: readonly Axis[],
    scales: readonly ('log' | 'linear')[],
    pw: number,
    ph: number,
  ): void {
    g.strokeStyle = '#444';
    g.strokeRect(M.left, M.top, pw, ph);
    g.fillStyle = '#222';
    const a = axes[0]!;
    const fmt = (v: number) =>
      Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2)
        ? v.toExponential(0)
        : String(Number(v.toPrecision(3)));
    g.textAlign = 'left';
    g.fillText(fmt(a.values[0]!), M.left, H - M.bottom + 13);
    g.textAlign = 'right';
    g.fillText(fmt(a.values[a.values.length - 1]!), M.left + pw, H - M.bottom + 13);
    g.textAlign = 'center';
    g.fillText(`${a.name} (${scales[0]})`, M.left + pw / 2, H - 6);
    const b = axes[1];
    if (b) {
      g.textAlign = 'right';
      g.fillText(fmt(b.values[0]!), M.left - 4, M.top + ph);
      g.fillText(fmt(b.values[b.values.length - 1]!), M.left - 4, M.top + 9);
      g.save();
      g.translate(12, M.top + ph / 2);
      g.rotate(-Math.PI / 2);
      g.textAlign = 'center';
      g.fillText(`${b.name} (${scales[1]})`, 0, 0);
      g.restore();
    }
  }

  /** Position of a value along an axis in [0, 1] (cell centres: first at ½/n, last at 1 − ½/n). */
  private along(axis: Axis, scale: 'log' | 'linear', v: number): number {
    const n = axis.values.length;
    const lo = axis.values[0]!;
    const hi = axis.values[n - 1]!;
    const r = scale === 'log' ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
    return (0.5 + r * (n - 1)) / n;
  }

  private drawTheory(g: CanvasRenderingContext2D, s: SweepShown, pw: number, ph: number): void {
    if (s.lambdaMax === null || !(s.lambdaMax > 0) || s.optimizer !== 'sgd') return;
    const [a, b] = s.axes;
    if (a?.name !== 'lr') return;
    const lam = s.lambdaMax;
    g.save();
    g.beginPath();
    g.rect(M.left, M.top, pw, ph);
    g.clip();
    g.lineWidth = 2;
    const px = (lr: number) => M.left + this.along(a, s.scales[0]!, lr) * pw;
    const py = (v: number) => M.top + ph - this.along(b!, s.scales[1]!, v) * ph;
    // Stability edge: lr·λmax = 2(1 + β).
    g.strokeStyle = '#fff';
    g.setLineDash([5, 3]);
    g.beginPath();
    if (b && b.name === 'momentum') {
      for (let k = 0; k <= 40; k++) {
        const beta = b.values[0]! + ((b.values[b.values.length - 1]! - b.values[0]!) * k) / 40;
        const lr = (2 * (1 + beta)) / lam;
        k === 0 ? g.moveTo(px(lr), py(beta)) : g.lineTo(px(lr), py(beta));
      }
    } else {
      const x = px((2 * (1 + s.momentum)) / lam);
      g.moveTo(x, M.top);
      g.lineTo(x, M.top + ph);
    }
    g.stroke();
    if (b && b.name === 'momentum') {
      // Critical damping β*(lr) = (1 − √(lr·λmax))², for lr·λmax ≤ 1.
      g.strokeStyle = '#ff4fa3';
      g.setLineDash([]);
      g.beginPath();
      let first = true;
      for (let k = 0; k <= 60; k++) {
        const lr = a.values[0]! * (a.values[a.values.length - 1]! / a.values[0]!) ** (k / 60);
        if (lr * lam > 1) break;
        const beta = criticalMomentum(lr, lam);
        first ? g.moveTo(px(lr), py(beta)) : g.lineTo(px(lr), py(beta));
        first = false;
      }
      g.stroke();
    }
    g.restore();
  }

  private click(e: MouseEvent): void {
    const s = this.sweep;
    if (!s || !this.onPick) return;
    const r = this.canvas.getBoundingClientRect();
    const pw = W - M.left - M.right;
    const ph = H - M.top - M.bottom;
    const x = ((e.clientX - r.left) / r.width) * W - M.left;
    const y = ((e.clientY - r.top) / r.height) * H - M.top;
    if (x < 0 || y < 0 || x >= pw || y >= ph) return;
    const i = Math.min(s.map.n - 1, Math.floor((x / pw) * s.map.n));
    const j = Math.min(s.map.m - 1, Math.floor(((ph - y) / ph) * s.map.m));
    this.onPick(i, j);
  }

  /** A tuning curve: the metric against lr (log), the best rate marked; failed rates as ticks at the top. */
  showTune(title: string, lr: readonly number[], value: readonly number[], best: number, note: string): void {
    this.sweep = null;
    this.onPick = null;
    this.element.hidden = false;
    this.heading.textContent = title;
    this.note.textContent = note;
    const g = this.ctx();
    const pw = W - M.left - M.right;
    const ph = H - M.top - M.bottom;
    const finite = value.filter(Number.isFinite);
    const lo = Math.log10(lr[0]!);
    const hi = Math.log10(lr[lr.length - 1]!);
    const vlo = finite.length ? Math.min(...finite) : 0;
    const vhi = finite.length ? Math.max(...finite) : 1;
    const px = (v: number) => M.left + ((Math.log10(v) - lo) / (hi - lo || 1)) * pw;
    const py = (v: number) => M.top + ph - ((v - vlo) / (vhi - vlo || 1)) * ph;
    g.strokeStyle = '#444';
    g.strokeRect(M.left, M.top, pw, ph);
    g.strokeStyle = '#2a6fdb';
    g.lineWidth = 1.5;
    g.beginPath();
    let pen = false;
    lr.forEach((r, k) => {
      const v = value[k]!;
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      pen ? g.lineTo(px(r), py(v)) : g.moveTo(px(r), py(v));
      pen = true;
    });
    g.stroke();
    g.fillStyle = '#b00';
    lr.forEach((r, k) => {
      if (!Number.isFinite(value[k]!)) g.fillRect(px(r) - 1, M.top + 1, 2, 6);
    });
    if (best >= 0) {
      g.fillStyle = '#e69f00';
      g.beginPath();
      g.arc(px(lr[best]!), py(value[best]!), 4, 0, 2 * Math.PI);
      g.fill();
    }
    g.fillStyle = '#222';
    g.textAlign = 'left';
    g.fillText(lr[0]!.toExponential(0), M.left, H - M.bottom + 13);
    g.textAlign = 'right';
    g.fillText(lr[lr.length - 1]!.toExponential(0), M.left + pw, H - M.bottom + 13);
    g.fillText(Number(vhi.toPrecision(3)).toString(), M.left - 4, M.top + 9);
    g.fillText(Number(vlo.toPrecision(3)).toString(), M.left - 4, M.top + ph);
    g.textAlign = 'center';
    g.fillText('lr (log)', M.left + pw / 2, H - 6);
  }
}

function cssOf(u: number): string {
  // Viridis at five stops, linearly between them (enough for a 300-pixel map).
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = u * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  const r = x - k;
  const c = [0, 1, 2].map((q) => Math.round(stops[k]![q]! * (1 - r) + stops[k + 1]![q]! * r));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
