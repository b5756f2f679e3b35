/** resolveParams and defaultParams: defaults filled in, every error path reported readably. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultParams,
  formatRange,
  getOptimizer,
  OPTIMIZERS,
  type OptimizerDef,
  type ParamValues,
  resolveParams,
} from '../../../src/core/optimizers/index.ts';
import { def } from './support.ts';

function errorOf(d: OptimizerDef, given: Record<string, unknown>): string {
  const result = resolveParams(d, given);
  if (result.ok) throw new Error(`expected an error for ${JSON.stringify(given)}`);
  return result.error;
}

function resolvedOf(d: OptimizerDef, given: Record<string, unknown>): ParamValues {
  const result = resolveParams(d, given);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const adam = def('adam');
const sgd = def('sgd');

describe('resolveParams', () => {
  it('fills every default when nothing is given', () => {
    for (const d of OPTIMIZERS) expect(resolvedOf(d, {})).toEqual(defaultParams(d));
  });

  it('keeps given values and fills the rest', () => {
    expect(resolvedOf(adam, { lr: 0.3, eps_mode: 'paper', amsgrad: true })).toEqual({
      lr: 0.3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: true,
      eps_mode: 'paper',
    });
  });

  it('treats an undefined entry as absent', () => {
    expect(resolvedOf(adam, { lr: undefined })).toEqual(defaultParams(adam));
  });

  it('returns frozen values in spec order', () => {
    const values = resolvedOf(adam, { eps_mode: 'paper', lr: 0.1 });
    expect(Object.isFrozen(values)).toBe(true);
    expect(Object.keys(values)).toEqual(adam.params.map((p) => p.name));
  });

  it('rejects an unknown name, suggesting the nearest and listing the known ones', () => {
    expect(errorOf(adam, { bta1: 0.9 })).toBe(
      'adam: unknown parameter "bta1"; did you mean "beta1"? ' +
        '(adam takes lr, beta1, beta2, eps, weight_decay, amsgrad, eps_mode)',
    );
    expect(errorOf(sgd, { learning_rate: 0.1 })).toBe(
      'sgd: unknown parameter "learning_rate" (sgd takes lr, momentum, dampening, nesterov, weight_decay)',
    );
    expect(errorOf(adam, { betas: [0.9, 0.999] })).toContain('did you mean "beta');
  });

  it('rejects out-of-range values, naming the parameter and the allowed range', () => {
    expect(errorOf(adam, { beta1: 1.2 })).toBe('adam: beta1 = 1.2 is out of range; allowed 0 ≤ beta1 < 1');
    expect(errorOf(adam, { beta2: 1 })).toBe('adam: beta2 = 1 is out of range; allowed 0 ≤ beta2 < 1');
    // PyTorch: "Invalid learning rate" for lr < 0, with no upper limit.
    expect(errorOf(adam, { lr: -0.1 })).toBe('adam: lr = -0.1 is out of range; allowed lr ≥ 0');
    expect(errorOf(def('rmsprop'), { alpha: -0.5 })).toBe(
      'rmsprop: alpha = -0.5 is out of range; allowed alpha ≥ 0',
    );
    expect(errorOf(def('adadelta'), { rho: 1.5 })).toBe(
      'adadelta: rho = 1.5 is out of range; allowed 0 ≤ rho ≤ 1',
    );
    expect(errorOf(def('adadelta'), { eps: -1e-6 })).toContain('allowed eps ≥ 0');
  });

  it('admits the edges PyTorch admits', () => {
    expect(resolvedOf(adam, { lr: 0, beta1: 0, beta2: 0.9999999999999999, eps: 0 }).beta2).toBe(
      0.9999999999999999,
    );
    expect(resolvedOf(def('adadelta'), { rho: 1 }).rho).toBe(1);
    expect(resolvedOf(def('rmsprop'), { alpha: 0 }).alpha).toBe(0);
    expect(resolvedOf(sgd, { momentum: 1, dampening: 1 }).momentum).toBe(1);
    // No upper limit where PyTorch has none: a learning rate of 50 is a valid way to diverge.
    expect(resolvedOf(sgd, { lr: 50, weight_decay: 3 }).lr).toBe(50);
  });

  it('rejects wrong types', () => {
    expect(errorOf(adam, { lr: '0.1' })).toBe('adam: lr must be a number, got string "0.1"');
    expect(errorOf(adam, { amsgrad: 1 })).toBe('adam: amsgrad must be true or false, got number 1');
    expect(errorOf(adam, { amsgrad: 'true' })).toBe('adam: amsgrad must be true or false, got string "true"');
    expect(errorOf(adam, { lr: null })).toBe('adam: lr must be a number, got null');
    expect(errorOf(adam, { eps_mode: 1 })).toBe('adam: eps_mode = number 1 is not one of "pytorch", "paper"');
  });

  it("null selects torch's None where torch takes one, and only there", () => {
    const lbfgs = getOptimizer('lbfgs')!;
    expect(resolvedOf(lbfgs, { line_search_fn: null, max_eval: null })).toMatchObject({
      line_search_fn: 'none',
      max_eval: 0,
    });
    expect(resolvedOf(lbfgs, { line_search_fn: 'strong_wolfe' }).line_search_fn).toBe('strong_wolfe');
    expect(resolvedOf(getOptimizer('adafactor')!, { eps1: null }).eps1).toBe(2 ** -52);
    expect(resolvedOf(getOptimizer('muon')!, { adjust_lr_fn: null }).adjust_lr_fn).toBe('original');
    expect(errorOf(lbfgs, { max_iter: null })).toBe('lbfgs: max_iter must be a number, got null');
    expect(errorOf(lbfgs, { max_iter: 2.5 })).toBe('lbfgs: max_iter = 2.5 must be an integer');
  });

  it('rejects NaN and infinities', () => {
    expect(errorOf(adam, { lr: Number.NaN })).toBe('adam: lr = NaN is not a finite number');
    expect(errorOf(adam, { eps: Number.POSITIVE_INFINITY })).toBe(
      'adam: eps = Infinity is not a finite number',
    );
  });

  it('checks choices, suggesting the nearest option', () => {
    expect(resolvedOf(adam, { eps_mode: 'paper' }).eps_mode).toBe('paper');
    expect(errorOf(adam, { eps_mode: 'torch' })).toBe(
      'adam: eps_mode = string "torch" is not one of "pytorch", "paper"; did you mean "pytorch"?',
    );
  });

  it('accepts booleans', () => {
    expect(resolvedOf(def('rmsprop'), { centered: true }).centered).toBe(true);
    expect(resolvedOf(def('nesterov'), { nesterov: false, momentum: 0 }).nesterov).toBe(false);
  });

  it('rejects nesterov without momentum or with dampening, as PyTorch does', () => {
    expect(errorOf(sgd, { nesterov: true })).toBe(
      'sgd: nesterov = true requires momentum > 0 and dampening = 0 (got momentum = 0, dampening = 0)',
    );
    expect(errorOf(sgd, { nesterov: true, momentum: 0.9, dampening: 0.1 })).toContain('dampening = 0.1');
    expect(errorOf(def('nesterov'), { momentum: 0 })).toContain('nesterov = true requires momentum > 0');
    expect(resolvedOf(sgd, { nesterov: true, momentum: 0.9 }).nesterov).toBe(true);
    // Dampening without nesterov is fine.
    expect(resolvedOf(def('momentum'), { dampening: 0.5 }).dampening).toBe(0.5);
  });

  it('reports every problem, one per line', () => {
    const lines = errorOf(adam, { lr: -1, beta1: 'x', bogus: 1 }).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('unknown parameter "bogus"');
    expect(lines[1]).toContain('lr = -1 is out of range');
    expect(lines[2]).toContain('beta1 must be a number');
  });

  /** Counts that torch uses as Python ints (range(), ==): fractions are rejected. */
  const INTEGER_PARAMS = new Set(['ns_steps', 'max_iter', 'max_eval', 'history_size']);

  it('accepts every in-range number and rejects every finite out-of-range one (property)', () => {
    const numbers = OPTIMIZERS.flatMap((d) =>
      d.params.flatMap((spec) => (spec.kind === 'number' ? [{ d, spec }] : [])),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...numbers),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        ({ d, spec }, x) => {
          // SGD-family momentum/dampening interact with nesterov; test them with nesterov off.
          const base = d.params.some((p) => p.name === 'nesterov') ? { nesterov: false } : {};
          const result = resolveParams(d, { ...base, [spec.name]: x });
          if (x >= spec.min && x <= spec.max) {
            if (INTEGER_PARAMS.has(spec.name) && !Number.isInteger(x)) {
              expect(!result.ok && result.error).toContain(`${spec.name} = ${x} must be an integer`);
              return;
            }
            expect(result.ok && result.value[spec.name]).toBe(x);
          } else {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.error).toContain(`allowed ${formatRange(spec)}`);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('defaultParams and getOptimizer', () => {
  it('defaultParams lists every parameter at its default', () => {
    expect(defaultParams(def('sgd'))).toEqual({
      lr: 0.001,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weight_decay: 0,
    });
  });

  it('getOptimizer finds by id, and returns undefined for an unknown id', () => {
    expect(getOptimizer('adam')?.name).toBe('Adam');
    expect(getOptimizer('Adam')).toBeUndefined();
    expect(getOptimizer('nope')).toBeUndefined();
  });
});
