/**
 * A WebGL pane (`PaneView` of kind '3d' or '2d'): a `View` (canvas, camera, controls) and the
 * layers of `LAYERS` plus the start handle, kept in step with the state. It works out the world
 * frame, hands every layer the same `LayerContext`, and routes the view's resize, low-detail and
 * label hooks to every layer alike — it names no layer but the start handle, which it also lets the
 * user drag. It reads the state and the derived data and never writes the state: gestures on the
 * canvas (click or drag to move the start, camera moves) come out as callbacks.
 */
import { Vector3 } from 'three';
import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry } from '../app/state.ts';
import { margins2d } from './axes.ts';
import type { LayerContext, PaneLayer, SceneKind } from './layer.ts';
import { LAYERS } from './layers.ts';
import type { OverlayItem } from './overlay.ts';
import type { PaneCamera, PaneView, PaneViewEvents } from './pane-view.ts';
import { intersectSurface } from './pick.ts';
import { StartLayer } from './start.ts';
import { LIFT } from './trail-buffers.ts';
import { View } from './view.ts';
import { type Frame, makeFrame, SIZE, worldX, worldZ } from './world.ts';

/** Distance (px) from the start handle's centre within which a press grabs it. */
const HANDLE_REACH = 18;

/** Pointer travel (px) under which a press-release counts as a click, not an orbit. */
const CLICK_SLOP = 5;

/** What the world frame depends on; a new frame when any of it changes (compared with Object.is). */
type FrameKey = readonly unknown[];

export class ScenePane implements PaneView {
  readonly view: View;
  readonly camera: PaneCamera;
  /** Every layer, in drawing order; the start handle last. */
  readonly layers: readonly PaneLayer[];
  private readonly start = new StartLayer();
  private frame: Frame | null = null;
  private frameKey: FrameKey = [];
  private derived: Derived | null = null;
  /** The last update's arguments, to rebuild when the canvas's shape changes the frame (2-D fill). */
  private last: { s: AppState; derived: Derived; shows: (e: OptimizerEntry) => boolean } | null = null;
  private press: { x: number; y: number; dragging: boolean } | null = null;

  constructor(
    readonly container: HTMLElement,
    readonly kind: SceneKind,
    private readonly events: PaneViewEvents = {},
  ) {
    const host = {
      redraw: () => {
        this.view.markLabelsDirty();
        this.view.requestRender();
      },
    };
    this.layers = [...LAYERS.map((spec) => spec.create(kind, host)), this.start];
    this.view = new View(container, kind, {
      onContextLost: events.onContextLost,
      onContextGone: events.onContextGone,
      onCameraChange: events.onCameraChange,
      onCameraEnd: events.onCameraEnd,
      onResize: (w, h, r) => {
        for (const layer of this.layers) layer.resize?.(w, h, r);
        // A 2-D map stretched to fill takes the canvas's shape: a new frame.
        if (this.last?.s.view.aspect === 'fill' && kind === '2d') this.refresh();
      },
      onLowDetail: (low) => {
        for (const layer of this.layers) layer.setLowDetail?.(low);
      },
      onPlaceLabels: () => {
        for (const layer of this.layers) layer.placeLabels?.((p) => this.view.toScreen(p));
      },
    });
    const view = this.view;
    this.camera = {
      state: () => view.cameraState(),
      set: (state) => view.setCamera(state),
      shows: (state) => view.showsCamera(state),
      home: () => view.home(),
      topView: () => view.topView(),
    };
    for (const layer of this.layers) view.scene.add(layer.object);
    const canvas = view.renderer.domElement;
    // Capture phase: decide about the handle before the orbit controls see the press.
    canvas.addEventListener('pointerdown', this.pointerDown, { capture: true });
    canvas.addEventListener('pointermove', this.pointerMove);
    canvas.addEventListener('pointerup', this.pointerUp);
  }

  get frames(): number {
    return this.view.frames;
  }

  setBusy(busy: boolean): void {
    this.view.setBusy(busy);
  }

  get memory(): { geometries: number; textures: number } {
    const info = this.view.renderer.info.memory;
    return { geometries: info.geometries, textures: info.textures };
  }

  overlay(): readonly OverlayItem[] {
    return this.view.overlay();
  }

  snapshot(scale = 1): HTMLCanvasElement {
    return this.view.snapshot(scale);
  }

  plotBox(): [number, number][] | null {
    const f = this.frame;
    if (!f || this.container.clientWidth === 0) return null;
    this.view.camera.updateMatrixWorld();
    const corners: [number, number][] = [];
    const p = new Vector3();
    for (const x of f.domain.x)
      for (const y of f.domain.y)
        for (const h of [0, f.height]) {
          const c = this.view.toClient(p.set(worldX(f, x), h, worldZ(f, y)));
          corners.push([c.x, c.y]);
        }
    return corners;
  }

  /** Brings every layer up to date with `s` (see `PaneView.update`). */
  update(
    s: AppState,
    derived: Derived,
    changes: Changes,
    previous: AppState | null,
    shows: (entry: OptimizerEntry) => boolean,
  ): void {
    this.derived = derived;
    this.last = { s, derived, shows };
    const grid = derived.grid;
    if (!grid) return;
    const v = s.view;
    const [zMin, zMax] = derived.zRange(v);
    // A 2-D pane is the same picture flattened: height 0, seen from above.
    const exaggeration = this.kind === '2d' ? 0 : v.exaggeration;
    const aspect =
      this.kind === '2d' && v.aspect === 'fill' ? this.view.plotAspect(margins2d(grid.domain)) : null;
    const key: FrameKey = [derived.surface, grid.domain, zMin, zMax, exaggeration, aspect];
    const frameChanged =
      !this.frame ||
      changes.grid ||
      key.length !== this.frameKey.length ||
      key.some((k, i) => !Object.is(k, this.frameKey[i]));
    if (frameChanged) {
      this.frameKey = key;
      this.frame = makeFrame(grid.domain, zMin, zMax, exaggeration, aspect);
      this.placeBox(this.frame);
    }
    const context: LayerContext = {
      state: s,
      previous,
      derived,
      changes,
      frame: this.frame!,
      frameChanged,
      kind: this.kind,
      shows,
    };
    // The same state, derived data and frame again (the maps hub or the inspector calling): only a layer
    // that draws from outside the context can have changed, and says so by its revision.
    const quiet = s === previous && !changes.fn && !changes.grid && !changes.runs && !frameChanged;
    const before = quiet ? this.revisions() : 0;
    for (const layer of this.layers) layer.update(context);
    if (frameChanged || s.view !== previous?.view) this.view.markLabelsDirty();
    if (!quiet || this.revisions() !== before) this.view.requestRender();
  }

  /** The sum of the layers' revisions (each only grows, so the sum moves when any one does). */
  private revisions(): number {
    let sum = 0;
    for (const layer of this.layers) sum += layer.revision ?? 0;
    return sum;
  }

  /** Redraws from the last update as if afresh (the frame's inputs changed outside the state). */
  private refresh(): void {
    const last = this.last;
    if (!last) return;
    this.update(last.s, last.derived, { fn: false, grid: false, runs: false }, last.s, last.shows);
  }

  /** The camera's box and the clipping box for a new frame. */
  private placeBox(f: Frame): void {
    const d = f.domain;
    this.view.setExtent(
      {
        halfX: (f.scale * (d.x[1] - d.x[0])) / 2,
        halfZ: (f.scaleY * (d.y[1] - d.y[0])) / 2,
        height: f.height,
      },
      margins2d(d),
    );
    const m = 0.01 * SIZE;
    // The lid leaves room above the lifted trails for the heads (radius 0.17) on a clipped plateau.
    this.view.setClipBox(
      worldX(f, d.x[0]) - m,
      worldX(f, d.x[1]) + m,
      -m,
      f.height + 3 * LIFT,
      worldZ(f, d.y[1]) - m,
      worldZ(f, d.y[0]) + m,
    );
  }

  /** (x, y) on the surface under the pointer, or null. */
  pickDomain(clientX: number, clientY: number): [number, number] | null {
    if (!this.frame) return null;
    const fn = this.derived?.fn;
    if (!fn) return null;
    const { origin, direction } = this.view.ray(clientX, clientY);
    return intersectSurface(origin, direction, this.frame, fn.value);
  }

  private readonly pointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    // Grab the start handle within a finger's reach of its centre (the ring itself is thin).
    const at = this.view.toClient(this.start.object.position);
    const onHandle = Math.hypot(e.clientX - at.x, e.clientY - at.y) <= HANDLE_REACH;
    this.press = { x: e.clientX, y: e.clientY, dragging: onHandle };
    if (onHandle) {
      // Dragging the start handle: the camera stays put.
      this.view.controls.enabled = false;
      (e.target as Element).setPointerCapture?.(e.pointerId);
    }
  };

  private readonly pointerMove = (e: PointerEvent): void => {
    if (!this.press?.dragging) return;
    const p = this.pickDomain(e.clientX, e.clientY);
    if (p) this.events.onPickStart?.(p[0], p[1]);
  };

  private readonly pointerUp = (e: PointerEvent): void => {
    const press = this.press;
    this.press = null;
    this.view.controls.enabled = true;
    if (!press || press.dragging) return;
    if (Math.hypot(e.clientX - press.x, e.clientY - press.y) > CLICK_SLOP) return;
    const p = this.pickDomain(e.clientX, e.clientY);
    if (p) this.events.onPickStart?.(p[0], p[1]);
  };

  dispose(): void {
    const canvas = this.view.renderer.domElement;
    canvas.removeEventListener('pointerdown', this.pointerDown, { capture: true });
    canvas.removeEventListener('pointermove', this.pointerMove);
    canvas.removeEventListener('pointerup', this.pointerUp);
    for (const layer of this.layers) layer.dispose();
    this.view.dispose();
  }
}
