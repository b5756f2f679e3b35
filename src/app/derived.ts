/**
 * What the scene and the panel show, computed from the state and recomputed only when its inputs
 * change: the compiled function (the last good one when the typed expression is invalid), its
 * surface (grid and meshes), and one trajectory per optimizer entry. Small work is done at once;
 * when a background is given, runs of more than `SYNC_STEPS` steps in all and surfaces of more than
 * `SYNC_SAMPLES` samples go to the workers and arrive later, the last picture staying meanwhile
 * (`pending` and `surfacePending` report progress, `onAsync` says when to redraw).
 */
import { type CompiledFunction, compile, type ExprError } from '../core/expr/index.ts';
import { type Arrow, gradientField } from '../core/field.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';
import type { Domain } from '../core/functions/types.ts';
import type { GridSample } from '../core/grid.ts';
import { type SurfaceData, surfaceData } from '../core/mesh.ts';
import type { Trajectory } from '../core/runner.ts';
import type { StationaryPoint, stationaryPoints, withKnown } from '../core/stationary.ts';
import type { Background } from './compute.ts';
import type { BatchRequest, RunRequest, SurfaceRequest } from './compute-messages.ts';
import { runCount } from './lab.ts';
import { finishRun, type PlainRunSpec, runOf, runSpecOf, sameRunSpec, spreadRuns } from './run-spec.ts';
import { type AppState, DRAWABLE, type ViewState } from './state.ts';

/** Up to this many steps (all changed optimizers together) are computed on the spot. */
export const SYNC_STEPS = 25_000;

/** Surfaces of up to this many samples (257², resolution 256) are built on the spot. */
export const SYNC_SAMPLES = 257 * 257;

/** Where long work goes: one background for runs, one for surfaces (each superseding its own jobs). */
export interface Backgrounds {
  readonly runs: Background;
  readonly surface: Background;
}

/**
 * The stationary-point finder (core/stationary.ts), handed in by the layer that shows its points: the
 * finder loads with that layer (on the View toggle's first use), not with the page.
 */
export interface StationaryFinder {
  readonly stationaryPoints: typeof stationaryPoints;
  readonly withKnown: typeof withKnown;
}

/** What changed in the last `update`, so views redo only that. */
export interface Changes {
  readonly fn: boolean;
  readonly grid: boolean;
  readonly runs: boolean;
}

export class Derived {
  /** The last expression that compiled, and its compiled form. */
  source = '';
  fn: CompiledFunction | null = null;
  /** The error of the current expression, or null when it compiled. */
  error: ExprError | null = null;
  surface: SurfaceData | null = null;
  /** The surface the background is building, as samples per side; null when none is. */
  surfacePending: { readonly side: number } | null = null;
  /** One trajectory per optimizer entry key, advanced to `state.steps` (or the last one, while pending). */
  readonly runs = new Map<number, Trajectory>();
  /** A noisy row's other seeds (K − 1 trajectories) by entry key, when its K > 1. */
  readonly spreads = new Map<number, readonly Trajectory[]>();
  /** Progress of the runs computing in the background, in steps; null when none are. */
  pending: { done: number; total: number } | null = null;

  private gridKey: readonly [CompiledFunction | null, Domain | null, number] = [null, null, 0];
  /** The spec each entry's run was (or is being) computed from: its cache key. */
  private readonly runSpecs = new Map<number, PlainRunSpec>();
  /** Entries waiting for the background, with the request they wait for. */
  private readonly waiting = new Map<number, { request: RunRequest }>();
  private arrived = false;
  private surfaceArrived = false;
  /** Counts surface requests, so that only the newest one's result is taken. */
  private surfaceJob = 0;
  /** What the runs were last brought up to date with. */
  private lastInputs: readonly unknown[] | null = null;

  /**
   * `background`: where long work goes (the page's workers); without it everything is computed at once.
   * `onAsync`: called when background progress or results arrive, to redraw.
   * `onFailure`: called with a message for people when background work fails; what was shown stays.
   */
  constructor(
    private readonly background: Backgrounds | null = null,
    private readonly onAsync: () => void = () => {},
    private readonly onFailure: (message: string) => void = () => {},
  ) {}

  /** The samples of the surface shown. */
  get grid(): GridSample | null {
    return this.surface?.grid ?? null;
  }

  /**
   * The automatic z range of the surface shown: its data's minimum and maximum (`full`), or its 1st
   * and 99th percentiles (`robust`) unless they coincide (a plateau with a narrow bump: then the full
   * range). NaN ends when there is no surface or no finite sample.
   */
  autoZRange(mode: ViewState['zAuto']): [number, number] {
    const surface = this.surface;
    if (!surface) return [Number.NaN, Number.NaN];
    const [low, high] = surface.robust;
    return mode === 'robust' && high > low ? [low, high] : [surface.grid.min, surface.grid.max];
  }

  /**
   * The z range drawn: the view's zMin / zMax where set, the automatic ends elsewhere — held within
   * what the GPU's float32 can draw: ends within ±`DRAWABLE.f` (f beyond is drawn clipped; see
   * `rangeOverflows`), and a range too narrow for float32 to tell its ends apart widened about its middle.
   */
  zRange(view: ViewState): [number, number] {
    const [low, high] = this.autoZRange(view.zAuto);
    return drawableRange(view.zMin ?? low, view.zMax ?? high);
  }

  /** True when the surface shown has finite values of f beyond ±`DRAWABLE.f` (drawn clipped). */
  get rangeOverflows(): boolean {
    const grid = this.surface?.grid;
    return !!grid && (Math.abs(grid.min) > DRAWABLE.f || Math.abs(grid.max) > DRAWABLE.f);
  }

  private fieldMemo: { key: readonly unknown[]; arrows: readonly Arrow[] } | null = null;

  /**
   * The arrows of −∇f over the surface's domain for `view`'s density and mode (square cells: the
   * density along the longer side), computed once for every pane that shows them.
   */
  field(view: ViewState): readonly Arrow[] {
    const grid = this.grid;
    if (!this.fn || !grid) return [];
    const key = [this.fn, grid.domain, view.fieldDensity, view.fieldMode] as const;
    if (this.fieldMemo?.key.every((v, i) => v === key[i])) return this.fieldMemo.arrows;
    const n = view.fieldDensity;
    const wx = grid.domain.x[1] - grid.domain.x[0];
    const wy = grid.domain.y[1] - grid.domain.y[0];
    const [nx, ny] =
      wx >= wy ? [n, Math.max(1, Math.round((n * wy) / wx))] : [Math.max(1, Math.round((n * wx) / wy)), n];
    const arrows = gradientField(this.fn.valueGrad, grid.domain, nx, ny, view.fieldMode);
    this.fieldMemo = { key, arrows };
    return arrows;
  }

  private stationaryMemo: { key: readonly unknown[]; points: readonly StationaryPoint[] } | null = null;

  /**
   * The stationary points of f over the surface's domain (`find`: core/stationary.ts), with the exact
   * ones `preset` lists when f is that preset's expression; computed once for every pane that shows them.
   */
  stationary(preset: string | null, find: StationaryFinder): readonly StationaryPoint[] {
    const grid = this.grid;
    if (!this.fn || !grid) return [];
    const key = [this.fn, grid.domain, preset] as const;
    if (this.stationaryMemo?.key.every((v, i) => v === key[i])) return this.stationaryMemo.points;
    const found = find.stationaryPoints(this.fn, grid.domain);
    const p = preset ? getFunctionPreset(preset) : undefined;
    const points = p && p.expression === this.source ? find.withKnown(found, p.critical, grid.domain) : found;
    this.stationaryMemo = { key, points };
    return points;
  }

  /** Brings everything up to date with `s`; returns what changed. */
  update(s: AppState): Changes {
    const fnChanged = this.compile(s.fn.expression);
    const gridChanged = this.sample(s);
    const runsChanged = this.runAll(s);
    return { fn: fnChanged, grid: gridChanged, runs: runsChanged };
  }

  private compile(expression: string): boolean {
    if (expression === this.source && this.fn) {
      const hadError = this.error !== null;
      this.error = null;
      return hadError;
    }
    const result = compile(expression);
    if (!result.ok) {
      const changed = this.error?.message !== result.error.message || this.error.start !== result.error.start;
      this.error = result.error;
      return changed;
    }
    this.source = expression;
    this.fn = result.value;
    this.error = null;
    return true;
  }

  private sample(s: AppState): boolean {
    const changed = this.surfaceArrived;
    this.surfaceArrived = false;
    const [fn, domain, resolution] = this.gridKey;
    if (this.fn === fn && s.fn.domain === domain && s.fn.resolution === resolution) return changed;
    this.gridKey = [this.fn, s.fn.domain, s.fn.resolution];
    if (!this.fn) return changed;
    const job = ++this.surfaceJob;
    const side = s.fn.resolution + 1;
    if (!this.background || side * side <= SYNC_SAMPLES) {
      this.surface = surfaceData(this.fn.value, s.fn.domain, s.fn.resolution);
      this.surfacePending = null;
      return true;
    }
    this.surfacePending = { side };
    const request: Omit<SurfaceRequest, 'id'> = {
      kind: 'surface',
      expression: this.source,
      domain: s.fn.domain,
      resolution: s.fn.resolution,
    };
    this.background.surface.submit<SurfaceRequest>(
      request,
      () => {},
      (data) => {
        // A newer request (or one done at once since) makes this result stale.
        if (job !== this.surfaceJob) return;
        this.surface = data;
        this.surfacePending = null;
        this.surfaceArrived = true;
        this.onAsync();
      },
      (message) => {
        if (job !== this.surfaceJob) return;
        this.surfacePending = null;
        this.onFailure(`Sampling f at ${side} × ${side} points failed (${message}); the last surface stays.`);
        this.onAsync();
      },
    );
    return changed;
  }

  private runAll(s: AppState): boolean {
    let changed = this.arrived;
    this.arrived = false;
    // Playback and view changes leave every run as it is: nothing to compare.
    const inputs = [this.fn, s.optimizers, s.start, s.steps, s.gradient, s.fn.domain] as const;
    if (this.lastInputs?.every((v, i) => v === inputs[i])) return changed;
    this.lastInputs = inputs;
    const keys = new Set(s.optimizers.map((e) => e.key));
    for (const key of [...this.runSpecs.keys()]) {
      if (keys.has(key)) continue;
      changed = this.runs.delete(key) || changed;
      this.spreads.delete(key);
      this.runSpecs.delete(key);
      this.waiting.delete(key);
    }
    if (!this.fn) return changed;
    // Each entry's run spec (for the last function that compiled) is its cache key, compared field by field.
    const stale = s.optimizers.flatMap((entry) => {
      const spec = runSpecOf(entry, s, this.source);
      const previous = this.runSpecs.get(entry.key);
      return previous && sameRunSpec(previous, spec) ? [] : [{ entry, spec }];
    });
    if (stale.length === 0) return changed;
    const steps = stale.reduce((n, { entry }) => n + runCount(entry) * s.steps, 0);
    if (!this.background || steps <= SYNC_STEPS) {
      for (const { entry, spec } of stale) {
        this.runSpecs.set(entry.key, spec);
        this.waiting.delete(entry.key);
        const run = runOf(spec, this.fn).advanceTo(spec.steps);
        finishRun(run);
        this.runs.set(entry.key, run);
        const spread = spreadRuns(spec, this.fn);
        if (spread.length > 0) this.spreads.set(entry.key, spread);
        else this.spreads.delete(entry.key);
      }
      if (this.waiting.size === 0) this.pending = null;
      return true;
    }
    for (const { entry, spec } of stale) {
      this.runSpecs.set(entry.key, spec);
      this.waiting.set(entry.key, { request: { ...spec, key: entry.key } });
    }
    this.submit();
    return changed;
  }

  /** Sends every waiting run to the background as one batch (superseding the previous batch). */
  private submit(): void {
    const batch = [...this.waiting.values()];
    const total = batch.reduce((n, w) => n + w.request.steps * runCount(w.request), 0);
    this.pending = { done: 0, total };
    this.background!.runs.submit<BatchRequest>(
      { kind: 'runs', runs: batch.map((w) => w.request) },
      (done, all) => {
        this.pending = { done, total: all };
        this.onAsync();
      },
      (results) => {
        for (const r of results) {
          const w = this.waiting.get(r.key);
          // Only results for the inputs still wanted count (a newer batch may have replaced them).
          if (!w || !batch.some((b) => b === w)) continue;
          this.waiting.delete(r.key);
          this.runs.set(r.key, r);
          if (r.spread && r.spread.length > 0) this.spreads.set(r.key, r.spread);
          else this.spreads.delete(r.key);
        }
        if (this.waiting.size === 0) this.pending = null;
        this.arrived = true;
        this.onAsync();
      },
      (message) => {
        for (const [key, w] of this.waiting) if (batch.includes(w)) this.waiting.delete(key);
        if (this.waiting.size === 0) this.pending = null;
        this.onFailure(
          `Computing ${total.toLocaleString('en')} steps failed (${message}); the last trails stay.`,
        );
        this.onAsync();
      },
    );
  }
}

/** float32's relative precision is 2^-23 ≈ 1.2e-7: a drawn range keeps ~8 of its steps at least. */
const MIN_RELATIVE_RANGE = 1e-6;
/** The narrowest range float32 resolves well above its smallest normal number (1.2e-38). */
const MIN_RANGE = 1e-30;

/**
 * [low, high] made drawable on the GPU: each end clamped to ±`DRAWABLE.f`; a non-empty range narrower
 * than `MIN_RELATIVE_RANGE` of its magnitude (or `MIN_RANGE`) widened to that about its middle.
 * Non-finite or empty ranges pass through (the frame draws them as a flat plane).
 */
export function drawableRange(low: number, high: number): [number, number] {
  const clampF = (v: number) => (Number.isNaN(v) ? v : Math.min(DRAWABLE.f, Math.max(-DRAWABLE.f, v)));
  const lo = clampF(low);
  const hi = clampF(high);
  if (!(hi > lo)) return [lo, hi];
  const width = Math.max(MIN_RANGE, MIN_RELATIVE_RANGE * Math.max(Math.abs(lo), Math.abs(hi)));
  if (hi - lo >= width) return [lo, hi];
  const mid = lo / 2 + hi / 2;
  return [mid - width / 2, mid + width / 2];
}
