/**
 * The network landscape view (issue 16): a Playground dataset, a small network, several optimizers
 * from the same initial weights, and their paths on one plane through weight space — filter-normalised
 * random directions (Li et al. 2018) or the PCA of the paths — over the loss sampled there. Beside it,
 * the decision boundary of the selected run at the current step and the train/test loss curves.
 *
 * Loaded lazily (`import('./ui/landscape-view.ts')`): nothing here ships with the explorer. The work
 * runs in a worker (app/landscape-job.ts); this file only draws. Everything shown is text or canvas
 * pixels: no user text is ever parsed as HTML.
 */
import './landscape.css';
import { colormapTable, getColormap, TRAIL_PALETTE } from '../app/colormaps.ts';
import { LandscapeJob } from '../app/landscape-job.ts';
import { DATASETS } from '../core/nn/datasets.ts';
import {
  decisionGrid,
  EXPERIMENT_LIMITS,
  type ExperimentResult,
  type ExperimentSpec,
  PLANES,
} from '../core/nn/experiment.ts';
import { ACTIVATIONS, type Activation, Mlp } from '../core/nn/mlp.ts';
import { OPTIMIZERS } from '../core/optimizers/index.ts';
import { webglAvailable } from '../scene/view.ts';
import { type LandscapeKind, LandscapeSurface } from './landscape-surface.ts';

/** The runs a new view starts with (the book's comparison, figure 6-9's four optimizers). */
const DEFAULT_RUNS = [
  { optimizer: 'sgd', lr: 0.3 },
  { optimizer: 'momentum', lr: 0.05 },
  { optimizer: 'adagrad', lr: 0.1 },
  { optimizer: 'adam', lr: 0.02 },
];

/** Input square of the datasets (Playground's ±6). */
const EXTENT = 6;
/** Decision-boundary resolution. */
const BOUNDARY_N = 64;

const VIRIDIS = colormapTable(getColormap('viridis')!);

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = el('label', 'nl-field');
  label.append(el('span', undefined, text), control);
  return label;
}

function select(options: readonly string[], value: string): HTMLSelectElement {
  const s = el('select');
  for (const o of options) {
    const option = el('option', undefined, o);
    option.value = o;
    s.append(option);
  }
  s.value = value;
  return s;
}

function numberInput(value: number, min: number, max: number, step: number): HTMLInputElement {
  const i = el('input');
  i.type = 'number';
  i.value = String(value);
  i.min = String(min);
  i.max = String(max);
  i.step = String(step);
  return i;
}

export class LandscapeView {
  readonly element = el('section', 'nl');
  private readonly job = new LandscapeJob();
  private readonly dataset = select(
    DATASETS.map((d) => d.id),
    'xor',
  );
  private readonly noise = numberInput(0.1, 0, 0.5, 0.05);
  private readonly points = numberInput(200, 4, 2000, 10);
  private readonly hidden = el('input');
  private readonly activation = select(ACTIVATIONS, 'tanh');
  private readonly steps = numberInput(300, 1, EXPERIMENT_LIMITS.steps, 50);
  private readonly batch = numberInput(0, 0, 2000, 1);
  private readonly plane = select(PLANES, 'pca');
  private readonly gridN = numberInput(31, 2, EXPERIMENT_LIMITS.n, 2);
  private readonly seed = numberInput(1, 0, 2 ** 31, 1);
  private readonly runRows: { optimizer: HTMLSelectElement; lr: HTMLInputElement; on: HTMLInputElement }[] =
    [];
  private readonly go = el('button', 'nl-go', 'Train and map');
  private readonly status = el('p', 'nl-status');
  private readonly progress = el('progress');
  private readonly slider = el('input');
  private readonly stepLabel = el('span', 'nl-step');
  private readonly selected = el('select');
  /** The 2-D heatmap, drawn only where WebGL is missing (the shader's surface replaces it otherwise). */
  private readonly surface = el('canvas', 'nl-canvas');
  /** Where the explorer's surface (3-D or 2-D) is drawn. */
  private readonly surfaceHost = el('div', 'nl-surface');
  private readonly kind = select(['3d', '2d'], '3d');
  private readonly play = el('button', 'nl-play', '▶');
  private playing = 0;
  private scene: LandscapeSurface | null = null;
  private readonly gl = webglAvailable();
  private readonly offPlane = el('canvas', 'nl-canvas');
  private readonly boundary = el('canvas', 'nl-canvas');
  private readonly curves = el('canvas', 'nl-canvas');
  private readonly legend = el('ul', 'nl-legend');
  private result: ExperimentResult | null = null;
  private net: Mlp | null = null;
  private step = 0;
  private frame = 0;

  constructor(container: HTMLElement, onClose: () => void) {
    this.element.setAttribute('aria-label', 'Network loss landscape');
    const header = el('header', 'nl-header');
    const close = el('button', 'nl-close', '×');
    close.title = 'Close';
    close.addEventListener('click', onClose);
    // Keys typed here are this view's: the explorer's shortcuts (space, arrows, R, Ctrl+Z) stay out
    // of it; Esc closes it.
    this.element.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') onClose();
    });
    header.append(el('h2', undefined, 'A real network’s loss landscape'), close);

    this.hidden.value = '8, 8';
    this.hidden.title = 'hidden layer widths, comma-separated';
    this.batch.title = '0 = full batch';
    const form = el('form', 'nl-form');
    form.noValidate = true; // the core checks every field and says what is wrong
    form.append(
      labelled('data', this.dataset),
      labelled('noise', this.noise),
      labelled('points', this.points),
      labelled('hidden', this.hidden),
      labelled('activation', this.activation),
      labelled('steps', this.steps),
      labelled('batch', this.batch),
      labelled('plane', this.plane),
      labelled('grid n', this.gridN),
      labelled('seed', this.seed),
    );
    const runs = el('fieldset', 'nl-runs');
    runs.append(el('legend', undefined, 'optimizers (same initial weights)'));
    DEFAULT_RUNS.forEach((r, i) => {
      const on = el('input');
      on.type = 'checkbox';
      on.checked = true;
      const optimizer = select(
        OPTIMIZERS.map((o) => o.id),
        r.optimizer,
      );
      const lr = numberInput(r.lr, 0, 10, 0.001);
      lr.title = 'lr';
      const row = el('div', 'nl-run');
      const swatch = el('span', 'nl-swatch');
      swatch.style.background = TRAIL_PALETTE[i]!;
      row.append(on, swatch, optimizer, lr);
      runs.append(row);
      this.runRows.push({ optimizer, lr, on });
    });
    form.append(runs, this.go);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start();
    });
    this.go.type = 'submit';
    this.progress.max = 1;
    this.progress.value = 0;
    this.progress.hidden = true;

    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.max = '0';
    this.slider.value = '0';
    this.slider.setAttribute('aria-label', 'step');
    this.slider.addEventListener('input', () => this.setStep(Number(this.slider.value)));
    this.selected.setAttribute('aria-label', 'run whose decision boundary is shown');
    this.selected.addEventListener('change', () => this.schedule());
    const transport = el('div', 'nl-transport');
    this.play.type = 'button';
    this.play.setAttribute('aria-label', 'play the steps');
    this.play.addEventListener('click', () => this.togglePlay());
    this.kind.setAttribute('aria-label', 'surface in 3-D or 2-D');
    this.kind.addEventListener('change', () => this.rebuildScene());
    transport.append(
      el('span', undefined, 'step'),
      this.play,
      this.slider,
      this.stepLabel,
      this.selected,
      this.kind,
    );

    const figures = el('div', 'nl-figures');
    const figure = (title: string, canvas: HTMLCanvasElement) => {
      const f = el('figure', 'nl-figure');
      f.append(canvas, el('figcaption', undefined, title));
      return f;
    };
    const surfaceFigure = el('figure', 'nl-figure nl-surface-figure');
    surfaceFigure.append(
      this.gl ? this.surfaceHost : this.surface,
      el(
        'figcaption',
        undefined,
        'log₁₀ loss on the plane θ₀ + α·d₁ + β·d₂ (α → x, β → y); paths by least squares, draped on it',
      ),
    );
    figures.append(
      surfaceFigure,
      figure('decision boundary of the selected run (train ●, test ○)', this.boundary),
      figure('train (solid) and test (dashed) loss', this.curves),
      figure('distance of each path off the plane, by step', this.offPlane),
    );
    this.element.append(header, form, this.progress, this.status, transport, figures, this.legend);
    container.append(this.element);
    for (const c of [this.surface, this.boundary, this.curves]) {
      c.width = 320;
      c.height = 320;
    }
    this.curves.width = 320;
    this.offPlane.width = 320;
    this.offPlane.height = 160;
    // The renderer and the surface shader are made now, while nothing is computing, so that a
    // result arriving costs only its mesh.
    this.rebuildScene();
    this.go.focus();
  }

  /** The surface's view: a new one for the chosen kind (3-D or 2-D), fed the current result. */
  private rebuildScene(): void {
    if (!this.gl) return;
    this.scene?.dispose();
    this.scene = new LandscapeSurface(this.surfaceHost, this.kind.value as LandscapeKind);
    if (this.result === null) return;
    this.scene.setResult(this.result, (id) => this.colourOf(id));
    this.scene.setStep(this.step);
  }

  /** A new result on the scene made when the view opened (its renderer and shaders are ready by then). */
  private showOnScene(): void {
    if (this.scene === null) this.rebuildScene();
    else if (this.result !== null) this.scene.setResult(this.result, (id) => this.colourOf(id));
  }

  private togglePlay(): void {
    if (this.playing !== 0) {
      this.stopPlay();
      return;
    }
    if (this.result === null) return;
    const last = Number(this.slider.max);
    if (this.step >= last) this.setStep(0);
    this.play.textContent = '❚❚';
    let previous = performance.now();
    const tick = (now: number) => {
      // About 60 steps a second, whatever the frame rate.
      const advance = Math.max(1, Math.round((now - previous) / 16));
      previous = now;
      const next = Math.min(last, this.step + advance);
      this.setStep(next);
      this.playing = next >= last ? 0 : requestAnimationFrame(tick);
      if (this.playing === 0) this.play.textContent = '▶';
    };
    this.playing = requestAnimationFrame(tick);
  }

  private stopPlay(): void {
    if (this.playing !== 0) cancelAnimationFrame(this.playing);
    this.playing = 0;
    this.play.textContent = '▶';
  }

  /** Each run's colour: its row's swatch, whichever rows are switched on. */
  private readonly colours = new Map<string, string>();

  private colourOf(id: string): string {
    return this.colours.get(id) ?? TRAIL_PALETTE[0]!;
  }

  private readSpec(): ExperimentSpec | string {
    const widths = this.hidden.value
      .split(/[\s,]+/)
      .filter((t) => t !== '')
      .map(Number);
    if (!widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 64) || widths.length > 6) {
      return 'hidden widths: up to 6 integers from 1 to 64, e.g. "8, 8"';
    }
    const runs = this.runRows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.on.checked)
      .map(({ r, i }) => {
        const id = `${i + 1}: ${r.optimizer.value}`;
        this.colours.set(id, TRAIL_PALETTE[i % TRAIL_PALETTE.length]!);
        return { r, id };
      })
      .map(({ r, id }) => ({
        id,
        optimizer: r.optimizer.value,
        params: { lr: Number(r.lr.value) },
      }));
    const batch = Number(this.batch.value);
    return {
      dataset: this.dataset.value,
      noise: Number(this.noise.value),
      points: Number(this.points.value),
      trainFraction: 0.5,
      seed: Number(this.seed.value),
      layers: [2, ...widths, 1],
      activation: this.activation.value as Activation,
      steps: Number(this.steps.value),
      ...(batch > 0 ? { batch } : {}),
      runs,
      plane: this.plane.value as ExperimentSpec['plane'],
      n: Number(this.gridN.value),
    };
  }

  /** When the last result was asked for and arrived (performance.now()): the worker's time, for tests. */
  computed: { readonly start: number; readonly end: number } | null = null;

  /** Counts requests, so that a superseded one neither shows its result nor hides the progress bar. */
  private generation = 0;

  private async start(): Promise<void> {
    const spec = this.readSpec();
    if (typeof spec === 'string') {
      this.status.textContent = spec;
      return;
    }
    const generation = ++this.generation;
    this.status.textContent = 'training…';
    this.progress.hidden = false;
    this.progress.value = 0;
    try {
      const started = performance.now();
      const result = await this.job.run(spec, (fraction, phase) => {
        this.progress.value = phase === 'train' ? fraction * 0.5 : 0.5 + fraction * 0.5;
        this.status.textContent = phase === 'train' ? 'training…' : 'sampling the plane…';
      });
      this.computed = { start: started, end: performance.now() };
      if (generation === this.generation) this.show(spec, result);
    } catch (e) {
      if (generation === this.generation) this.status.textContent = (e as Error).message;
    } finally {
      if (generation === this.generation) this.progress.hidden = true;
    }
  }

  private show(spec: ExperimentSpec, result: ExperimentResult): void {
    this.result = result;
    this.net = new Mlp({ layers: spec.layers, activation: spec.activation });
    const longest = Math.max(...result.paths.map((p) => p.loss.length - 1));
    this.slider.max = String(longest);
    this.selected.replaceChildren(
      ...result.paths.map((p, i) => {
        const o = el('option', undefined, p.id);
        o.value = String(i);
        return o;
      }),
    );
    const explained = result.explained
      ? ` — PCA explains ${(100 * result.explained[0]).toFixed(1)} % + ${(100 * result.explained[1]).toFixed(1)} % of the paths' variance`
      : ' — filter-normalised random directions';
    const n = result.alpha.length;
    const range = (v: Float64Array) => `[${v[0]!.toPrecision(3)}, ${v[n - 1]!.toPrecision(3)}]`;
    this.status.textContent =
      `${this.net.dim} parameters, ${result.train.n} train / ${result.test.n} test points${explained}; ` +
      `α ∈ ${range(result.alpha)}, β ∈ ${range(result.beta)}`;
    if (this.gl) this.showOnScene();
    else this.drawSurfaceBase();
    this.setStep(longest);
  }

  private setStep(step: number): void {
    this.step = step;
    this.slider.value = String(step);
    this.stepLabel.textContent = String(step);
    this.scene?.setStep(step);
    this.schedule();
  }

  /** One redraw per animation frame however many inputs arrive. */
  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private surfaceImage: ImageBitmap | HTMLCanvasElement | null = null;

  /** The loss grid as a log-scaled viridis image (α to the right, β up), drawn once per result. */
  private drawSurfaceBase(): void {
    const r = this.result!;
    const n = r.alpha.length;
    const logs = Array.from(r.loss, (v) => Math.log(Math.max(v, 1e-12)));
    const finite = logs.filter(Number.isFinite).sort((a, b) => a - b);
    const lo = finite[0] ?? 0;
    const hi = finite[Math.floor(0.99 * (finite.length - 1))] ?? 1;
    const image = new ImageData(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const t = Math.min(1, Math.max(0, (logs[i * n + j]! - lo) / (hi - lo || 1)));
        const k = Math.min(255, Math.floor(t * 256));
        const px = ((n - 1 - j) * n + i) * 4;
        image.data.set(
          Number.isFinite(logs[i * n + j]!) ? VIRIDIS.subarray(4 * k, 4 * k + 4) : [255, 255, 255, 255],
          px,
        );
      }
    }
    const canvas = document.createElement('canvas');
    canvas.width = n;
    canvas.height = n;
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    this.surfaceImage = canvas;
  }

  private draw(): void {
    const r = this.result;
    if (r === null || this.net === null) return;
    if (!this.gl) this.drawSurface(r);
    this.drawBoundary(r);
    this.drawCurves(r);
    this.drawOffPlane(r);
    this.legend.replaceChildren(
      ...r.paths.map((p) => {
        const k = Math.min(this.step, p.loss.length - 1);
        const li = el('li');
        const swatch = el('span', 'nl-swatch');
        swatch.style.background = this.colourOf(p.id);
        const diverged = p.divergedAt === null ? '' : ` — stopped at step ${p.divergedAt}`;
        li.append(
          swatch,
          el(
            'span',
            undefined,
            `${p.id}: train ${p.loss[k]!.toPrecision(4)}, test ${p.testLoss[k]!.toPrecision(4)}, ` +
              `(α, β) = (${p.coords[2 * k]!.toFixed(3)}, ${p.coords[2 * k + 1]!.toFixed(3)}), ` +
              `off the plane ${p.distance[k]!.toPrecision(3)}${diverged}`,
          ),
        );
        return li;
      }),
    );
  }

  private drawSurface(r: ExperimentResult): void {
    const ctx = this.surface.getContext('2d')!;
    const { width: w, height: h } = this.surface;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.surfaceImage!, 0, 0, w, h);
    const n = r.alpha.length;
    const a0 = r.alpha[0]!;
    const a1 = r.alpha[n - 1]!;
    const b0 = r.beta[0]!;
    const b1 = r.beta[n - 1]!;
    // Pixel centres: sample i sits at the centre of image column i.
    const x = (a: number) => (((a - a0) / (a1 - a0) + 0.5 / (n - 1)) * (w * (n - 1))) / n;
    const y = (b: number) => h - (((b - b0) / (b1 - b0) + 0.5 / (n - 1)) * (h * (n - 1))) / n;
    r.paths.forEach((p) => {
      const colour = this.colourOf(p.id);
      const last = Math.min(this.step, p.loss.length - 1);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let k = 0; k <= last; k++) {
        const px = x(p.coords[2 * k]!);
        const py = y(p.coords[2 * k + 1]!);
        if (k === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.arc(x(p.coords[2 * last]!), y(p.coords[2 * last + 1]!), 4, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.strokeStyle = '#fff';
    ctx.beginPath();
    ctx.arc(x(0), y(0), 5, 0, 2 * Math.PI);
    ctx.stroke();
  }

  private drawBoundary(r: ExperimentResult): void {
    const net = this.net!;
    const index = Number(this.selected.value) || 0;
    const path = r.paths[index];
    if (path === undefined) return;
    const k = Math.min(this.step, path.loss.length - 1);
    const theta = path.params.subarray(k * net.dim, (k + 1) * net.dim);
    const grid = decisionGrid(net, theta, -EXTENT, EXTENT, BOUNDARY_N);
    const image = new ImageData(BOUNDARY_N, BOUNDARY_N);
    for (let q = 0; q < grid.length; q++) {
      // Playground's colours: orange (class 0) through white to blue (class 1).
      const t = grid[q]!;
      const c = t < 0.5 ? [245, 147, 34] : [8, 119, 189];
      const s = Math.abs(t - 0.5) * 2;
      image.data.set([255 + (c[0]! - 255) * s, 255 + (c[1]! - 255) * s, 255 + (c[2]! - 255) * s, 255], 4 * q);
    }
    const tile = document.createElement('canvas');
    tile.width = BOUNDARY_N;
    tile.height = BOUNDARY_N;
    tile.getContext('2d')!.putImageData(image, 0, 0);
    const ctx = this.boundary.getContext('2d')!;
    const { width: w, height: h } = this.boundary;
    ctx.drawImage(tile, 0, 0, w, h);
    const dot = (set: typeof r.train, filled: boolean) => {
      for (let i = 0; i < set.n; i++) {
        const px = ((set.x[2 * i]! + EXTENT) / (2 * EXTENT)) * w;
        const py = ((EXTENT - set.x[2 * i + 1]!) / (2 * EXTENT)) * h;
        ctx.beginPath();
        ctx.arc(px, py, 3, 0, 2 * Math.PI);
        const colour = set.y[i] === 1 ? '#0877bd' : '#f59322';
        ctx.fillStyle = filled ? colour : '#fff';
        ctx.strokeStyle = filled ? '#fff' : colour;
        ctx.fill();
        ctx.stroke();
      }
    };
    dot(r.train, true);
    dot(r.test, false);
  }

  private drawCurves(r: ExperimentResult): void {
    const ctx = this.curves.getContext('2d')!;
    const { width: w, height: h } = this.curves;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    const all = r.paths.flatMap((p) => [...p.loss, ...p.testLoss]).filter((v) => v > 0 && Number.isFinite(v));
    if (all.length === 0) return;
    const lo = Math.log(Math.min(...all));
    const hi = Math.log(Math.max(...all));
    const steps = Math.max(1, Number(this.slider.max));
    const x = (k: number) => 30 + ((w - 40) * k) / steps;
    const y = (v: number) => h - 20 - ((h - 30) * (Math.log(v) - lo)) / (hi - lo || 1);
    r.paths.forEach((p) => {
      ctx.strokeStyle = this.colourOf(p.id);
      for (const [series, dash] of [
        [p.loss, []],
        [p.testLoss, [4, 3]],
      ] as const) {
        ctx.setLineDash(dash);
        ctx.beginPath();
        for (const [k, v] of series.entries()) {
          if (k === 0) ctx.moveTo(x(k), y(v));
          else ctx.lineTo(x(k), y(v));
        }
        ctx.stroke();
      }
    });
    ctx.setLineDash([]);
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.4)';
    ctx.beginPath();
    ctx.moveTo(x(this.step), 10);
    ctx.lineTo(x(this.step), h - 20);
    ctx.stroke();
    ctx.fillStyle = '#5b6270';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(Math.exp(hi).toPrecision(3), 2, 12);
    ctx.fillText(Math.exp(lo).toPrecision(3), 2, h - 22);
    ctx.fillText(`step ${steps}`, w - 60, h - 6);
  }

  /** Each path's distance off the plane by step (linear, from 0). */
  private drawOffPlane(r: ExperimentResult): void {
    const ctx = this.offPlane.getContext('2d')!;
    const { width: w, height: h } = this.offPlane;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    const top = Math.max(...r.paths.flatMap((p) => Array.from(p.distance).filter(Number.isFinite)), 0);
    const steps = Math.max(1, Number(this.slider.max));
    const x = (k: number) => 30 + ((w - 40) * k) / steps;
    const y = (v: number) => h - 20 - ((h - 30) * v) / (top || 1);
    r.paths.forEach((p) => {
      ctx.strokeStyle = this.colourOf(p.id);
      ctx.beginPath();
      for (const [k, v] of p.distance.entries()) {
        if (k === 0) ctx.moveTo(x(k), y(v));
        else ctx.lineTo(x(k), y(v));
      }
      ctx.stroke();
    });
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.4)';
    ctx.beginPath();
    ctx.moveTo(x(this.step), 10);
    ctx.lineTo(x(this.step), h - 20);
    ctx.stroke();
    ctx.fillStyle = '#5b6270';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(top.toPrecision(3), 2, 12);
    ctx.fillText('0', 2, h - 22);
    ctx.fillText(`step ${steps}`, w - 60, h - 6);
  }

  /** The surface's scene (tests: its trails and GPU memory). */
  get surfaceScene(): LandscapeSurface | null {
    return this.scene;
  }

  dispose(): void {
    this.stopPlay();
    this.scene?.dispose();
    this.job.cancel();
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.element.remove();
  }
}

/** The lazily loaded entry: opens the view in `root`; returns it (call `dispose()` to close). */
export function openLandscapeView(root: HTMLElement): LandscapeView {
  const view: LandscapeView = new LandscapeView(root, () => view.dispose());
  return view;
}
