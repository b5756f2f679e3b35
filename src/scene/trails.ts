/**
 * Optimizer trajectories on the surface, all of a pane's optimizers in one layer: lines draped over
 * the surface between steps, a round marker at every step and a ball at the current step (the
 * start, shared by all, is the explorer's start handle). Three draw calls whatever the number of
 * optimizers: the steps of all trails are interleaved (slot = step × trails + trail), so showing
 * steps 0..k of every trail is one draw range, and the shaders read each trail's colour, visibility
 * and last row from small uniform arrays. Buffers have a fixed capacity and are rewritten only when
 * a run changes; playback moves draw ranges, uniforms and the heads — nothing is allocated per frame.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  Group,
  InstancedInterleavedBuffer,
  InstancedMesh,
  InterleavedBufferAttribute,
  Matrix4,
  MeshBasicMaterial,
  Points,
  ShaderMaterial,
  SphereGeometry,
} from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import fragmentShader from '../../shaders/points.frag?raw';
import vertexShader from '../../shaders/points.vert?raw';
import { LIMITS } from '../app/state.ts';
import type { Trajectory } from '../core/runner.ts';
import { type Frame, SIZE, worldX, worldY, worldZ } from './frame.ts';

/** Line pieces between two steps, so that the line follows the surface instead of cutting through it. */
export function subdivisionsFor(steps: number): number {
  return steps <= 500 ? 8 : steps <= 5000 ? 2 : 1;
}

/** Height above the surface at which trails float, in world units. */
export const LIFT = 0.012 * SIZE;

/** The most trails a layer holds (the state's limit on optimizers). */
export const MAX_TRAILS = LIMITS.optimizers;

/**
 * World positions of a run's steps, written into the interleaved buffers of `slots` trails at
 * `slot`: step k's xyz goes to point k·slots + slot; the line from step k to k + 1 becomes `sub`
 * segments (xyz xyz each), piece s at segment (k·sub + s)·slots + slot, draped over f (whose value
 * along the way comes from `value`, falling back to the straight chord where f is not finite).
 */
export function trailPositions(
  run: Trajectory,
  frame: Frame,
  value: (x: number, y: number) => number,
  sub: number,
  points: Float32Array,
  segments: Float32Array,
  slot = 0,
  slots = 1,
): void {
  const { xyf, rows } = run;
  for (let k = 0; k < rows; k++) {
    const p = 3 * (k * slots + slot);
    points[p] = worldX(frame, xyf[3 * k]);
    points[p + 1] = worldY(frame, xyf[3 * k + 2]) + LIFT;
    points[p + 2] = worldZ(frame, xyf[3 * k + 1]);
  }
  for (let k = 0; k + 1 < rows; k++) {
    const x0 = xyf[3 * k];
    const y0 = xyf[3 * k + 1];
    const dx = xyf[3 * k + 3] - x0;
    const dy = xyf[3 * k + 4] - y0;
    const p0 = 3 * (k * slots + slot);
    const p1 = 3 * ((k + 1) * slots + slot);
    const h0 = points[p0 + 1];
    const h1 = points[p1 + 1];
    let px = points[p0];
    let py = h0;
    let pz = points[p0 + 2];
    for (let s = 1; s <= sub; s++) {
      const t = s / sub;
      const x = x0 + t * dx;
      const y = y0 + t * dy;
      const f = s === sub ? Number.NaN : value(x, y);
      const h = Number.isFinite(f)
        ? Math.max(worldY(frame, f) + LIFT, h0 + t * (h1 - h0))
        : h0 + t * (h1 - h0);
      const qx = s === sub ? points[p1] : worldX(frame, x);
      const qz = s === sub ? points[p1 + 2] : worldZ(frame, y);
      let o = 6 * ((k * sub + s - 1) * slots + slot);
      segments[o++] = px;
      segments[o++] = py;
      segments[o++] = pz;
      segments[o++] = qx;
      segments[o++] = h;
      segments[o] = qz;
      px = qx;
      py = h;
      pz = qz;
    }
  }
}

/**
 * The line shader is three.js's fat line (LineMaterial) with three additions: a segment's trail is
 * gl_InstanceID mod the trail count, its colour comes from `uColors`, and segments past the trail's
 * last shown step (`uLast`, −1 for a hidden trail) are moved outside the clip volume.
 */
const LINE_VERTEX_ANCHOR = 'void main() {';
const LINE_COLOR_ANCHOR = 'vec4 diffuseColor = vec4( diffuse, alpha );';

function patch(source: string, anchor: string, replacement: string): string {
  if (!source.includes(anchor)) throw new Error(`The trail line shader lost its anchor: ${anchor}`);
  return source.replace(anchor, replacement);
}

/** LineMaterial's shaders with the trail additions (throws if three.js changed the anchors). */
export function trailLineShaders(vertex: string, fragment: string): { vertex: string; fragment: string } {
  return {
    vertex: patch(
      vertex,
      LINE_VERTEX_ANCHOR,
      `uniform int uTrails;
uniform int uSub;
uniform float uLast[${MAX_TRAILS}];
uniform vec3 uColors[${MAX_TRAILS}];
varying vec3 vTrailColor;
void main() {
  int trail = gl_InstanceID % uTrails;
  vTrailColor = uColors[trail];
  // The segment leads to step k + 1 of its trail.
  if (float(gl_InstanceID / uTrails / uSub + 1) > uLast[trail]) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }`,
    ),
    fragment: patch(
      patch(fragment, 'void main() {', 'varying vec3 vTrailColor;\nvoid main() {'),
      LINE_COLOR_ANCHOR,
      'vec4 diffuseColor = vec4( vTrailColor, alpha );',
    ),
  };
}

/** The head marker's shape. */
const headGeometry = new SphereGeometry(0.17, 20, 14);

/** Line width and marker size in CSS pixels. */
const LINE_WIDTH = 2.5;
const MARKER_SIZE = 7;

/** What a layer shows of one trail. */
export interface TrailStyle {
  readonly color: string;
  readonly visible: boolean;
}

/** All of a pane's trails. */
export class TrailsLayer {
  readonly object = new Group();
  private readonly lineGeometry = new LineSegmentsGeometry();
  private readonly lineMaterial = new LineMaterial({ linewidth: LINE_WIDTH, worldUnits: false });
  private readonly pointGeometry = new BufferGeometry();
  private readonly pointMaterial: ShaderMaterial;
  private readonly headMaterial = new MeshBasicMaterial();
  private readonly heads = new InstancedMesh(headGeometry, this.headMaterial, MAX_TRAILS);
  /** Shared by both shaders: trail count, line pieces per step, last shown step, colours. */
  private readonly uniforms = {
    uTrails: { value: 1 },
    uSub: { value: 1 },
    uLast: { value: new Array<number>(MAX_TRAILS).fill(-1) },
    uColors: { value: Array.from({ length: MAX_TRAILS }, () => new Color()) },
  };
  private pointCapacity = 0;
  private segmentCapacity = 0;
  private points = new Float32Array(0);
  private segments = new Float32Array(0);
  /** Rows of each trail's run (0 for a trail with no run yet). */
  private rows: number[] = [];
  private visible: boolean[] = [];
  private readonly colors: string[] = [];
  private readonly matrix = new Matrix4();
  private readonly hidden = new Matrix4().makeScale(0, 0, 0);

  constructor() {
    const u = this.uniforms;
    Object.assign(this.lineMaterial.uniforms, u);
    this.lineMaterial.onBeforeCompile = (shader) => {
      const patched = trailLineShaders(shader.vertexShader, shader.fragmentShader);
      shader.vertexShader = patched.vertex;
      shader.fragmentShader = patched.fragment;
    };
    this.lineMaterial.customProgramCacheKey = () => 'descent-trails';
    const line = new LineSegments2(this.lineGeometry, this.lineMaterial);
    line.frustumCulled = false;
    this.pointMaterial = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: { ...u, uSize: { value: MARKER_SIZE } },
      defines: { MAX_TRAILS },
      // Trails that leave the domain are cut at the box's walls (the view's clipping planes).
      clipping: true,
    });
    const dots = new Points(this.pointGeometry, this.pointMaterial);
    dots.frustumCulled = false;
    this.heads.frustumCulled = false;
    // Colours per head from the start, so the heads' program never changes.
    for (let t = 0; t < MAX_TRAILS; t++) this.heads.setColorAt(t, this.uniforms.uColors.value[t]);
    this.heads.count = 0;
    this.object.add(line, dots, this.heads);
  }

  /** Line width and marker size in CSS pixels, and the drawing buffer size the line shader needs. */
  setResolution(width: number, height: number, pixelRatio: number): void {
    this.lineMaterial.resolution.set(width * pixelRatio, height * pixelRatio);
    this.lineMaterial.linewidth = LINE_WIDTH * pixelRatio;
    this.pointMaterial.uniforms.uSize.value = MARKER_SIZE * pixelRatio;
  }

  /**
   * Rewrites the buffers for these runs, one trail each in this order (null: no run yet), growing
   * them only when the runs need more room than they hold.
   */
  setRuns(runs: readonly (Trajectory | null)[], frame: Frame, value: (x: number, y: number) => number): void {
    if (runs.length > MAX_TRAILS) throw new RangeError(`At most ${MAX_TRAILS} trails, not ${runs.length}`);
    const n = Math.max(1, runs.length);
    this.rows = runs.map((r) => r?.rows ?? 0);
    const rows = Math.max(1, ...this.rows);
    const sub = subdivisionsFor(rows - 1);
    this.uniforms.uTrails.value = n;
    this.uniforms.uSub.value = sub;
    this.heads.count = runs.length;
    this.allocate(rows * n, Math.max(1, rows - 1) * sub * n);
    runs.forEach((run, slot) => {
      if (run) trailPositions(run, frame, value, sub, this.points, this.segments, slot, n);
    });
    (this.pointGeometry.getAttribute('position') as BufferAttribute).needsUpdate = true;
    (this.lineGeometry.getAttribute('instanceStart') as InterleavedBufferAttribute).data.needsUpdate = true;
  }

  /** Trail `slot`'s colour and whether it shows (uniforms only: no buffer is rewritten). */
  setStyle(slot: number, style: TrailStyle): void {
    this.visible[slot] = style.visible;
    if (this.colors[slot] === style.color) return;
    this.colors[slot] = style.color;
    const color = this.uniforms.uColors.value[slot].set(style.color);
    this.heads.setColorAt(slot, color);
    if (this.heads.instanceColor) this.heads.instanceColor.needsUpdate = true;
  }

  /** Shows steps 0..step of every visible trail (each clamped to the rows its run has). */
  showStep(step: number): void {
    const n = this.uniforms.uTrails.value;
    const last = this.uniforms.uLast.value;
    let shown = -1;
    for (let t = 0; t < this.rows.length; t++) {
      const k = this.visible[t] === false ? -1 : Math.min(step, this.rows[t] - 1);
      last[t] = k;
      shown = Math.max(shown, k);
      if (k < 0) this.heads.setMatrixAt(t, this.hidden);
      else {
        const p = 3 * (k * n + t);
        this.heads.setMatrixAt(
          t,
          this.matrix.makeTranslation(this.points[p], this.points[p + 1], this.points[p + 2]),
        );
      }
    }
    this.heads.instanceMatrix.needsUpdate = true;
    this.pointGeometry.setDrawRange(0, (shown + 1) * n);
    this.lineGeometry.instanceCount = Math.max(0, shown) * this.uniforms.uSub.value * n;
  }

  /** Trail `slot`'s last shown step (−1: hidden or nothing to show), as the shaders see it. */
  lastShown(slot: number): number {
    return this.uniforms.uLast.value[slot];
  }

  private allocate(points: number, segments: number): void {
    if (points > this.pointCapacity) {
      this.pointGeometry.dispose();
      this.pointCapacity = points;
      this.points = new Float32Array(3 * points);
      this.pointGeometry.setAttribute('position', new BufferAttribute(this.points, 3));
    }
    if (segments > this.segmentCapacity) {
      this.lineGeometry.dispose();
      this.segmentCapacity = segments;
      this.segments = new Float32Array(6 * segments);
      const buffer = new InstancedInterleavedBuffer(this.segments, 6, 1);
      this.lineGeometry.setAttribute('instanceStart', new InterleavedBufferAttribute(buffer, 3, 0));
      this.lineGeometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(buffer, 3, 3));
    }
  }

  dispose(): void {
    this.lineGeometry.dispose();
    this.lineMaterial.dispose();
    this.pointGeometry.dispose();
    this.pointMaterial.dispose();
    this.headMaterial.dispose();
    this.heads.dispose();
  }
}
