/**
 * The renderer, camera, orbit controls and label layer, drawing on demand: a frame is rendered only
 * when something asked for one (camera moved, state changed), and while the controls' damping
 * settles. Handles resizing, WebGL context loss and restoration.
 */
import {
  type Object3D,
  PerspectiveCamera,
  Plane,
  Raycaster,
  Scene,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { SIZE } from './frame.ts';

/** True when this browser can create a WebGL2 context (three.js needs WebGL2). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return canvas.getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

const HOME_POSITION = new Vector3(-0.4, 1.9, 1.2).multiplyScalar(SIZE);

export interface ViewEvents {
  /** Called after each rendered frame. */
  onRender?: () => void;
  /** Called when the WebGL context is lost (true) or restored (false). */
  onContextLost?: (lost: boolean) => void;
  /** Called when the canvas size changes (CSS pixels). */
  onResize?: (width: number, height: number, pixelRatio: number) => void;
}

export class View {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(40, 1, 0.1, 1000);
  readonly renderer: WebGLRenderer;
  readonly controls: OrbitControls;
  readonly labels = new CSS2DRenderer();
  /** Frames rendered since start (for tests and the benchmark). */
  frames = 0;
  private pending: number | null = null;
  private readonly resizeObserver: ResizeObserver;
  private readonly raycaster = new Raycaster();
  private readonly clipPlanes = [new Plane(), new Plane(), new Plane(), new Plane()];
  private readonly pointer = new Vector2();

  constructor(
    private readonly container: HTMLElement,
    private readonly events: ViewEvents = {},
  ) {
    this.renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(0xf7f7f5);
    this.renderer.clippingPlanes = this.clipPlanes;
    container.append(this.renderer.domElement);
    this.labels.domElement.className = 'labels';
    container.append(this.labels.domElement);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    this.controls.maxPolarAngle = Math.PI * 0.98;
    this.controls.addEventListener('change', this.requestRender);
    const canvas = this.renderer.domElement;
    canvas.addEventListener('webglcontextlost', this.contextLost);
    canvas.addEventListener('webglcontextrestored', this.contextRestored);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
    this.home();
  }

  /** Looks at the box from the front-left, a little above (the book's 3-D figures' angle). */
  home(height = SIZE * 0.5): void {
    this.controls.target.set(0, height * 0.35, 0);
    // Narrow (portrait) canvases need the camera further back to fit the box's width.
    this.camera.position.copy(HOME_POSITION).multiplyScalar(Math.max(1, 0.9 / this.camera.aspect));
    this.camera.up.set(0, 1, 0);
    this.controls.update();
    this.requestRender();
  }

  /** Straight down on the (x, y) plane, x to the right and y up the screen. */
  topView(): void {
    this.controls.target.set(0, 0, 0);
    this.camera.position.set(0, SIZE * 1.9, 1e-4);
    this.controls.update();
    this.requestRender();
  }

  readonly requestRender = (): void => {
    if (this.pending === null) this.pending = requestAnimationFrame(this.render);
  };

  private readonly render = (): void => {
    this.pending = null;
    // While damping settles, update() reports motion: keep drawing until it stops.
    const moving = this.controls.update();
    this.renderer.render(this.scene, this.camera);
    this.labels.render(this.scene, this.camera);
    this.frames++;
    this.events.onRender?.();
    if (moving) this.requestRender();
  };

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, true);
    this.labels.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.events.onResize?.(width, height, this.renderer.getPixelRatio());
    this.requestRender();
  }

  /**
   * Cuts everything that opts into clipping (trails, markers) at the walls of the box
   * [x0, x1] × [z0, z1] in world units, so a path that leaves the domain does not fly off screen.
   */
  setClipBox(x0: number, x1: number, z0: number, z1: number): void {
    const [px0, px1, pz0, pz1] = this.clipPlanes;
    px0.normal.set(1, 0, 0);
    px0.constant = -x0;
    px1.normal.set(-1, 0, 0);
    px1.constant = x1;
    pz0.normal.set(0, 0, 1);
    pz0.constant = -z0;
    pz1.normal.set(0, 0, -1);
    pz1.constant = z1;
  }

  /** The first point where the ray under the pointer hits `target`, in world space. */
  pick(clientX: number, clientY: number, target: Object3D): Vector3 | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(
      ((clientX - rect.left) / rect.width) * 2 - 1,
      -((clientY - rect.top) / rect.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(this.pointer, this.camera);
    const hit = this.raycaster.intersectObject(target, true)[0];
    return hit ? hit.point : null;
  }

  private readonly contextLost = (event: Event): void => {
    // Prevent the default so the browser may restore the context.
    event.preventDefault();
    if (this.pending !== null) cancelAnimationFrame(this.pending);
    this.pending = null;
    this.events.onContextLost?.(true);
  };

  private readonly contextRestored = (): void => {
    this.events.onContextLost?.(false);
    this.requestRender();
  };

  dispose(): void {
    if (this.pending !== null) cancelAnimationFrame(this.pending);
    this.resizeObserver.disconnect();
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('webglcontextlost', this.contextLost);
    canvas.removeEventListener('webglcontextrestored', this.contextRestored);
    this.controls.removeEventListener('change', this.requestRender);
    this.controls.dispose();
    this.renderer.dispose();
    canvas.remove();
    this.labels.domElement.remove();
  }
}
