/** Adagrad: PyTorch's `torch.optim.Adagrad`, the book's AdaGrad with eps = 1e-7. */

import { copyOf, epsParam, lrParam, numberParam, readNumber, weightDecayParam } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const ADAGRAD_RULE =
  'g ← g + weight_decay·p; s ← s + g² (s starts at initial_accumulator_value); ' +
  'p ← p − lr/(1 + (t − 1)·lr_decay) · g/(√s + eps)';

/**
 * Adagrad, per coordinate, t = 1, 2, ...:
 *
 *     g ← g + weight_decay·p
 *     s ← s + g²                              (s starts at initial_accumulator_value)
 *     p ← p − lr/(1 + (t − 1)·lr_decay) · g/(√s + eps)
 *
 * The book's AdaGrad, `h += g²; p −= lr·g/(√h + 1e-7)`, is this rule with eps = 1e-7.
 * lr comes from the param group at every step.
 *
 * State (torch's, created with the optimizer): `step` = t (0 before the first step), `sum` = s.
 */
export function createAdagrad(values: ParamValues, dim: number): Optimizer {
  const lrDecay = readNumber(values, 'lr_decay');
  const weightDecay = readNumber(values, 'weight_decay');
  const eps = readNumber(values, 'eps');
  const sum = new Float64Array(dim).fill(readNumber(values, 'initial_accumulator_value'));
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      t += 1;
      const clr = lr / (1 + (t - 1) * lrDecay);
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const s = sum[i]! + d * d;
        sum[i] = s;
        p[i] = p[i]! - (clr * d) / (Math.sqrt(s) + eps);
      }
    },
    state(): OptimizerState {
      return { step: t, sum: copyOf(sum) };
    },
  };
}

export const ADAGRAD: OptimizerRule = {
  id: 'adagrad',
  name: 'Adagrad',
  summary: 'Divides each step by the root of all past squared gradients: big slopes get small steps.',
  rule: ADAGRAD_RULE,
  params: [
    lrParam(0.01),
    numberParam('lr_decay', 'Shrinks the learning rate over time: lr/(1 + (t − 1)·lr_decay).', 0, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 1e-4,
      slider: [0, 1],
    }),
    weightDecayParam(),
    epsParam(1e-10, '√s'),
    numberParam(
      'initial_accumulator_value',
      'Starting value of the sum of squared gradients; larger = smaller first steps.',
      0,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 0.01, slider: [0, 10] },
    ),
  ],
  create: createAdagrad,
};
