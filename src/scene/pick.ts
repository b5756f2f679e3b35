/**
 * Where a ray (from the camera through the pointer) meets the surface of f, found on f itself
 * rather than on the drawn mesh: the ray is marched through the box in small steps until its height
 * crosses the surface's, then the crossing is bisected. Non-finite f is a hole the ray passes.
 */
import { domainPoint, type Frame, worldX, worldY, worldZ } from './world.ts';

export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** March steps across the box; a feature thinner than 1/MARCH of the box may be missed. */
const MARCH = 512;
const BISECT = 50;

/** The (x, y) where the ray `origin + t·direction` (t ≥ 0, world space) first meets the surface, or null. */
export function intersectSurface(
  origin: Vec3,
  direction: Vec3,
  frame: Frame,
  value: (x: number, y: number) => number,
): [number, number] | null {
  const { domain, height } = frame;
  // The box the surface lies in (a sliver above and below, so a flat 2-D surface has one too).
  const pad = 1e-6 * Math.max(1, height);
  const span = clipRay(origin, direction, [
    [worldX(frame, domain.x[0]), worldX(frame, domain.x[1])],
    [-pad, height + pad],
    [worldZ(frame, domain.y[1]), worldZ(frame, domain.y[0])],
  ]);
  if (!span) return null;
  const at = (t: number): [number, number] =>
    domainPoint(frame, origin.x + t * direction.x, origin.z + t * direction.z);
  // Height of the ray above the surface at t (NaN over a hole).
  const gap = (t: number): number => {
    const [x, y] = at(t);
    // worldY clips ±Infinity to the box and keeps NaN.
    return origin.y + t * direction.y - worldY(frame, value(x, y));
  };
  const [t0, t1] = span;
  let a = t0;
  let ga = gap(a);
  if (ga === 0) return at(a);
  for (let k = 1; k <= MARCH; k++) {
    const b = t0 + ((t1 - t0) * k) / MARCH;
    const gb = gap(b);
    if (gb === 0) return at(b);
    if (!Number.isNaN(ga) && !Number.isNaN(gb) && ga > 0 !== gb > 0) {
      let lo = a;
      let hi = b;
      for (let i = 0; i < BISECT; i++) {
        const mid = (lo + hi) / 2;
        if (gap(mid) > 0 === ga > 0) lo = mid;
        else hi = mid;
      }
      return at((lo + hi) / 2);
    }
    a = b;
    ga = gb;
  }
  return null;
}

/** The parameter range [t0, t1] (t ≥ 0) in which the ray is inside the box, or null. */
function clipRay(o: Vec3, d: Vec3, box: readonly (readonly [number, number])[]): [number, number] | null {
  let t0 = 0;
  let t1 = Number.POSITIVE_INFINITY;
  const axes: [number, number][] = [
    [o.x, d.x],
    [o.y, d.y],
    [o.z, d.z],
  ];
  for (let i = 0; i < 3; i++) {
    const [p, v] = axes[i];
    const [lo, hi] = box[i];
    if (v === 0) {
      if (p < lo || p > hi) return null;
      continue;
    }
    const ta = (lo - p) / v;
    const tb = (hi - p) / v;
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
  }
  return t0 <= t1 && Number.isFinite(t1) ? [t0, t1] : null;
}
