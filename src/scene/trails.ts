/**
 * Optimizer trajectories on the surface, all of a pane's optimizers in one layer: lines draped over
 * the surface between steps, a round marker at every step and a ball at the current step (the
 * start, shared by all, is the explorer's start handle). Three draw calls whatever the number of
 * optimizers. Every marker and line piece carries its step and its trail, and they are sorted by
 * step, so steps 0..k of every trail are one draw range (a binary search); the shaders read each
 * trail's colour and visibility from small uniform arrays. Long runs are thinned for drawing: past
 * `THIN_ROWS` rows, a row is drawn once it lies `THIN_TOLERANCE` from the last one drawn (a pile of
 * converged steps costs nothing). Buffers are rewritten only when a run changes; playback moves
 * draw ranges, uniforms and the heads — nothing is allocated per frame.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  Group,
  InstancedBufferAttribute,
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
import { type Frame, inDomain, SIZE, worldX, worldY, worldYUnclipped, worldZ } from './frame.ts';

/** Line pieces between two drawn rows, so that the line follows the surface instead of cutting through it. */
export function subdivisionsFor(segments: number): number {
  return segments <= 500 ? 8 : segments <= 5000 ? 2 : 1;
}

/** Height above the surface at which trails float, in world units. */
export const LIFT = 0.012 * SIZE;

/** The most trails a layer holds (the state's limit on optimizers). */
export const MAX_TRAILS = LIMITS.optimizers;

/** Runs of up to this many rows are drawn whole, a marker at every step (the book's pictures). */
export const THIN_ROWS = 2001;

/** Longer runs: a row is drawn once it is this far (world units, about a pixel) from the last one drawn. */
export const THIN_TOLERANCE = 0.001 * SIZE;

/** At most this many rows of one run are drawn: the tolerance doubles until they fit. */
export const MAX_DRAWN_ROWS = 20_000;

/**
 * World position of row `k` of `xyf` (x, y, f per row), lifted above the surface, into `out` at `o`.
 * Inside the domain f is clipped to the box like the surface; outside it is not, so that a step
 * flung out of the domain leaves the box upwards (or downwards) as f does, where the clipping planes
 * cut it, instead of running along the box's lid.
 */
function rowPoint(
  xyf: Float64Array,
  k: number,
  frame: Frame,
  out: Float32Array | Float64Array,
  o: number,
): void {
  const x = xyf[3 * k];
  const y = xyf[3 * k + 1];
  const f = xyf[3 * k + 2];
  out[o] = worldX(frame, x);
  out[o + 1] = (inDomain(frame, x, y) ? worldY(frame, f) : worldYUnclipped(frame, f)) + LIFT;
  out[o + 2] = worldZ(frame, y);
}

/**
 * The rows of `run` to draw, in order: all of them for a run of up to `THIN_ROWS` rows; for a longer
 * one the first, the last, and every row at least `tolerance` (world units) from the last row kept,
 * the tolerance doubling until at most `MAX_DRAWN_ROWS` remain.
 */
export function drawnRows(run: Trajectory, frame: Frame, tolerance = THIN_TOLERANCE): Int32Array {
  const { rows, xyf } = run;
  if (rows <= THIN_ROWS) return Int32Array.from({ length: rows }, (_, k) => k);
  const world = new Float64Array(3 * rows);
  for (let k = 0; k < rows; k++) rowPoint(xyf, k, frame, world, 3 * k);
  for (let eps = tolerance; ; eps *= 2) {
    const kept: number[] = [0];
    let last = 0;
    for (let k = 1; k < rows - 1; k++) {
      const dx = world[3 * k] - world[3 * last];
      const dy = world[3 * k + 1] - world[3 * last + 1];
      const dz = world[3 * k + 2] - world[3 * last + 2];
      if (dx * dx + dy * dy + dz * dz >= eps * eps) {
        kept.push(k);
        last = k;
      }
    }
    kept.push(rows - 1);
    if (kept.length <= MAX_DRAWN_ROWS) return Int32Array.from(kept);
  }
}

/** What a layer draws: markers and line pieces, each with its step and trail, sorted by step. */
export interface TrailBuffers {
  /** xyz per marker. */
  readonly points: Float32Array;
  /** (step, trail) per marker. */
  readonly pointInfo: Float32Array;
  /** xyz xyz per line piece. */
  readonly segments: Float32Array;
  /** (step, trail) per piece: it shows from the step its drawn segment ends at. */
  readonly segmentInfo: Float32Array;
  /** Line pieces per drawn segment. */
  readonly sub: number;
}

/** Items of several trails merged by step (then trail): each trail's list is already in step order. */
function mergeByStep(lists: readonly Int32Array[]): [number, number][] {
  const cursor = lists.map(() => 0);
  const out: [number, number][] = [];
  for (;;) {
    let best = -1;
    for (let t = 0; t < lists.length; t++) {
      if (cursor[t] < lists[t].length && (best < 0 || lists[t][cursor[t]] < lists[best][cursor[best]]))
        best = t;
    }
    if (best < 0) return out;
    out.push([lists[best][cursor[best]++], best]);
  }
}

/**
 * Markers and line pieces of `runs` (one trail each; null: nothing yet) in world space, draped over
 * f (whose value along the way comes from `value`, falling back to the straight chord where f is not
 * finite), sorted by step.
 */
export function trailBuffers(
  runs: readonly (Trajectory | null)[],
  frame: Frame,
  value: (x: number, y: number) => number,
): TrailBuffers {
  const drawn = runs.map((r) => (r ? drawnRows(r, frame) : new Int32Array(0)));
  const sub = subdivisionsFor(Math.max(0, ...drawn.map((d) => d.length - 1)));
  const markers = mergeByStep(drawn);
  const points = new Float32Array(3 * markers.length);
  const pointInfo = new Float32Array(2 * markers.length);
  markers.forEach(([k, t], i) => {
    rowPoint(runs[t]!.xyf, k, frame, points, 3 * i);
    pointInfo[2 * i] = k;
    pointInfo[2 * i + 1] = t;
  });
  // A drawn segment is named by the row it ends at; the previous drawn row is where it starts.
  const ends = drawn.map((d) => d.subarray(1));
  const pieces = mergeByStep(ends);
  const segments = new Float32Array(6 * sub * pieces.length);
  const segmentInfo = new Float32Array(2 * sub * pieces.length);
  const from = new Float64Array(3);
  const to = new Float64Array(3);
  const index = drawn.map(() => 0);
  let o = 0;
  for (const [k1, t] of pieces) {
    const k0 = drawn[t][index[t]++];
    const xyf = runs[t]!.xyf;
    rowPoint(xyf, k0, frame, from, 0);
    rowPoint(xyf, k1, frame, to, 0);
    const x0 = xyf[3 * k0];
    const y0 = xyf[3 * k0 + 1];
    const dx = xyf[3 * k1] - x0;
    const dy = xyf[3 * k1 + 1] - y0;
    let px = from[0];
    let py = from[1];
    let pz = from[2];
    for (let s = 1; s <= sub; s++) {
      const u = s / sub;
      const f = s === sub ? Number.NaN : value(x0 + u * dx, y0 + u * dy);
      const chord = from[1] + u * (to[1] - from[1]);
      const h = Number.isFinite(f) ? Math.max(worldY(frame, f) + LIFT, chord) : chord;
      const qx = s === sub ? to[0] : worldX(frame, x0 + u * dx);
      const qz = s === sub ? to[2] : worldZ(frame, y0 + u * dy);
      const w = 6 * o;
      segments[w] = px;
      segments[w + 1] = py;
      segments[w + 2] = pz;
      segments[w + 3] = qx;
      segments[w + 4] = h;
      segments[w + 5] = qz;
      segmentInfo[2 * o] = k1;
      segmentInfo[2 * o + 1] = t;
      o++;
      px = qx;
      py = h;
      pz = qz;
    }
  }
  return { points, pointInfo, segments, segmentInfo, sub };
}

/** How many of the first entries of `info` ((step, trail) pairs sorted by step) have step ≤ `step`. */
export function countUpTo(info: Float32Array, step: number): number {
  let lo = 0;
  let hi = info.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (info[2 * mid] <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The line shader is three.js's fat line (LineMaterial) with three additions: each piece's
 * `instanceInfo` (step, trail) picks its colour from `uColors`, and pieces of a step past the
 * trail's last shown one (`uLast`, −1 for a hidden trail) are moved outside the clip volume.
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
      `attribute vec2 instanceInfo;
uniform float uLast[${MAX_TRAILS}];
uniform vec3 uColors[${MAX_TRAILS}];
varying vec3 vTrailColor;
void main() {
  int trail = int(instanceInfo.y + 0.5);
  vTrailColor = uColors[trail];
  if (instanceInfo.x > uLast[trail]) {
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
  /** Shared by both shaders: each trail's last shown step and colour. */
  private readonly uniforms = {
    uLast: { value: new Array<number>(MAX_TRAILS).fill(-1) },
    uColors: { value: Array.from({ length: MAX_TRAILS }, () => new Color()) },
  };
  private buffers: TrailBuffers | null = null;
  private runs: readonly (Trajectory | null)[] = [];
  private frame: Frame | null = null;
  private visible: boolean[] = [];
  private readonly colors: string[] = [];
  private readonly matrix = new Matrix4();
  private readonly hidden = new Matrix4().makeScale(0, 0, 0);
  private readonly head = new Float32Array(3);

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

  /** New buffers for these runs, one trail each in this order (null: no run yet). */
  setRuns(runs: readonly (Trajectory | null)[], frame: Frame, value: (x: number, y: number) => number): void {
    if (runs.length > MAX_TRAILS) throw new RangeError(`At most ${MAX_TRAILS} trails, not ${runs.length}`);
    const b = trailBuffers(runs, frame, value);
    this.buffers = b;
    this.runs = runs;
    this.frame = frame;
    this.heads.count = runs.length;
    // Release the GPU buffers of the old attributes before replacing them.
    this.pointGeometry.dispose();
    this.pointGeometry.setAttribute('position', new BufferAttribute(b.points, 3));
    this.pointGeometry.setAttribute('aInfo', new BufferAttribute(b.pointInfo, 2));
    this.lineGeometry.dispose();
    const pieces = new InstancedInterleavedBuffer(b.segments, 6, 1);
    this.lineGeometry.setAttribute('instanceStart', new InterleavedBufferAttribute(pieces, 3, 0));
    this.lineGeometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(pieces, 3, 3));
    this.lineGeometry.setAttribute('instanceInfo', new InstancedBufferAttribute(b.segmentInfo, 2));
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
    const last = this.uniforms.uLast.value;
    this.runs.forEach((run, t) => {
      const k = !run || this.visible[t] === false ? -1 : Math.min(step, run.rows - 1);
      last[t] = k;
      if (k < 0 || !this.frame) this.heads.setMatrixAt(t, this.hidden);
      else {
        rowPoint(run!.xyf, k, this.frame, this.head, 0);
        this.heads.setMatrixAt(t, this.matrix.makeTranslation(this.head[0], this.head[1], this.head[2]));
      }
    });
    this.heads.instanceMatrix.needsUpdate = true;
    const b = this.buffers;
    this.pointGeometry.setDrawRange(0, b ? countUpTo(b.pointInfo, step) : 0);
    this.lineGeometry.instanceCount = b ? countUpTo(b.segmentInfo, step) : 0;
  }

  /** Trail `slot`'s last shown step (−1: hidden or nothing to show), as the shaders see it. */
  lastShown(slot: number): number {
    return this.uniforms.uLast.value[slot];
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
