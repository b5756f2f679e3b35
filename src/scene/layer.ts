/**
 * The contract every layer of a WebGL pane keeps (surface, axes, field, stationary points, trails,
 * start handle), after three.js's `Controls` (connect, update, dispose) and uPlot's plugin hooks: the
 * pane holds an array of layers built from `LAYERS` (layers.ts), adds each `object` to its scene,
 * and calls the hooks on every layer alike — it never names a layer to update, resize or dispose it.
 */
import type { Object3D, Vector3 } from 'three';
import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry } from '../app/state.ts';
import type { Frame } from './world.ts';

/** What a WebGL pane draws: the surface in perspective, or the map seen from above. */
export type SceneKind = '3d' | '2d';

/** Everything a layer may read when the pane brings it up to date. */
export interface LayerContext {
  readonly state: AppState;
  /** The state the pane last showed; null: draw everything afresh. */
  readonly previous: AppState | null;
  readonly derived: Derived;
  readonly changes: Changes;
  /** World mapping of the pane (domain, z range, exaggeration; flat in 2-D). */
  readonly frame: Frame;
  /** True when `frame` differs from the one of the last update (rebuild world positions). */
  readonly frameChanged: boolean;
  readonly kind: SceneKind;
  /** Which optimizers this pane shows. */
  readonly shows: (entry: OptimizerEntry) => boolean;
}

/** World point → CSS pixels on the canvas (for labels that thin or hide themselves). */
export type ToScreen = (world: Vector3) => { x: number; y: number };

export interface PaneLayer {
  /** What the layer adds to the pane's scene (a Group when it has several parts). */
  readonly object: Object3D;
  /** Brings the layer up to date; called on every state change (cheap when nothing it reads changed). */
  update(context: LayerContext): void;
  /**
   * For a layer that also draws from outside its `LayerContext` (the maps hub's answers, the step
   * inspector): a count it bumps whenever its drawing changes (shown, hidden, repainted). An update
   * that changes neither the state, the derived data nor the frame (the hub's progress) redraws the
   * pane only when some layer's count moved; a layer without one draws from its context alone.
   */
  readonly revision?: number;
  /** The canvas changed size (CSS pixels) or pixel ratio. */
  resize?(width: number, height: number, pixelRatio: number): void;
  /** Lighter drawing while the camera moves on a slow renderer (true), full detail again (false). */
  setLowDetail?(low: boolean): void;
  /** The camera moved or labels changed: place DOM labels now (before they are drawn). */
  placeLabels?(toScreen: ToScreen): void;
  /** Frees GPU objects, DOM elements and listeners. The pane calls it once, last. */
  dispose(): void;
}

/** What a pane offers the layers it builds. */
export interface LayerHost {
  /** Draws the pane again, labels included (a layer whose code arrived after the last update). */
  redraw(): void;
}

/** A registered layer: a name (for tests and debugging) and how to build one for a pane of `kind`. */
export interface LayerSpec {
  readonly id: string;
  readonly create: (kind: SceneKind, host: LayerHost) => PaneLayer;
}

/**
 * Shows or hides a layer that counts its `revision`, bumping the count when visibility changes;
 * returns `show`.
 */
export function setShown(layer: { readonly object: Object3D; revision: number }, show: boolean): boolean {
  if (layer.object.visible !== show) {
    layer.object.visible = show;
    layer.revision++;
  }
  return show;
}
