/**
 * The step inspector's two layers (curvature, step arrows), loaded with the inspector rather than
 * with the page: their fat lines are three.js add-ons the first screen does not need. `LAYERS` holds
 * a stand-in for each that builds the real layer once `loadInspectorLayers` has run (the inspector
 * model awaits it before its first inspection, so the first update that has something to draw finds
 * them here).
 */
import { Group } from 'three';
import type { LayerContext, PaneLayer, ToScreen } from '../layer.ts';

let loaded: {
  readonly curvature: typeof import('./curvature.ts');
  readonly arrows: typeof import('./step-arrows.ts');
} | null = null;

/** Loads both layers' code (once). */
export async function loadInspectorLayers(): Promise<void> {
  if (loaded) return;
  const [curvature, arrows] = await Promise.all([import('./curvature.ts'), import('./step-arrows.ts')]);
  loaded = { curvature, arrows };
}

/** Stands in for a layer whose code may not be loaded yet; nothing is drawn until it is. */
class LazyLayer implements PaneLayer {
  readonly object = new Group();
  private inner: PaneLayer | null = null;

  constructor(private readonly make: () => PaneLayer | null) {}

  update(context: LayerContext): void {
    if (!this.inner) {
      this.inner = this.make();
      if (!this.inner) return;
      this.object.add(this.inner.object);
    }
    this.inner.update(context);
  }

  get revision(): number {
    return this.inner?.revision ?? 0;
  }

  resize(width: number, height: number, pixelRatio: number): void {
    this.inner?.resize?.(width, height, pixelRatio);
  }

  setLowDetail(low: boolean): void {
    this.inner?.setLowDetail?.(low);
  }

  placeLabels(toScreen: ToScreen): void {
    this.inner?.placeLabels?.(toScreen);
  }

  dispose(): void {
    this.inner?.dispose();
  }
}

export const curvatureLayer = (): PaneLayer =>
  new LazyLayer(() => (loaded ? new loaded.curvature.CurvatureLayer() : null));

export const stepArrowsLayer = (): PaneLayer =>
  new LazyLayer(() => (loaded ? new loaded.arrows.StepArrowsLayer() : null));
