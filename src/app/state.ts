/**
 * The explorer's whole state: a plain, serializable object (it is what a permalink stores). What is
 * computed from it — compiled function, grid, trajectories — lives in `derived.ts`, not here.
 */
import type { Domain } from '../core/functions/types.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import type { GradientMode } from '../core/runner.ts';
import type { ScheduleSpec } from '../core/schedules/index.ts';
import type { ColormapId } from './colormaps.ts';
import type { NoiseState } from './lab.ts';

export interface FunctionState {
  /** The preset the expression came from, or null once the user typed their own. */
  readonly preset: string | null;
  /** The expression as typed; may be invalid (the last good surface then stays). */
  readonly expression: string;
  readonly domain: Domain;
  /** Grid segments per side of the surface mesh. @default 128 */
  readonly resolution: number;
}

export interface ViewState {
  readonly colormap: ColormapId;
  readonly colorScale: 'linear' | 'log';
  /** Number of contour levels across the colour range; 0 hides contours. @default 20 */
  readonly contours: number;
  /** Explicit contour spacing in units of f; 0 means "use the count". @default 0 */
  readonly contourSpacing: number;
  readonly wireframe: boolean;
  /** Height of the surface relative to its width. @default 0.5 */
  readonly exaggeration: number;
  /** Heights are clipped to [zMin, zMax]; null means the automatic end of the range (`zAuto`). */
  readonly zMin: number | null;
  readonly zMax: number | null;
  /**
   * The automatic z range: the data's minimum and maximum (`full`), or its 1st and 99th percentiles
   * (`robust`), which cut off a pole's spike. @default 'full'
   */
  readonly zAuto: 'full' | 'robust';
  /** Show −∇f as arrows (on the floor in 3-D, over the contours in 2-D). @default false */
  readonly field: boolean;
  /** Arrows per side of the field's grid. @default 20 */
  readonly fieldDensity: number;
  /** `normalized`: every arrow the same length; `proportional`: length ∝ |∇f|. */
  readonly fieldMode: 'normalized' | 'proportional';
  /** 2-D panes: filled colour between contours (true) or contour lines only, the seed's `contour`. */
  readonly filled: boolean;
  /** Scale of the f and |∇f| charts' value axes. @default 'log' */
  readonly chartScale: 'linear' | 'log';
  /**
   * 2-D panes: `equal` scale in x and y (the true shape, the book's plots), or `fill`: stretched to
   * fill the pane. @default 'equal'
   */
  readonly aspect: 'equal' | 'fill';
  /** Mark f's stationary points (minima, saddles, maxima) with small glyphs. @default false */
  readonly stationary: boolean;
}

/**
 * A pane draws the function in 3-D (the surface) or 2-D (contours seen from above), or is a chart
 * of f by step of the optimizers it shows, or a hyperparameter map (`sweep`) of its first one.
 */
export type PaneKind = '3d' | '2d' | 'chart' | 'sweep';

export interface LayoutState {
  /** 1, 2 side by side, or 4 in a 2×2 grid. */
  readonly panes: 1 | 2 | 4;
  /** The kind of each of the four panes (only the first `panes` are shown). */
  readonly kinds: readonly [PaneKind, PaneKind, PaneKind, PaneKind];
  /** Cameras move together: orbit one pane and the others follow. @default true */
  readonly linked: boolean;
  /** Show the f / |∇f| charts and the results table. @default false */
  readonly charts: boolean;
}

/** Which optimizers pane `index` of `count` shows: all with one pane, else those assigned to it. */
export function paneShows(count: number, index: number): (entry: OptimizerEntry) => boolean {
  return count === 1 ? () => true : (entry) => entry.pane % count === index;
}

/**
 * The optimizer row the step inspector shows: the row `playback.inspected` names, else the first row;
 * null while the inspector is closed (or there is no row).
 */
export function inspectedEntry(s: AppState): OptimizerEntry | null {
  const key = s.playback.inspected;
  if (key === null) return null;
  return s.optimizers.find((e) => e.key === key) ?? s.optimizers[0] ?? null;
}

/** A camera pose in world units (see `scene/world.ts`). */
export interface CameraState {
  readonly position: readonly [number, number, number];
  readonly target: readonly [number, number, number];
  /** Zoom factor (2-D panes' orthographic cameras). @default 1 */
  readonly zoom: number;
}

export interface OptimizerEntry {
  /** Unique within the state; stable while the row exists (panel rows, trail colours). */
  readonly key: number;
  /** Registry id, e.g. `adam`. */
  readonly optimizer: string;
  /** Complete and valid for that optimizer. */
  readonly params: ParamValues;
  /** `#rrggbb`. */
  readonly color: string;
  readonly visible: boolean;
  /** The pane that shows this optimizer when there are several (0–3); with one pane all show. */
  readonly pane: number;
  /** A torch.optim.lr_scheduler schedule stepped after every update (resolved; see `lab.ts`); absent: none. */
  readonly schedule?: ScheduleSpec;
  /** Seeded gradient noise and the K seeds of its spread; absent: exact gradients. */
  readonly noise?: NoiseState;
}

export interface PlaybackState {
  /** The step every trail shows (0 = the start). */
  readonly step: number;
  readonly playing: boolean;
  /** Steps per second while playing. @default 4 */
  readonly speed: number;
  /**
   * The step inspector: open on the optimizer row with this key (at `step`), or closed (null). A key
   * no row has (the row was removed) means the first row (see `inspectedEntry`). @default null
   */
  readonly inspected: number | null;
}

export interface AppState {
  readonly fn: FunctionState;
  readonly view: ViewState;
  readonly optimizers: readonly OptimizerEntry[];
  readonly start: readonly [number, number];
  /** Updates each optimizer runs (the end of the timeline). */
  readonly steps: number;
  readonly gradient: GradientMode;
  readonly playback: PlaybackState;
  readonly layout: LayoutState;
  /** Camera of each pane as the user left it; null = the home view. Pane 0's is the shared one when linked. */
  readonly cameras: readonly [CameraState | null, CameraState | null, CameraState | null, CameraState | null];
}

/** Limits the panel and the URL codec enforce. */
export const LIMITS = {
  steps: { min: 1, max: 250_000 },
  resolution: { min: 8, max: 512 },
  speed: { min: 0.5, max: 120 },
  exaggeration: { min: 0.05, max: 5 },
  contours: { min: 0, max: 200 },
  fieldDensity: { min: 4, max: 60 },
  optimizers: 8,
} as const;

/**
 * What the scene can draw. The GPU gets x − cx, y − cy and f as float32 (≈ 7 significant digits,
 * |v| < 3.4e38, normal down to 1.2e-38) and the world scale 10 / width:
 * - a domain edge at most `coordinate` from 0 (a start point too), and each side at least
 *   `minWidth` · max(1, |edge|) wide: the surface keeps ~10⁶ distinguishable steps across it (and no
 *   float32 underflow of x − cx or overflow of the scale);
 * - f's drawn range within ±`f` (larger values are drawn clipped at it);
 * - cameras (world units; the box is 10 wide, the far plane at 1000) within `camera` of the origin,
 *   their target apart from their position, zoom within `zoom`.
 */
export const DRAWABLE = {
  coordinate: 1e6,
  minWidth: 1e-6,
  f: 1e37,
  camera: 1e4,
  zoom: { min: 1e-4, max: 1e4 },
} as const;

/** Why `domain` cannot be drawn (not finite, unordered, too wide or too narrow), or null when it can. */
export function domainProblem(domain: Domain): string | null {
  const edges = [...domain.x, ...domain.y];
  if (edges.length !== 4 || !edges.every(Number.isFinite)) return 'needs four finite numbers';
  if (!(domain.x[0] < domain.x[1] && domain.y[0] < domain.y[1])) return 'needs x0 < x1 and y0 < y1';
  if (edges.some((e) => Math.abs(e) > DRAWABLE.coordinate))
    return `has an edge beyond ±${DRAWABLE.coordinate} (the most the surface can draw)`;
  for (const [lo, hi] of [domain.x, domain.y]) {
    if (hi - lo < DRAWABLE.minWidth * Math.max(1, Math.abs(lo), Math.abs(hi)))
      return `has a side narrower than ${DRAWABLE.minWidth} (relative to its edges, beyond 1) — too narrow to draw`;
  }
  return null;
}

/** Why `c` cannot be used as a camera (not finite, too far, zoom out of range, no direction), or null. */
export function cameraProblem(c: CameraState): string | null {
  const values = [...c.position, ...c.target, c.zoom];
  if (values.length !== 7 || !values.every(Number.isFinite)) return 'needs seven finite numbers';
  if ([...c.position, ...c.target].some((v) => Math.abs(v) > DRAWABLE.camera))
    return `has a coordinate beyond ±${DRAWABLE.camera}`;
  if (!(c.zoom >= DRAWABLE.zoom.min && c.zoom <= DRAWABLE.zoom.max))
    return `needs a zoom within ${DRAWABLE.zoom.min}…${DRAWABLE.zoom.max}`;
  const d = Math.hypot(c.position[0] - c.target[0], c.position[1] - c.target[1], c.position[2] - c.target[2]);
  if (!(d > 1e-6)) return 'looks from its target at itself';
  return null;
}

/** A start point the scene can draw: finite, within ±`DRAWABLE.coordinate`. */
export function isDrawablePoint(p: readonly number[]): boolean {
  return p.length === 2 && p.every((v) => Number.isFinite(v) && Math.abs(v) <= DRAWABLE.coordinate);
}

/**
 * The slices of the state that changed from `prev` to `next` (compared by identity: the actions
 * replace a slice they change and keep the others), found generically — a new slice is seen
 * without listing it anywhere.
 */
export function changedSlices(prev: AppState, next: AppState): Set<keyof AppState> {
  const changed = new Set<keyof AppState>();
  for (const key of Object.keys(next) as (keyof AppState)[]) if (prev[key] !== next[key]) changed.add(key);
  for (const key of Object.keys(prev) as (keyof AppState)[]) if (!(key in next)) changed.add(key);
  return changed;
}
