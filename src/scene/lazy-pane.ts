/**
 * A pane view whose code loads on first use: it stands in for the view (no camera, nothing drawn,
 * a blank snapshot) until the module has loaded, then hands every call to it — the last `update`
 * first. Disposed before it loads, it disposes the view as soon as it arrives.
 */
import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry, PaneKind } from '../app/state.ts';
import type { OverlayItem } from './overlay.ts';
import type { PaneView } from './pane-view.ts';

type UpdateArgs = [AppState, Derived, Changes, AppState | null, (entry: OptimizerEntry) => boolean];

export class LazyPane implements PaneView {
  readonly camera = null;
  private view: PaneView | null = null;
  private last: UpdateArgs | null = null;
  private disposed = false;

  constructor(
    readonly kind: PaneKind,
    load: () => Promise<PaneView>,
  ) {
    void load().then((view) => {
      if (this.disposed) return view.dispose();
      this.view = view;
      if (this.last) view.update(...this.last);
    });
  }

  update(...args: UpdateArgs): void {
    if (this.view) this.view.update(...args);
    // Until the view arrives it must draw everything afresh (no previous state).
    else this.last = [args[0], args[1], { fn: true, grid: true, runs: true }, null, args[4]];
  }

  get frames(): number {
    return this.view?.frames ?? 0;
  }

  get memory(): { readonly geometries: number; readonly textures: number } {
    return this.view?.memory ?? { geometries: 0, textures: 0 };
  }

  plotBox(): [number, number][] | null {
    return this.view?.plotBox() ?? null;
  }

  snapshot(scale: number): HTMLCanvasElement {
    if (this.view) return this.view.snapshot(scale);
    // Not loaded yet: one blank pixel (a 0 × 0 canvas cannot be drawn into an export).
    const blank = document.createElement('canvas');
    blank.width = 1;
    blank.height = 1;
    return blank;
  }

  overlay(): readonly OverlayItem[] {
    return this.view?.overlay?.() ?? [];
  }

  dispose(): void {
    this.disposed = true;
    this.view?.dispose();
  }
}
