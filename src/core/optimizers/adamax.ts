/** Adamax: PyTorch's `torch.optim.Adamax`, Adam with the infinity norm in place of the RMS. */

import {
  beta1Param,
  beta2Param,
  copyOf,
  epsParam,
  lerp,
  lrParam,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const ADAMAX_RULE =
  'g ← g + weight_decay·p; m ← β1·m + (1 − β1)·g; u ← max(β2·u, |g| + eps); p ← p − (lr/(1 − β1^t))·m/u';

/**
 * Adamax, per coordinate, t = 1, 2, ...:
 *
 *     g ← g + weight_decay·p
 *     m ← β1·m + (1 − β1)·g
 *     u ← max(β2·u, |g| + eps)
 *     p ← p − (lr/(1 − β1^t)) · m/u
 *
 * lr and β1 come from the param group at every step. State (torch's, created by the first step):
 * `step` = t, `exp_avg` = m, `exp_inf` = u.
 */
export function createAdamax(values: ParamValues, dim: number): Optimizer {
  const beta2 = readNumber(values, 'beta2');
  const eps = readNumber(values, 'eps');
  const weightDecay = readNumber(values, 'weight_decay');
  const m = new Float64Array(dim);
  const u = new Float64Array(dim);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const beta1 = group.beta1;
      t += 1;
      const clr = lr / (1 - beta1 ** t);
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const mi = lerp(m[i]!, d, 1 - beta1);
        m[i] = mi;
        const ui = Math.max(u[i]! * beta2, Math.abs(d) + eps);
        u[i] = ui;
        p[i] = p[i]! - (clr * mi) / ui;
      }
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, exp_avg: copyOf(m), exp_inf: copyOf(u) };
    },
  };
}

export const ADAMAX: OptimizerRule = {
  id: 'adamax',
  name: 'Adamax',
  summary: 'Adam with the largest recent |gradient| (infinity norm) in place of the root mean square.',
  rule: ADAMAX_RULE,
  params: [
    lrParam(0.002),
    beta1Param(),
    beta2Param(0.999, 'the largest |gradient|'),
    epsParam(1e-8, '|g|'),
    weightDecayParam(),
  ],
  create: createAdamax,
};
