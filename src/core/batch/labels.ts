/**
 * Which minimum a cell reached.
 *
 * - A function preset lists its known minima (`descent functions`): a cell's label is the index, in the
 *   preset's `critical` list, of the nearest minimum (kind `global minimum` or `local minimum`) within
 *   `labelRadius(domain)` of the cell's end point; none within reach → null.
 * - Any other function: the end points are clustered. Leader clustering in cell order: each cell joins
 *   the nearest existing cluster whose leader (its first member's end point) lies within the radius, or
 *   founds a new cluster; the label is the cluster's index, in order of foundation. At most
 *   `MAX_CLUSTERS` clusters; a cell that would found one more gets null. Deterministic: the same cells
 *   in the same order give the same labels.
 *
 * Diverged cells, and cells without an end point, get null (−1 in `BatchCells.label`). Cells still
 * running are labelled by where they are, so "unfinished but in the basin of (3, 2)" keeps its label;
 * their status says they are unfinished.
 */
import type { CriticalPoint, Domain } from '../functions/types.ts';
import { type BatchCells, DIVERGED } from './engine.ts';

/** "Reached" means within this fraction of the domain's largest edge length (Himmelblau's 10 → 0.1). */
export const LABEL_RADIUS_FACTOR = 0.01;

/** Most clusters a typed function's cells are sorted into. */
export const MAX_CLUSTERS = 64;

export function labelRadius(domain: Domain): number {
  return LABEL_RADIUS_FACTOR * Math.max(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
}

const isMinimum = (c: CriticalPoint) => c.kind === 'global minimum' || c.kind === 'local minimum';

const labelled = (cells: BatchCells, i: number) =>
  cells.status[i] !== DIVERGED && Number.isFinite(cells.x[i]!) && Number.isFinite(cells.y[i]!);

/** Labels each cell by the nearest listed minimum within `radius` (index into `critical`). */
export function labelByMinima(cells: BatchCells, critical: readonly CriticalPoint[], radius: number): void {
  const minima = critical.flatMap((c, index) => (isMinimum(c) ? [{ x: c.x, y: c.y, index }] : []));
  for (let i = 0; i < cells.count; i++) {
    let best = -1;
    let bestD = radius * radius;
    if (labelled(cells, i)) {
      for (const m of minima) {
        const dx = cells.x[i]! - m.x;
        const dy = cells.y[i]! - m.y;
        const d = dx * dx + dy * dy;
        if (d <= bestD) {
          if (d < bestD || best < 0) best = m.index;
          bestD = d;
        }
      }
    }
    cells.label[i] = best;
  }
}

/** Labels the cells by leader clustering of their end points; returns the leaders `[x0, y0, x1, y1, …]`. */
export function labelByClusters(cells: BatchCells, radius: number, maxClusters = MAX_CLUSTERS): number[] {
  const leaders: number[] = [];
  const r2 = radius * radius;
  for (let i = 0; i < cells.count; i++) {
    cells.label[i] = -1;
    if (!labelled(cells, i)) continue;
    const x = cells.x[i]!;
    const y = cells.y[i]!;
    let best = -1;
    let bestD = r2;
    for (let c = 0; c < leaders.length / 2; c++) {
      const dx = x - leaders[2 * c]!;
      const dy = y - leaders[2 * c + 1]!;
      const d = dx * dx + dy * dy;
      if (d < bestD || (d === bestD && best < 0)) {
        best = c;
        bestD = d;
      }
    }
    if (best < 0 && leaders.length / 2 < maxClusters) {
      best = leaders.length / 2;
      leaders.push(x, y);
    }
    cells.label[i] = best;
  }
  return leaders;
}
