/** Adadelta: PyTorch's `torch.optim.Adadelta` (step sizes from the ratio of two running RMS values). */

import { copyOf, epsParam, lrParam, numberParam, readNumber, weightDecayParam } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const ADADELTA_RULE =
  'g ← g + weight_decay·p; sq ← rho·sq + (1 − rho)·g²; delta = √(acc + eps)/√(sq + eps)·g; ' +
  'acc ← rho·acc + (1 − rho)·delta²; p ← p − lr·delta';

/**
 * Adadelta, per coordinate:
 *
 *     g ← g + weight_decay·p
 *     sq ← rho·sq + (1 − rho)·g²
 *     delta = √(acc + eps)/√(sq + eps) · g
 *     acc ← rho·acc + (1 − rho)·delta²
 *     p ← p − lr·delta
 *
 * lr comes from the param group at every step. State (torch's, created by the first step): `step` = the
 * number of updates, `square_avg` = sq, `acc_delta` = acc.
 */
export function createAdadelta(values: ParamValues, dim: number): Optimizer {
  const rho = readNumber(values, 'rho');
  const eps = readNumber(values, 'eps');
  const weightDecay = readNumber(values, 'weight_decay');
  const sq = new Float64Array(dim);
  const acc = new Float64Array(dim);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      t += 1;
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const s = sq[i]! * rho + (1 - rho) * d * d;
        sq[i] = s;
        const delta = (Math.sqrt(acc[i]! + eps) / Math.sqrt(s + eps)) * d;
        acc[i] = acc[i]! * rho + (1 - rho) * delta * delta;
        p[i] = p[i]! - lr * delta;
      }
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, square_avg: copyOf(sq), acc_delta: copyOf(acc) };
    },
  };
}

export const ADADELTA: OptimizerRule = {
  id: 'adadelta',
  name: 'Adadelta',
  summary: 'Scales each step by the ratio of the RMS of past steps to the RMS of past gradients.',
  rule: ADADELTA_RULE,
  params: [
    lrParam(1.0),
    numberParam(
      'rho',
      'Decay rate of both running averages (squared gradients and squared steps); closer to 1 = longer memory.',
      0.9,
      { min: 0, max: 1, step: 0.001 },
    ),
    epsParam(1e-6, 'both averages inside the square roots'),
    weightDecayParam(),
  ],
  create: createAdadelta,
};
