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
import type { AppState, OptimizerEntry } from '../app/state.ts';
import type { Trajectory } from '../core/runner.ts';
import type { LayerContext, PaneLayer } from './layer.ts';
import { countUpTo, MAX_TRAILS, rowPoint, type TrailBuffers, trailBuffers } from './trail-buffers.ts';
import { type Frame, SIZE } from './world.ts';

/**
 * The line shader is three.js's fat line (LineMaterial) with four additions: each piece's
 * `instanceInfo` (step, trail) picks its colour from `uColors`; pieces of a step past the trail's
 * last shown one (`uLast`, −1 for a hidden trail) are moved outside the clip volume; and a trail
 * with a dash period `uDash` > 0 (world units) is drawn dashed, 60 % on, from each piece's
 * `instanceDistance` (distance along the trail at its start and end).
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
attribute vec2 instanceDistance;
uniform float uLast[${MAX_TRAILS}];
uniform vec3 uColors[${MAX_TRAILS}];
uniform float uDash[${MAX_TRAILS}];
varying vec3 vTrailColor;
varying float vTrailDistance;
varying float vDash;
void main() {
  int trail = int(instanceInfo.y + 0.5);
  vTrailColor = uColors[trail];
  vDash = uDash[trail];
  vTrailDistance = position.y < 0.5 ? instanceDistance.x : instanceDistance.y;
  if (instanceInfo.x > uLast[trail]) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }`,
    ),
    fragment: patch(
      patch(
        fragment,
        'void main() {',
        'varying vec3 vTrailColor;\nvarying float vTrailDistance;\nvarying float vDash;\nvoid main() {',
      ),
      LINE_COLOR_ANCHOR,
      `if (vDash > 0.0 && mod(vTrailDistance, vDash) > 0.6 * vDash) discard;
vec4 diffuseColor = vec4( vTrailColor, alpha );`,
    ),
  };
}

/** The head marker's shape. */
const headGeometry = new SphereGeometry(0.17, 20, 14);

/** Line width in CSS pixels. */
const LINE_WIDTH = 2.5;

/** Dash periods (world units) of the 2nd, 3rd, … trail of one optimizer type; the 1st is solid. */
export const DASH_PERIODS: readonly number[] = [0.05 * SIZE, 0.025 * SIZE, 0.1 * SIZE];

/**
 * Each entry's dash period: 0 (solid) for the first entry of its optimizer type among those shown,
 * then `DASH_PERIODS` in turn, so duplicates of one type stay apart whatever colours they have.
 */
export function dashPeriods(
  entries: readonly OptimizerEntry[],
  shown: (e: OptimizerEntry) => boolean,
): number[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    if (!shown(e)) return 0;
    const n = seen.get(e.optimizer) ?? 0;
    seen.set(e.optimizer, n + 1);
    return n === 0 ? 0 : DASH_PERIODS[(n - 1) % DASH_PERIODS.length];
  });
}

/**
 * Step markers' look for trails of up to `rows` drawn rows: short runs (the book's 30 steps) get
 * 7-px discs with a dark rim, each step readable; longer ones smaller discs without a rim, so that a
 * path of a thousand steps reads as a line in its own colour, not a dark sausage.
 */
export function markerLook(rows: number): { size: number; rim: number } {
  if (rows <= 120) return { size: 7, rim: 1 };
  if (rows <= 400) return { size: 5, rim: 0 };
  return { size: 3.5, rim: 0 };
}

/** What a layer shows of one trail. */
export interface TrailStyle {
  readonly color: string;
  readonly visible: boolean;
  /** Dash period in world units; 0: solid. */
  readonly dash: number;
}

/** All of a pane's trails. */
export class TrailsLayer implements PaneLayer {
  readonly object = new Group();
  private readonly lineGeometry = new LineSegmentsGeometry();
  private readonly lineMaterial = new LineMaterial({ linewidth: LINE_WIDTH, worldUnits: false });
  private readonly pointGeometry = new BufferGeometry();
  private readonly pointMaterial: ShaderMaterial;
  private readonly headMaterial = new MeshBasicMaterial();
  private readonly heads = new InstancedMesh(headGeometry, this.headMaterial, MAX_TRAILS);
  /** Shared by both shaders: each trail's last shown step, colour and dash period. */
  private readonly uniforms = {
    uLast: { value: new Array<number>(MAX_TRAILS).fill(-1) },
    uColors: { value: Array.from({ length: MAX_TRAILS }, () => new Color()) },
    uDash: { value: new Array<number>(MAX_TRAILS).fill(0) },
  };
  private buffers: TrailBuffers | null = null;
  private runs: readonly (Trajectory | null)[] = [];
  private frame: Frame | null = null;
  private visible: boolean[] = [];
  private readonly colors: string[] = [];
  private readonly matrix = new Matrix4();
  private readonly hidden = new Matrix4().makeScale(0, 0, 0);
  private readonly head = new Float32Array(3);
  private pixelRatio = 1;
  private look = markerLook(0);

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
      uniforms: { ...u, uSize: { value: this.look.size }, uRim: { value: this.look.rim } },
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

  /** Brings the trails up to date: new buffers when a run or the frame changed, else styles and the step. */
  update(c: LayerContext): void {
    const s: AppState = c.state;
    const fn = c.derived.fn;
    const runs = s.optimizers.map((e) => c.derived.runs.get(e.key) ?? null);
    const same = runs.length === this.runs.length && runs.every((r, i) => r === this.runs[i]);
    if (fn && (c.frameChanged || !same)) this.setRuns(runs, c.frame, fn.value);
    const dashes = dashPeriods(s.optimizers, (e) => e.visible && c.shows(e));
    s.optimizers.forEach((entry, slot) => {
      this.setStyle(slot, {
        color: entry.color,
        visible: entry.visible && c.shows(entry),
        dash: dashes[slot],
      });
    });
    this.showStep(s.playback.step);
  }

  /** Line width and marker size in CSS pixels, and the drawing buffer size the line shader needs. */
  resize(width: number, height: number, pixelRatio: number): void {
    this.pixelRatio = pixelRatio;
    this.lineMaterial.resolution.set(width * pixelRatio, height * pixelRatio);
    this.lineMaterial.linewidth = LINE_WIDTH * pixelRatio;
    this.pointMaterial.uniforms.uSize.value = this.look.size * pixelRatio;
  }

  /** New buffers for these runs, one trail each in this order (null: no run yet). */
  setRuns(runs: readonly (Trajectory | null)[], frame: Frame, value: (x: number, y: number) => number): void {
    if (runs.length > MAX_TRAILS) throw new RangeError(`At most ${MAX_TRAILS} trails, not ${runs.length}`);
    const b = trailBuffers(runs, frame, value);
    this.buffers = b;
    this.runs = runs;
    this.frame = frame;
    this.heads.count = runs.length;
    this.look = markerLook(b.longest);
    this.pointMaterial.uniforms.uSize.value = this.look.size * this.pixelRatio;
    this.pointMaterial.uniforms.uRim.value = this.look.rim;
    // Release the GPU buffers of the old attributes before replacing them.
    this.pointGeometry.dispose();
    this.pointGeometry.setAttribute('position', new BufferAttribute(b.points, 3));
    this.pointGeometry.setAttribute('aInfo', new BufferAttribute(b.pointInfo, 2));
    this.lineGeometry.dispose();
    const pieces = new InstancedInterleavedBuffer(b.segments, 6, 1);
    this.lineGeometry.setAttribute('instanceStart', new InterleavedBufferAttribute(pieces, 3, 0));
    this.lineGeometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(pieces, 3, 3));
    this.lineGeometry.setAttribute('instanceInfo', new InstancedBufferAttribute(b.segmentInfo, 2));
    this.lineGeometry.setAttribute('instanceDistance', new InstancedBufferAttribute(b.segmentDistance, 2));
  }

  /** Trail `slot`'s colour, dash and whether it shows (uniforms only: no buffer is rewritten). */
  setStyle(slot: number, style: TrailStyle): void {
    this.visible[slot] = style.visible;
    this.uniforms.uDash.value[slot] = style.dash;
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

  /** The marker size (CSS pixels) and rim (0 or 1) the markers are drawn with now. */
  get markers(): { size: number; rim: number } {
    return this.look;
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
