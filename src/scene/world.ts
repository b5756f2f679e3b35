/**
 * How the (x, y, f) of the maths maps to three.js world space, in one place so the surface, the
 * trails, the axes and picking all agree (`world.ts`: the world mapping, not a frame of the loop). World Y is up. The domain's longer side spans `SIZE`
 * world units, x runs along world X and y along world −Z (so y points away from the default camera);
 * f is clipped to [zMin, zMax] and scaled so that the clip range is `exaggeration × SIZE` tall.
 */
import type { Domain } from '../core/functions/types.ts';

export const SIZE = 10;

export interface Frame {
  readonly domain: Domain;
  /** World units per unit of x. */
  readonly scale: number;
  /** World units per unit of y: `scale`, unless a 2-D pane is stretched to fill (`aspect`). */
  readonly scaleY: number;
  readonly cx: number;
  readonly cy: number;
  /** f values at the bottom and the top of the box. */
  readonly zMin: number;
  readonly zMax: number;
  /** World height of the box. */
  readonly height: number;
}

/**
 * The frame for a domain and a range of f; an empty or non-finite range becomes a unit one so that
 * a constant function still draws as a flat plane. `aspect` (box width ÷ depth in world units, for a
 * 2-D pane stretched to fill) gives x and y their own scales, the longer side still `SIZE`; null
 * keeps x and y at one scale (the true shape).
 */
export function makeFrame(
  domain: Domain,
  zMin: number,
  zMax: number,
  exaggeration: number,
  aspect: number | null = null,
): Frame {
  const wx = domain.x[1] - domain.x[0];
  const wy = domain.y[1] - domain.y[0];
  let lo = Number.isFinite(zMin) ? zMin : 0;
  let hi = Number.isFinite(zMax) ? zMax : lo + 1;
  if (!(hi > lo)) {
    lo -= 0.5;
    hi = lo + 1;
  }
  const equal = SIZE / Math.max(wx, wy);
  const a = aspect !== null && Number.isFinite(aspect) && aspect > 0 ? aspect : null;
  const scale = a === null ? equal : a >= 1 ? SIZE / wx : (SIZE * a) / wx;
  const scaleY = a === null ? equal : a >= 1 ? SIZE / a / wy : SIZE / wy;
  return {
    domain,
    scale,
    scaleY,
    cx: (domain.x[0] + domain.x[1]) / 2,
    cy: (domain.y[0] + domain.y[1]) / 2,
    zMin: lo,
    zMax: hi,
    height: SIZE * exaggeration,
  };
}

export const worldX = (fr: Frame, x: number): number => (x - fr.cx) * fr.scale;
export const worldZ = (fr: Frame, y: number): number => -(y - fr.cy) * fr.scaleY;

/** World height of f: clipped to [zMin, zMax]; non-finite f gives NaN (callers drop such points). */
export function worldY(fr: Frame, f: number): number {
  if (Number.isNaN(f)) return Number.NaN;
  const c = Math.min(fr.zMax, Math.max(fr.zMin, f));
  return ((c - fr.zMin) / (fr.zMax - fr.zMin)) * fr.height;
}

/** Beyond this many box sizes an unclipped height is held (far enough to leave any view straight up or down). */
const FAR = 1e4 * SIZE;

/**
 * World height of f without clipping to [zMin, zMax] (held at ±`FAR`): for points outside the
 * domain, so that a path leaving the box rises or sinks out of it as f does.
 */
export function worldYUnclipped(fr: Frame, f: number): number {
  const h = ((f - fr.zMin) / (fr.zMax - fr.zMin)) * fr.height;
  return Math.max(-FAR, Math.min(FAR, h));
}

/** True when (x, y) lies in the frame's domain. */
export function inDomain(fr: Frame, x: number, y: number): boolean {
  const { domain } = fr;
  return x >= domain.x[0] && x <= domain.x[1] && y >= domain.y[0] && y <= domain.y[1];
}

/** The (x, y) under a world point (inverse of worldX / worldZ). */
export function domainPoint(fr: Frame, wx: number, wz: number): [number, number] {
  return [fr.cx + wx / fr.scale, fr.cy - wz / fr.scaleY];
}
