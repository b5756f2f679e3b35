/**
 * The gradient field as arrows of −∇f (the seed's `quiver(X, Y, -grad[0], -grad[1])`) on a regular
 * grid of arrow centres, either normalized (every arrow as long as the cell allows) or proportional
 * to |∇f| (the longest arrow fills its cell).
 */
import type { Domain } from './functions/types.ts';

export interface Arrow {
  /** Tail of the arrow. */
  readonly x: number;
  readonly y: number;
  /** The arrow's vector, in units of x and y; already scaled to fit the cell. */
  readonly dx: number;
  readonly dy: number;
  /** |∇f| at the tail. */
  readonly magnitude: number;
}

/**
 * Arrows at the centres of an nx × ny grid of cells over `domain`, each at most `0.9 ×` the cell's
 * smaller side long. Points where the gradient is not finite or exactly zero get no arrow.
 */
export function gradientField(
  valueGrad: (x: number, y: number, out: Float64Array) => number,
  domain: Domain,
  nx: number,
  ny: number,
  mode: 'normalized' | 'proportional',
): Arrow[] {
  const g = new Float64Array(2);
  const cw = (domain.x[1] - domain.x[0]) / nx;
  const ch = (domain.y[1] - domain.y[0]) / ny;
  const room = 0.9 * Math.min(cw, ch);
  const raw: { x: number; y: number; gx: number; gy: number; m: number }[] = [];
  let largest = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x = domain.x[0] + (i + 0.5) * cw;
      const y = domain.y[0] + (j + 0.5) * ch;
      valueGrad(x, y, g);
      const m = Math.hypot(g[0], g[1]);
      if (!Number.isFinite(m) || m === 0) continue;
      largest = Math.max(largest, m);
      raw.push({ x, y, gx: g[0], gy: g[1], m });
    }
  }
  return raw.map(({ x, y, gx, gy, m }) => {
    const length = mode === 'normalized' ? room : (room * m) / largest;
    return { x, y, dx: (-gx / m) * length, dy: (-gy / m) * length, magnitude: m };
  });
}
