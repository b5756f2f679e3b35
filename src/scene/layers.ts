/**
 * The layers of a WebGL pane, in drawing order. A new layer is a class implementing `PaneLayer`
 * (layer.ts) and one entry here; the pane builds, updates, resizes and disposes every entry alike.
 */
import { maps } from '../app/maps.ts';
import { AxesLayer } from './axes.ts';
import { FieldLayer } from './field.ts';
import type { LayerSpec } from './layer.ts';
import { curvatureLayer, stepArrowsLayer } from './layers/inspector-layers.ts';
import { SpreadLayer } from './layers/spread.ts';
import { lazyLayer } from './lazy-layer.ts';
import { SurfaceLayer } from './surface.ts';
import { TrailsLayer } from './trails.ts';

export const LAYERS: readonly LayerSpec[] = [
  { id: 'surface', create: () => new SurfaceLayer() },
  { id: 'axes', create: () => new AxesLayer() },
  // Loads when the Maps folder first turns basins on.
  {
    id: 'basins',
    create: lazyLayer(
      () => import('./layers/basins.ts').then((m) => () => new m.BasinsLayer()),
      () => maps.basins.on,
    ),
  },
  { id: 'field', create: () => new FieldLayer() },
  // Loads (with the stationary-point finder) when the View toggle is first on.
  {
    id: 'stationary',
    create: lazyLayer(
      () => import('./stationary.ts').then((m) => () => new m.StationaryLayer()),
      (c) => c.state.view.stationary,
    ),
  },
  { id: 'spread', create: () => new SpreadLayer() },
  { id: 'trails', create: () => new TrailsLayer() },
  // The step inspector's layers load with the inspector (inspector-layers.ts).
  { id: 'curvature', create: curvatureLayer },
  { id: 'step-arrows', create: stepArrowsLayer },
];
