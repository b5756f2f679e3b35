/** Schedule-Free AdamW: facebookresearch/schedule_free's `adamw_schedulefree_reference.py` (Defazio et al. 2024). */

import {
  beta1Param,
  beta2Param,
  booleanParam,
  copyOf,
  epsParam,
  lrParam,
  readBoolean,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import { AveragingWeight, scheduleFreeParams } from './schedulefree_sgd.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const SCHEDULEFREE_ADAMW_RULE =
  'lr_k = lr·min(1, (k + 1)/warmup_steps)·√(1 − β2^(k+1)); c as Schedule-Free SGD; ' +
  'z ← z − lr_k·weight_decay·(decay_at_z ? z : y); v ← β2·v + (1 − β2)·g² (g taken at y); ' +
  'z ← z − lr_k·g/(√v + eps); x ← (1 − c)·x + c·z; y ← β1·x + (1 − β1)·z; p ← y; the reported point is x';

/**
 * Schedule-Free AdamW, per coordinate, k = 0, 1, ... (the reference implementation line by line):
 *
 *     lr_k = lr·min(1, (k + 1)/warmup_steps)·√(1 − β2^(k+1))    (the reference: (k + 1)/warmup_steps if k < warmup_steps else 1)
 *     c as Schedule-Free SGD: c = AveragingWeight(k, lr_k)       (see schedulefree_sgd.ts)
 *     weight_decay ≠ 0:  z ← z − lr_k·weight_decay·(decay_at_z ? z : y)
 *     v ← β2·v + (1 − β2)·g² (g taken at y)              (y: the point p holds; no first moment)
 *     z ← z − lr_k·g/(√v + eps)
 *     x ← (1 − c)·x + c·z;  y ← β1·x + (1 − β1)·z;  p ← y;  the reported point is x
 *
 * β1 plays the role of SGD's momentum (the interpolation between x and z). z, x, y start at the first point,
 * v at 0. The path drawn is x (`reported`), y beside it. lr and β1 come from the param group at every step.
 * State (the reference's names, created by the first step): `z`, `exp_avg_sq` = v, `x`, `y`.
 */
export function createScheduleFreeAdamw(values: ParamValues, dim: number): Optimizer {
  const beta2 = readNumber(values, 'beta2');
  const eps = readNumber(values, 'eps');
  const decay = readNumber(values, 'weight_decay');
  const decayAtZ = readBoolean(values, 'decay_at_z');
  const warmup = readNumber(values, 'warmup_steps');
  const average = new AveragingWeight(readNumber(values, 'r'), readNumber(values, 'weight_lr_power'));
  const z = new Float64Array(dim);
  const x = new Float64Array(dim);
  const y = new Float64Array(dim);
  const v = new Float64Array(dim);
  let k = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const beta1 = group.beta1;
      const sched = k < warmup ? (k + 1) / warmup : 1.0;
      const biasCorrection2 = 1 - beta2 ** (k + 1);
      const lr = group.lr * sched * Math.sqrt(biasCorrection2);
      const ckp1 = average.next(k, lr);
      if (k === 0) {
        z.set(p.subarray(0, dim));
        x.set(p.subarray(0, dim));
        y.set(p.subarray(0, dim));
      }
      for (let i = 0; i < dim; i++) {
        const d = g[i]!;
        let zi = z[i]!;
        if (decay !== 0) zi = zi - lr * decay * (decayAtZ ? zi : y[i]!);
        const vi = v[i]! * beta2 + (1 - beta2) * d * d;
        v[i] = vi;
        zi = zi + (-lr * d) / (Math.sqrt(vi) + eps);
        z[i] = zi;
        const xi = x[i]! * (1 - ckp1) + ckp1 * zi;
        x[i] = xi;
        const yi = xi * beta1 + (1 - beta1) * zi;
        y[i] = yi;
        p[i] = yi;
      }
      k += 1;
    },
    state(): OptimizerState {
      return k === 0 ? {} : { z: copyOf(z), exp_avg_sq: copyOf(v), x: copyOf(x), y: copyOf(y) };
    },
    reported(p: Float64Array, out: Float64Array): void {
      out.set(k === 0 ? p.subarray(0, dim) : x);
    },
  };
}

export const SCHEDULEFREE_ADAMW: OptimizerRule = {
  id: 'schedulefree_adamw',
  name: 'Schedule-Free AdamW',
  summary: 'Adam-scaled steps whose reported point x is a running average of the iterates; gradients at y.',
  rule: SCHEDULEFREE_ADAMW_RULE,
  params: [
    lrParam(0.0025),
    beta1Param(0.9),
    beta2Param(0.999),
    epsParam(1e-8, '√v'),
    {
      ...weightDecayParam(),
      description:
        'Decoupled weight decay: z ← z − lr·weight_decay·y (or ·z with decay_at_z) before each step.',
    },
    ...scheduleFreeParams(),
    booleanParam('decay_at_z', 'Apply the weight decay at z instead of at y.', false),
  ],
  create: createScheduleFreeAdamw,
};
