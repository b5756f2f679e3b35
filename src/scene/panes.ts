/**
 * The panes of the explorer: 1, 2 side by side, or 4 in a 2×2 grid, each a `Pane` (3-D or 2-D)
 * with its own canvas. Panes beyond the layout's count are hidden, not destroyed, so switching
 * layouts does not churn WebGL contexts; a pane that changes kind is rebuilt. With linked cameras,
 * moving one pane moves the others of the same kind.
 */
import type { Changes, Derived } from '../app/derived.ts';
import { type AppState, type CameraState, paneShows } from '../app/state.ts';
import { Pane } from './pane.ts';

export interface PanesEvents {
  /** The user clicked a surface, or dragged the start handle, to (x, y). */
  onPickStart?: (x: number, y: number) => void;
  /** A pane's WebGL context was lost (true) or restored (false). */
  onContextLost?: (lost: boolean) => void;
  /** The user finished moving pane `index`'s camera. */
  onCameraEnd?: (index: number, camera: CameraState) => void;
}

const EVERYTHING: Changes = { fn: true, grid: true, runs: true };

interface Slot {
  readonly host: HTMLElement;
  pane: Pane | null;
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
  get panes(): readonly Pane[] {
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
        if (camera === null || !pane.view.showsCamera(camera)) pane.view.setCamera(camera);
      }
    });
  }

  private createPane(index: number, kind: '3d' | '2d'): Pane {
    const pane: Pane = new Pane(this.slots[index].host, kind, {
      onPickStart: (x, y) => this.events.onPickStart?.(x, y),
      onContextLost: (lost) => this.events.onContextLost?.(lost),
      onCameraChange: () => this.follow(index),
      onCameraEnd: () => this.events.onCameraEnd?.(index, pane.view.cameraState()),
    });
    return pane;
  }

  /** Linked cameras: the other visible panes of the same kind take pane `index`'s pose. */
  private follow(index: number): void {
    if (!this.linked || this.syncing) return;
    const source = this.slots[index].pane;
    if (!source) return;
    const pose = source.view.cameraState();
    this.syncing = true;
    for (const [j, slot] of this.slots.entries()) {
      if (j === index || slot.host.hidden || !slot.pane || slot.pane.kind !== source.kind) continue;
      slot.pane.view.setCamera(pose);
    }
    this.syncing = false;
  }

  /** Each visible pane rendered now at `scale`, with the CSS-pixel rectangle it occupies. */
  snapshots(scale = 1): { image: HTMLCanvasElement; rect: DOMRect }[] {
    return this.slots.flatMap((slot) =>
      !slot.host.hidden && slot.pane
        ? [{ image: slot.pane.view.snapshot(scale), rect: slot.host.getBoundingClientRect() }]
        : [],
    );
  }

  /** Every visible pane back to its home view. */
  home(): void {
    for (const slot of this.slots) if (!slot.host.hidden) slot.pane?.view.home();
  }

  /** 3-D panes look straight down. */
  topView(): void {
    for (const slot of this.slots) if (!slot.host.hidden) slot.pane?.view.topView();
  }

  /** Frames rendered by all panes so far. */
  get frames(): number {
    return this.panes.reduce((n, p) => n + p.view.frames, 0);
  }

  /** Live GPU objects of all panes (three.js's `renderer.info.memory`, summed). */
  get memory(): { geometries: number; textures: number } {
    return this.panes.reduce(
      (m, p) => {
        const info = p.view.renderer.info.memory;
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
