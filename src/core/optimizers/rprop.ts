/** Rprop: PyTorch's `torch.optim.Rprop` (resilient backpropagation: per-coordinate step sizes from sign changes). */

import { ABOVE_ONE, ABOVE_ZERO, BELOW_ONE, copyOf, lrParam, numberParam, readNumber } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const RPROP_RULE =
  's = sign(g·prev); step_size ← clamp(step_size·(s > 0 ? eta_plus : s < 0 ? eta_minus : 1), ' +
  'step_size_min, step_size_max) (step_size starts at lr); s < 0: g ← 0; p ← p − sign(g)·step_size; prev ← g';

/**
 * Rprop, per coordinate, t = 1, 2, ... (torch ≥ 2.0's `_single_tensor_rprop`; 1.13 computes the same):
 *
 *     step_size starts at lr (the group's lr at the first step), prev at 0
 *     s = sign(g·prev)
 *     step_size ← clamp(step_size·(s > 0 ? eta_plus : s < 0 ? eta_minus : 1), step_size_min, step_size_max)
 *       (step_size starts at lr)
 *     s < 0:  g ← 0          (the sign flipped: no move this step, and no comparison next step)
 *     p ← p − sign(g)·step_size
 *     prev ← g
 *
 * Only the sign of the gradient moves the point; lr matters only as the first step size (torch reads it once,
 * when the state is created). torch's `etas` = (eta_minus, eta_plus), `step_sizes` = (step_size_min, step_size_max).
 *
 * State (torch's, created by the first step): `step`, `prev`, `step_size`.
 */
export function createRprop(values: ParamValues, dim: number): Optimizer {
  const etaMinus = readNumber(values, 'eta_minus');
  const etaPlus = readNumber(values, 'eta_plus');
  const min = readNumber(values, 'step_size_min');
  const max = readNumber(values, 'step_size_max');
  const prev = new Float64Array(dim);
  const stepSize = new Float64Array(dim);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      if (t === 0) stepSize.fill(group.lr);
      t += 1;
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        const s = d * prev[i]!;
        const eta = s > 0 ? etaPlus : s < 0 ? etaMinus : 1;
        const size = Math.min(Math.max(stepSize[i]! * eta, min), max);
        stepSize[i] = size;
        if (s < 0) d = 0;
        p[i] = p[i]! - (d > 0 ? size : d < 0 ? -size : 0);
        prev[i] = d;
      }
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, prev: copyOf(prev), step_size: copyOf(stepSize) };
    },
  };
}

export const RPROP: OptimizerRule = {
  id: 'rprop',
  name: 'Rprop',
  summary:
    'Moves each coordinate by its own step size, grown while the gradient keeps its sign, halved when it flips.',
  rule: RPROP_RULE,
  params: [
    lrParam(0.01),
    numberParam(
      'eta_minus',
      'Factor that shrinks a step size when its gradient changes sign (torch etas[0]).',
      0.5,
      {
        min: ABOVE_ZERO,
        max: BELOW_ONE,
        step: 0.01,
        slider: [0.05, 0.95],
      },
    ),
    numberParam(
      'eta_plus',
      'Factor that grows a step size while its gradient keeps its sign (torch etas[1]).',
      1.2,
      { min: ABOVE_ONE, max: Number.POSITIVE_INFINITY, step: 0.01, slider: [1.01, 3] },
    ),
    numberParam('step_size_min', 'Smallest allowed step size (torch step_sizes[0]).', 1e-6, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 1e-7,
      scale: 'log',
      slider: [1e-9, 1],
    }),
    numberParam('step_size_max', 'Largest allowed step size (torch step_sizes[1]).', 50, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 0.1,
      scale: 'log',
      slider: [1e-3, 100],
    }),
  ],
  create: createRprop,
};
