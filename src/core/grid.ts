import type { Domain } from './functions/types.ts';

/** f sampled on a regular grid; see `sampleGrid`. */
export interface GridSample {
  readonly domain: Domain;
  /** Samples along x (columns) and along y (rows), each ≥ 2. */
  readonly nx: number;
  readonly ny: number;
  /**
   * Heights, row-major: `heights[j * nx + i] = f(x_i, y_j)` with `x_i = x0 + i (x1 - x0) / (nx - 1)`
   * and likewise y_j. NaN and ±Infinity are kept as they are (the surface shows holes there); finite
   * values beyond float32's range are clamped to ±3.4e38 so they stay finite.
   */
  readonly heights: Float32Array;
  /** Smallest and largest finite sample (NaN when no sample is finite). */
  readonly min: number;
  readonly max: number;
  /** How many samples are NaN or ±Infinity. */
  readonly nonFinite: number;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** The i-th of n evenly spaced values from a to b inclusive. */
export function gridCoordinate(a: number, b: number, i: number, n: number): number {
  return i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
}

/** Samples `value` over `domain` at nx × ny points (both ≥ 2). */
export function sampleGrid(
  value: (x: number, y: number) => number,
  domain: Domain,
  nx: number,
  ny: number,
): GridSample {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new RangeError(`sampleGrid needs at least 2×2 integer samples, got ${nx}×${ny}`);
  }
  const heights = new Float32Array(nx * ny);
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nonFinite = 0;
  for (let j = 0; j < ny; j++) {
    const y = gridCoordinate(y0, y1, j, ny);
    for (let i = 0; i < nx; i++) {
      const f = value(gridCoordinate(x0, x1, i, nx), y);
      if (Number.isFinite(f)) {
        if (f < min) min = f;
        if (f > max) max = f;
        heights[j * nx + i] = Math.max(-FLOAT32_MAX, Math.min(FLOAT32_MAX, f));
      } else {
        nonFinite++;
        heights[j * nx + i] = f;
      }
    }
  }
  if (nonFinite === nx * ny) {
    min = Number.NaN;
    max = Number.NaN;
  }
  return { domain, nx, ny, heights, min, max, nonFinite };
}

/** At most this many samples are sorted for `percentiles` (an even spread of the grid). */
export const PERCENTILE_SAMPLES = 20_000;

/**
 * The finite samples' values at fractions `ps` of their sorted order (each the sample at rank
 * ⌊p·(n − 1)⌋, no interpolation, so a single outlier never drags a percentile towards it); grids
 * with more than `PERCENTILE_SAMPLES` samples use an even spread of that many. NaN when no sample is
 * finite.
 */
export function percentiles(grid: GridSample, ps: readonly number[]): number[] {
  const { heights } = grid;
  const stride = Math.max(1, Math.ceil(heights.length / PERCENTILE_SAMPLES));
  const values: number[] = [];
  for (let k = 0; k < heights.length; k += stride) if (Number.isFinite(heights[k])) values.push(heights[k]);
  if (values.length === 0) return ps.map(() => Number.NaN);
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => sorted[Math.floor(Math.min(1, Math.max(0, p)) * (sorted.length - 1))]);
}
