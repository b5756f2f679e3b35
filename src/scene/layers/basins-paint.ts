/**
 * The colours of a basin map (pure, tested on tiny maps). Cell i·n + j (the run from x[i], y[j]) is
 * texel (column i, row j) of an n × n RGBA image:
 *
 * - reached minimum k (label k ≥ 0): hue `BASIN_HUES[k mod 8]`, darkened by the steps it took,
 *   shade = 0.6 · ln(1 + steps) / ln(1 + maxSteps) mixed towards black (few steps: bright; many: dark);
 * - unfinished (still running after every step) but labelled: the hue mixed halfway with mid grey;
 * - no minimum reached and not diverged: mid grey (#8c8c8c);
 * - diverged: near black (#141414);
 * - not computed yet: the coarse cell standing in for it (`coarseSource`), or transparent without one.
 *
 * A map filling in is painted answer by answer (`paintCells`: only the texels an answer changes), so
 * that a repaint costs the main thread the new cells, not the whole map.
 */
import { CONVERGED, DIVERGED } from '../../core/batch/status.ts';

/** Eight colour-blind-safe hues (Okabe–Ito without black), by label. */
export const BASIN_HUES: readonly (readonly [number, number, number])[] = [
  [230, 159, 0],
  [86, 180, 233],
  [0, 158, 115],
  [240, 228, 66],
  [0, 114, 178],
  [213, 94, 0],
  [204, 121, 167],
  [160, 160, 255],
];
export const GREY = [140, 140, 140] as const;
export const DIVERGED_RGB = [20, 20, 20] as const;

/** What painting needs of a map (a `MapResult` fits). */
export interface PaintableMap {
  readonly n: number;
  readonly m: number;
  readonly cells: {
    readonly status: Uint8Array;
    readonly steps: Int32Array;
    readonly label: Int32Array;
  };
  readonly known: Uint8Array;
  /** The coarse pass's stride s: cell (s·⌊i/s⌋, s·⌊j/s⌋) stands in for cell (i, j) until it is known. */
  readonly stride: number;
  coarseSource(i: number, j: number): number;
}

/** Writes the RGB of one computed cell at out[o], out[o + 1], out[o + 2] (no allocation: 65 536 cells a paint). */
export function writeCellColor(
  out: Uint8Array | number[],
  o: number,
  status: number,
  steps: number,
  label: number,
  maxSteps: number,
): void {
  if (status === DIVERGED) {
    out[o] = DIVERGED_RGB[0];
    out[o + 1] = DIVERGED_RGB[1];
    out[o + 2] = DIVERGED_RGB[2];
    return;
  }
  if (label < 0) {
    out[o] = GREY[0];
    out[o + 1] = GREY[1];
    out[o + 2] = GREY[2];
    return;
  }
  const hue = BASIN_HUES[label % BASIN_HUES.length]!;
  if (status !== CONVERGED) {
    for (let c = 0; c < 3; c++) out[o + c] = Math.round((hue[c]! + GREY[c]!) / 2);
    return;
  }
  const shade = maxSteps > 0 ? (0.6 * Math.log1p(Math.max(0, steps))) / Math.log1p(maxSteps) : 0;
  for (let c = 0; c < 3; c++) out[o + c] = Math.round(hue[c]! * (1 - shade));
}

/** RGB of one computed cell. */
export function cellColor(
  status: number,
  steps: number,
  label: number,
  maxSteps: number,
): [number, number, number] {
  const rgb = [0, 0, 0];
  writeCellColor(rgb, 0, status, steps, label, maxSteps);
  return rgb as [number, number, number];
}

/** Fills `out` (n·m·4 bytes, texel (i, j) at ((j·n) + i)·4) with the map's colours; returns it. */
export function paintBasins(map: PaintableMap, maxSteps: number, out: Uint8Array): Uint8Array {
  const { n, m, cells } = map;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const o = (j * n + i) * 4;
      const c = map.coarseSource(i, j);
      if (map.known[c] !== 1) {
        out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
        continue;
      }
      writeCellColor(out, o, cells.status[c]!, cells.steps[c]!, cells.label[c]!, maxSteps);
      out[o + 3] = 255;
    }
  }
  return out;
}

/**
 * Paints the texels that cells `indices` (just written into `map`) change in `out`, as painted by
 * `paintBasins` before: each cell's own texel, and for a coarse cell (i and j multiples of the stride)
 * the texels of its s × s block still unknown, which it stands in for. `out` then equals
 * `paintBasins(map, …)` again, whatever order the answers came in.
 */
export function paintCells(map: PaintableMap, maxSteps: number, out: Uint8Array, indices: Uint32Array): void {
  const { n, m, cells, stride: s } = map;
  for (let k = 0; k < indices.length; k++) {
    const c = indices[k]!;
    const i = Math.floor(c / m);
    const j = c - i * m;
    const status = cells.status[c]!;
    const steps = cells.steps[c]!;
    const label = cells.label[c]!;
    const coarse = i % s === 0 && j % s === 0;
    const iEnd = coarse ? Math.min(n, i + s) : i + 1;
    const jEnd = coarse ? Math.min(m, j + s) : j + 1;
    for (let ii = i; ii < iEnd; ii++) {
      for (let jj = j; jj < jEnd; jj++) {
        if (map.known[ii * m + jj] === 1 && ii * m + jj !== c) continue;
        const o = (jj * n + ii) * 4;
        writeCellColor(out, o, status, steps, label, maxSteps);
        out[o + 3] = 255;
      }
    }
  }
}

/** How many cells reached each label, diverged, or stayed unlabelled (the panel's summary). */
export function basinCounts(map: PaintableMap): {
  labels: Map<number, number>;
  diverged: number;
  none: number;
} {
  const labels = new Map<number, number>();
  let diverged = 0;
  let none = 0;
  for (let c = 0; c < map.n * map.m; c++) {
    if (map.known[c] !== 1) continue;
    if (map.cells.status[c] === DIVERGED) diverged++;
    else if (map.cells.label[c]! < 0) none++;
    else labels.set(map.cells.label[c]!, (labels.get(map.cells.label[c]!) ?? 0) + 1);
  }
  return { labels, diverged, none };
}
