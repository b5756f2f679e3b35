/**
 * The contract of what fills one pane: a WebGL scene (3-D surface or 2-D map, `ScenePane`), or
 * something that is not WebGL at all (the f-by-step chart, `ChartPane`). `Panes` builds each from
 * `PANE_VIEWS` (pane-views.ts) by the layout's kind and only talks to it through this interface: a
 * camera where the view has one, a snapshot as a 2-D canvas, counters for tests and the benchmark.
 */
import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, CameraState, OptimizerEntry, PaneKind } from '../app/state.ts';
import type { OverlayItem } from './overlay.ts';

/** A view's camera, for views that have one (WebGL scenes). */
export interface PaneCamera {
  /** The pose to store in the state. */
  state(): CameraState;
  /** Puts the camera where `state` says (null: home). */
  set(state: CameraState | null): void;
  /** True when the camera is where `state` puts it. */
  shows(state: CameraState | null): boolean;
  home(): void;
  topView(): void;
}

/** What a pane view tells its host. */
export interface PaneViewEvents {
  /** The user clicked the surface, or dragged the start handle, to (x, y). */
  onPickStart?: (x: number, y: number) => void;
  /** The view's WebGL context was lost (true) or restored (false). */
  onContextLost?: (lost: boolean) => void;
  /** The lost context did not come back within `CONTEXT_PATIENCE_MS`. */
  onContextGone?: () => void;
  /** The camera moved (user gesture or `set`). */
  onCameraChange?: () => void;
  /** A user gesture on the camera ended and the camera came to rest. */
  onCameraEnd?: () => void;
  /** The view asks for a change of the scene (a map cell's setting loaded into its row). */
  onApply?: (change: (s: AppState) => AppState) => void;
}

export interface PaneView {
  readonly kind: PaneKind;
  /**
   * Brings the view up to date with `s`, showing the optimizers `shows` accepts; `previous` is the
   * state it last showed (null: draw everything afresh).
   */
  update(
    s: AppState,
    derived: Derived,
    changes: Changes,
    previous: AppState | null,
    shows: (entry: OptimizerEntry) => boolean,
  ): void;
  /** The camera, when the view has one. */
  readonly camera: PaneCamera | null;
  /**
   * Where the plotted data lies on the page: the corners of the box (domain × f range) projected to
   * client pixels for a scene (a flat 2-D map repeats its four), the plot area's four corners for a
   * chart; null while nothing is drawn. Layout checks keep overlays off its hull.
   */
  plotBox(): [number, number][] | null;
  /** The view drawn now at `scale` × its resolution, as a canvas (exports). */
  snapshot(scale: number): HTMLCanvasElement;
  /** Text the view shows as HTML over its canvas (axis labels), for exports; none when absent. */
  overlay?(): readonly OverlayItem[];
  /**
   * The page computes in the background (a map on the worker pool) or not: a WebGL view on a slow
   * renderer draws in low detail meanwhile (`View.setBusy`).
   */
  setBusy?(busy: boolean): void;
  /** Frames drawn so far (tests and the benchmark). */
  readonly frames: number;
  /** Live GPU objects (0 for views without WebGL). */
  readonly memory: { readonly geometries: number; readonly textures: number };
  dispose(): void;
}

/** Builds the view of kind `kind` in `host`. */
export type PaneViewFactory = (host: HTMLElement, kind: PaneKind, events: PaneViewEvents) => PaneView;
