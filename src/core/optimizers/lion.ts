/** Lion: Chen et al. 2023 ("Symbolic Discovery of Optimization Algorithms"), as google/automl's `lion_pytorch.py`. */

import { beta1Param, beta2Param, copyOf, lrParam, numberParam, readNumber, sign } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const LION_RULE =
  'p ← p·(1 − lr·weight_decay); c = β1·m + (1 − β1)·g; p ← p − lr·sign(c); m ← β2·m + (1 − β2)·g';

/**
 * Lion (Algorithm 2 of the paper; google/automl `lion_pytorch.py`), per coordinate:
 *
 *     p ← p·(1 − lr·weight_decay)               (decoupled weight decay)
 *     c = β1·m + (1 − β1)·g                     (the update direction interpolates momentum and gradient)
 *     p ← p − lr·sign(c)                        (every coordinate moves by exactly lr, or 0 where c = 0)
 *     m ← β2·m + (1 − β2)·g                     (m starts at 0)
 *
 * Not in torch.optim. lr and β1 come from the param group at every step.
 * State (lion_pytorch's name, created by the first step): `exp_avg` = m.
 */
export function createLion(values: ParamValues, dim: number): Optimizer {
  const beta2 = readNumber(values, 'beta2');
  const weightDecay = readNumber(values, 'weight_decay');
  const m = new Float64Array(dim);
  let started = false;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const beta1 = group.beta1;
      started = true;
      const decay = 1 - lr * weightDecay;
      for (let i = 0; i < dim; i++) {
        const d = g[i]!;
        const q = p[i]! * decay;
        const c = m[i]! * beta1 + d * (1 - beta1);
        p[i] = q + -lr * sign(c);
        m[i] = m[i]! * beta2 + (1 - beta2) * d;
      }
    },
    state(): OptimizerState {
      return started ? { exp_avg: copyOf(m) } : {};
    },
  };
}

export const LION: OptimizerRule = {
  id: 'lion',
  name: 'Lion',
  summary: 'Steps by the sign of an interpolated momentum: every coordinate moves by exactly lr.',
  rule: LION_RULE,
  params: [
    lrParam(1e-4),
    beta1Param(0.9),
    beta2Param(0.99, 'gradients (the momentum kept between steps)'),
    numberParam(
      'weight_decay',
      'Decoupled weight decay: shrinks the point by p·(1 − lr·weight_decay) before each step.',
      0,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 1e-4, slider: [0, 1] },
    ),
  ],
  create: createLion,
};
