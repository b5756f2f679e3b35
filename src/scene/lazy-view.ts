/**
 * A pane view whose code loads on first use (`lazyView`): the factory returns at once a stand-in
 * that keeps the `PaneView` contract, starts the import, and hands over to the real view when it
 * arrives — replaying the last `update` as a fresh one (everything changed, nothing shown before).
 * Until then the pane is empty: no plot box, a blank one-pixel snapshot, no frames; an import that
 * failed is tried again at the next update. Only for views without a
 * camera (`Panes` sets a camera right after a pane's first update, before the code can be there).
 */
import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry, PaneKind } from '../app/state.ts';
import type { OverlayItem } from './overlay.ts';
import type { PaneView, PaneViewEvents, PaneViewFactory } from './pane-view.ts';

const EVERYTHING: Changes = { fn: true, grid: true, runs: true };

class LazyView implements PaneView {
  readonly camera = null;
  private inner: PaneView | null = null;
  private disposed = false;
  private loading = false;
  private last: { s: AppState; derived: Derived; shows: (e: OptimizerEntry) => boolean } | null = null;

  constructor(
    private readonly host: HTMLElement,
    readonly kind: PaneKind,
    private readonly events: PaneViewEvents,
    private readonly load: () => Promise<PaneViewFactory>,
  ) {
    this.start();
  }

  /** Imports the view's code; a failed import is tried again by the next update. */
  private start(): void {
    this.loading = true;
    this.load().then(
      (make) => {
        this.loading = false;
        if (this.disposed) return;
        const inner = make(this.host, this.kind, this.events);
        this.inner = inner;
        const last = this.last;
        if (last) inner.update(last.s, last.derived, EVERYTHING, null, last.shows);
      },
      (error: unknown) => {
        this.loading = false;
        console.error(`The ${this.kind} pane's code did not load:`, error);
      },
    );
  }

  update(
    s: AppState,
    derived: Derived,
    changes: Changes,
    previous: AppState | null,
    shows: (entry: OptimizerEntry) => boolean,
  ): void {
    this.last = { s, derived, shows };
    if (this.inner) this.inner.update(s, derived, changes, previous, shows);
    else if (!this.loading && !this.disposed) this.start();
  }

  plotBox(): [number, number][] | null {
    return this.inner?.plotBox() ?? null;
  }

  snapshot(scale: number): HTMLCanvasElement {
    if (this.inner) return this.inner.snapshot(scale);
    // Not loaded yet: one blank pixel (a 0 × 0 canvas cannot be drawn into an export).
    const blank = document.createElement('canvas');
    blank.width = 1;
    blank.height = 1;
    return blank;
  }

  overlay(): readonly OverlayItem[] {
    return this.inner?.overlay?.() ?? [];
  }

  get frames(): number {
    return this.inner?.frames ?? 0;
  }

  get memory(): { readonly geometries: number; readonly textures: number } {
    return this.inner?.memory ?? { geometries: 0, textures: 0 };
  }

  dispose(): void {
    this.disposed = true;
    this.inner?.dispose();
    this.inner = null;
  }
}

/**
 * The factory of a camera-less view whose module `load` brings (called once, on the first pane of
 * that kind; a failed load is tried again by that pane's next update, or the next pane).
 */
export function lazyView(load: () => Promise<PaneViewFactory>): PaneViewFactory {
  let loading: Promise<PaneViewFactory> | null = null;
  const once = () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return (host, kind, events) => new LazyView(host, kind, events, once);
}
