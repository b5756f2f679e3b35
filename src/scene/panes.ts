/**
 * The panes of the explorer: 1, 2 side by side, or 4 in a 2×2 grid, each a `PaneView` built from
 * `PANE_VIEWS` by its kind (a 3-D or 2-D WebGL scene, or a chart), with its own canvas. Panes beyond the layout's count are hidden, not destroyed, so switching
 * layouts does not churn WebGL contexts; a pane that changes kind is rebuilt. With linked cameras,
 * moving one pane moves the others of the same kind.
 */
import type { Changes, Derived } from '../app/derived.ts';
import { type AppState, type CameraState, type PaneKind, paneShows } from '../app/state.ts';
import type { OverlayItem } from './overlay.ts';
import type { PaneView } from './pane-view.ts';
import { PANE_VIEWS } from './pane-views.ts';

export interface PanesEvents {
  /** The user clicked a surface, or dragged the start handle, to (x, y). */
  onPickStart?: (x: number, y: number) => void;
  /** A pane's WebGL context was lost (true) or restored (false). */
  onContextLost?: (lost: boolean) => void;
  /** A lost WebGL context did not come back within a few seconds. */
  onContextGone?: () => void;
  /** The user finished moving pane `index`'s camera. */
  onCameraEnd?: (index: number, camera: CameraState) => void;
  /** A pane asks for a change of the scene (see `PaneViewEvents.onApply`). */
  onApply?: (change: (s: AppState) => AppState) => void;
}

const EVERYTHING: Changes = { fn: true, grid: true, runs: true };

interface Slot {
  readonly host: HTMLElement;
  pane: PaneView | null;
  /** The state this pane last showed; null: redraw everything on the next update. */
  shown: AppState | null;
  /** The camera from the state last applied to this pane. */
  camera: CameraState | null | undefined;
}

export class Panes {
  readonly element = document.createElement('div');
  private readonly slots: Slot[];
  private linked = true;
  private syncing = false;
  /** The page computes in the background (see `setBusy`). */
  private busy = false;

  constructor(
    container: HTMLElement,
    private readonly events: PanesEvents = {},
  ) {
    this.element.className = 'panes';
    this.element.id = 'panes';
    this.slots = [0, 1, 2, 3].map((i) => {
      const host = document.createElement('div');
      host.className = 'pane';
      host.dataset.pane = String(i);
      this.element.append(host);
      return { host, pane: null, shown: null, camera: undefined };
    });
    container.append(this.element);
  }

  /** The pane elements, for overlays (labels) that other layers add. */
  get hosts(): readonly HTMLElement[] {
    return this.slots.map((s) => s.host);
  }

  /** The live panes (for tests, exports and the benchmark). */
  get panes(): readonly PaneView[] {
    return this.slots.flatMap((s) => (s.pane ? [s.pane] : []));
  }

  update(s: AppState, derived: Derived, changes: Changes): void {
    const count = s.layout.panes;
    this.linked = s.layout.linked;
    // DOM writes only on a change: playback updates this every step.
    if (this.element.dataset.panes !== String(count)) this.element.dataset.panes = String(count);
    this.slots.forEach((slot, i) => {
      const visible = i < count;
      if (slot.host.hidden === visible) slot.host.hidden = !visible;
      if (!visible) {
        slot.shown = null;
        return;
      }
      const kind = s.layout.kinds[i];
      if (slot.pane && slot.pane.kind !== kind) {
        slot.pane.dispose();
        slot.pane = null;
      }
      if (!slot.pane) {
        slot.pane = this.createPane(i, kind);
        slot.pane.setBusy?.(this.busy);
        slot.shown = null;
        slot.camera = undefined;
      }
      const pane = slot.pane;
      const fresh = slot.shown === null;
      pane.update(s, derived, fresh ? EVERYTHING : changes, slot.shown, paneShows(count, i));
      slot.shown = s;
      const camera = s.cameras[i];
      if (camera !== slot.camera || fresh) {
        slot.camera = camera;
        // Home depends on the box just built, so a fresh pane goes home after its first update.
        if (pane.camera && (camera === null || !pane.camera.shows(camera))) pane.camera.set(camera);
      }
    });
  }

  /** The page computes in the background (a map on the worker pool), or not: every pane is told. */
  setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    for (const slot of this.slots) slot.pane?.setBusy?.(busy);
  }

  private createPane(index: number, kind: PaneKind): PaneView {
    const pane: PaneView = PANE_VIEWS[kind](this.slots[index].host, kind, {
      onPickStart: (x, y) => this.events.onPickStart?.(x, y),
      onContextLost: (lost) => this.events.onContextLost?.(lost),
      onContextGone: () => this.events.onContextGone?.(),
      onCameraChange: () => this.follow(index),
      onApply: (change) => this.events.onApply?.(change),
      onCameraEnd: () => {
        if (pane.camera) this.events.onCameraEnd?.(index, pane.camera.state());
      },
    });
    return pane;
  }

  /** Linked cameras: the other visible panes of the same kind take pane `index`'s pose. */
  private follow(index: number): void {
    if (!this.linked || this.syncing) return;
    const source = this.slots[index].pane;
    if (!source?.camera) return;
    const pose = source.camera.state();
    this.syncing = true;
    for (const [j, slot] of this.slots.entries()) {
      if (j === index || slot.host.hidden || !slot.pane || slot.pane.kind !== source.kind) continue;
      slot.pane.camera?.set(pose);
    }
    this.syncing = false;
  }

  /** Each visible pane rendered now at `scale`, with the CSS-pixel rectangle it occupies. */
  snapshots(scale = 1): { image: HTMLCanvasElement; rect: DOMRect; overlay: readonly OverlayItem[] }[] {
    return this.slots.flatMap((slot) =>
      !slot.host.hidden && slot.pane
        ? [
            {
              image: slot.pane.snapshot(scale),
              rect: slot.host.getBoundingClientRect(),
              overlay: slot.pane.overlay?.() ?? [],
            },
          ]
        : [],
    );
  }

  /** The plotted box of each visible pane on the page (see `PaneView.plotBox`), for layout checks. */
  plotBoxes(): [number, number][][] {
    return this.slots.flatMap((slot) => {
      const box = !slot.host.hidden && slot.pane ? slot.pane.plotBox() : null;
      return box ? [box] : [];
    });
  }

  /** Every visible pane back to its home view. */
  home(): void {
    for (const slot of this.slots) if (!slot.host.hidden) slot.pane?.camera?.home();
  }

  /** 3-D panes look straight down. */
  topView(): void {
    for (const slot of this.slots) if (!slot.host.hidden) slot.pane?.camera?.topView();
  }

  /** Frames rendered by all panes so far. */
  get frames(): number {
    return this.panes.reduce((n, p) => n + p.frames, 0);
  }

  /** Live GPU objects of all panes (three.js's `renderer.info.memory` of each WebGL pane, summed). */
  get memory(): { geometries: number; textures: number } {
    return this.panes.reduce(
      (m, p) => {
        const info = p.memory;
        return { geometries: m.geometries + info.geometries, textures: m.textures + info.textures };
      },
      { geometries: 0, textures: 0 },
    );
  }

  dispose(): void {
    for (const slot of this.slots) slot.pane?.dispose();
    this.element.remove();
  }
}
