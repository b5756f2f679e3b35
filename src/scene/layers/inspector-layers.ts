/**
 * The step inspector's two layers (curvature, step arrows), loaded with the inspector rather than
 * with the page: their fat lines are three.js add-ons the first screen does not need. Each is a
 * `lazyLayer` wanted while a row is inspected; the inspector model also awaits
 * `loadInspectorLayers` before its first inspection, so the code is here when there is something to draw.
 */
import type { LayerContext } from '../layer.ts';
import { lazyLayer } from '../lazy-layer.ts';

const loadCurvature = () => import('./curvature.ts');
const loadArrows = () => import('./step-arrows.ts');

/** Loads both layers' code (once: the module loader keeps it). */
export async function loadInspectorLayers(): Promise<void> {
  await Promise.all([loadCurvature(), loadArrows()]);
}

const inspecting = (c: LayerContext) => c.state.playback.inspected !== null;

export const curvatureLayer = lazyLayer(
  () => loadCurvature().then((m) => () => new m.CurvatureLayer()),
  inspecting,
);

export const stepArrowsLayer = lazyLayer(
  () => loadArrows().then((m) => () => new m.StepArrowsLayer()),
  inspecting,
);
