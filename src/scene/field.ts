/**
 * The gradient field: arrows of −∇f (see `core/field.ts`, computed once per function and view in
 * `Derived.field`, not per pane). In 3-D they are draped over the surface, lifted a little so the
 * surface never hides them; in 2-D they lie on the map. Each arrow takes black or white, whichever
 * stands out from the colormap's colour under its tail (dark grey on the white of a lines-only map).
 */
import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments } from 'three';
import { getColormap, parseCssColor } from '../app/colormaps.ts';
import { colorPosition } from '../app/ticks.ts';
import type { Arrow } from '../core/field.ts';
import type { LayerContext, PaneLayer } from './layer.ts';
import { type Frame, SIZE, worldX, worldY, worldZ } from './world.ts';

/** Pieces each shaft is cut into so that, draped, it follows the surface. */
export const SHAFT_PIECES = 4;

/** Segments per arrow: the shaft's pieces and two barbs. */
export const ARROW_SEGMENTS = SHAFT_PIECES + 2;

/** Height of the draped arrows above the surface in 3-D (world units). */
export const FIELD_LIFT = 0.006 * SIZE;

/**
 * Line segments (xyz xyz) for `arrows`: the shaft in `SHAFT_PIECES` pieces and two barbs (30 % of
 * the length, ±25° off the reversed direction), every vertex at world height `height(x, y)` of the
 * point of the domain under it (a constant for a flat map; f plus a lift when draped).
 */
export function arrowSegments(
  arrows: readonly Arrow[],
  frame: Frame,
  height: (x: number, y: number) => number,
): Float32Array {
  const out = new Float32Array(arrows.length * ARROW_SEGMENTS * 6);
  let o = 0;
  const put = (ax: number, ay: number, bx: number, by: number) => {
    out[o] = worldX(frame, ax);
    out[o + 1] = height(ax, ay);
    out[o + 2] = worldZ(frame, ay);
    out[o + 3] = worldX(frame, bx);
    out[o + 4] = height(bx, by);
    out[o + 5] = worldZ(frame, by);
    o += 6;
  };
  const c = Math.cos(0.44);
  const s = Math.sin(0.44);
  for (const a of arrows) {
    for (let i = 0; i < SHAFT_PIECES; i++) {
      const u0 = i / SHAFT_PIECES;
      const u1 = (i + 1) / SHAFT_PIECES;
      put(a.x + u0 * a.dx, a.y + u0 * a.dy, a.x + u1 * a.dx, a.y + u1 * a.dy);
    }
    // Barbs, in the domain's units (a 2-D pane stretched to fill stretches its arrows with the map).
    const hx = a.x + a.dx;
    const hy = a.y + a.dy;
    put(hx, hy, hx - 0.3 * (c * a.dx - s * a.dy), hy - 0.3 * (s * a.dx + c * a.dy));
    put(hx, hy, hx - 0.3 * (c * a.dx + s * a.dy), hy - 0.3 * (-s * a.dx + c * a.dy));
  }
  return out;
}

/** Relative luminance (Rec. 709 weights on sRGB bytes, 0–1) of a CSS colour. */
export function luminance(css: string): number {
  const [r, g, b] = parseCssColor(css);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** Black on light colours, white on dark ones: the arrow colour that stands out from `background`. */
export function contrastingGrey(background: string): number {
  return luminance(background) > 0.45 ? 0.08 : 1;
}

/** An sRGB level (0–1) in linear light, the space three.js's vertex colours are given in. */
export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/**
 * One grey per vertex (rgb, `ARROW_SEGMENTS × 2` vertices an arrow), in linear light: each arrow in
 * the sRGB grey level `grey(arrow)`.
 */
export function arrowColors(arrows: readonly Arrow[], grey: (arrow: Arrow) => number): Float32Array {
  const n = ARROW_SEGMENTS * 2 * 3;
  const out = new Float32Array(arrows.length * n);
  arrows.forEach((a, i) => {
    out.fill(srgbToLinear(grey(a)), i * n, (i + 1) * n);
  });
  return out;
}

export class FieldLayer implements PaneLayer {
  private readonly material = new LineBasicMaterial({ vertexColors: true });
  readonly object = new LineSegments(new BufferGeometry(), this.material);

  constructor() {
    this.object.name = 'field';
    // Drawn after the surface, so that where a lifted arrow grazes it the arrow wins.
    this.object.renderOrder = 1;
  }

  update(c: LayerContext): void {
    const v = c.state.view;
    const pv = c.previous?.view;
    this.object.visible = v.field;
    const fn = c.derived.fn;
    if (!v.field || !fn) return;
    const changed =
      !pv?.field ||
      v.fieldDensity !== pv.fieldDensity ||
      v.fieldMode !== pv.fieldMode ||
      v.colormap !== pv.colormap ||
      v.colorScale !== pv.colorScale ||
      v.filled !== pv.filled;
    if (!(c.frameChanged || c.changes.fn || changed)) return;
    const arrows = c.derived.field(v);
    const fr = c.frame;
    const flat = c.kind === '2d';
    const lift = flat ? 0.05 : FIELD_LIFT;
    const height = flat
      ? () => lift
      : (x: number, y: number) => {
          const h = worldY(fr, fn.value(x, y));
          return (Number.isFinite(h) ? h : 0) + lift;
        };
    const colormap = getColormap(v.colormap) ?? getColormap('viridis')!;
    const lines = flat && !v.filled;
    const grey = (a: Arrow) => {
      // The seed's dark grey (#444a55's grey level) on the white of a lines-only map.
      if (lines) return 0x44 / 255;
      const t = colorPosition(fn.value(a.x, a.y), fr.zMin, fr.zMax, v.colorScale);
      return contrastingGrey(colormap.interpolate(Number.isFinite(t) ? t : 0));
    };
    this.set(arrowSegments(arrows, fr, height), arrowColors(arrows, grey));
  }

  private set(positions: Float32Array, colors: Float32Array): void {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(positions, 3));
    geometry.setAttribute('color', new BufferAttribute(colors, 3));
    this.object.geometry.dispose();
    this.object.geometry = geometry;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.material.dispose();
  }
}
