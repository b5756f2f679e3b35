/**
 * The lab's words in the legend and the readout: the lr a row uses at the playback step (its
 * schedule's, torch's `param_groups[0]["lr"]` then), and a diverged run's status with its reason
 * (Newton's singular Hessian, a schedule torch refuses, a step out of the bound).
 */
import { lrAt } from '../app/lab.ts';
import type { OptimizerEntry } from '../app/state.ts';
import type { Trajectory } from '../core/runner.ts';
import { formatParam, lrText, statusText } from './legend-text.ts';

/** "lr 0.05": the row's lr at `step` (its schedule's), or its lr parameter without a schedule. */
export function lrNowText(entry: OptimizerEntry, step: number, steps: number): string {
  if (!entry.schedule) return lrText(entry);
  const lr = lrAt(entry, step, steps);
  // Four significant digits, as the rows' own lr (formatParam alone writes every digit of 2.8041…e−4).
  return lr === null ? '' : `lr ${formatParam(Number(lr.toPrecision(4)))}`;
}

/** The status, and once the run has diverged, why: "diverged at 3: the Hessian … is singular". */
export function statusWithReason(
  run: Trajectory | undefined,
  step: number,
  start: readonly [number, number],
  expression?: string,
): string {
  const status = statusText(run, step, start, expression);
  const reason = run?.reason;
  // The start's own failure already says why (statusText's `f is not defined at the start …`).
  return reason && status.startsWith('diverged at') ? `${status}: ${reason}` : status;
}

/**
 * How many times the optimizer evaluated f and ∇f over the whole run (L-BFGS: torch's
 * `state["func_evals"]`, several per `step(closure)`), or null for optimizers that do not count.
 */
export function evaluationsOf(run: Trajectory | undefined): number | null {
  if (!run) return null;
  const counted = run as Trajectory & { evals?: number; optimizerState?: () => Record<string, unknown> };
  if (typeof counted.evals === 'number') return counted.evals;
  const state = typeof counted.optimizerState === 'function' ? counted.optimizerState() : undefined;
  return typeof state?.func_evals === 'number' ? state.func_evals : null;
}
