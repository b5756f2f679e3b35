/** Newton's method with the exact Hessian (not in torch.optim; the second-order reference point). */

import { StepFailure } from './failure.ts';
import { lrParam, numberParam, readNumber } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Objective, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const NEWTON_RULE = 'solve (H + damping·I)·s = g with the exact Hessian H at p; p ← p − lr·s';

/**
 * Newton, t = 1, 2, ...:
 *
 *     solve (H + damping·I)·s = g with the exact Hessian H at p    (H = ∇²f(p), symbolic; Gaussian elimination with partial pivoting; Cramer's rule in 2-D)
 *     p ← p − lr·s
 *
 * On a quadratic with positive-definite H, lr = 1 lands on the minimum in one step. Newton goes to the
 * stationary point of the local quadratic model, which is a maximum or a saddle where H is not positive
 * definite; damping > 0 shifts the eigenvalues (Levenberg–Marquardt style). A singular system (a zero pivot,
 * e.g. H = 0 on a plane, or a non-finite H) cannot be solved: the step throws a `StepFailure` and the run
 * stops as diverged with that reason. lr comes from the param group. State: `step`.
 */
export function createNewton(values: ParamValues, dim: number): Optimizer {
  const damping = readNumber(values, 'damping');
  const h = new Float64Array(dim * dim);
  const s = new Float64Array(dim);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group, objective: Objective): void {
      if (objective.hessian === undefined) {
        throw new StepFailure('newton needs the exact Hessian, which this objective does not provide');
      }
      objective.hessian(p, h);
      for (let i = 0; i < dim; i++) h[i * dim + i] = h[i * dim + i]! + damping;
      if (!solve(h, g, s, dim)) {
        throw new StepFailure(
          `newton: the Hessian${damping === 0 ? '' : ' + damping·I'} is singular at (${Array.from(p.subarray(0, dim)).join(', ')}), so the Newton step is undefined`,
        );
      }
      t += 1;
      const lr = group.lr;
      for (let i = 0; i < dim; i++) p[i] = p[i]! - lr * s[i]!;
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t };
    },
  };
}

/**
 * Solves a·s = g (a: dim×dim row-major, overwritten) by Gaussian elimination with partial pivoting.
 * False when a pivot is 0 or the solution is not finite (a singular or non-finite system).
 */
export function solve(a: Float64Array, g: Float64Array, s: Float64Array, dim: number): boolean {
  if (dim === 2) {
    const det = a[0]! * a[3]! - a[1]! * a[2]!;
    if (det === 0 || !Number.isFinite(det)) return false;
    s[0] = (a[3]! * g[0]! - a[1]! * g[1]!) / det;
    s[1] = (a[0]! * g[1]! - a[2]! * g[0]!) / det;
    return Number.isFinite(s[0]) && Number.isFinite(s[1]);
  }
  for (let i = 0; i < dim; i++) s[i] = g[i]!;
  for (let col = 0; col < dim; col++) {
    let pivot = col;
    for (let r = col + 1; r < dim; r++)
      if (Math.abs(a[r * dim + col]!) > Math.abs(a[pivot * dim + col]!)) pivot = r;
    const pv = a[pivot * dim + col]!;
    if (pv === 0 || !Number.isFinite(pv)) return false;
    if (pivot !== col) {
      for (let k = 0; k < dim; k++) {
        const tmp = a[col * dim + k]!;
        a[col * dim + k] = a[pivot * dim + k]!;
        a[pivot * dim + k] = tmp;
      }
      const tmp = s[col]!;
      s[col] = s[pivot]!;
      s[pivot] = tmp;
    }
    for (let r = col + 1; r < dim; r++) {
      const factor = a[r * dim + col]! / pv;
      for (let k = col; k < dim; k++) a[r * dim + k] = a[r * dim + k]! - factor * a[col * dim + k]!;
      s[r] = s[r]! - factor * s[col]!;
    }
  }
  for (let col = dim - 1; col >= 0; col--) {
    let sum = s[col]!;
    for (let k = col + 1; k < dim; k++) sum -= a[col * dim + k]! * s[k]!;
    s[col] = sum / a[col * dim + col]!;
  }
  for (let i = 0; i < dim; i++) if (!Number.isFinite(s[i])) return false;
  return true;
}

export const NEWTON: OptimizerRule = {
  id: 'newton',
  name: 'Newton',
  summary: "Jumps to the stationary point of the local quadratic model, using f's exact Hessian.",
  rule: NEWTON_RULE,
  params: [
    lrParam(1),
    numberParam(
      'damping',
      'Added to the Hessian diagonal (H + damping·I): shorter, safer steps; 0 = pure Newton.',
      0,
      {
        min: 0,
        max: Number.POSITIVE_INFINITY,
        step: 1e-3,
        scale: 'linear',
        slider: [0, 10],
      },
    ),
  ],
  create: createNewton,
  coupled: true,
};
