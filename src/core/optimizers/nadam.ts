/** NAdam: PyTorch 2.x's `torch.optim.NAdam` (Adam with Nesterov momentum and a momentum schedule). */

import {
  beta1Param,
  beta2Param,
  copyOf,
  epsParam,
  lerp,
  lrParam,
  numberParam,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const NADAM_RULE =
  'g ← g + weight_decay·p; mu_t = β1·(1 − 0.5·0.96^(t·momentum_decay)); ' +
  'mu_next = β1·(1 − 0.5·0.96^((t + 1)·momentum_decay)); P ← P·mu_t (P starts at 1); P_next = P·mu_next; ' +
  'm ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; denom = √(v/(1 − β2^t)) + eps; ' +
  'p ← p − lr·(1 − mu_t)/(1 − P)·g/denom − lr·mu_next/(1 − P_next)·m/denom';

/**
 * NAdam (PyTorch 2.x), per coordinate, t = 1, 2, ...:
 *
 *     g ← g + weight_decay·p
 *     mu_t    = β1·(1 − 0.5·0.96^(t·momentum_decay))
 *     mu_next = β1·(1 − 0.5·0.96^((t + 1)·momentum_decay))
 *     P ← P·mu_t (P starts at 1);  P_next = P·mu_next        (P is shared by all coordinates)
 *     m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *     denom = √(v/(1 − β2^t)) + eps
 *     p ← p − lr·(1 − mu_t)/(1 − P) · g/denom − lr·mu_next/(1 − P_next) · m/denom   (two subtractions, in this order)
 *
 * PyTorch 1.x multiplied mu_t into P_next a second time; 2.0 fixed that, and this follows 2.x.
 * lr and β1 come from the param group at every step. State (torch's, created by the first step):
 * `step` = t, `mu_product` = P, `exp_avg` = m, `exp_avg_sq` = v.
 */
export function createNadam(values: ParamValues, dim: number): Optimizer {
  const beta2 = readNumber(values, 'beta2');
  const eps = readNumber(values, 'eps');
  const weightDecay = readNumber(values, 'weight_decay');
  const momentumDecay = readNumber(values, 'momentum_decay');
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  let t = 0;
  let muProduct = 1;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const beta1 = group.beta1;
      t += 1;
      const bc2 = 1 - beta2 ** t;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
      muProduct *= mu;
      const muProductNext = muProduct * muNext;
      const gradCoef = (lr * (1 - mu)) / (1 - muProduct);
      const momentumCoef = (lr * muNext) / (1 - muProductNext);
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const mi = lerp(m[i]!, d, 1 - beta1);
        m[i] = mi;
        const vi = v[i]! * beta2 + (1 - beta2) * d * d;
        v[i] = vi;
        const denom = Math.sqrt(vi / bc2) + eps;
        const q = p[i]! - (gradCoef * d) / denom;
        p[i] = q - (momentumCoef * mi) / denom;
      }
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, mu_product: muProduct, exp_avg: copyOf(m), exp_avg_sq: copyOf(v) };
    },
  };
}

export const NADAM: OptimizerRule = {
  id: 'nadam',
  name: 'NAdam',
  summary: 'Adam with Nesterov momentum: the step uses the momentum one step ahead.',
  rule: NADAM_RULE,
  params: [
    lrParam(0.002),
    beta1Param(),
    beta2Param(),
    epsParam(1e-8, 'the denominator √v̂'),
    weightDecayParam(),
    numberParam(
      'momentum_decay',
      'How fast the momentum coefficient warms up towards β1 (ψ in 0.96^(t·ψ)); 0 = only half momentum.',
      0.004,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 1e-4, slider: [0, 0.1] },
    ),
  ],
  create: createNadam,
};
