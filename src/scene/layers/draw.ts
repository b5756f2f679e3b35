/**
 * Shared drawing helpers of the inspector's layers: polylines and arrows of the function's
 * coordinates turned into line segments on the map (2-D) or draped over the surface (3-D).
 */
import {
  BufferAttribute,
  BufferGeometry,
  DynamicDrawUsage,
  type InterleavedBufferAttribute,
  type LineBasicMaterial,
  LineSegments,
} from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { getColormap } from '../../app/colormaps.ts';
import { colorPosition } from '../../app/ticks.ts';
import type { CompiledFunction } from '../../core/expr/index.ts';
import { contrastingGrey } from '../field.ts';
import type { LayerContext, SceneKind } from '../layer.ts';
import { type Frame, inDomain, SIZE, worldX, worldY, worldZ } from '../world.ts';

/** Height above the surface (3-D) or the map (2-D) of the inspector's lines, in world units. */
export const INSPECT_LIFT = 0.016 * SIZE;
const FLAT_HEIGHT = 0.08;

/** World height of a domain point for the inspector's lines (draped in 3-D, flat in 2-D). */
export function heightOf(
  kind: SceneKind,
  frame: Frame,
  fn: CompiledFunction,
): (x: number, y: number) => number {
  if (kind === '2d') return () => FLAT_HEIGHT;
  return (x, y) => {
    const h = worldY(frame, fn.value(x, y));
    return (Number.isFinite(h) ? h : 0) + INSPECT_LIFT;
  };
}

/**
 * Line segments (xyz xyz) along polylines given flat [x0, y0, x1, y1, …] written into `out` from
 * segment 0, each piece cut into `pieces` so that, draped, it follows the surface; pieces with an
 * end outside the domain are dropped, and so is whatever does not fit in `out`. Returns the number
 * of segments written.
 */
export function polylineSegments(
  out: Float32Array,
  lines: readonly (readonly number[])[],
  frame: Frame,
  height: (x: number, y: number) => number,
  pieces = 1,
): number {
  const capacity = Math.floor(out.length / 6);
  let n = 0;
  for (const line of lines) {
    for (let i = 0; i + 3 < line.length; i += 2) {
      const ax = line[i]!;
      const ay = line[i + 1]!;
      const dx = line[i + 2]! - ax;
      const dy = line[i + 3]! - ay;
      for (let j = 0; j < pieces && n < capacity; j++) {
        const x0 = ax + (dx * j) / pieces;
        const y0 = ay + (dy * j) / pieces;
        const x1 = ax + (dx * (j + 1)) / pieces;
        const y1 = ay + (dy * (j + 1)) / pieces;
        if (!inDomain(frame, x0, y0) || !inDomain(frame, x1, y1)) continue;
        const o = 6 * n++;
        out[o] = worldX(frame, x0);
        out[o + 1] = height(x0, y0);
        out[o + 2] = worldZ(frame, y0);
        out[o + 3] = worldX(frame, x1);
        out[o + 4] = height(x1, y1);
        out[o + 5] = worldZ(frame, y1);
      }
    }
  }
  return n;
}

/**
 * Thin line segments (1 px) with a fixed capacity: `positions` is written in place and only the
 * first `count` segments are drawn, so an update uploads one buffer and allocates nothing.
 */
export class ThinLines {
  readonly positions: Float32Array;
  readonly object: LineSegments;
  private readonly attribute: BufferAttribute;

  constructor(
    readonly capacity: number,
    readonly material: LineBasicMaterial,
  ) {
    this.positions = new Float32Array(capacity * 6);
    this.attribute = new BufferAttribute(this.positions, 3);
    this.attribute.setUsage(DynamicDrawUsage);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', this.attribute);
    this.object = new LineSegments(geometry, material);
    // Positions change every step: no bounding volumes to recompute, never culled (it is small).
    this.object.frustumCulled = false;
  }

  /** Draws the first `count` segments of `positions`. */
  show(count: number): void {
    this.object.geometry.setDrawRange(0, 2 * count);
    this.attribute.needsUpdate = true;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.material.dispose();
  }
}

/** Near-black on light colours, white on dark ones: what stands out from the map under (x, y). */
export function contrastAt(c: LayerContext, fn: CompiledFunction, x: number, y: number): string {
  const v = c.state.view;
  if (c.kind === '2d' && !v.filled) return DARK;
  const colormap = getColormap(v.colormap) ?? getColormap('viridis')!;
  const t = colorPosition(fn.value(x, y), c.frame.zMin, c.frame.zMax, v.colorScale);
  return contrastingGrey(colormap.interpolate(Number.isFinite(t) ? t : 0)) < 0.5 ? DARK : LIGHT;
}

const DARK = '#141414';
const LIGHT = '#ffffff';

/**
 * Fat line segments (three.js's LineMaterial, `width` CSS pixels) with a fixed capacity, updated in
 * place: `positions` (and `colors`, rgb per vertex, when `vertexColors`) are written by the caller
 * and `show(count)` draws the first `count` segments.
 */
export class FatLines {
  readonly material: LineMaterial;
  readonly object: LineSegments2;
  readonly positions: Float32Array;
  readonly colors: Float32Array | null;
  private readonly geometry = new LineSegmentsGeometry();

  constructor(
    readonly capacity: number,
    private readonly width: number,
    vertexColors: boolean,
  ) {
    this.material = new LineMaterial({ linewidth: width, worldUnits: false, vertexColors, depthTest: false });
    this.geometry.setPositions(new Float32Array(capacity * 6));
    this.positions = this.buffer('instanceStart');
    if (vertexColors) {
      this.geometry.setColors(new Float32Array(capacity * 6));
      this.colors = this.buffer('instanceColorStart');
    } else this.colors = null;
    this.object = new LineSegments2(this.geometry, this.material);
    this.object.frustumCulled = false;
  }

  private buffer(name: string): Float32Array {
    const data = (this.geometry.getAttribute(name) as InterleavedBufferAttribute).data;
    data.setUsage(DynamicDrawUsage);
    return data.array as Float32Array;
  }

  /** Draws the first `count` segments of `positions` (and `colors`). */
  show(count: number): void {
    this.geometry.instanceCount = count;
    (this.geometry.getAttribute('instanceStart') as InterleavedBufferAttribute).data.needsUpdate = true;
    if (this.colors)
      (this.geometry.getAttribute('instanceColorStart') as InterleavedBufferAttribute).data.needsUpdate =
        true;
  }

  resize(width: number, height: number, pixelRatio: number): void {
    this.material.resolution.set(width * pixelRatio, height * pixelRatio);
    this.material.linewidth = this.width * pixelRatio;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}
