/**
 * The layers of a WebGL pane, in drawing order. A new layer is a class implementing `PaneLayer`
 * (layer.ts) and one entry here; the pane builds, updates, resizes and disposes every entry alike.
 */
import { AxesLayer } from './axes.ts';
import { FieldLayer } from './field.ts';
import type { LayerSpec } from './layer.ts';
import { BasinsLayer } from './layers/basins.ts';
import { CurvatureLayer } from './layers/curvature.ts';
import { SpreadLayer } from './layers/spread.ts';
import { StepArrowsLayer } from './layers/step-arrows.ts';
import { StationaryLayer } from './stationary.ts';
import { SurfaceLayer } from './surface.ts';
import { TrailsLayer } from './trails.ts';

export const LAYERS: readonly LayerSpec[] = [
  { id: 'surface', create: () => new SurfaceLayer() },
  { id: 'axes', create: () => new AxesLayer() },
  { id: 'basins', create: () => new BasinsLayer() },
  { id: 'field', create: () => new FieldLayer() },
  { id: 'stationary', create: () => new StationaryLayer() },
  { id: 'spread', create: () => new SpreadLayer() },
  { id: 'trails', create: () => new TrailsLayer() },
  { id: 'curvature', create: () => new CurvatureLayer() },
  { id: 'step-arrows', create: () => new StepArrowsLayer() },
];
