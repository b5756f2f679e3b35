/** RAdam: PyTorch's `torch.optim.RAdam` (Adam whose adaptive step is switched on once its variance is tame). */

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

export const RADAM_RULE =
  'g ← g + weight_decay·p; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; m̂ = m/(1 − β1^t); ' +
  'rho_inf = 2/(1 − β2) − 1; rho_t = rho_inf − 2t·β2^t/(1 − β2^t); ' +
  'rho_t > 5: rect = √((rho_t − 4)(rho_t − 2)·rho_inf/((rho_inf − 4)(rho_inf − 2)·rho_t)), ' +
  'p ← p − m̂·lr·√(1 − β2^t)/(√v + eps)·rect; otherwise p ← p − lr·m̂';

/**
 * RAdam, per coordinate, t = 1, 2, ...:
 *
 *     g ← g + weight_decay·p
 *     m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m/(1 − β1^t)
 *     rho_inf = 2/(1 − β2) − 1;  rho_t = rho_inf − 2t·β2^t/(1 − β2^t)
 *     rho_t > 5:  rect = √((rho_t − 4)(rho_t − 2)·rho_inf / ((rho_inf − 4)(rho_inf − 2)·rho_t)),
 *                 p ← p − m̂·lr·√(1 − β2^t)/(√v + eps)·rect
 *     otherwise   p ← p − lr·m̂          (plain momentum SGD; with β2 = 0.999, steps 1 to 5)
 *
 * lr and β1 come from the param group at every step. State (torch's, created by the first step):
 * `step` = t, `exp_avg` = m, `exp_avg_sq` = v.
 */
export function createRadam(values: ParamValues, dim: number): Optimizer {
  const beta2 = readNumber(values, 'beta2');
  const eps = readNumber(values, 'eps');
  const weightDecay = readNumber(values, 'weight_decay');
  const rhoInf = 2 / (1 - beta2) - 1;
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const beta1 = group.beta1;
      t += 1;
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      const rhoT = rhoInf - (2 * t * beta2 ** t) / bc2;
      const rectified = rhoT > 5;
      const rect = rectified
        ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
        : 0;
      const bc2Sqrt = Math.sqrt(bc2);
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const mi = lerp(m[i]!, d, 1 - beta1);
        m[i] = mi;
        const vi = v[i]! * beta2 + (1 - beta2) * d * d;
        v[i] = vi;
        const mHat = mi / bc1;
        p[i] = rectified ? p[i]! - mHat * lr * (bc2Sqrt / (Math.sqrt(vi) + eps)) * rect : p[i]! - mHat * lr;
      }
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, exp_avg: copyOf(m), exp_avg_sq: copyOf(v) };
    },
  };
}

export const RADAM: OptimizerRule = {
  id: 'radam',
  name: 'RAdam',
  summary: 'Adam that starts as momentum SGD and phases in the adaptive step once its estimate is reliable.',
  rule: RADAM_RULE,
  params: [lrParam(0.001), beta1Param(), beta2Param(), epsParam(1e-8, '√v'), weightDecayParam()],
  create: createRadam,
};
