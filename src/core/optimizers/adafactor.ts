/** Adafactor: PyTorch ≥ 2.5's `torch.optim.Adafactor`, for a vector parameter (the unfactored branch). */

import { copyOf, lerp, lrParam, numberParam, readNumber, weightDecayParam } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

/** torch.finfo(torch.float64).eps: what torch uses for eps1 = None. */
export const FLOAT64_EPS = 2 ** -52;

export const ADAFACTOR_RULE =
  '1 − β2_t = t^beta2_decay; rho = min(lr, 1/√t); alpha = max(eps2, RMS(p))·rho; p ← p·(1 − lr·weight_decay); ' +
  'v ← lerp(v, g², 1 − β2_t); u = g/√max(v, eps1²); p ← p − alpha/max(1, RMS(u)/d)·u';

/**
 * Adafactor (torch ≥ 2.5's `_single_tensor_adafactor`; a 2-D point is a vector, so there is no row/column
 * factorisation: `variance` is a full per-coordinate second moment). For t = 1, 2, ...:
 *
 *     1 − β2_t = t^beta2_decay                      (β2_t = 1 − t^−0.8: 0 at t = 1, then approaching 1)
 *     rho = min(lr, 1/√t)                            (the relative step size; lr only caps it)
 *     alpha = max(eps2, RMS(p))·rho                  (RMS(p) = ‖p‖/√n, of the point before this step)
 *     p ← p·(1 − lr·weight_decay)                    (only when weight_decay ≠ 0)
 *     v ← lerp(v, g², 1 − β2_t)                      (= v + (1 − β2_t)·(g² − v), torch.lerp; at t = 1, v = g²)
 *     u = g/√max(v, eps1²)
 *     p ← p − alpha/max(1, RMS(u)/d) · u             (update clipping at RMS d)
 *
 * The step is relative to the size of the point: near the origin it is eps2·rho, a point at distance r moves
 * about r·rho/√2·…; eps1 = None in torch means finfo(float64).eps = 2⁻⁵², this default. Coupled: RMS(p) and
 * RMS(u) mix the coordinates. State (torch's, created by the first step): `step`, `variance` = v.
 */
export function createAdafactor(values: ParamValues, dim: number): Optimizer {
  const beta2Decay = readNumber(values, 'beta2_decay');
  const eps1 = readNumber(values, 'eps1');
  const eps2 = readNumber(values, 'eps2');
  const d = readNumber(values, 'd');
  const weightDecay = readNumber(values, 'weight_decay');
  const variance = new Float64Array(dim);
  const update = new Float64Array(dim);
  const rootN = dim ** 0.5;
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      t += 1;
      const oneMinusBeta2 = t ** beta2Decay;
      const rho = Math.min(lr, 1 / t ** 0.5);
      const alpha = Math.max(eps2, norm(p, dim) / rootN) * rho;
      if (weightDecay !== 0) {
        const decay = 1 - lr * weightDecay;
        for (let i = 0; i < dim; i++) p[i] = p[i]! * decay;
      }
      const floor = eps1 * eps1;
      for (let i = 0; i < dim; i++) {
        const gi = g[i]!;
        const v = lerp(variance[i]!, gi * gi, oneMinusBeta2);
        variance[i] = v;
        update[i] = (1 / Math.sqrt(Math.max(v, floor))) * gi;
      }
      const denom = Math.max(1, norm(update, dim) / (rootN * d));
      const scale = -alpha / denom;
      for (let i = 0; i < dim; i++) p[i] = p[i]! + scale * update[i]!;
    },
    state(): OptimizerState {
      return t === 0 ? {} : { step: t, variance: copyOf(variance) };
    },
  };
}

/** The Euclidean norm of the first `dim` entries. */
function norm(v: Float64Array, dim: number): number {
  let sq = 0;
  for (let i = 0; i < dim; i++) sq += v[i]! * v[i]!;
  return Math.sqrt(sq);
}

export const ADAFACTOR: OptimizerRule = {
  id: 'adafactor',
  name: 'Adafactor',
  summary:
    'Adam-like second moments without momentum, steps relative to the size of the point, clipped updates.',
  rule: ADAFACTOR_RULE,
  params: [
    lrParam(1e-2),
    numberParam(
      'beta2_decay',
      'Decay of β2: 1 − β2_t = t^beta2_decay, so the second-moment average lengthens its memory over time.',
      -0.8,
      { min: Number.NEGATIVE_INFINITY, max: 0, step: 0.01, slider: [-2, 0] },
    ),
    {
      ...numberParam(
        'eps1',
        'Floor of √v in the update (torch eps[0]; None = float64 machine epsilon 2⁻⁵², this default).',
        FLOAT64_EPS,
        { min: 0, max: Number.POSITIVE_INFINITY, step: 1e-16, scale: 'log', slider: [1e-16, 1e-3] },
      ),
      nullable: true,
    },
    numberParam(
      'eps2',
      'Smallest point size the relative step uses: alpha = max(eps2, RMS(p))·rho (torch eps[1]).',
      1e-3,
      {
        min: 0,
        max: Number.POSITIVE_INFINITY,
        step: 1e-4,
        scale: 'log',
        slider: [1e-6, 1],
      },
    ),
    numberParam('d', 'Clipping threshold: updates whose RMS exceeds d are scaled down to RMS d.', 1, {
      min: 1,
      max: Number.POSITIVE_INFINITY,
      step: 0.1,
      slider: [1, 10],
    }),
    {
      ...weightDecayParam(),
      description: 'Decoupled weight decay: shrinks the point by p·(1 − lr·weight_decay) before each step.',
    },
  ],
  create: createAdafactor,
  coupled: true,
};
