/**
 * Adam and AdamW: PyTorch's `torch.optim.Adam` / `torch.optim.AdamW`, plus the Adam paper's
 * "efficient" form (Kingma & Ba 2015, §2; Keras; the book's Adam) as `eps_mode: 'paper'`.
 */

import {
  beta1Param,
  beta2Param,
  booleanParam,
  choiceParam,
  copyOf,
  epsParam,
  lerp,
  lrParam,
  readBoolean,
  readChoice,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamSpec, ParamValues } from './types.ts';

/** Where ε enters Adam's denominator. */
export const EPS_MODES = ['pytorch', 'paper'] as const;
export type EpsMode = (typeof EPS_MODES)[number];

const ADAM_CORE =
  'm ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; bc1 = 1 − β1^t; bc2 = 1 − β2^t; ' +
  'amsgrad: vmax ← max(vmax, v) replaces v below; ' +
  "eps_mode 'pytorch': p ← p − (lr/bc1)·m/(√v/√bc2 + eps); " +
  "eps_mode 'paper': lr_t = lr·√bc2/bc1, p ← p − lr_t·m/(√v + eps)";

export const ADAM_RULE = `g ← g + weight_decay·p; ${ADAM_CORE}`;
export const ADAMW_RULE = `p ← p·(1 − lr·weight_decay); then, with the undecayed g: ${ADAM_CORE}`;

/**
 * Adam, per coordinate, t = 1, 2, ...:
 *
 *     Adam:  g ← g + weight_decay·p
 *     AdamW: p ← p·(1 − lr·weight_decay); then, with the undecayed g:
 *     m ← β1·m + (1 − β1)·g                   (computed as torch's lerp: m + (1 − β1)·(g − m))
 *     v ← β2·v + (1 − β2)·g²
 *     bc1 = 1 − β1^t,  bc2 = 1 − β2^t
 *     amsgrad: vmax ← max(vmax, v) replaces v below   (vmax of the uncorrected v)
 *     eps_mode 'pytorch':  p ← p − (lr/bc1) · m/(√v/√bc2 + eps)          (eps after bias correction)
 *     eps_mode 'paper':    lr_t = lr·√bc2/bc1,  p ← p − lr_t · m/(√v + eps)   (eps on the raw √v)
 *
 * The two modes are algebraically equal for eps = 0; otherwise 'paper' is 'pytorch' with eps/√bc2 in
 * place of eps (lr_t·m/(√v + eps) = (lr/bc1)·m/(√v/√bc2 + eps/√bc2)): a larger eps in early steps. The book's Adam is 'paper' with eps = 1e-7.
 * lr and β1 come from the param group at every step (a scheduler may change them; bc1 uses the current β1, as torch).
 *
 * State (torch's, created by the first step): `step` = t, `exp_avg` = m, `exp_avg_sq` = v, and with amsgrad
 * `max_exp_avg_sq` = vmax.
 */
export function createAdam(values: ParamValues, dim: number, decoupled: boolean): Optimizer {
  const beta2 = readNumber(values, 'beta2');
  const eps = readNumber(values, 'eps');
  const weightDecay = readNumber(values, 'weight_decay');
  const amsgrad = readBoolean(values, 'amsgrad');
  const paper = readChoice(values, 'eps_mode') === 'paper';
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const vmax = new Float64Array(amsgrad ? dim : 0);
  let t = 0;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const beta1 = group.beta1;
      t += 1;
      const decay = decoupled ? 1 - lr * weightDecay : 1;
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      const bc2Sqrt = Math.sqrt(bc2);
      const stepSize = paper ? (lr * bc2Sqrt) / bc1 : lr / bc1;
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (decoupled) {
          if (weightDecay !== 0) p[i] = p[i]! * decay;
        } else if (weightDecay !== 0) {
          d = d + weightDecay * p[i]!;
        }
        const mi = lerp(m[i]!, d, 1 - beta1);
        m[i] = mi;
        let vi = v[i]! * beta2 + (1 - beta2) * d * d;
        v[i] = vi;
        if (amsgrad) {
          vi = Math.max(vmax[i]!, vi);
          vmax[i] = vi;
        }
        const denom = paper ? Math.sqrt(vi) + eps : Math.sqrt(vi) / bc2Sqrt + eps;
        p[i] = p[i]! - (stepSize * mi) / denom;
      }
    },
    state(): OptimizerState {
      if (t === 0) return {};
      const s: OptimizerState = { step: t, exp_avg: copyOf(m), exp_avg_sq: copyOf(v) };
      if (amsgrad) s.max_exp_avg_sq = copyOf(vmax);
      return s;
    },
  };
}

function adamParams(weightDecay: number): readonly ParamSpec[] {
  return [
    lrParam(0.001),
    beta1Param(),
    beta2Param(),
    epsParam(1e-8, 'the denominator √v'),
    weightDecay === 0
      ? weightDecayParam()
      : {
          ...weightDecayParam(weightDecay),
          description:
            'Decoupled weight decay: shrinks the point by p·(1 − lr·weight_decay) before each step.',
        },
    booleanParam(
      'amsgrad',
      'AMSGrad: divide by the largest v seen so far, so the effective step size never grows back.',
      false,
    ),
    choiceParam(
      'eps_mode',
      "Where eps goes: 'pytorch' adds it after bias-correcting √v (torch.optim); 'paper' adds it to the raw √v (Adam paper, Keras, the book).",
      'pytorch',
      EPS_MODES,
    ),
  ];
}

export const ADAM: OptimizerRule = {
  id: 'adam',
  name: 'Adam',
  summary: 'Momentum plus a per-coordinate step size from running averages of g and g², bias-corrected.',
  rule: ADAM_RULE,
  params: adamParams(0),
  create: (values, dim) => createAdam(values, dim, false),
};

export const ADAMW: OptimizerRule = {
  id: 'adamw',
  name: 'AdamW',
  summary: 'Adam with weight decay applied directly to the point instead of through the gradient.',
  rule: ADAMW_RULE,
  params: adamParams(0.01),
  create: (values, dim) => createAdam(values, dim, true),
};
