/**
 * The network landscape view (issue 16): a Playground dataset, a small network, several optimizers
 * from the same initial weights, and their paths on one plane through weight space — filter-normalised
 * random directions (Li et al. 2018) or the PCA of the paths — over the loss sampled there. Beside it,
 * the decision boundary of the selected run at the current step and the train/test loss curves.
 *
 * The surface is drawn as the explorer draws f: its colormaps, colour scale, contours, wireframe,
 * fill, height and 2-D/3-D, with the explorer's own field codecs behind every control (`NET_*_FIELDS`
 * in app/landscape-link.ts, which spread `VIEW_FIELDS`): a typed value the codec cannot use marks its
 * field `aria-invalid` with the reason under it, as the explorer's panel does. What is shown is kept
 * in the page's link (`#nn=1&…`), and exported as a PNG (surface, legend, boundary, curves, caption)
 * or as JSON the command line can check (app/landscape-export.ts).
 *
 * Loaded lazily (`import('./ui/landscape-view.ts')`): nothing here ships with the explorer. The work
 * runs in a worker (app/landscape-job.ts); this file only draws. Everything shown is text or canvas
 * pixels: no user text is ever parsed as HTML.
 */
import './landscape.css';
import { COLORMAPS, colormapTable, getColormap } from '../app/colormaps.ts';
import type { Field } from '../app/fields.ts';
import { landscapeExport } from '../app/landscape-export.ts';
import { LandscapeJob } from '../app/landscape-job.ts';
import {
  decodeNetLink,
  defaultNetConfig,
  encodeNetLink,
  NET_LR_FIELD,
  NET_SETUP_FIELDS,
  NET_VIEW_FIELDS,
  type NetConfig,
  type NetRun,
  type NetSetup,
  type NetView,
  runId,
  runProblem,
  specOf,
} from '../app/landscape-link.ts';
import { colorPosition } from '../app/ticks.ts';
import { typeColor } from '../app/trail-colors.ts';
import { DATASETS, getDataset } from '../core/nn/datasets.ts';
import {
  decisionGrid,
  type ExperimentPath,
  type ExperimentResult,
  type ExperimentSpec,
  PLANES,
} from '../core/nn/experiment.ts';
import { ACTIVATIONS, Mlp } from '../core/nn/mlp.ts';
import { OPTIMIZERS } from '../core/optimizers/index.ts';
import { webglAvailable } from '../scene/view.ts';
import { download } from './exporter.ts';
import { FieldError } from './field-error.ts';
import { LandscapeSurface } from './landscape-surface.ts';

/** Input square of the datasets (Playground's ±6). */
const EXTENT = 6;
/** Decision-boundary resolution. */
const BOUNDARY_N = 64;

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

function labelled(text: string, ...controls: HTMLElement[]): HTMLLabelElement {
  const label = el('label', 'nl-field');
  label.append(el('span', undefined, text), ...controls);
  return label;
}

/** A select of `options` (value → shown name), named for assistive technology. */
function select(
  options: readonly (readonly [string, string])[],
  value: string,
  aria: string,
): HTMLSelectElement {
  const s = el('select');
  for (const [v, name] of options) {
    const option = el('option', undefined, name);
    option.value = v;
    s.append(option);
  }
  s.value = value;
  s.setAttribute('aria-label', aria);
  return s;
}

const same = (list: readonly string[]) => list.map((v) => [v, v] as const);

/** The codec's note without its " — ignored / set to …" tail: a typed value is not applied at all. */
const reason = (note: string) => note.replace(/ — [^—]*$/, '');

/**
 * A typed field read through its field's codec (the link's own): a value the codec notes a problem
 * with is not used, and the field shows why (`FieldError`: `aria-invalid`, `aria-describedby`).
 */
class CodecInput<T> {
  readonly input = el('input');
  readonly label: HTMLLabelElement;
  private readonly error: FieldError;

  constructor(
    text: string,
    private readonly field: Field<T>,
    value: T,
    aria: string,
    private readonly check: (v: T) => string | null = () => null,
  ) {
    this.input.type = 'text';
    this.input.inputMode = 'decimal';
    this.input.autocomplete = 'off';
    this.input.spellcheck = false;
    this.input.setAttribute('aria-label', aria);
    const range = field.control;
    if (range) this.input.title = `${range.min} to ${range.max}`;
    this.set(value);
    this.label = labelled(text, this.input);
    this.error = new FieldError(this.input, this.input);
  }

  set(value: T): void {
    this.input.value = this.field.codec.write(value, this.field.default);
  }

  /** The typed value, or undefined with the reason shown under the field. */
  read(): T | undefined {
    const notes: string[] = [];
    const value = this.field.codec.read(this.input.value.trim(), (n) => notes.push(n), this.field.default);
    const problem =
      notes.length > 0 ? reason(notes[0]!) : value === undefined ? 'not a value' : this.check(value);
    this.error.show(problem);
    return problem === null ? value : undefined;
  }
}

/** One optimizer row's controls. */
interface RunRow {
  readonly on: HTMLInputElement;
  readonly optimizer: HTMLSelectElement;
  readonly lr: CodecInput<number>;
}

/** How the view opens: a link's configuration (and what of it was ignored), run at once or not. */
export interface LandscapeOptions {
  readonly config?: NetConfig;
  readonly ignored?: readonly string[];
  /** Train and map as soon as the view opens (a link reopens on its result). */
  readonly run?: boolean;
  /** Called with the link (`nn=1&…`, no `#`) of what the view shows, whenever that changes. */
  readonly onLink?: (hash: string) => void;
}

export class LandscapeView {
  readonly element = el('section', 'nl');
  private readonly job = new LandscapeJob();
  // ---- the experiment's fields, each read through its codec (app/landscape-link.ts) ----
  private readonly dataset: HTMLSelectElement;
  private readonly noise: CodecInput<number>;
  private readonly points: CodecInput<number>;
  private readonly hidden: CodecInput<readonly number[]>;
  private readonly activation: HTMLSelectElement;
  private readonly steps: CodecInput<number>;
  private readonly batch: CodecInput<number>;
  private readonly plane: HTMLSelectElement;
  private readonly gridN: CodecInput<number>;
  private readonly seed: CodecInput<number>;
  private readonly runRows: RunRow[] = [];
  private readonly swatches: HTMLElement[] = [];

  /** Each run row's swatch in the explorer's colours: its type's hue, a duplicate of a type shaded. */
  private paintSwatches(): void {
    const seen = new Map<string, number>();
    this.runRows.forEach((row, i) => {
      const id = row.optimizer.value;
      const nth = seen.get(id) ?? 0;
      seen.set(id, nth + 1);
      const swatch = this.swatches[i];
      if (swatch) swatch.style.background = typeColor(id, nth);
    });
  }
  // ---- how the surface is drawn ----
  private look: NetView;
  private readonly colormap: HTMLSelectElement;
  private readonly colorScale: HTMLSelectElement;
  private readonly height: HTMLSelectElement;
  private readonly contours: CodecInput<number>;
  private readonly exaggeration: CodecInput<number>;
  private readonly wireframe = el('input');
  private readonly filled = el('input');
  private readonly kind: HTMLSelectElement;
  private readonly go = el('button', 'nl-go', 'Train and map');
  private readonly status = el('p', 'nl-status');
  private readonly notes = el('div', 'nl-notes');
  private readonly progress = el('progress');
  private readonly slider = el('input');
  private readonly stepLabel = el('span', 'nl-step');
  private readonly selected = el('select');
  /** The 2-D heatmap, drawn only where WebGL is missing (the shader's surface replaces it otherwise). */
  private readonly surface = el('canvas', 'nl-canvas');
  /** Where the explorer's surface (3-D or 2-D) is drawn. */
  private readonly surfaceHost = el('div', 'nl-surface');
  private readonly play = el('button', 'nl-play', '▶');
  private readonly exports = el('div', 'nl-exports');
  private playing = 0;
  private scene: LandscapeSurface | null = null;
  private readonly gl = webglAvailable();
  private readonly offPlane = el('canvas', 'nl-canvas');
  private readonly boundary = el('canvas', 'nl-canvas');
  private readonly curves = el('canvas', 'nl-canvas');
  private readonly legend = el('ul', 'nl-legend');
  private result: ExperimentResult | null = null;
  /** The configuration whose result is shown (its setup and runs; the view is `look`). */
  private shown: NetConfig | null = null;
  private net: Mlp | null = null;
  private step = 0;
  private frame = 0;
  private readonly onLink: (hash: string) => void;

  constructor(container: HTMLElement, onClose: () => void, options: LandscapeOptions = {}) {
    const config = options.config ?? defaultNetConfig();
    this.onLink = options.onLink ?? (() => undefined);
    this.look = config.view;
    this.element.setAttribute('aria-label', 'Network loss landscape');
    const header = el('header', 'nl-header');
    const close = el('button', 'nl-close', '×');
    close.title = 'Close';
    close.setAttribute('aria-label', 'close the network view');
    close.addEventListener('click', onClose);
    // Keys typed here are this view's: the explorer's shortcuts (space, arrows, R, Ctrl+Z) stay out
    // of it; Esc closes it.
    this.element.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') onClose();
    });
    header.append(el('h2', undefined, 'A real network’s loss landscape'), close);

    // ---- the experiment ----
    const s = config.setup;
    const F = NET_SETUP_FIELDS;
    this.dataset = select(
      DATASETS.map((d) => [d.id, d.id] as const),
      s.dataset,
      'dataset',
    );
    this.noise = new CodecInput('noise', F.noise, s.noise, 'noise');
    this.points = new CodecInput('points', F.points, s.points, 'points (half train, half test)');
    this.hidden = new CodecInput('hidden', F.hidden, s.hidden, 'hidden layer widths, comma-separated');
    this.hidden.input.inputMode = 'text';
    this.activation = select(same(ACTIVATIONS), s.activation, 'activation');
    this.steps = new CodecInput('steps', F.steps, s.steps, 'training steps');
    this.batch = new CodecInput('batch', F.batch, s.batch, 'minibatch size, 0 for full batch');
    this.batch.input.title = '0 = full batch';
    this.plane = select(same(PLANES), s.plane, 'plane: PCA of the paths or filter-normalised random');
    this.gridN = new CodecInput('grid n', F.n, s.n, 'grid points per side');
    this.seed = new CodecInput('seed', F.seed, s.seed, 'seed');
    const form = el('form', 'nl-form');
    form.noValidate = true; // the codecs check every field and say what is wrong
    form.append(
      labelled('data', this.dataset),
      this.noise.label,
      this.points.label,
      this.hidden.label,
      labelled('activation', this.activation),
      this.steps.label,
      this.batch.label,
      labelled('plane', this.plane),
      this.gridN.label,
      this.seed.label,
    );
    const runs = el('fieldset', 'nl-runs');
    runs.append(el('legend', undefined, 'optimizers (same initial weights)'));
    runs.append(...config.runs.map((r, i) => this.runRow(r, i)));
    form.append(runs, this.go);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start();
    });
    this.go.type = 'submit';
    this.progress.max = 1;
    this.progress.value = 0;
    this.progress.hidden = true;
    this.status.setAttribute('role', 'status');
    this.notes.hidden = true;
    if (options.ignored && options.ignored.length > 0) this.showNotes(options.ignored);

    // ---- the step ----
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
    transport.append(el('span', undefined, 'step'), this.play, this.slider, this.stepLabel, this.selected);

    // ---- how the surface is drawn: the explorer's view fields ----
    const V = NET_VIEW_FIELDS;
    const v = config.view;
    this.colormap = select(
      COLORMAPS.map((c) => [c.id, c.name] as const),
      v.colormap,
      'colormap',
    );
    this.colorScale = select(same(['linear', 'log']), v.colorScale, 'colour scale');
    this.height = select(
      [
        ['log', 'log₁₀ loss'],
        ['linear', 'loss'],
      ],
      v.height,
      'height: log₁₀ of the loss or the loss',
    );
    this.contours = new CodecInput('contours', V.contours, v.contours, 'number of contour lines');
    this.exaggeration = new CodecInput('height ×', V.exaggeration, v.exaggeration, 'vertical exaggeration');
    this.kind = select(
      [
        ['3d', '3-D'],
        ['2d', '2-D'],
      ],
      v.kind,
      'surface in 3-D or 2-D',
    );
    this.wireframe.type = 'checkbox';
    this.wireframe.checked = v.wireframe;
    this.wireframe.setAttribute('aria-label', 'wireframe');
    this.filled.type = 'checkbox';
    this.filled.checked = v.filled;
    this.filled.setAttribute('aria-label', 'filled contours in 2-D');
    const home = el('button', 'nl-home', 'reset camera');
    home.type = 'button';
    home.setAttribute('aria-label', 'reset the camera');
    home.addEventListener('click', () => this.scene?.home());
    const look = el('div', 'nl-look');
    look.setAttribute('role', 'group');
    look.setAttribute('aria-label', 'how the surface is drawn');
    look.append(
      labelled('colormap', this.colormap),
      labelled('colour', this.colorScale),
      labelled('height', this.height),
      this.contours.label,
      this.exaggeration.label,
      labelled('view', this.kind),
      labelled('wireframe', this.wireframe),
      labelled('filled', this.filled),
      home,
    );
    if (!this.gl) {
      // Without WebGL the surface is a flat heatmap: colormap, colour scale and height apply, the rest not.
      for (const c of [
        this.kind,
        this.wireframe,
        this.filled,
        this.contours.input,
        this.exaggeration.input,
        home,
      ]) {
        c.disabled = true;
        c.title = 'needs WebGL';
      }
    }
    for (const c of [this.colormap, this.colorScale, this.height, this.kind, this.wireframe, this.filled]) {
      c.addEventListener('change', () => this.applyLook());
    }
    for (const c of [this.contours, this.exaggeration]) {
      c.input.addEventListener('change', () => this.applyLook());
      c.input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.applyLook();
      });
    }

    // ---- exports ----
    const button = (text: string, aria: string, action: () => void) => {
      const b = el('button', undefined, text);
      b.type = 'button';
      b.setAttribute('aria-label', aria);
      b.addEventListener('click', action);
      return b;
    };
    this.exports.append(
      button('PNG', 'download the view as a PNG image', () => this.exportPng()),
      button('JSON', 'download the experiment as JSON for descent landscape', () => this.exportJson()),
      button('copy link', 'copy the link to this view', () => void this.copyLink()),
    );
    this.exports.hidden = true;
    look.append(this.exports);

    const figures = el('div', 'nl-figures');
    const figure = (title: string, canvas: HTMLCanvasElement) => {
      const f = el('figure', 'nl-figure');
      f.append(canvas, el('figcaption', undefined, title));
      return f;
    };
    const surfaceFigure = el('figure', 'nl-figure nl-surface-figure');
    this.surfaceCaption = el('figcaption');
    surfaceFigure.append(this.gl ? this.surfaceHost : this.surface, this.surfaceCaption);
    this.captionSurface();
    figures.append(
      surfaceFigure,
      figure('decision boundary of the selected run (train ●, test ○)', this.boundary),
      figure('train (solid) and test (dashed) loss', this.curves),
      figure('distance of each path off the plane, by step', this.offPlane),
    );
    this.element.append(
      header,
      this.notes,
      form,
      this.progress,
      this.status,
      transport,
      look,
      figures,
      this.legend,
    );
    container.append(this.element);
    for (const c of [this.surface, this.boundary, this.curves]) {
      c.width = 320;
      c.height = 320;
    }
    this.offPlane.width = 320;
    this.offPlane.height = 160;
    // The renderer and the surface shader are made now, while nothing is computing, so that a
    // result arriving costs only its mesh.
    this.rebuildScene();
    if (options.run) void this.start();
    else this.go.focus();
  }

  private readonly surfaceCaption: HTMLElement;

  private captionSurface(): void {
    const what = this.look.height === 'log' ? 'log₁₀ loss' : 'loss';
    this.surfaceCaption.textContent = `${what} on the plane θ₀ + α·d₁ + β·d₂ (α → x, β → y); paths by least squares, draped on it`;
  }

  private runRow(r: NetRun, i: number): HTMLElement {
    const on = el('input');
    on.type = 'checkbox';
    on.checked = r.on;
    on.setAttribute('aria-label', `run optimizer ${i + 1}`);
    const optimizer = select(same(OPTIMIZERS.map((o) => o.id)), r.optimizer, `optimizer ${i + 1}`);
    const lr = new CodecInput('', NET_LR_FIELD, r.lr, `learning rate of optimizer ${i + 1}`, (value) =>
      runProblem(optimizer.value, value),
    );
    lr.input.title = 'lr';
    const row = el('div', 'nl-run');
    const swatch = el('span', 'nl-swatch');
    // The explorer's colours: the type's hue (a duplicate shaded), following the chosen optimizer.
    this.swatches[i] = swatch;
    optimizer.addEventListener('change', () => this.paintSwatches());
    // The label holds the input and, after it, its error box (FieldError); it lays out as their row's.
    lr.label.classList.add('nl-lr');
    row.append(on, swatch, optimizer, lr.label);
    this.runRows.push({ on, optimizer, lr });
    this.paintSwatches();
    return row;
  }

  /** Lists what a link held that could not be used. */
  private showNotes(lines: readonly string[]): void {
    this.notes.hidden = false;
    this.notes.setAttribute('role', 'status');
    const list = el('ul');
    list.append(...lines.map((line) => el('li', undefined, line)));
    this.notes.replaceChildren(
      el('p', undefined, 'Parts of this link could not be used and were ignored:'),
      list,
    );
  }

  /** The experiment's fields as typed, or null (each unusable field says why). */
  private readSetup(): { setup: NetSetup; runs: NetRun[] } | null {
    const fields = {
      noise: this.noise.read(),
      points: this.points.read(),
      hidden: this.hidden.read(),
      steps: this.steps.read(),
      batch: this.batch.read(),
      n: this.gridN.read(),
      seed: this.seed.read(),
    };
    const runs = this.runRows.map((r) => ({
      optimizer: r.optimizer.value,
      lr: r.lr.read(),
      on: r.on.checked,
    }));
    const { noise, points, hidden, steps, batch, n, seed } = fields;
    if (
      noise === undefined ||
      points === undefined ||
      hidden === undefined ||
      steps === undefined ||
      batch === undefined ||
      n === undefined ||
      seed === undefined
    ) {
      return null;
    }
    const checked: NetRun[] = [];
    for (const r of runs) {
      if (r.lr === undefined) return null;
      checked.push({ optimizer: r.optimizer, lr: r.lr, on: r.on });
    }
    return {
      setup: {
        dataset: this.dataset.value,
        noise,
        points,
        seed,
        hidden,
        activation: this.activation.value as NetSetup['activation'],
        steps,
        batch,
        plane: this.plane.value as NetSetup['plane'],
        n,
      },
      runs: checked,
    };
  }

  /** The view controls' values, or null (a typed one the codec refuses says why). */
  private readLook(): NetView | null {
    const contours = this.contours.read();
    const exaggeration = this.exaggeration.read();
    if (contours === undefined || exaggeration === undefined) return null;
    return {
      colormap: this.colormap.value as NetView['colormap'],
      colorScale: this.colorScale.value as NetView['colorScale'],
      height: this.height.value as NetView['height'],
      contours,
      wireframe: this.wireframe.checked,
      filled: this.filled.checked,
      exaggeration,
      kind: this.kind.value as NetView['kind'],
    };
  }

  /** Applies the view controls: uniforms where they suffice, a new surface for a new height or kind. */
  private applyLook(): void {
    const look = this.readLook();
    if (look === null) return;
    const rebuild =
      this.scene === null ||
      look.kind !== this.scene.kind ||
      (this.scene.needsRebuild(look) && !(look.kind === '2d' && look.height === this.look.height));
    this.look = look;
    this.captionSurface();
    if (rebuild) this.rebuildScene();
    else this.scene?.setLook(look);
    if (!this.gl && this.result !== null) {
      this.drawSurfaceBase();
      this.schedule();
    }
    this.writeLink();
  }

  /** The link of what is shown (null before a result). */
  get link(): string | null {
    return this.shown === null ? null : encodeNetLink({ ...this.shown, view: this.look });
  }

  private writeLink(): void {
    const link = this.link;
    if (link !== null) this.onLink(link);
  }

  /** The surface's view: a new one for the chosen kind (3-D or 2-D), fed the current result. */
  private rebuildScene(): void {
    if (!this.gl) return;
    this.scene?.dispose();
    this.scene = new LandscapeSurface(this.surfaceHost, this.look.kind, this.look);
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
    return this.colours.get(id) ?? typeColor('sgd', 0);
  }

  /** When the last result was asked for and arrived (performance.now()): the worker's time, for tests. */
  computed: { readonly start: number; readonly end: number } | null = null;

  /** Counts requests, so that a superseded one neither shows its result nor hides the progress bar. */
  private generation = 0;

  private async start(): Promise<void> {
    const read = this.readSetup();
    const look = this.readLook();
    if (read === null || look === null) {
      this.status.textContent = 'Some fields cannot be used: see the messages under them.';
      return;
    }
    const config: NetConfig = { ...read, view: look };
    const spec = specOf(config);
    if (typeof spec === 'string') {
      this.status.textContent = spec;
      return;
    }
    config.runs.forEach((r, i) => {
      const before = config.runs.slice(0, i).filter((o) => o.optimizer === r.optimizer).length;
      if (r.on) this.colours.set(runId(i, r), typeColor(r.optimizer, before));
    });
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
      if (generation === this.generation) this.show(config, result);
    } catch (e) {
      if (generation === this.generation) this.status.textContent = (e as Error).message;
    } finally {
      if (generation === this.generation) this.progress.hidden = true;
    }
  }

  private show(config: NetConfig, result: ExperimentResult): void {
    const spec = specOf(config);
    if (typeof spec === 'string') return;
    this.result = result;
    this.shown = config;
    this.spec = spec;
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
    this.exports.hidden = false;
    this.setStep(longest);
    this.writeLink();
  }

  /** The spec of the shown result. */
  private spec: ExperimentSpec | null = null;

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

  /**
   * Without WebGL: the loss grid as an image in the chosen colormap (α to the right, β up; log₁₀ or
   * linear height, the explorer's linear or log colour position `colorPosition`), drawn once per
   * result or look.
   */
  private drawSurfaceBase(): void {
    const r = this.result!;
    const n = r.alpha.length;
    const table = colormapTable(getColormap(this.look.colormap) ?? getColormap('viridis')!);
    const heights = Array.from(r.loss, (v) => (this.look.height === 'log' ? Math.log10(v) : v));
    const finite = heights.filter(Number.isFinite).sort((a, b) => a - b);
    const lo = finite[0] ?? 0;
    const hi = finite[Math.floor(0.99 * (finite.length - 1))] ?? 1;
    const image = new ImageData(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const h = heights[i * n + j]!;
        const k = Math.min(255, Math.floor(colorPosition(h, lo, hi, this.look.colorScale) * 256));
        const px = ((n - 1 - j) * n + i) * 4;
        image.data.set(Number.isFinite(h) ? table.subarray(4 * k, 4 * k + 4) : [255, 255, 255, 255], px);
      }
    }
    const canvas = document.createElement('canvas');
    canvas.width = n;
    canvas.height = n;
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    this.surfaceImage = canvas;
  }

  /** One legend line: a run's losses, place on the plane and distance off it at the current step. */
  private legendText(p: ExperimentPath): string {
    const k = Math.min(this.step, p.loss.length - 1);
    const diverged = p.divergedAt === null ? '' : ` — stopped at step ${p.divergedAt}`;
    return (
      `${p.id}: train ${p.loss[k]!.toPrecision(4)}, test ${p.testLoss[k]!.toPrecision(4)}, ` +
      `(α, β) = (${p.coords[2 * k]!.toFixed(3)}, ${p.coords[2 * k + 1]!.toFixed(3)}), ` +
      `off the plane ${p.distance[k]!.toPrecision(3)}${diverged}`
    );
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
        const li = el('li');
        const swatch = el('span', 'nl-swatch');
        swatch.style.background = this.colourOf(p.id);
        li.append(swatch, el('span', undefined, this.legendText(p)));
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
    this.stepFrame(ctx, x, Math.exp(hi).toPrecision(3), Math.exp(lo).toPrecision(3), steps);
  }

  /** A small chart's frame: the current step's line, the value axis's top and bottom, the last step. */
  private stepFrame(
    ctx: CanvasRenderingContext2D,
    x: (k: number) => number,
    top: string,
    bottom: string,
    steps: number,
  ): void {
    const { width: w, height: h } = ctx.canvas;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.4)';
    ctx.beginPath();
    ctx.moveTo(x(this.step), 10);
    ctx.lineTo(x(this.step), h - 20);
    ctx.stroke();
    ctx.fillStyle = '#5b6270';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(top, 2, 12);
    ctx.fillText(bottom, 2, h - 22);
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
    this.stepFrame(ctx, x, top.toPrecision(3), '0', steps);
  }

  /** What the exports are captioned with: the dataset, the network, the plane and the step. */
  caption(): string {
    const c = this.shown;
    const spec = this.spec;
    if (c === null || spec === null) return '';
    const s = c.setup;
    const name = getDataset(s.dataset)?.name ?? s.dataset;
    const batch = s.batch > 0 ? `, minibatches of ${s.batch}` : ', full batch';
    const plane = s.plane === 'pca' ? 'PCA plane of the paths' : 'filter-normalised random plane';
    return (
      `${name} (noise ${s.noise}, ${s.points} points, seed ${s.seed}) · network ${spec.layers.join('-')} ` +
      `${s.activation}${batch} · ${plane} · step ${this.step} of ${this.slider.max}`
    );
  }

  /** A file name stem: `descent-network-xor-2-8-8-1-step-300`. */
  private fileStem(): string {
    const spec = this.spec!;
    const what = spec.dataset.replace(/[^a-z0-9-]/gi, '');
    return `descent-network-${what}-${spec.layers.join('-')}-step-${this.step}`;
  }

  /**
   * The view as one image: a caption naming the data, network and step; the surface (the WebGL
   * canvas rendered now, its axis labels painted as text); the decision boundary and the loss
   * curves; and the legend, one line per run with its colour.
   */
  compose(): HTMLCanvasElement {
    const r = this.result!;
    const pad = 16;
    const top = 56;
    const side = 320;
    const source = this.gl ? this.surfaceHost : this.surface;
    const box = source.getBoundingClientRect();
    const sw = 440;
    const sh = box.width > 0 ? Math.round((sw * box.height) / box.width) : side;
    const lineHeight = 18;
    const canvas = document.createElement('canvas');
    canvas.width = pad + sw + pad + side + pad + side + pad;
    canvas.height = top + Math.max(sh, side + 20) + pad + r.paths.length * lineHeight + pad;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#1d2330';
    ctx.font = 'bold 15px system-ui, sans-serif';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('Descent — a real network’s loss landscape', pad, 22);
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#5b6270';
    ctx.fillText(this.caption(), pad, 42);

    if (this.gl && this.scene !== null) {
      const scale = box.width > 0 && box.width < sw ? 2 : 1;
      ctx.drawImage(this.scene.view.snapshot(scale), pad, top, sw, sh);
      const k = box.width > 0 ? sw / box.width : 1;
      for (const item of this.scene.view.overlay()) {
        if (item.kind !== 'text') continue;
        const own = item.element.getBoundingClientRect();
        if (own.width === 0) continue;
        const style = getComputedStyle(item.element);
        ctx.font = `${style.fontStyle} ${style.fontWeight} ${parseFloat(style.fontSize) * k}px ${style.fontFamily}`;
        ctx.fillStyle = style.color;
        ctx.textBaseline = 'middle';
        ctx.fillText(
          item.text,
          pad + ((item.left ?? own.left) - box.left) * k,
          top + (own.top + own.height / 2 - box.top) * k,
        );
      }
    } else {
      ctx.drawImage(this.surface, pad, top, sw, sh);
    }
    ctx.strokeStyle = '#d6d9df';
    ctx.strokeRect(pad + 0.5, top + 0.5, sw - 1, sh - 1);
    ctx.textBaseline = 'alphabetic';
    const x1 = pad + sw + pad;
    const x2 = x1 + side + pad;
    ctx.drawImage(this.boundary, x1, top, side, side);
    ctx.drawImage(this.curves, x2, top, side, side);
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#5b6270';
    ctx.fillText('decision boundary (train ●, test ○)', x1, top + side + 16);
    ctx.fillText('train (solid) and test (dashed) loss', x2, top + side + 16);
    let y = top + Math.max(sh, side + 20) + pad + 12;
    for (const p of r.paths) {
      ctx.fillStyle = this.colourOf(p.id);
      ctx.fillRect(pad, y - 9, 10, 10);
      ctx.fillStyle = '#1d2330';
      ctx.fillText(this.legendText(p), pad + 16, y);
      y += lineHeight;
    }
    return canvas;
  }

  private exportPng(): void {
    if (this.result === null) return;
    this.compose().toBlob((blob) => {
      if (blob) download(`${this.fileStem()}.png`, blob);
    }, 'image/png');
  }

  /** The experiment as `descent landscape`'s case and result (app/landscape-export.ts). */
  exportJson(): void {
    if (this.result === null || this.spec === null) return;
    const text = landscapeExport(this.spec, this.result, this.link ?? '', this.caption());
    download(`${this.fileStem()}.json`, text, 'application/json');
  }

  private async copyLink(): Promise<void> {
    const link = this.link;
    if (link === null) return;
    const url = `${location.href.replace(/#.*$/, '')}#${link}`;
    try {
      await navigator.clipboard.writeText(url);
      this.status.textContent = 'Link copied.';
    } catch {
      this.status.textContent = `Copy this link: ${url}`;
    }
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
export function openLandscapeView(root: HTMLElement, options: LandscapeOptions = {}): LandscapeView {
  const view: LandscapeView = new LandscapeView(root, () => view.dispose(), options);
  return view;
}

/** A network link's view: its configuration, what it could not use, run at once. */
export function openLandscapeLink(
  root: HTMLElement,
  hash: string,
  onLink: (hash: string) => void,
): LandscapeView {
  const { config, ignored } = decodeNetLink(hash);
  return openLandscapeView(root, { config, ignored, run: true, onLink });
}
