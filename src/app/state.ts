/**
 * The explorer's whole state: a plain, serializable object (it is what a permalink stores). What is
 * computed from it — compiled function, grid, trajectories — lives in `derived.ts`, not here.
 */
import type { Domain } from '../core/functions/types.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import type { GradientMode } from '../core/runner.ts';
import type { ColormapId } from './colormaps.ts';

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
  /** Heights are clipped to [zMin, zMax]; null means the data's own minimum / maximum. */
  readonly zMin: number | null;
  readonly zMax: number | null;
  /** Show −∇f as arrows on the floor. @default false */
  readonly field: boolean;
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
}

export interface PlaybackState {
  /** The step every trail shows (0 = the start). */
  readonly step: number;
  readonly playing: boolean;
  /** Steps per second while playing. @default 4 */
  readonly speed: number;
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
}

/** Limits the panel and the URL codec enforce. */
export const LIMITS = {
  steps: { min: 1, max: 100_000 },
  resolution: { min: 8, max: 512 },
  speed: { min: 0.5, max: 120 },
  exaggeration: { min: 0.05, max: 5 },
  contours: { min: 0, max: 200 },
  optimizers: 8,
} as const;
