/**
 * Shared drawing helpers of the inspector's layers: polylines and arrows of the function's
 * coordinates turned into line segments on the map (2-D) or draped over the surface (3-D).
 */
import { BufferAttribute, BufferGeometry, type LineSegments } from 'three';
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
 * Line segments (xyz xyz) along polylines given flat [x0, y0, x1, y1, …], each piece cut into
 * `pieces` so that, draped, it follows the surface; pieces with an end outside the domain are dropped.
 */
export function polylineSegments(
  lines: readonly (readonly number[])[],
  frame: Frame,
  height: (x: number, y: number) => number,
  pieces = 1,
): number[] {
  const out: number[] = [];
  for (const line of lines) {
    for (let i = 0; i + 3 < line.length; i += 2) {
      const ax = line[i]!;
      const ay = line[i + 1]!;
      const dx = line[i + 2]! - ax;
      const dy = line[i + 3]! - ay;
      for (let j = 0; j < pieces; j++) {
        const x0 = ax + (dx * j) / pieces;
        const y0 = ay + (dy * j) / pieces;
        const x1 = ax + (dx * (j + 1)) / pieces;
        const y1 = ay + (dy * (j + 1)) / pieces;
        if (!inDomain(frame, x0, y0) || !inDomain(frame, x1, y1)) continue;
        out.push(worldX(frame, x0), height(x0, y0), worldZ(frame, y0));
        out.push(worldX(frame, x1), height(x1, y1), worldZ(frame, y1));
      }
    }
  }
  return out;
}

/** Puts `positions` (and per-vertex `colors`, when given) into `lines`, replacing its geometry. */
export function setSegments(
  lines: LineSegments,
  positions: readonly number[],
  colors?: readonly number[],
): void {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(positions), 3));
  if (colors) geometry.setAttribute('color', new BufferAttribute(new Float32Array(colors), 3));
  lines.geometry.dispose();
  lines.geometry = geometry;
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

/** A fat line (three.js's LineMaterial, `width` CSS pixels) for the inspector's arrows and axes. */
export class FatLines {
  readonly material: LineMaterial;
  readonly object: LineSegments2;

  constructor(
    private readonly width: number,
    vertexColors: boolean,
  ) {
    this.material = new LineMaterial({ linewidth: width, worldUnits: false, vertexColors, depthTest: false });
    this.object = new LineSegments2(new LineSegmentsGeometry(), this.material);
  }

  set(positions: readonly number[], colors?: readonly number[]): void {
    const geometry = new LineSegmentsGeometry();
    geometry.setPositions(positions as number[]);
    if (colors) geometry.setColors(colors as number[]);
    this.object.geometry.dispose();
    this.object.geometry = geometry;
  }

  resize(width: number, height: number, pixelRatio: number): void {
    this.material.resolution.set(width * pixelRatio, height * pixelRatio);
    this.material.linewidth = this.width * pixelRatio;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.material.dispose();
  }
}
