/** The registry's contents, determinism and the rules' structural properties. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultParams, OPTIMIZERS, type ParamValues } from '../../../src/core/optimizers/index.ts';
import type { OptimizerRule } from '../../../src/core/optimizers/rule.ts';
import { def, feed, GRADIENTS, groupFor, noObjective, objectiveOf, params, trajectory } from './support.ts';

/** Parameters whose allowed range does not start at 0, with torch's bound (or none, −∞). */
const NONZERO_MIN: Readonly<Record<string, number>> = {
  eta_minus: Number.MIN_VALUE, // torch: 0 < etas[0]
  eta_plus: 1 + 2 ** -52, // torch: 1 < etas[1]
  'schedulefree_sgd.momentum': Number.MIN_VALUE, // the reference: 0 < momentum < 1
  beta2_decay: Number.NEGATIVE_INFINITY, // torch: beta2_decay ≤ 0
  d: 1, // torch: 1 ≤ d
  ns_a: Number.NEGATIVE_INFINITY,
  ns_b: Number.NEGATIVE_INFINITY,
  ns_c: Number.NEGATIVE_INFINITY,
  max_iter: 1,
  history_size: 1,
};

describe('registry entries', () => {
  it('are in menu order with unique ids', () => {
    expect(OPTIMIZERS.map((d) => d.id)).toEqual([
      'sgd',
      'momentum',
      'nesterov',
      'adagrad',
      'rmsprop',
      'adam',
      'adamw',
      'adamax',
      'nadam',
      'radam',
      'adadelta',
      'rprop',
      'asgd',
      'adafactor',
      'lion',
      'schedulefree_sgd',
      'schedulefree_adamw',
      'muon',
      'lbfgs',
      'newton',
    ]);
    expect(new Set(OPTIMIZERS.map((d) => d.id)).size).toBe(OPTIMIZERS.length);
  });

  it.each(OPTIMIZERS.map((d) => [d.id, d] as const))(
    '%s is documented and its specs are consistent',
    (_, d) => {
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.summary.length).toBeGreaterThan(10);
      expect(d.rule).toMatch(/p ← /);
      expect(new Set(d.params.map((p) => p.name)).size).toBe(d.params.length);
      expect(d.params[0]?.name).toBe('lr');
      for (const spec of d.params) {
        expect(spec.description.length, spec.name).toBeGreaterThan(15);
        if (spec.kind === 'number') {
          expect(Number.isFinite(spec.min) || spec.min === Number.NEGATIVE_INFINITY, spec.name).toBe(true);
          expect(spec.max, spec.name).toBeGreaterThan(spec.min);
          // The slider covers a finite, useful part of the allowed range, default included.
          const [lo, hi] = spec.slider;
          expect(Number.isFinite(lo) && Number.isFinite(hi), spec.name).toBe(true);
          expect(spec.min <= lo && lo < hi && hi <= spec.max, spec.name).toBe(true);
          expect(lo <= spec.default && spec.default <= hi, spec.name).toBe(true);
          expect(spec.min, spec.name).toBeLessThanOrEqual(spec.default);
          expect(spec.default, spec.name).toBeLessThanOrEqual(spec.max);
          expect(spec.step, spec.name).toBeGreaterThan(0);
          if (spec.name === 'lr' || spec.name === 'eps') expect(spec.scale, spec.name).toBe('log');
          // PyTorch accepts every value ≥ 0 for most, so the range starts at 0; the rest as torch checks them.
          expect(spec.min, spec.name).toBe(
            NONZERO_MIN[`${d.id}.${spec.name}`] ?? NONZERO_MIN[spec.name] ?? 0,
          );
        } else if (spec.kind === 'choice') {
          expect(spec.options).toContain(spec.default);
        }
      }
    },
  );

  it('has the PyTorch 2.x defaults (spot checks; the reference fixtures compare them all)', () => {
    expect(defaultParams(def('sgd')).lr).toBe(0.001);
    expect(defaultParams(def('adagrad')).eps).toBe(1e-10);
    expect(defaultParams(def('adamw')).weight_decay).toBe(0.01);
    expect(defaultParams(def('adamax')).lr).toBe(0.002);
    expect(defaultParams(def('nadam')).momentum_decay).toBe(0.004);
    expect(defaultParams(def('adadelta'))).toEqual({ lr: 1, rho: 0.9, eps: 1e-6, weight_decay: 0 });
  });

  it('Momentum and Nesterov are SGD with other defaults (bit-identical paths)', () => {
    const quadratic = GRADIENTS.quadratic!;
    const viaSgd = trajectory('sgd', params('sgd', { lr: 0.1, momentum: 0.9 }), quadratic, [-7, 2], 40);
    expect(trajectory('momentum', params('momentum', { lr: 0.1 }), quadratic, [-7, 2], 40)).toEqual(viaSgd);
    const nesterovSgd = params('sgd', { lr: 0.1, momentum: 0.9, nesterov: true });
    expect(trajectory('nesterov', params('nesterov', { lr: 0.1 }), quadratic, [-7, 2], 40)).toEqual(
      trajectory('sgd', nesterovSgd, quadratic, [-7, 2], 40),
    );
  });

  it('AdamW with weight_decay 0 is Adam (bit-identical paths)', () => {
    const himmelblau = GRADIENTS.himmelblau!;
    for (const extra of [{}, { amsgrad: true }, { eps_mode: 'paper' }]) {
      expect(
        trajectory('adamw', params('adamw', { lr: 0.1, weight_decay: 0, ...extra }), himmelblau, [0, 0], 40),
      ).toEqual(trajectory('adam', params('adam', { lr: 0.1, ...extra }), himmelblau, [0, 0], 40));
    }
  });

  it('create() rejects unresolved parameters loudly', () => {
    expect(() => def('adam').create({}, 2)).toThrow(TypeError);
    expect(() => def('sgd').create({ ...defaultParams(def('sgd')), dampening: '0.1' }, 2)).toThrow(
      /resolveParams/,
    );
  });
});

/** Interesting parameter sets for every entry: defaults plus the options that switch code paths. */
const VARIANTS: readonly (readonly [string, Record<string, unknown>])[] = [
  ['sgd', { lr: 0.01, weight_decay: 0.1 }],
  ['momentum', { lr: 0.01, dampening: 0.3 }],
  ['nesterov', { lr: 0.01 }],
  ['adagrad', { lr: 0.1, lr_decay: 0.01, initial_accumulator_value: 0.1 }],
  ['rmsprop', { centered: true, momentum: 0.5, weight_decay: 0.01 }],
  ['adam', { lr: 0.05, amsgrad: true }],
  ['adam', { lr: 0.05, eps_mode: 'paper' }],
  ['adamw', { lr: 0.05 }],
  ['adamax', { lr: 0.05 }],
  ['nadam', { lr: 0.05 }],
  ['radam', { lr: 0.01 }],
  ['adadelta', { weight_decay: 0.01 }],
  ['rprop', { lr: 0.05 }],
  ['asgd', { lr: 0.05, t0: 5, weight_decay: 0.01 }],
  ['lion', { lr: 0.01, weight_decay: 0.1 }],
  ['schedulefree_sgd', { lr: 0.01, warmup_steps: 5, weight_decay: 0.01 }],
  ['schedulefree_adamw', { lr: 0.05, warmup_steps: 5, weight_decay: 0.01, r: 1 }],
  ['schedulefree_adamw', { lr: 0.05, weight_decay: 0.1, decay_at_z: true }],
  // Coupled rules (not per coordinate); L-BFGS and Newton evaluate the objective and are tested in their files.
  ['adafactor', { weight_decay: 0.01 }],
  ['muon', { lr: 0.05 }],
  ['muon', { lr: 0.05, nesterov: false, ns_dtype: 'float64', adjust_lr_fn: 'match_rms_adamw' }],
];

/** Bitwise equality of two float arrays (distinguishes −0 from 0 and compares NaN to NaN). */
const sameBits = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe.each(VARIANTS)('%s %j', (id, given) => {
  const values = params(id, given);
  const gradientsArb = fc.array(
    fc.tuple(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: -100, max: 100, noNaN: true }),
    ),
    { minLength: 1, maxLength: 40 },
  );
  const startArb = fc.tuple(
    fc.double({ min: -10, max: 10, noNaN: true }),
    fc.double({ min: -10, max: 10, noNaN: true }),
  );

  it('is deterministic: the same inputs give bit-identical trajectories', () => {
    const rosenbrock = GRADIENTS.rosenbrock!;
    const a = trajectory(id, values, rosenbrock, [-1.5, 2], 100);
    const b = trajectory(id, values, rosenbrock, [-1.5, 2], 100);
    expect(sameBits(a.flat(), b.flat())).toBe(true);
    fc.assert(
      fc.property(startArb, gradientsArb, (start, gradients) => {
        const first = feed(id, values, start, gradients).flat();
        const second = feed(id, values, start, gradients).flat();
        return sameBits(first, second);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps state per instance: two interleaved runs equal two separate runs', () => {
    const quadratic = GRADIENTS.quadratic!;
    const alone = trajectory(id, values, quadratic, [-7, 2], 30).flat();
    const d = def(id);
    const [a, b] = [d.create(values, 2), d.create(values, 2)];
    const [ga, gb] = [groupFor(id, values), groupFor(id, values)];
    const objective = objectiveOf(quadratic);
    const [pa, pb] = [Float64Array.from([-7, 2]), Float64Array.from([-7, 2])];
    const g = new Float64Array(2);
    const path: number[] = [-7, 2];
    for (let k = 0; k < 30; k++) {
      for (const [opt, p, group] of [
        [a, pa, ga],
        [b, pb, gb],
      ] as const) {
        const [gx, gy] = quadratic(p[0]!, p[1]!);
        g[0] = gx;
        g[1] = gy;
        opt.step(p, g, group, objective);
      }
      path.push(pa[0]!, pa[1]!);
    }
    expect(sameBits(path, alone)).toBe(true);
    expect(sameBits(Array.from(pa), Array.from(pb))).toBe(true);
  });

  it.skipIf((def(id) as OptimizerRule).coupled === true)(
    'acts per coordinate: a 2-D run equals two 1-D runs, bit for bit',
    () => {
      fc.assert(
        fc.property(startArb, gradientsArb, (start, gradients) => {
          const both = feed(id, values, start, gradients);
          const xs = feed(
            id,
            values,
            [start[0]],
            gradients.map((g) => [g[0]]),
          );
          const ys = feed(
            id,
            values,
            [start[1]],
            gradients.map((g) => [g[1]]),
          );
          return both.every((p, k) => sameBits(p, [xs[k]![0]!, ys[k]![0]!]));
        }),
        { numRuns: 50 },
      );
    },
  );

  it('leaves the gradient untouched', () => {
    const optimizer = def(id).create(values as ParamValues, 2);
    const g = Float64Array.from([0.25, -3]);
    optimizer.step(Float64Array.from([1, 2]), g, groupFor(id, values as ParamValues), noObjective(2));
    expect(Array.from(g)).toEqual([0.25, -3]);
  });
});
