/**
 * What the results table reports about one finished run: how far it got, where it ended relative to
 * the function's known minima, and when it first came within a tolerance of the global minimum's
 * value. Pure: no DOM, runs in Node.
 */
import type { CriticalPoint } from '../core/functions/types.ts';
import type { Trajectory } from '../core/runner.ts';

/** f − f_min at or below this counts as "at the minimum" (`reachedAt`). */
export const REACH_TOLERANCE = 1e-3;

export interface RunMetrics {
  /** Updates run: rows − 1 (0 when not even the start was finite). */
  readonly steps: number;
  /** f at the last row; NaN when the run has no row. */
  readonly finalF: number;
  /** |∇f| at the last row; NaN when the run has no row. */
  readonly finalGradNorm: number;
  /** The known minimum (global or local) nearest to the final point; null when none is known. */
  readonly nearest: { readonly x: number; readonly y: number; readonly f: number } | null;
  /** Euclidean distance from the final point to `nearest`; null with it. */
  readonly distance: number | null;
  /**
   * The first step k with f_k − f_min ≤ tolerance, f_min the global minimum's value; null when the
   * run never gets there or no global minimum is known.
   */
  readonly reachedAt: number | null;
  /** `moving` is the runner's `running`: the steps ran out while the point still moved. */
  readonly status: 'converged' | 'diverged' | 'moving';
  /** The step it converged at (|∇f| stays below the runner's tolerance) or diverged at; null while moving. */
  readonly statusStep: number | null;
}

function isMinimum(p: CriticalPoint): boolean {
  return p.kind === 'global minimum' || p.kind === 'local minimum';
}

/** The lowest value among the global minima, or null when none is listed. */
export function globalMinimumValue(critical: readonly CriticalPoint[]): number | null {
  let best: number | null = null;
  for (const p of critical) {
    if (p.kind === 'global minimum' && (best === null || p.f < best)) best = p.f;
  }
  return best;
}

/** The minimum (global or local) of `critical` nearest to (x, y), with its distance; null when none. */
export function nearestMinimum(
  x: number,
  y: number,
  critical: readonly CriticalPoint[],
): { point: CriticalPoint; distance: number } | null {
  let best: { point: CriticalPoint; distance: number } | null = null;
  for (const p of critical) {
    if (!isMinimum(p)) continue;
    const distance = Math.hypot(x - p.x, y - p.y);
    if (best === null || distance < best.distance) best = { point: p, distance };
  }
  return best;
}

/**
 * Metrics of `run` against `minima` (a preset's `critical` points; an empty list for a typed
 * expression). Points that are not minima (saddles, maxima) are ignored.
 */
export function runMetrics(
  run: Trajectory,
  minima: readonly CriticalPoint[],
  tolerance = REACH_TOLERANCE,
): RunMetrics {
  const status = run.status === 'running' ? 'moving' : run.status;
  const statusStep =
    run.status === 'diverged' ? run.divergedAt : run.status === 'converged' ? run.convergedAt : null;
  if (run.rows === 0) {
    return {
      steps: 0,
      finalF: Number.NaN,
      finalGradNorm: Number.NaN,
      nearest: null,
      distance: null,
      reachedAt: null,
      status,
      statusStep,
    };
  }
  const last = run.rows - 1;
  const x = run.xyf[3 * last];
  const y = run.xyf[3 * last + 1];
  const near = nearestMinimum(x, y, minima);
  const fMin = globalMinimumValue(minima);
  let reachedAt: number | null = null;
  if (fMin !== null) {
    for (let k = 0; k < run.rows; k++) {
      if (run.xyf[3 * k + 2] - fMin <= tolerance) {
        reachedAt = k;
        break;
      }
    }
  }
  return {
    steps: Math.max(0, run.rows - 1),
    finalF: run.xyf[3 * last + 2],
    finalGradNorm: run.gradNorm[last],
    nearest: near && { x: near.point.x, y: near.point.y, f: near.point.f },
    distance: near?.distance ?? null,
    reachedAt,
    status,
    statusStep,
  };
}
