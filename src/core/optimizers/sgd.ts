/**
 * Stochastic gradient descent, with optional (Nesterov) momentum: PyTorch's `torch.optim.SGD`.
 * Three registry entries share the rule and differ only in defaults: SGD, Momentum, Nesterov.
 */

import {
  booleanParam,
  copyOf,
  lrParam,
  numberParam,
  readBoolean,
  readNumber,
  weightDecayParam,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

/** The update rule, as the `rule` string of all three entries. */
export const SGD_RULE =
  'g ← g + weight_decay·p; momentum = 0: p ← p − lr·g; ' +
  'momentum > 0: buf ← g on the first step, then buf ← momentum·buf + (1 − dampening)·g; ' +
  'd ← nesterov ? g + momentum·buf : buf; p ← p − lr·d';

/**
 * SGD, per coordinate, t = 1, 2, ...:
 *
 *     g ← g + weight_decay·p
 *     momentum = 0:  p ← p − lr·g
 *     momentum > 0:  buf ← g on the first step, then buf ← momentum·buf + (1 − dampening)·g
 *                    d ← nesterov ? g + momentum·buf : buf
 *                    p ← p − lr·d
 *
 * The book's Momentum `v ← momentum·v − lr·g; p ← p + v` is the same path with v = −lr·buf. nesterov = true
 * equals `p ← p + momentum²·v_old − (1 + momentum)·lr·g; v ← momentum·v_old − lr·g` (v_old: before this
 * step's update); the book's code updates v first and uses the new v there, which is a different path.
 * lr and momentum come from the param group at every step (a scheduler may change them).
 *
 * State (torch's): `momentum_buffer` = buf, once a step with momentum ≠ 0 has run; {} otherwise.
 */
export function createSgd(values: ParamValues, dim: number): Optimizer {
  const dampening = readNumber(values, 'dampening');
  const nesterov = readBoolean(values, 'nesterov');
  const weightDecay = readNumber(values, 'weight_decay');
  const buf = new Float64Array(dim);
  let hasBuffer = false;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const momentum = group.momentum;
      for (let i = 0; i < dim; i++) {
        let d = g[i]!;
        if (weightDecay !== 0) d = d + weightDecay * p[i]!;
        if (momentum !== 0) {
          const b = hasBuffer ? buf[i]! * momentum + (1 - dampening) * d : d;
          buf[i] = b;
          d = nesterov ? d + momentum * b : b;
        }
        p[i] = p[i]! - lr * d;
      }
      if (momentum !== 0) hasBuffer = true;
    },
    state(): OptimizerState {
      return hasBuffer ? { momentum_buffer: copyOf(buf) } : {};
    },
  };
}

/** PyTorch: "Nesterov momentum requires a momentum and zero dampening". */
function validateSgd(values: ParamValues): string | undefined {
  if (!readBoolean(values, 'nesterov')) return undefined;
  const momentum = readNumber(values, 'momentum');
  const dampening = readNumber(values, 'dampening');
  if (momentum > 0 && dampening === 0) return undefined;
  return `nesterov = true requires momentum > 0 and dampening = 0 (got momentum = ${momentum}, dampening = ${dampening})`;
}

function sgdFamily(
  id: string,
  name: string,
  summary: string,
  defaults: { readonly momentum: number; readonly nesterov: boolean },
): OptimizerRule {
  return {
    id,
    name,
    summary,
    rule: SGD_RULE,
    params: [
      lrParam(0.001),
      numberParam(
        'momentum',
        'Fraction of the previous step carried into the next one (0 = plain gradient descent).',
        defaults.momentum,
        { min: 0, max: Number.POSITIVE_INFINITY, step: 0.01, slider: [0, 1] },
      ),
      numberParam(
        'dampening',
        "Shrinks each new gradient's share of the momentum buffer: buf = momentum·buf + (1 − dampening)·g.",
        0,
        { min: 0, max: 1, step: 0.01 },
      ),
      booleanParam(
        'nesterov',
        'Nesterov momentum: step along g + momentum·buf, a look-ahead (needs momentum > 0, dampening 0).',
        defaults.nesterov,
      ),
      weightDecayParam(),
    ],
    create: createSgd,
    validate: validateSgd,
  };
}

/** Plain gradient descent, p ← p − lr·g (PyTorch ≥ 2.2 default lr 0.001). */
export const SGD = sgdFamily('sgd', 'SGD', 'Plain gradient descent: step against the gradient.', {
  momentum: 0,
  nesterov: false,
});

/** SGD with heavy-ball momentum 0.9 by default. */
export const MOMENTUM = sgdFamily(
  'momentum',
  'Momentum',
  'Gradient descent with a velocity that accumulates past gradients (heavy ball).',
  { momentum: 0.9, nesterov: false },
);

/** SGD with Nesterov momentum 0.9 by default. */
export const NESTEROV = sgdFamily(
  'nesterov',
  'Nesterov',
  'Momentum that corrects its course by looking one momentum step ahead.',
  { momentum: 0.9, nesterov: true },
);
