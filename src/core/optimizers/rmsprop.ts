/** RMSprop: PyTorch's `torch.optim.RMSprop`, the book's RMSprop with eps = 1e-7. */

import {
  booleanParam,
  copyOf,
  epsParam,
  lerp,
  lrParam,
  numberParam,
  readBoolean,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const RMSPROP_RULE =
  'g ← g + weight_decay·p; sq ← alpha·sq + (1 − alpha)·g²; ' +
  'centered: ga ← alpha·ga + (1 − alpha)·g, avg ← √(sq − ga²) + eps; else avg ← √sq + eps; ' +
  'momentum > 0: buf ← momentum·buf + g/avg (buf starts at 0), p ← p − lr·buf; else p ← p − lr·g/avg';

/**
 * RMSprop, per coordinate:
 *
 *     g ← g + weight_decay·p
 *     sq ← alpha·sq + (1 − alpha)·g²
 *     centered: ga ← alpha·ga + (1 − alpha)·g,  avg ← √(sq − ga²) + eps
 *     else      avg ← √sq + eps
 *     momentum > 0: buf ← momentum·buf + g/avg (buf starts at 0),  p ← p − lr·buf
 *     else          p ← p − lr·g/avg
 *
 * The book's RMSprop, `h ← decay·h + (1 − decay)·g²; p −= lr·g/(√h + 1e-7)`, is this rule with eps = 1e-7.
 * lr and momentum come from the param group at every step.
 *
 * State (torch's, created by the first step): `step`, `square_avg` = sq, `momentum_buffer` = buf when momentum
 * was > 0 at the first step, `grad_avg` = ga when centered.
 */
export function createRmsprop(values: ParamValues, dim: number): Optimizer {
  const alpha = readNumber(values, 'alpha');
  const eps = readNumber(values, 'eps');
  const weightDecay = readNumber(values, 'weight_decay');
  const centered = readBoolean(values, 'centered');
  const sq = new Float64Array(dim);
  const ga = new Float64Array(dim);
  const buf = new Float64Array(dim);
  let t = 0;
  let hasMomentum = false;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const momentum = group.momentum;
      t += 1;
      if (t === 1) hasMomentum = momentum > 0;
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const s = sq[i]! * alpha + (1 - alpha) * d * d;
        sq[i] = s;
        let avg: number;
        if (centered) {
          const a = lerp(ga[i]!, d, 1 - alpha);
          ga[i] = a;
          avg = Math.sqrt(s - a * a) + eps;
        } else {
          avg = Math.sqrt(s) + eps;
        }
        if (momentum > 0) {
          const b = buf[i]! * momentum + d / avg;
          buf[i] = b;
          p[i] = p[i]! - lr * b;
        } else {
          p[i] = p[i]! - (lr * d) / avg;
        }
      }
    },
    state(): OptimizerState {
      if (t === 0) return {};
      const s: OptimizerState = { step: t, square_avg: copyOf(sq) };
      if (hasMomentum) s.momentum_buffer = copyOf(buf);
      if (centered) s.grad_avg = copyOf(ga);
      return s;
    },
  };
}

export const RMSPROP: OptimizerRule = {
  id: 'rmsprop',
  name: 'RMSprop',
  summary: 'Divides each step by a running root-mean-square of recent gradients.',
  rule: RMSPROP_RULE,
  params: [
    lrParam(0.01),
    numberParam(
      'alpha',
      'Decay rate of the running average of squared gradients; closer to 1 = longer memory.',
      0.99,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 0.001, slider: [0, 1] },
    ),
    epsParam(1e-8, '√sq'),
    weightDecayParam(),
    numberParam(
      'momentum',
      'Fraction of the previous (scaled) step carried into the next one (0 = none).',
      0,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 0.01, slider: [0, 1] },
    ),
    booleanParam(
      'centered',
      'Divide by the running standard deviation (subtract the squared mean gradient) instead of the RMS.',
      false,
    ),
  ],
  create: createRmsprop,
};
