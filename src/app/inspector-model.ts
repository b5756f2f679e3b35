/**
 * What the step inspector shows now: the inspection of the selected optimizer row at the playback step
 * (inspector.ts's derivations) — the row, and whether the inspector is open, are the state's
 * `playback.inspected` (`inspectedEntry`) — recomputed only
 * when the row, its inputs or the step change. One instance (`inspector`) is shared by the card and
 * the scene layers that draw the step's arrows and the curvature, the way `Derived` is shared; while
 * the inspector is closed nothing is computed and the layers stay hidden.
 */
import type { Vec2 } from '../core/curvature.ts';
import { getOptimizer, groupOf } from '../core/optimizers/index.ts';
import type { Group } from '../core/optimizers/types.ts';
import { divergenceBound } from '../core/runner.ts';
import type { Derived } from './derived.ts';
import type {
  Decomposition,
  EffectiveStep,
  InspectedStep,
  LocalModel,
  ModelCurves,
  StepFamily,
  StepRecorder,
  Theory,
} from './inspector.ts';

/** Points on each ellipse or hyperbola branch of the local model (the curvature layer's buffers). */
export const MODEL_SEGMENTS = 72;

/** The derivations (`inspector.ts`): loaded when the inspector first opens, not with the page. */
type Derivations = typeof import('./inspector.ts');

import { type AppState, inspectedEntry, type OptimizerEntry } from './state.ts';

export interface Inspection {
  readonly entry: OptimizerEntry;
  readonly family: StepFamily;
  readonly group: Group;
  readonly step: InspectedStep;
  /** Null at the run's last row (no update leaves it). */
  readonly decomposition: Decomposition | null;
  /** How much the arrows are drawn magnified (`arrowScale`); 1 without a decomposition. */
  readonly arrowScale: number;
  readonly effective: EffectiveStep | null;
  /** The local model at the inspected point (or at the pointer while curvature is probed there). */
  readonly model: LocalModel | null;
  readonly curves: ModelCurves | null;
  readonly theory: readonly Theory[];
  /** True when `model` is at the pointer, not at the optimizer's point. */
  readonly atPointer: boolean;
}

export class InspectorModel {
  /**
   * Whether the inspector is open (layers and card hidden, nothing computed, when false): the state's
   * `playback.inspected !== null` as of the last `update`.
   */
  open = false;
  /** A point to probe the curvature at instead of the optimizer's (the pointer, while C is held). */
  probe: Vec2 | null = null;
  /** Bumped whenever `current` changes, so layers redraw only then. */
  version = 0;
  current: Inspection | null = null;

  private recorder: { key: number; inputs: readonly unknown[]; recorder: StepRecorder } | null = null;
  private shown: readonly unknown[] = [];
  private lib: Derivations | null = null;
  private loading = false;
  /** Called once the derivations have loaded after the first open (main.ts redraws then). */
  onLoad: (() => void) | null = null;

  /** Loads the derivations (once); `update` starts this by itself on the first open. */
  async load(): Promise<void> {
    this.loading = true;
    const [lib] = await Promise.all([import('./inspector.ts'), ...this.loaders.map((load) => load())]);
    this.lib ??= lib;
  }

  /** More code to load before the first inspection (main.ts adds the scene's inspector layers). */
  readonly loaders: (() => Promise<unknown>)[] = [];

  /**
   * Brings `current` up to date with `s`; cheap when nothing it depends on changed. Until the
   * derivations have loaded (the first open), it starts loading them and leaves `current` as it is.
   */
  update(s: AppState, derived: Derived): void {
    this.open = s.playback.inspected !== null;
    if (!this.open) {
      if (this.current !== null) {
        this.current = null;
        this.recorder = null;
        this.shown = [];
        this.version++;
      }
      return;
    }
    const lib = this.lib;
    if (!lib) {
      if (!this.loading) void this.load().then(() => this.onLoad?.());
      return;
    }
    const entry = inspectedEntry(s);
    const fn = derived.fn;
    const def = entry ? getOptimizer(entry.optimizer) : undefined;
    if (!entry || !fn || !def) {
      if (this.current !== null) {
        this.current = null;
        this.version++;
      }
      return;
    }
    const inputs = [fn, entry.optimizer, entry.params, s.start, s.gradient, s.fn.domain];
    const key = [...inputs, entry, s.playback.step, this.probe];
    if (key.length === this.shown.length && key.every((v, i) => Object.is(v, this.shown[i]))) return;
    this.shown = key;
    const r = this.recorder;
    if (!r || r.key !== entry.key || r.inputs.some((v, i) => !Object.is(v, inputs[i]))) {
      this.recorder = {
        key: entry.key,
        inputs,
        recorder: new lib.StepRecorder({
          fn,
          optimizer: def,
          params: entry.params,
          start: s.start,
          gradient: s.gradient,
          bound: divergenceBound(s.fn.domain),
        }),
      };
    }
    const step = this.recorder!.recorder.inspect(s.playback.step);
    if (!step) {
      this.current = null;
      this.version++;
      return;
    }
    const group = { ...groupOf(def, entry.params), lr: step.lr };
    const family = lib.stepFamily(entry.optimizer, group);
    const update = step.update;
    const at = this.probe ?? step.point;
    const model = lib.localModel(fn, at[0], at[1]);
    const finite = model.eigen.values.every(Number.isFinite);
    const decomposition = update ? lib.decomposeUpdate(family, step.lr, step.gradient, update) : null;
    this.current = {
      entry,
      family,
      group,
      step,
      decomposition,
      arrowScale: decomposition ? lib.arrowScale(decomposition.parts, s.fn.domain) : 1,
      effective: update
        ? lib.effectiveStep(entry.optimizer, entry.params, step.lr, family, step.state, step.gradient, update)
        : null,
      model: finite ? model : null,
      curves: finite ? lib.modelCurves(model, s.fn.domain) : null,
      theory: finite ? lib.theory(family, group, model) : [],
      atPointer: this.probe !== null,
    };
    this.version++;
  }
}

/** The page's one inspector (read by the card and by the step-arrow and curvature layers). */
export const inspector = new InspectorModel();
