/**
 * Optimizer trajectories on the surface: per optimizer a line draped over the surface between
 * steps, a round marker at every step and a ball at the current step (the start, shared by all,
 * is the explorer's start handle). Buffers
 * have a fixed capacity and are rewritten only when the run changes; playback only moves draw
 * ranges and the head marker — nothing is allocated per frame.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  Group,
  InstancedInterleavedBuffer,
  InterleavedBufferAttribute,
  Mesh,
  MeshBasicMaterial,
  Points,
  ShaderMaterial,
  SphereGeometry,
} from 'three';
import { Line2 } from 'three/examples/jsm/lines/Line2.js';
import { LineGeometry } from 'three/examples/jsm/lines/LineGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import fragmentShader from '../../shaders/points.frag?raw';
import vertexShader from '../../shaders/points.vert?raw';
import type { Trajectory } from '../core/runner.ts';
import { type Frame, SIZE, worldX, worldY, worldZ } from './frame.ts';

/** Line pieces between two steps, so that the line follows the surface instead of cutting through it. */
export function subdivisionsFor(steps: number): number {
  return steps <= 500 ? 8 : steps <= 5000 ? 2 : 1;
}

/** Height above the surface at which trails float, in world units. */
export const LIFT = 0.012 * SIZE;

/**
 * World positions of a run's first `rows` steps: `points` gets one xyz per step; `segments` gets
 * (rows − 1)·sub line segments (xyz xyz each) draped over f, whose value along the way comes from
 * `value` (falling back to the straight chord where f is not finite).
 */
export function trailPositions(
  run: Trajectory,
  frame: Frame,
  value: (x: number, y: number) => number,
  sub: number,
  points: Float32Array,
  segments: Float32Array,
): void {
  const { xyf, rows } = run;
  for (let k = 0; k < rows; k++) {
    points[3 * k] = worldX(frame, xyf[3 * k]);
    points[3 * k + 1] = worldY(frame, xyf[3 * k + 2]) + LIFT;
    points[3 * k + 2] = worldZ(frame, xyf[3 * k + 1]);
  }
  let o = 0;
  for (let k = 0; k + 1 < rows; k++) {
    const x0 = xyf[3 * k];
    const y0 = xyf[3 * k + 1];
    const dx = xyf[3 * k + 3] - x0;
    const dy = xyf[3 * k + 4] - y0;
    const h0 = points[3 * k + 1];
    const h1 = points[3 * k + 4];
    let px = points[3 * k];
    let py = h0;
    let pz = points[3 * k + 2];
    for (let s = 1; s <= sub; s++) {
      const t = s / sub;
      const x = x0 + t * dx;
      const y = y0 + t * dy;
      const f = s === sub ? Number.NaN : value(x, y);
      const h = Number.isFinite(f)
        ? Math.max(worldY(frame, f) + LIFT, h0 + t * (h1 - h0))
        : h0 + t * (h1 - h0);
      const qx = worldX(frame, x);
      const qz = worldZ(frame, y);
      segments[o++] = px;
      segments[o++] = py;
      segments[o++] = pz;
      segments[o++] = qx;
      segments[o++] = h;
      segments[o++] = qz;
      px = qx;
      py = h;
      pz = qz;
    }
  }
}

/** The head marker, shared by every trail. */
const headGeometry = new SphereGeometry(0.17, 20, 14);

/** One optimizer's trail. */
export class Trail {
  readonly object = new Group();
  private readonly lineGeometry = new LineGeometry();
  private readonly lineMaterial: LineMaterial;
  private readonly line: Line2;
  private readonly pointGeometry = new BufferGeometry();
  private readonly pointMaterial: ShaderMaterial;
  private readonly markerMaterial: MeshBasicMaterial;
  private readonly head: Mesh;
  private capacity = 0;
  private sub = 1;
  private points = new Float32Array(0);
  private rows = 0;
  private color = '';

  constructor(color: string) {
    this.lineMaterial = new LineMaterial({ color, linewidth: 2.5, worldUnits: false });
    this.line = new Line2(this.lineGeometry, this.lineMaterial);
    this.line.frustumCulled = false;
    this.pointMaterial = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: { uColor: { value: new Color(color) }, uSize: { value: 7 } },
      // Trails that leave the domain are cut at the box's walls (the view's clipping planes).
      clipping: true,
    });
    const dots = new Points(this.pointGeometry, this.pointMaterial);
    dots.frustumCulled = false;
    this.markerMaterial = new MeshBasicMaterial({ color });
    this.head = new Mesh(headGeometry, this.markerMaterial);
    this.object.add(this.line, dots, this.head);
  }

  setColor(color: string): void {
    if (color === this.color) return;
    this.color = color;
    this.lineMaterial.color.set(color);
    (this.pointMaterial.uniforms.uColor.value as Color).set(color);
    this.markerMaterial.color.set(color);
  }

  /** Line width and marker size in CSS pixels, and the drawing buffer size the line shader needs. */
  setResolution(width: number, height: number, pixelRatio: number): void {
    this.lineMaterial.resolution.set(width * pixelRatio, height * pixelRatio);
    this.lineMaterial.linewidth = 2.5 * pixelRatio;
    this.pointMaterial.uniforms.uSize.value = 7 * pixelRatio;
  }

  /** Rewrites the buffers from `run` (growing them only when it has more rows than they hold). */
  setRun(run: Trajectory, frame: Frame, value: (x: number, y: number) => number): void {
    this.rows = run.rows;
    this.sub = subdivisionsFor(run.rows - 1);
    if (run.rows > this.capacity || this.sub * Math.max(0, run.rows - 1) * 6 > this.segmentArray().length) {
      this.allocate(Math.max(run.rows, 2));
    }
    trailPositions(run, frame, value, this.sub, this.points, this.segmentArray());
    (this.pointGeometry.getAttribute('position') as BufferAttribute).needsUpdate = true;
    (this.lineGeometry.getAttribute('instanceStart') as InterleavedBufferAttribute).data.needsUpdate = true;
  }

  /** Shows steps 0..step (clamped to the rows that exist). */
  showStep(step: number): void {
    const last = Math.min(step, this.rows - 1);
    this.head.visible = last >= 0;
    if (last < 0) {
      this.pointGeometry.setDrawRange(0, 0);
      this.lineGeometry.instanceCount = 0;
      return;
    }
    this.pointGeometry.setDrawRange(0, last + 1);
    this.lineGeometry.instanceCount = last * this.sub;
    this.head.position.set(this.points[3 * last], this.points[3 * last + 1], this.points[3 * last + 2]);
  }

  private segmentArray(): Float32Array {
    const start = this.lineGeometry.getAttribute('instanceStart') as InterleavedBufferAttribute | undefined;
    return start ? (start.data.array as Float32Array) : new Float32Array(0);
  }

  private allocate(rows: number): void {
    // Release the GPU buffers of the old attributes before replacing them.
    this.pointGeometry.dispose();
    this.lineGeometry.dispose();
    this.capacity = rows;
    this.points = new Float32Array(3 * rows);
    this.pointGeometry.setAttribute('position', new BufferAttribute(this.points, 3));
    const buffer = new InstancedInterleavedBuffer(new Float32Array(6 * this.sub * (rows - 1)), 6, 1);
    this.lineGeometry.setAttribute('instanceStart', new InterleavedBufferAttribute(buffer, 3, 0));
    this.lineGeometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(buffer, 3, 3));
  }

  dispose(): void {
    this.lineGeometry.dispose();
    this.lineMaterial.dispose();
    this.pointGeometry.dispose();
    this.pointMaterial.dispose();
    this.markerMaterial.dispose();
  }
}
