/**
 * Plane geometry for the layout: whether a projected box (its corners' convex hull, in px) reaches
 * into a rectangle the page draws over the pane (a legend).
 */

/** A rectangle in px: x0 ≤ x ≤ x1, y0 ≤ y ≤ y1. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const cross = (o: readonly number[], a: readonly number[], b: readonly number[]) =>
  (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);

/** The convex hull of `points`, counter-clockwise in a y-up sense (Andrew's monotone chain). */
export function convexHull(points: readonly (readonly [number, number])[]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p.map(([x, y]) => [x, y]);
  const lower: (readonly [number, number])[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0)
      lower.pop();
    lower.push(q);
  }
  const upper: (readonly [number, number])[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0)
      upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)].map(([x, y]) => [x, y]);
}

/** The interval `points` cover on the axis (nx, ny): their least and greatest dot product with it. */
function shadow(points: readonly (readonly [number, number])[], nx: number, ny: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [x, y] of points) {
    const d = nx * x + ny * y;
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return [lo, hi];
}

/**
 * True when the convex hull of `points` and the rectangle `r` overlap by more than `slack` px (touching
 * edges do not count): the separating-axis test on the rectangle's two axes and each hull edge's normal.
 */
export function hullMeetsRect(points: readonly (readonly [number, number])[], r: Rect, slack = 0): boolean {
  const hull = convexHull(points);
  if (hull.length === 0) return false;
  const corners: [number, number][] = [
    [r.x0, r.y0],
    [r.x1, r.y0],
    [r.x1, r.y1],
    [r.x0, r.y1],
  ];
  const separated = (nx: number, ny: number) => {
    const n = Math.hypot(nx, ny);
    const [a0, a1] = shadow(hull, nx / n, ny / n);
    const [b0, b1] = shadow(corners, nx / n, ny / n);
    return a1 <= b0 + slack || b1 <= a0 + slack;
  };
  if (separated(1, 0) || separated(0, 1)) return false;
  for (let i = 0; i < hull.length; i++) {
    const [x0, y0] = hull[i]!;
    const [x1, y1] = hull[(i + 1) % hull.length]!;
    if (separated(y0 - y1, x1 - x0)) return false;
  }
  return true;
}
