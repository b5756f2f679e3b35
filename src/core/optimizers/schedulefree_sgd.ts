/** Schedule-Free SGD: facebookresearch/schedule_free's `sgd_schedulefree_reference.py` (Defazio et al. 2024). */

import {
  ABOVE_ZERO,
  BELOW_ONE,
  copyOf,
  lrParam,
  numberParam,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const SCHEDULEFREE_SGD_RULE =
  'lr_k = lr·min(1, (k + 1)/warmup_steps); lr_max ← max(lr_max, lr_k); w = (k + 1)^r·lr_max^weight_lr_power; ' +
  'W ← W + w; c = w/W; g ← g + weight_decay·y (g taken at y); z ← z − lr_k·g; x ← (1 − c)·x + c·z; ' +
  'y ← momentum·x + (1 − momentum)·z; p ← y; the reported point is x';

/**
 * The running-average weight c_{k+1} of the reference implementations, shared by both Schedule-Free rules:
 * `lr_max ← max(lr_k, lr_max)` (lr_max starts at −1), `w = (k + 1)^r·lr_max^weight_lr_power`, `W ← W + w`,
 * `c = w/W` (0 when W = 0, as the reference's ZeroDivisionError branch).
 */
export class AveragingWeight {
  private lrMax = -1;
  private weightSum = 0;

  constructor(
    private readonly r: number,
    private readonly weightLrPower: number,
  ) {}

  /** c_{k+1} for update k + 1 (k = 0, 1, ...) taken with learning rate `lr`. */
  next(k: number, lr: number): number {
    this.lrMax = Math.max(lr, this.lrMax);
    const weight = (k + 1) ** this.r * this.lrMax ** this.weightLrPower;
    this.weightSum = this.weightSum + weight;
    return this.weightSum === 0 ? 0 : weight / this.weightSum;
  }
}

/**
 * Schedule-Free SGD, per coordinate, k = 0, 1, ... (the reference implementation line by line):
 *
 *     lr_k = lr·min(1, (k + 1)/warmup_steps)           (the reference: (k + 1)/warmup_steps if k < warmup_steps else 1)
 *     c = AveragingWeight(k, lr_k):                     (with r = 0 and no warm-up: c = 1/(k + 1), a plain mean)
 *       lr_max ← max(lr_max, lr_k);  w = (k + 1)^r·lr_max^weight_lr_power;  W ← W + w;  c = w/W
 *     g ← g + weight_decay·y (g taken at y)             (y: the point p holds)
 *     z ← z − lr_k·g                                    (the SGD sequence)
 *     x ← (1 − c)·x + c·z                               (the average of the z's: the point to evaluate)
 *     y ← momentum·x + (1 − momentum)·z;  p ← y         (where the next gradient is taken)
 *     the reported point is x
 *
 * z, x, y all start at the first point. The path drawn is x (`reported`); y is drawn beside it. lr and momentum
 * come from the param group at every step. State (the reference's names, created by the first step): `z`, `x`, `y`.
 */
export function createScheduleFreeSgd(values: ParamValues, dim: number): Optimizer {
  const weightDecay = readNumber(values, 'weight_decay');
  const warmup = readNumber(values, 'warmup_steps');
  const average = new AveragingWeight(readNumber(values, 'r'), readNumber(values, 'weight_lr_power'));
  const z = new Float64Array(dim);
  const x = new Float64Array(dim);
  const y = new Float64Array(dim);
  let k = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const momentum = group.momentum;
      const lr = group.lr * (k < warmup ? (k + 1) / warmup : 1.0);
      const ckp1 = average.next(k, lr);
      if (k === 0) {
        z.set(p.subarray(0, dim));
        x.set(p.subarray(0, dim));
      }
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const zi = z[i]! + -lr * d;
        z[i] = zi;
        const xi = x[i]! * (1 - ckp1) + ckp1 * zi;
        x[i] = xi;
        const yi = xi * momentum + (1 - momentum) * zi;
        y[i] = yi;
        p[i] = yi;
      }
      k += 1;
    },
    state(): OptimizerState {
      return k === 0 ? {} : { z: copyOf(z), x: copyOf(x), y: copyOf(y) };
    },
    reported(p: Float64Array, out: Float64Array): void {
      out.set(k === 0 ? p.subarray(0, dim) : x);
    },
  };
}

/** Warm-up, r and weight_lr_power, shared by both Schedule-Free rules. */
export function scheduleFreeParams() {
  return [
    numberParam('warmup_steps', 'Linear warm-up of the learning rate over this many steps (0 = none).', 0, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 1,
      slider: [0, 200],
    }),
    numberParam('r', 'Polynomial weighting of the average: step k counts (k + 1)^r (0 = a plain mean).', 0, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 0.1,
      slider: [0, 4],
    }),
    numberParam(
      'weight_lr_power',
      'During warm-up, each step counts in the average with weight lr_max^weight_lr_power (0 = equal weights).',
      2,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 0.1, slider: [0, 4] },
    ),
  ] as const;
}

export const SCHEDULEFREE_SGD: OptimizerRule = {
  id: 'schedulefree_sgd',
  name: 'Schedule-Free SGD',
  summary: 'SGD whose reported point x is a running average of the SGD iterates; gradients are taken at y.',
  rule: SCHEDULEFREE_SGD_RULE,
  params: [
    lrParam(1.0),
    numberParam(
      'momentum',
      'Interpolation y = momentum·x + (1 − momentum)·z; between 0 and 1 exclusive.',
      0.9,
      { min: ABOVE_ZERO, max: BELOW_ONE, step: 0.01, slider: [0.01, 0.99] },
    ),
    weightDecayParam(),
    ...scheduleFreeParams(),
  ],
  create: createScheduleFreeSgd,
};
