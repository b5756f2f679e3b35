/**
 * One pane of the explorer: the surface (3-D) or the contour map (2-D), axes, gradient field, the
 * trails of the optimizers it shows and the start handle, kept in step with the state. It reads the
 * state and the derived data and never writes the state: user gestures on the canvas (click or drag
 * to move the start, camera moves) come out as callbacks.
 */
import { Mesh, MeshBasicMaterial, TorusGeometry } from 'three';
import { getColormap } from '../app/colormaps.ts';
import type { Changes, Derived } from '../app/derived.ts';
import type { AppState, OptimizerEntry, PaneKind } from '../app/state.ts';
import { gradientField } from '../core/field.ts';
import { AxesLayer } from './axes.ts';
import { FieldLayer } from './field.ts';
import { type Frame, makeFrame, SIZE, worldX, worldY, worldZ } from './frame.ts';
import { intersectSurface } from './pick.ts';
import { SurfaceLayer } from './surface.ts';
import { LIFT, TrailsLayer } from './trails.ts';
import { View, type ViewEvents } from './view.ts';

export interface PaneEvents extends ViewEvents {
  /** The user clicked the surface, or dragged the start handle, to (x, y). */
  onPickStart?: (x: number, y: number) => void;
}

/** Distance (px) from the start handle's centre within which a press grabs it. */
const HANDLE_REACH = 18;

/** Pointer travel (px) under which a press-release counts as a click, not an orbit. */
const CLICK_SLOP = 5;

export class Pane {
  readonly view: View;
  private readonly surface: SurfaceLayer;
  private readonly axes = new AxesLayer();
  private readonly field = new FieldLayer();
  private readonly trails = new TrailsLayer();
  /** The runs the trails were last built from, in slot order. */
  private trailRuns: readonly unknown[] = [];
  private readonly startMaterial = new MeshBasicMaterial({ color: 0x111111 });
  private readonly startGeometry = new TorusGeometry(0.2, 0.06, 10, 32).rotateX(Math.PI / 2);
  private readonly startHandle = new Mesh(this.startGeometry, this.startMaterial);
  private frame: Frame | null = null;
  private derived: Derived | null = null;
  private press: { x: number; y: number; dragging: boolean } | null = null;

  constructor(
    readonly container: HTMLElement,
    readonly kind: PaneKind,
    private readonly events: PaneEvents = {},
  ) {
    this.view = new View(container, kind, {
      ...events,
      onResize: (w, h, r) => {
        this.trails.setResolution(w, h, r);
        events.onResize?.(w, h, r);
      },
      onLowDetail: (low) => this.surface.setLowDetail(low),
      onPlaceLabels: () => this.axes.thin((p) => this.view.toScreen(p)),
    });
    this.surface = new SurfaceLayer(getColormap('viridis')!);
    this.startHandle.name = 'start';
    this.view.scene.add(
      this.surface.object,
      this.axes.object,
      this.field.object,
      this.trails.object,
      this.startHandle,
    );
    const canvas = this.view.renderer.domElement;
    // Capture phase: decide about the handle before the orbit controls see the press.
    canvas.addEventListener('pointerdown', this.pointerDown, { capture: true });
    canvas.addEventListener('pointermove', this.pointerMove);
    canvas.addEventListener('pointerup', this.pointerUp);
  }

  /**
   * Brings the pane up to date with `s`, showing the optimizers `shows` accepts; `previous` is the
   * state this pane last showed (null: draw everything afresh).
   */
  update(
    s: AppState,
    derived: Derived,
    changes: Changes,
    previous: AppState | null,
    shows: (entry: OptimizerEntry) => boolean,
  ): void {
    this.derived = derived;
    const grid = derived.grid;
    if (!grid) return;
    const v = s.view;
    const pv = previous?.view;
    const frameChanged =
      changes.grid ||
      !pv ||
      v.zMin !== pv.zMin ||
      v.zMax !== pv.zMax ||
      v.zAuto !== pv.zAuto ||
      v.exaggeration !== pv.exaggeration;
    if (frameChanged) {
      // A 2-D pane is the same picture flattened: height 0, seen from above.
      const exaggeration = this.kind === '2d' ? 0 : v.exaggeration;
      this.frame = makeFrame(grid.domain, ...derived.zRange(v), exaggeration);
      if (changes.grid && derived.surface) this.surface.setSurface(derived.surface);
      this.surface.setFrame(this.frame);
      this.axes.setFrame(this.frame);
      this.view.markLabelsDirty();
      const f = this.frame;
      this.view.setExtent({
        halfX: (f.scale * (grid.domain.x[1] - grid.domain.x[0])) / 2,
        halfZ: (f.scale * (grid.domain.y[1] - grid.domain.y[0])) / 2,
        height: f.height,
      });
      const m = 0.01 * SIZE;
      // The lid leaves room above the lifted trails for the heads (radius 0.17) on a clipped plateau.
      this.view.setClipBox(
        worldX(f, grid.domain.x[0]) - m,
        worldX(f, grid.domain.x[1]) + m,
        -m,
        f.height + 3 * LIFT,
        worldZ(f, grid.domain.y[1]) - m,
        worldZ(f, grid.domain.y[0]) + m,
      );
    }
    const frame = this.frame!;
    if (!pv || v !== pv)
      this.surface.setView(v, getColormap(v.colormap) ?? getColormap('viridis')!, this.kind);
    this.field.object.visible = v.field;
    const fieldChanged =
      !pv || v.fieldDensity !== pv.fieldDensity || v.fieldMode !== pv.fieldMode || !pv.field;
    if (v.field && (frameChanged || changes.fn || fieldChanged) && derived.fn) {
      const n = v.fieldDensity;
      const wx = grid.domain.x[1] - grid.domain.x[0];
      const wy = grid.domain.y[1] - grid.domain.y[0];
      // Square cells: n arrows along the longer side.
      const [nx, ny] =
        wx >= wy ? [n, Math.max(1, Math.round((n * wy) / wx))] : [Math.max(1, Math.round((n * wx) / wy)), n];
      this.field.set(
        gradientField(derived.fn.valueGrad, grid.domain, nx, ny, v.fieldMode),
        frame,
        this.kind === '2d' ? 0.05 : 0.01,
      );
    }
    this.syncTrails(s, derived, frameChanged, shows);
    this.placeStart(s, frame);
    this.view.requestRender();
  }

  private syncTrails(
    s: AppState,
    derived: Derived,
    frameChanged: boolean,
    shows: (e: OptimizerEntry) => boolean,
  ): void {
    const runs = s.optimizers.map((e) => derived.runs.get(e.key) ?? null);
    const same = runs.length === this.trailRuns.length && runs.every((r, i) => r === this.trailRuns[i]);
    if (derived.fn && (frameChanged || !same)) {
      this.trails.setRuns(runs, this.frame!, derived.fn.value);
      this.trailRuns = runs;
    }
    s.optimizers.forEach((entry, slot) => {
      this.trails.setStyle(slot, { color: entry.color, visible: entry.visible && shows(entry) });
    });
    this.trails.showStep(s.playback.step);
  }

  private placeStart(s: AppState, frame: Frame): void {
    const [x, y] = s.start;
    const f = this.derived?.fn?.value(x, y) ?? Number.NaN;
    const h = Number.isFinite(f) ? worldY(frame, f) : 0;
    this.startHandle.position.set(worldX(frame, x), h + LIFT, worldZ(frame, y));
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
    const at = this.view.toClient(this.startHandle.position);
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
    this.trails.dispose();
    this.surface.dispose();
    this.axes.dispose();
    this.field.dispose();
    this.startGeometry.dispose();
    this.startMaterial.dispose();
    this.view.dispose();
  }
}
