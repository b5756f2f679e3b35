/**
 * The surface mesh of a sampled grid, as plain typed arrays that do not depend on how it is drawn
 * (z range, exaggeration, 2-D or 3-D): the surface shader places the vertices and lights them from
 * these. Being pure and frame-free, a mesh is built once per grid (in the compute worker for big
 * grids), transferred, and shared by every pane.
 *
 * Non-finite samples become holes: no triangle or line touches them, and their vertex data is 0.
 */
import type { Domain } from './functions/types.ts';
import { type GridSample, gridCoordinate, percentiles, sampleGrid } from './grid.ts';

export interface SurfaceMesh {
  /** Per vertex (x − cx, y − cy, f): the maths' coordinates relative to the domain's centre. */
  readonly vertices: Float32Array;
  /**
   * Per vertex, f one grid step (`SurfaceData.step`) to the left, right, below and above, read off
   * the slopes to its finite neighbours (one-sided at edges and holes, 0 with none): the normal's
   * slopes are (right − left) / 2·step.x and (above − below) / 2·step.y, after the shader clips f.
   */
  readonly neighbours: Float32Array;
  /** Two triangles per cell whose corners are finite, wound counter-clockwise seen from +f. */
  readonly triangles: Uint32Array;
  /** Grid-line pairs for the wireframe (every few rows and columns), empty for a coarse mesh. */
  readonly lines: Uint32Array;
}

/** A sampled function ready to draw: its grid, full mesh, and a light mesh for moving cameras. */
export interface SurfaceData {
  readonly grid: GridSample;
  /** The full grid's step in x and y (the unit of `neighbours`). */
  readonly step: readonly [number, number];
  readonly mesh: SurfaceMesh;
  /** About `COARSE_SEGMENTS` cells per side (null when the grid is no bigger). */
  readonly coarse: SurfaceMesh | null;
  /** The 1st and 99th percentiles of f (`ROBUST_RANGE`): a z range that cuts poles and spikes. */
  readonly robust: readonly [number, number];
}

/** The percentiles of the robust z range. */
export const ROBUST_RANGE = [0.01, 0.99] as const;

/** Cells per side of the light mesh drawn while the camera moves on a slow (software) renderer. */
export const COARSE_SEGMENTS = 32;

/** Wireframe lines per side, at most (every k-th row and column of a finer grid). */
export const WIRE_LINES = 64;

/** Indices 0, k, 2k, … and always the last one, n − 1. */
function every(n: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += k) out.push(i);
  out.push(n - 1);
  return out;
}

/** Grid-line indices (no diagonals) between finite neighbours, every `every`-th row and column. */
export function wireframeIndex(grid: GridSample, every = 1): Uint32Array {
  const { nx, ny, heights } = grid;
  const ok = (k: number) => Number.isFinite(heights[k]);
  const out = new Uint32Array(4 * nx * ny);
  let n = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = j * nx + i;
      if (j % every === 0 && i < nx - 1 && ok(a) && ok(a + 1)) {
        out[n++] = a;
        out[n++] = a + 1;
      }
      if (i % every === 0 && j < ny - 1 && ok(a) && ok(a + nx)) {
        out[n++] = a;
        out[n++] = a + nx;
      }
    }
  }
  return out.slice(0, n);
}

/**
 * The mesh over every `k`-th sample of `grid` in each direction (keeping the last row and column,
 * at their true coordinates); `step` is the unit of the neighbour values (the full grid's step).
 */
export function surfaceMesh(grid: GridSample, k = 1, step = gridStep(grid)): SurfaceMesh {
  const { domain, nx, heights } = grid;
  const is = every(nx, k);
  const js = every(grid.ny, k);
  const mx = is.length;
  const my = js.length;
  const cx = (domain.x[0] + domain.x[1]) / 2;
  const cy = (domain.y[0] + domain.y[1]) / 2;
  const xs = is.map((i) => gridCoordinate(domain.x[0], domain.x[1], i, nx));
  const ys = js.map((j) => gridCoordinate(domain.y[0], domain.y[1], j, grid.ny));
  const f = new Float64Array(mx * my);
  for (let b = 0; b < my; b++) for (let a = 0; a < mx; a++) f[b * mx + a] = heights[js[b] * nx + is[a]];
  const ok = (v: number) => Number.isFinite(f[v]);

  const vertices = new Float32Array(3 * mx * my);
  const neighbours = new Float32Array(4 * mx * my);
  for (let b = 0; b < my; b++) {
    for (let a = 0; a < mx; a++) {
      const v = b * mx + a;
      vertices[3 * v] = xs[a] - cx;
      vertices[3 * v + 1] = ys[b] - cy;
      if (!ok(v)) continue;
      const fv = f[v];
      vertices[3 * v + 2] = fv;
      // Slopes to each finite neighbour; a missing side borrows the other's, none gives 0.
      const left = a > 0 && ok(v - 1) ? (fv - f[v - 1]) / (xs[a] - xs[a - 1]) : Number.NaN;
      const right = a < mx - 1 && ok(v + 1) ? (f[v + 1] - fv) / (xs[a + 1] - xs[a]) : Number.NaN;
      const below = b > 0 && ok(v - mx) ? (fv - f[v - mx]) / (ys[b] - ys[b - 1]) : Number.NaN;
      const above = b < my - 1 && ok(v + mx) ? (f[v + mx] - fv) / (ys[b + 1] - ys[b]) : Number.NaN;
      const [sl, sr] = pair(left, right);
      const [sb, sa] = pair(below, above);
      neighbours[4 * v] = fv - sl * step[0];
      neighbours[4 * v + 1] = fv + sr * step[0];
      neighbours[4 * v + 2] = fv - sb * step[1];
      neighbours[4 * v + 3] = fv + sa * step[1];
    }
  }

  const triangles = new Uint32Array(6 * (mx - 1) * (my - 1));
  let n = 0;
  for (let b = 0; b < my - 1; b++) {
    for (let a = 0; a < mx - 1; a++) {
      const p = b * mx + a;
      const q = p + 1;
      const r = p + mx;
      const s = r + 1;
      if (!ok(p) || !ok(s)) continue;
      if (ok(q)) {
        triangles[n++] = p;
        triangles[n++] = q;
        triangles[n++] = s;
      }
      if (ok(r)) {
        triangles[n++] = p;
        triangles[n++] = s;
        triangles[n++] = r;
      }
    }
  }
  const lines =
    k === 1
      ? wireframeIndex(grid, Math.max(1, Math.round((Math.max(nx, grid.ny) - 1) / WIRE_LINES)))
      : new Uint32Array(0);
  return {
    vertices,
    neighbours,
    triangles: n === triangles.length ? triangles : triangles.slice(0, n),
    lines,
  };
}

/** Both slopes, a missing one (NaN) replaced by the other, both missing by 0. */
function pair(a: number, b: number): [number, number] {
  if (Number.isNaN(a)) return Number.isNaN(b) ? [0, 0] : [b, b];
  return Number.isNaN(b) ? [a, a] : [a, b];
}

/** The grid's step in x and y. */
export function gridStep(grid: GridSample): [number, number] {
  return [
    (grid.domain.x[1] - grid.domain.x[0]) / (grid.nx - 1),
    (grid.domain.y[1] - grid.domain.y[0]) / (grid.ny - 1),
  ];
}

/** Samples `value` at (resolution + 1)² points over `domain` and builds both meshes. */
export function surfaceData(
  value: (x: number, y: number) => number,
  domain: Domain,
  resolution: number,
): SurfaceData {
  const grid = sampleGrid(value, domain, resolution + 1, resolution + 1);
  const step = gridStep(grid);
  const k = Math.ceil(resolution / COARSE_SEGMENTS);
  const [low, high] = percentiles(grid, ROBUST_RANGE);
  return {
    grid,
    step,
    mesh: surfaceMesh(grid, 1, step),
    coarse: k > 1 ? surfaceMesh(grid, k, step) : null,
    robust: [low, high],
  };
}

/** The typed arrays of `data`, to transfer from a worker without copying. */
export function surfaceBuffers(data: SurfaceData): ArrayBuffer[] {
  const meshes = data.coarse ? [data.mesh, data.coarse] : [data.mesh];
  return [
    data.grid.heights.buffer as ArrayBuffer,
    ...meshes.flatMap((m) =>
      [m.vertices, m.neighbours, m.triangles, m.lines].map((a) => a.buffer as ArrayBuffer),
    ),
  ];
}
