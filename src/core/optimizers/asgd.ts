/** ASGD: PyTorch's `torch.optim.ASGD` (SGD with a decaying step size and a running average of the points). */

import { copyOf, lrParam, numberParam, readNumber, weightDecayParam } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const ASGD_RULE =
  'g ← g + weight_decay·p; p ← p·(1 − lambd·eta); p ← p − eta·g; ax ← mu = 1 ? p : ax + mu·(p − ax); ' +
  'then eta ← lr/(1 + lambd·lr·t)^alpha, mu ← 1/max(1, t − t0) (eta starts at lr, mu at 1)';

/**
 * ASGD, per coordinate, t = 1, 2, ... (torch ≥ 2.0's `_single_tensor_asgd`, non-capturable):
 *
 *     g ← g + weight_decay·p
 *     p ← p·(1 − lambd·eta)                  (eta, mu: this step's values, set by the previous step)
 *     p ← p − eta·g
 *     ax ← mu = 1 ? p : ax + mu·(p − ax)       (the averaged point, not the one that moves)
 *     then eta ← lr/(1 + lambd·lr·t)^alpha,  mu ← 1/max(1, t − t0)  (eta starts at lr, mu at 1)
 *
 * eta starts at lr (the group's lr at the first step) and mu at 1; a new lr from a scheduler therefore reaches
 * the point one step later, through eta, exactly as in torch. The path drawn is p; `ax` is in the state.
 *
 * State (torch's, created by the first step): `step`, `eta`, `mu`, `ax`.
 */
export function createAsgd(values: ParamValues, dim: number): Optimizer {
  const lambd = readNumber(values, 'lambd');
  const alpha = readNumber(values, 'alpha');
  const t0 = readNumber(values, 't0');
  const weightDecay = readNumber(values, 'weight_decay');
  const ax = new Float64Array(dim);
  let t = 0;
  let eta = 0;
  let mu = 1;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      if (t === 0) eta = lr;
      t += 1;
      const decay = 1 - lambd * eta;
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        const q = p[i]! * decay;
        const next = q + -eta * d;
        p[i] = next;
        ax[i] = mu !== 1 ? ax[i]! + (next - ax[i]!) * mu : next;
      }
      eta = lr / (1 + lambd * lr * t) ** alpha;
      mu = 1 / Math.max(1, t - t0);
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, eta, mu, ax: copyOf(ax) };
    },
  };
}

export const ASGD: OptimizerRule = {
  id: 'asgd',
  name: 'ASGD',
  summary: 'SGD whose step size decays as 1/t^alpha, keeping a running average of the points it visits.',
  rule: ASGD_RULE,
  params: [
    lrParam(0.01),
    numberParam(
      'lambd',
      'Decay term: shrinks the point by (1 − lambd·eta) and slows the step-size decay.',
      1e-4,
      {
        min: 0,
        max: Number.POSITIVE_INFINITY,
        step: 1e-5,
        slider: [0, 0.1],
      },
    ),
    numberParam('alpha', 'Power of the step-size decay eta = lr/(1 + lambd·lr·t)^alpha.', 0.75, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 0.01,
      slider: [0, 2],
    }),
    numberParam('t0', 'Step from which the running average starts to average (before it, ax = p).', 1e6, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 1,
      slider: [0, 1e6],
    }),
    weightDecayParam(),
  ],
  create: createAsgd,
};
