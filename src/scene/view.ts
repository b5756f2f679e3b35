/**
 * One canvas: renderer, camera, controls and label layer, drawing on demand — a frame is rendered
 * only when something asked for one (camera moved, state changed) and while the controls' damping
 * settles. A 3-D view orbits a perspective camera around the box; a 2-D view looks straight down
 * with an orthographic camera (equal scale in world X and Z) that fits the box inside pixel margins
 * kept for the labels, and pans and zooms. A camera left at home refits when the canvas or the box
 * changes (pane count, height). Handles resizing, WebGL context loss, restoration — and a context
 * that does not come back within `CONTEXT_PATIENCE_MS`.
 */
import {
  Matrix4,
  MOUSE,
  OrthographicCamera,
  PerspectiveCamera,
  Plane,
  Raycaster,
  Scene,
  TOUCH,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { frameLoop } from '../app/frame-loop.ts';
import type { CameraState } from '../app/state.ts';
import { hullMeetsRect } from './hull.ts';
import type { SceneKind } from './layer.ts';
import { type OverlayItem, textItem } from './overlay.ts';
import { SIZE } from './world.ts';

/** What this browser's WebGL2 is: available at all, and software (SwiftShader, llvmpipe) or not. */
export interface WebGLInfo {
  readonly available: boolean;
  readonly software: boolean;
}

let probed: WebGLInfo | null = null;

/** Probes WebGL2 once (three.js needs WebGL2) with a throwaway context. */
export function webglInfo(): WebGLInfo {
  probed ??= probe();
  return probed;
}

function probe(): WebGLInfo {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return { available: false, software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, software: /swiftshader|llvmpipe|software/i.test(name) };
  } catch {
    return { available: false, software: false };
  }
}

/** True when this browser can create a WebGL2 context. */
export function webglAvailable(): boolean {
  return webglInfo().available;
}

/** Direction of the 3-D home view from the target: front-left, well above the floor. */
/** Scratch matrix for the per-frame label check (no allocation per frame). */
const scratch = new Matrix4();
const scratchVector = new Vector3();

const HOME_DIRECTION = new Vector3(-0.31, 1.45, 0.93).multiplyScalar(SIZE);

/** The 3-D home view keeps every corner of the box within this fraction of the canvas's half-size. */
const HOME_FILL = 0.95;

/** Pixels between the legend's band and the box on a tall 3-D pane (see `View.fitTall`). */
const BAND_GAP = 6;

/** Each step of the tall fit's search moves the camera this factor further out (a 2 % fit). */
const FIT_STEP = 1.02;

/** Pixels around a 2-D map kept for its tick labels and axis titles (they sit at pixel offsets). */
export interface Margins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A lost WebGL context that has not come back after this long is reported as gone. */
export const CONTEXT_PATIENCE_MS = 3000;

/**
 * The 2-D orthographic frustum (camera space, before zoom) that shows a box of half extents
 * `halfX` × `halfZ` world units centred in a `width` × `height` px canvas minus `margins`, at one
 * scale in x and y (the largest that fits).
 */
export function frustum2d(
  halfX: number,
  halfZ: number,
  width: number,
  height: number,
  margins: Margins,
): { left: number; right: number; top: number; bottom: number } {
  const w = Math.max(1, width - margins.left - margins.right);
  const h = Math.max(1, height - margins.top - margins.bottom);
  // Pixels per world unit.
  const s = Math.min(w / (2 * halfX), h / (2 * halfZ));
  const left = -(width / 2 + (margins.left - margins.right) / 2) / s;
  const top = (height / 2 + (margins.top - margins.bottom) / 2) / s;
  return { left, right: left + width / s, top, bottom: top - height / s };
}

/**
 * A rectangle in a top corner of the canvas that a 2-D map keeps clear (a legend drawn over the
 * pane): `width` px in from the `side` edge, `height` px down from the top.
 */
export interface Corner {
  readonly side: 'left' | 'right';
  readonly width: number;
  readonly height: number;
}

/** A kept-clear corner's size is rounded up to a multiple of this (px). */
const CORNER_STEP = 8;

/** Pixels between a kept-clear corner and the map. */
const CORNER_GAP = 4;

/** The two ways round a corner: the map below it (a larger top margin) or beside it (a larger side margin). */
function aroundCorner(m: Margins, corner: Corner): [Margins, Margins] {
  const below = { ...m, top: Math.max(m.top, corner.height + CORNER_GAP) };
  const beside =
    corner.side === 'right'
      ? { ...m, right: Math.max(m.right, corner.width + CORNER_GAP) }
      : { ...m, left: Math.max(m.left, corner.width + CORNER_GAP) };
  return [below, beside];
}

/**
 * The margins that keep a 2-D map of half extents `halfX` × `halfZ` (world units), fitted by
 * `frustum2d` into a `width` × `height` px canvas, clear of `corner`: `margins` themselves when the
 * map they frame misses the corner, else whichever of "below the corner" and "beside it" draws the map
 * at the larger scale s = min(w ⁄ 2·halfX, h ⁄ 2·halfZ) (w × h: the canvas minus the margins).
 */
export function marginsClearOf(
  halfX: number,
  halfZ: number,
  width: number,
  height: number,
  margins: Margins,
  corner: Corner | null,
): Margins {
  if (!corner || corner.width <= 0 || corner.height <= 0) return margins;
  const scale = (m: Margins) =>
    Math.min(
      Math.max(1, width - m.left - m.right) / (2 * halfX),
      Math.max(1, height - m.top - m.bottom) / (2 * halfZ),
    );
  // The map's box on the canvas: centred in the area inside the margins.
  const s = scale(margins);
  const w = Math.max(1, width - margins.left - margins.right);
  const h = Math.max(1, height - margins.top - margins.bottom);
  const boxLeft = margins.left + w / 2 - halfX * s;
  const boxRight = margins.left + w / 2 + halfX * s;
  const boxTop = margins.top + h / 2 - halfZ * s;
  const clear =
    boxTop >= corner.height ||
    (corner.side === 'right' ? boxRight <= width - corner.width : boxLeft >= corner.width);
  if (clear) return margins;
  const [below, beside] = aroundCorner(margins, corner);
  return scale(below) >= scale(beside) ? below : beside;
}

/** The box the camera frames: half extents in world X and Z and its height. */
export interface Extent {
  readonly halfX: number;
  readonly halfZ: number;
  readonly height: number;
}

export interface ViewEvents {
  /** Called after each rendered frame. */
  onRender?: () => void;
  /** Called when the WebGL context is lost (true) or restored (false). */
  onContextLost?: (lost: boolean) => void;
  /** The labels are about to be placed for a new camera pose (or changed labels): adjust them now. */
  onPlaceLabels?: () => void;
  /** Called when the canvas size changes (CSS pixels). */
  onResize?: (width: number, height: number, pixelRatio: number) => void;
  /** The camera moved (user gesture or `setCamera`). */
  onCameraChange?: () => void;
  /** A user gesture on the camera ended and the camera has come to rest (damping included). */
  onCameraEnd?: () => void;
  /** The WebGL context was lost and has not come back within `CONTEXT_PATIENCE_MS`. */
  onContextGone?: () => void;
  /**
   * Low detail on (true) while the camera moves, or the page is busy (`setBusy`), on a renderer too slow
   * for full detail; off (false) once it rests and the page is idle. Never called on a fast renderer.
   */
  onLowDetail?: (low: boolean) => void;
}

/** Fraction of the canvas's resolution (per side) drawn in low-detail mode. */
const LOW_RESOLUTION = 0.6;

/** A frame interval above this while the camera moves means the renderer is too slow for full detail. */
const SLOW_FRAME_MS = 28;

export class View {
  readonly scene = new Scene();
  readonly camera: PerspectiveCamera | OrthographicCamera;
  readonly renderer: WebGLRenderer;
  readonly controls: OrbitControls;
  readonly labels = new CSS2DRenderer();
  /** Frames rendered since start (for tests and the benchmark). */
  frames = 0;
  /** The canvas's full-detail pixel ratio. */
  private readonly pixelRatio: number;
  /** Page colour in 3-D, white paper in 2-D (as the book's plots). */
  private readonly background: number;
  private extent: Extent = { halfX: SIZE / 2, halfZ: SIZE / 2, height: SIZE / 2 };
  private pending: number | null = null;
  private settling = false;
  /** The camera transform the labels were last placed for, and whether they changed since. */
  private readonly labelView = new Matrix4();
  private labelsDirty = true;
  /** Whether this renderer needs low detail while moving: guessed from its name, then measured. */
  private slow: boolean;
  private moving = false;
  /** The page computes in the background (a map on the worker pool): see `setBusy`. */
  private busy = false;
  private low = false;
  private lastFrame = 0;
  /** The camera pose when the current gesture began. */
  private startPose: CameraState | null = null;
  private readonly resizeObserver: ResizeObserver;
  private readonly raycaster = new Raycaster();
  private readonly clipPlanes = Array.from({ length: 6 }, () => new Plane());
  private readonly pointer = new Vector2();
  private readonly size = new Vector2();
  /** 2-D: the pixels kept around the map for its labels. */
  private margins: Margins = { left: 48, right: 14, top: 12, bottom: 40 };
  /** 2-D: the overlay in a top corner the map keeps clear of (see `measureCorner`). */
  private corner: Corner | null = null;
  private readonly overlayObserver = new ResizeObserver(() => this.overlaysChanged());
  /** True while the camera is at its home view (not moved since): it then refits on a new size or box. */
  private atHome = true;
  /** 3-D, tall canvas: the legend's band (px from the top) the home view was fitted below. */
  private band = 0;
  /** The timer that reports a lost context as gone. */
  private goneTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly container: HTMLElement,
    readonly kind: SceneKind,
    private readonly events: ViewEvents = {},
  ) {
    // Multisampling costs a software renderer dearly; a GPU does it for free.
    this.background = kind === '2d' ? 0xffffff : 0xf7f7f5;
    this.renderer = new WebGLRenderer({ antialias: !webglInfo().software, preserveDrawingBuffer: true });
    this.pixelRatio = Math.min(window.devicePixelRatio, 2);
    this.renderer.setPixelRatio(this.pixelRatio);
    this.renderer.setClearColor(this.background);
    this.renderer.clippingPlanes = this.clipPlanes;
    container.append(this.renderer.domElement);
    this.labels.domElement.className = 'labels';
    container.append(this.labels.domElement);
    if (kind === '3d') {
      this.camera = new PerspectiveCamera(40, 1, 0.1, 1000);
    } else {
      // Looking down −Y with +y of the maths (world −Z) up the screen.
      this.camera = new OrthographicCamera(-1, 1, 1, -1, 0.1, 1000);
      this.camera.up.set(0, 0, -1);
    }
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    if (kind === '3d') {
      this.controls.maxPolarAngle = Math.PI * 0.98;
    } else {
      this.controls.enableRotate = false;
      this.controls.screenSpacePanning = true;
      this.controls.mouseButtons = { LEFT: MOUSE.PAN, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.PAN };
      this.controls.touches = { ONE: TOUCH.PAN, TWO: TOUCH.DOLLY_PAN };
    }
    this.controls.addEventListener('change', this.cameraChanged);
    this.controls.addEventListener('start', this.cameraStarted);
    this.controls.addEventListener('end', this.cameraEnded);
    this.slow = webglInfo().software;
    const canvas = this.renderer.domElement;
    canvas.addEventListener('webglcontextlost', this.contextLost);
    canvas.addEventListener('webglcontextrestored', this.contextRestored);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
    this.home();
  }

  /** The labels changed (added, removed, moved): place them again on the next frame. */
  markLabelsDirty(): void {
    this.labelsDirty = true;
    this.requestRender();
  }

  /**
   * The box to frame; the home view and the 2-D frustum fit it (a camera at home refits); 2-D: inside
   * `margins` pixels kept for the labels.
   */
  setExtent(extent: Extent, margins: Margins = this.margins): void {
    this.margins = margins;
    const same =
      extent.halfX === this.extent.halfX &&
      extent.halfZ === this.extent.halfZ &&
      extent.height === this.extent.height;
    this.extent = extent;
    if (this.camera instanceof OrthographicCamera) this.fitFrustum();
    else if (this.atHome && !same) this.home();
  }

  /**
   * Width ÷ height of the area a 2-D map of `margins` fills (the canvas minus the margins), and clear
   * of the overlays in its top corners (below or beside them, whichever leaves the larger area).
   */
  plotAspect(m: Margins): number {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    const area = (a: Margins) => ({
      w: Math.max(1, width - a.left - a.right),
      h: Math.max(1, height - a.top - a.bottom),
    });
    let { w, h } = area(m);
    this.corner = this.camera instanceof OrthographicCamera ? this.measureCorner() : null;
    if (this.corner) {
      const [below, beside] = aroundCorner(m, this.corner);
      const b = area(below);
      const c = area(beside);
      ({ w, h } = b.w * b.h >= c.w * c.h ? b : c);
    }
    return w / h;
  }

  /**
   * The overlay drawn over this pane's top corner (the legend: an element of the container marked
   * `data-keep-clear`), measured in px and rounded up to `CORNER_STEP` so that a few pixels' change
   * (a longer number during playback) does not move the map; null when there is none.
   */
  private measureCorner(): Corner | null {
    const width = this.container.clientWidth;
    let corner: Corner | null = null;
    for (const el of this.container.querySelectorAll<HTMLElement>(':scope > [data-keep-clear]')) {
      this.overlayObserver.observe(el);
      if (el.hidden || el.offsetWidth === 0) continue;
      const right = el.offsetLeft + el.offsetWidth / 2 > width / 2;
      const up = (v: number) => Math.ceil(v / CORNER_STEP) * CORNER_STEP;
      const next: Corner = {
        side: right ? 'right' : 'left',
        width: up(right ? width - el.offsetLeft : el.offsetLeft + el.offsetWidth),
        height: up(el.offsetTop + el.offsetHeight),
      };
      // One corner is kept: the larger (the page draws one legend per pane).
      if (!corner || next.width * next.height > corner.width * corner.height) corner = next;
    }
    return corner;
  }

  /** An overlay changed size: refit the 2-D map if its corner changed (a tall 3-D view at home: its band). */
  private overlaysChanged(): void {
    if (this.camera instanceof PerspectiveCamera) {
      if (this.atHome && (this.measureCorner()?.height ?? 0) !== this.band) this.home();
      return;
    }
    const corner = this.measureCorner();
    const c = this.corner;
    if (
      c === corner ||
      (c && corner && c.side === corner.side && c.width === corner.width && c.height === corner.height)
    )
      return;
    this.corner = corner;
    this.fitFrustum();
    this.events.onResize?.(
      Math.max(1, this.container.clientWidth),
      Math.max(1, this.container.clientHeight),
      this.renderer.getPixelRatio(),
    );
    this.labelsDirty = true;
    this.requestRender();
  }

  /**
   * 3-D: looks at the box from the front-left, well above (the book's 3-D figures' angle).
   * 2-D: the whole domain, centred.
   */
  home(): void {
    const { height } = this.extent;
    this.atHome = true;
    if (this.camera instanceof PerspectiveCamera) {
      this.controls.target.set(0, height * 0.35, 0);
      if (this.camera.aspect < 1) {
        // Narrow (portrait) canvases: as close as the box's width allows, centred below the legend.
        this.fitTall(this.camera);
      } else {
        const back =
          (Math.max(1, 1.05 / this.camera.aspect) * Math.max(this.extent.halfX, this.extent.halfZ)) /
          (SIZE / 2);
        this.camera.position.copy(HOME_DIRECTION).multiplyScalar(back).add(this.controls.target);
        // Then further back until the whole box shows (a tall box: a large height exaggeration).
        this.fitBox(this.camera);
        // A legend reaching over the box (a short pane: the caption's row, a long legend): fit below it.
        this.band = this.measureCorner()?.height ?? 0;
        if (this.boxUnderCorner(this.camera)) this.fitTall(this.camera);
      }
    } else {
      this.controls.target.set(0, 0, 0);
      this.camera.position.set(0, SIZE * 10, 0);
      this.camera.zoom = 1;
      this.camera.updateProjectionMatrix();
    }
    this.controls.update();
    this.requestRender();
  }

  /** The box's corners with room for the axes' labels and titles around it (they sit ~1.5 world units out). */
  private roomyCorners(): Vector3[] {
    const room = 0.1 * SIZE;
    const halfX = this.extent.halfX + room;
    const halfZ = this.extent.halfZ + room;
    const height = this.extent.height + 0.05 * SIZE;
    return Array.from(
      { length: 8 },
      (_, c) => new Vector3(c & 1 ? halfX : -halfX, c & 2 ? height : 0, c & 4 ? halfZ : -halfZ),
    );
  }

  /**
   * Puts the camera at `offset` from the target, looking at it, and returns the corners' bounding
   * box in normalized device coordinates — null when a corner is behind the camera or beyond its depth range.
   */
  private project(
    camera: PerspectiveCamera,
    offset: Vector3,
    corners: readonly Vector3[],
  ): { x0: number; x1: number; y0: number; y1: number } | null {
    const target = this.controls.target;
    camera.position.copy(target).add(offset);
    camera.lookAt(target);
    camera.updateMatrixWorld(true);
    const box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    for (const corner of corners) {
      const p = scratchVector.copy(corner).project(camera);
      if (!(p.z > -1 && p.z < 1)) return null;
      box.x0 = Math.min(box.x0, p.x);
      box.x1 = Math.max(box.x1, p.x);
      box.y0 = Math.min(box.y0, p.y);
      box.y1 = Math.max(box.y1, p.y);
    }
    return box;
  }

  /** Moves the camera back along its line to the target until every corner of the box is in view. */
  private fitBox(camera: PerspectiveCamera): void {
    const corners = this.roomyCorners();
    const offset = camera.position.clone().sub(this.controls.target);
    for (let i = 0; i < 60; i++) {
      const b = this.project(camera, offset, corners);
      if (b && Math.max(-b.x0, b.x1, -b.y0, b.y1) <= HOME_FILL) return;
      offset.multiplyScalar(1.06);
    }
  }

  /**
   * The home view of a tall (portrait) 3-D canvas, where the box's width limits its size and the
   * height has room to spare (and of a wide one whose box would reach under the legend): from the home direction, the camera comes as close as keeps every corner
   * of the box (with room for its labels) inside the area below the legend's band (`measureCorner`'s
   * height plus `BAND_GAP`) and within `HOME_FILL`, to `FIT_STEP`; then the target moves so the box's
   * projection is centred in that area, and the distance is found again (three rounds: moving the target
   * changes the perspective a little).
   */
  private fitTall(camera: PerspectiveCamera): void {
    const height = Math.max(1, this.container.clientHeight);
    this.band = this.measureCorner()?.height ?? 0;
    const top = Math.min(HOME_FILL, 1 - (2 * (this.band + (this.band > 0 ? BAND_GAP : 0))) / height);
    // The area the box may fill, in normalized device coordinates (y up).
    const area = { x0: -HOME_FILL, x1: HOME_FILL, y0: -HOME_FILL, y1: Math.max(-HOME_FILL + 0.1, top) };
    const corners = this.roomyCorners();
    const direction = HOME_DIRECTION.clone().normalize();
    const start = 0.5 * Math.hypot(this.extent.halfX, this.extent.halfZ, this.extent.height);
    const right = new Vector3();
    const up = new Vector3();
    const offset = new Vector3();
    for (let round = 0; round < 3; round++) {
      let distance = start;
      let box = null;
      for (let i = 0; i < 400; i++, distance *= FIT_STEP) {
        box = this.project(camera, offset.copy(direction).multiplyScalar(distance), corners);
        if (box && box.x0 >= area.x0 && box.x1 <= area.x1 && box.y0 >= area.y0 && box.y1 <= area.y1) break;
      }
      if (!box || round === 2) break;
      // Centre the box in the area: move the target (and the camera with it) against the difference.
      const halfHeight = distance * Math.tan((camera.fov * Math.PI) / 360);
      camera.matrixWorld.extractBasis(right, up, scratchVector);
      const dx = ((box.x0 + box.x1) / 2 - (area.x0 + area.x1) / 2) * halfHeight * camera.aspect;
      const dy = ((box.y0 + box.y1) / 2 - (area.y0 + area.y1) / 2) * halfHeight;
      this.controls.target.addScaledVector(right, dx).addScaledVector(up, dy);
    }
  }

  /** True when the box's projection (as `camera` now sees it) reaches under the legend's corner. */
  private boxUnderCorner(camera: PerspectiveCamera): boolean {
    const corner = this.measureCorner();
    if (!corner) return false;
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    const { halfX, halfZ, height: top } = this.extent;
    const points: [number, number][] = [];
    for (let c = 0; c < 8; c++) {
      const p = scratchVector
        .set(c & 1 ? halfX : -halfX, c & 2 ? top : 0, c & 4 ? halfZ : -halfZ)
        .project(camera);
      points.push([((p.x + 1) / 2) * width, ((1 - p.y) / 2) * height]);
    }
    const x0 = corner.side === 'right' ? width - corner.width : 0;
    // The corner is rounded up to CORNER_STEP: as much slack keeps a legend that only grazes the box from moving it.
    return hullMeetsRect(points, { x0, y0: 0, x1: x0 + corner.width, y1: corner.height }, CORNER_STEP);
  }

  /** Straight down on the (x, y) plane, x to the right and y up the screen (3-D views). */
  topView(): void {
    if (this.camera instanceof OrthographicCamera) {
      this.home();
      return;
    }
    this.controls.target.set(0, 0, 0);
    const d = this.camera.position.distanceTo(this.controls.target);
    this.camera.position.set(0, d, 1e-4 * d);
    this.controls.update();
    this.requestRender();
  }

  /** The camera pose, to store in the state. */
  cameraState(): CameraState {
    const p = this.camera.position;
    const t = this.controls.target;
    return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z], zoom: this.camera.zoom };
  }

  /** Puts the camera where `state` says (or home for null). */
  setCamera(state: CameraState | null): void {
    if (!state) {
      this.home();
      return;
    }
    this.atHome = false;
    this.camera.position.set(...state.position);
    this.controls.target.set(...state.target);
    this.camera.zoom = state.zoom;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.requestRender();
  }

  /** True when the camera is where `state` puts it. */
  showsCamera(state: CameraState | null): boolean {
    if (!state) return false;
    const c = this.cameraState();
    const same = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-9);
    return (
      same(c.position, state.position) && same(c.target, state.target) && Math.abs(c.zoom - state.zoom) < 1e-9
    );
  }

  /**
   * Cuts everything that opts into clipping (trails, markers) at the walls, floor and lid of the box
   * [x0, x1] × [y0, y1] × [z0, z1] in world units, so a path that leaves the domain does not fly off
   * screen.
   */
  setClipBox(x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): void {
    const [px0, px1, py0, py1, pz0, pz1] = this.clipPlanes;
    px0.normal.set(1, 0, 0);
    px0.constant = -x0;
    px1.normal.set(-1, 0, 0);
    px1.constant = x1;
    py0.normal.set(0, 1, 0);
    py0.constant = -y0;
    py1.normal.set(0, -1, 0);
    py1.constant = y1;
    pz0.normal.set(0, 0, 1);
    pz0.constant = -z0;
    pz1.normal.set(0, 0, -1);
    pz1.constant = z1;
  }

  readonly requestRender = (): void => {
    if (this.pending === null) this.pending = frameLoop().request(this.render);
  };

  private readonly render = (time: number): void => {
    this.pending = null;
    // While a gesture or its damping lasts, update() reports motion: keep drawing until it stops.
    // A camera at rest needs no update (it would only recompute the same pose each frame).
    const moving = (this.moving || this.settling) && this.controls.update();
    if (this.moving && !this.slow && this.lastFrame > 0 && time - this.lastFrame > SLOW_FRAME_MS) {
      // Measured: this renderer cannot keep up with full detail while moving.
      this.slow = true;
    }
    this.setLow((this.moving || this.busy) && this.slow);
    this.lastFrame = time;
    this.renderer.render(this.scene, this.camera);
    // Labels are DOM elements: reposition them only when the camera or the labels changed.
    scratch.multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse);
    if (this.labelsDirty || !scratch.equals(this.labelView)) {
      this.events.onPlaceLabels?.();
      this.labels.render(this.scene, this.camera);
      this.labelView.copy(scratch);
      this.labelsDirty = false;
    }
    this.frames++;
    this.events.onRender?.();
    if (moving) this.requestRender();
    else if (this.settling) {
      this.settling = false;
      this.moving = false;
      this.lastFrame = 0;
      // A press without motion (a click on the surface) leaves the camera where it was: nothing to record.
      if (!this.startPose || !this.showsCamera(this.startPose)) this.events.onCameraEnd?.();
      this.startPose = null;
      // One more frame at full detail now that the camera rests (and nothing computes).
      if (this.low && !this.busy) {
        this.setLow(false);
        this.requestRender();
      }
    }
  };

  /**
   * The page is busy (true) computing in the background — a map on the worker pool, which takes the
   * cores a software renderer draws with — or idle again (false). While busy, a slow renderer (software,
   * or measured slow while the camera moved) draws its frames in low detail, as while orbiting: measured
   * in SwiftShader, a 2-D pane's frame with a basin drape costs about a third (the surface's coarse mesh
   * saves most, the lower resolution the rest). Idle again, it draws one frame at full detail.
   */
  setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    if (!busy && this.low && !this.moving) this.requestRender();
  }

  /**
   * Low detail: the layers draw lighter geometry and the canvas renders at `LOW_RESOLUTION` of its
   * resolution (software rasterization pays per pixel), until the camera rests and the page is idle.
   */
  private setLow(low: boolean): void {
    if (low === this.low) return;
    this.low = low;
    const ratio = this.pixelRatio * (low ? LOW_RESOLUTION : 1);
    this.renderer.setPixelRatio(ratio);
    this.events.onResize?.(
      Math.max(1, this.container.clientWidth),
      Math.max(1, this.container.clientHeight),
      ratio,
    );
    this.events.onLowDetail?.(low);
  }

  private readonly cameraStarted = (): void => {
    this.atHome = false;
    this.moving = true;
    this.settling = false;
    this.startPose = this.cameraState();
  };

  private readonly cameraChanged = (): void => {
    this.requestRender();
    this.events.onCameraChange?.();
  };

  /** The gesture ended; damping may still carry the camera, so report once it rests (see `render`). */
  private readonly cameraEnded = (): void => {
    this.settling = true;
    this.requestRender();
  };

  /** 2-D: the frustum that shows the box at equal scale in x and y inside the labels' pixel margins. */
  private fitFrustum(): void {
    const camera = this.camera as OrthographicCamera;
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    const { halfX, halfZ } = this.extent;
    this.corner = this.measureCorner();
    const margins = marginsClearOf(halfX, halfZ, width, height, this.margins, this.corner);
    const f = frustum2d(halfX, halfZ, width, height, margins);
    camera.left = f.left;
    camera.right = f.right;
    camera.top = f.top;
    camera.bottom = f.bottom;
    camera.updateProjectionMatrix();
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, true);
    this.labels.setSize(width, height);
    this.labelsDirty = true;
    if (this.camera instanceof PerspectiveCamera) {
      this.camera.aspect = width / height;
      this.camera.updateProjectionMatrix();
      // A camera at home refits the new shape (a pane that went from full width to half).
      if (this.atHome) this.home();
    } else {
      this.fitFrustum();
    }
    this.events.onResize?.(width, height, this.renderer.getPixelRatio());
    this.requestRender();
  }

  /** The labels' text (every element the layers placed as a label), for exports. */
  overlay(): readonly OverlayItem[] {
    return [...this.labels.domElement.querySelectorAll<HTMLElement>('div')].flatMap((el) => textItem(el));
  }

  /**
   * Renders one frame now at `scale` × the current resolution and returns a copy of it (for image and
   * video exports); the canvas goes back to its own resolution afterwards.
   */
  snapshot(scale = 1): HTMLCanvasElement {
    const ratio = this.renderer.getPixelRatio();
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    if (scale !== 1) {
      this.renderer.setPixelRatio(ratio * scale);
      this.events.onResize?.(width, height, ratio * scale);
    }
    this.renderer.render(this.scene, this.camera);
    const copy = document.createElement('canvas');
    copy.width = this.renderer.domElement.width;
    copy.height = this.renderer.domElement.height;
    copy.getContext('2d')?.drawImage(this.renderer.domElement, 0, 0);
    if (scale !== 1) {
      this.renderer.setPixelRatio(ratio);
      this.events.onResize?.(width, height, ratio);
      this.requestRender();
    }
    return copy;
  }

  /** Where a world point appears on the canvas, in CSS pixels from its top-left corner (no layout read). */
  toScreen(point: Vector3): { x: number; y: number } {
    const p = scratchVector.copy(point).project(this.camera);
    this.renderer.getSize(this.size);
    return { x: ((p.x + 1) / 2) * this.size.x, y: ((1 - p.y) / 2) * this.size.y };
  }

  /** Where a world point appears on the page, in client pixels. */
  toClient(point: Vector3): { x: number; y: number } {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const p = scratchVector.copy(point).project(this.camera);
    return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
  }

  /** The ray from the camera through the pointer, in world space (direction normalized). */
  ray(clientX: number, clientY: number): { origin: Vector3; direction: Vector3 } {
    const rect = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(
      ((clientX - rect.left) / rect.width) * 2 - 1,
      -((clientY - rect.top) / rect.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(this.pointer, this.camera);
    return this.raycaster.ray;
  }

  private readonly contextLost = (event: Event): void => {
    // Prevent the default so the browser may restore the context.
    event.preventDefault();
    if (this.pending !== null) frameLoop().cancel(this.pending);
    this.pending = null;
    this.events.onContextLost?.(true);
    if (this.goneTimer !== null) clearTimeout(this.goneTimer);
    this.goneTimer = setTimeout(() => {
      this.goneTimer = null;
      this.events.onContextGone?.();
    }, CONTEXT_PATIENCE_MS);
  };

  private readonly contextRestored = (): void => {
    if (this.goneTimer !== null) clearTimeout(this.goneTimer);
    this.goneTimer = null;
    // three.js rebuilds its GL state on restore, background colour included.
    this.renderer.setClearColor(this.background);
    this.events.onContextLost?.(false);
    this.requestRender();
  };

  dispose(): void {
    if (this.goneTimer !== null) clearTimeout(this.goneTimer);
    this.goneTimer = null;
    if (this.pending !== null) frameLoop().cancel(this.pending);
    this.pending = null;
    this.resizeObserver.disconnect();
    this.overlayObserver.disconnect();
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('webglcontextlost', this.contextLost);
    canvas.removeEventListener('webglcontextrestored', this.contextRestored);
    this.controls.removeEventListener('change', this.cameraChanged);
    this.controls.removeEventListener('start', this.cameraStarted);
    this.controls.removeEventListener('end', this.cameraEnded);
    this.controls.dispose();
    this.renderer.dispose();
    // Give the context back now: a browser allows only a few at a time.
    this.renderer.forceContextLoss();
    canvas.remove();
    this.labels.domElement.remove();
  }
}
