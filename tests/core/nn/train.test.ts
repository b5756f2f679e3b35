/** Training loop bookkeeping: rows, the recorded loss, minibatches, divergence. */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/nn/datasets.ts';
import { initParameters, Mlp } from '../../../src/core/nn/mlp.ts';
import { createRng } from '../../../src/core/nn/random.ts';
import { train } from '../../../src/core/nn/train.ts';
import { defaultParams, getOptimizer, resolveParams } from '../../../src/core/optimizers/index.ts';

const rng = createRng(5);
const rows = Array.from({ length: 24 }, () => [rng.uniform(-2, 2), rng.uniform(-2, 2)]);
const data: Dataset = {
  n: 24,
  features: 2,
  x: Float64Array.from(rows.flat()),
  y: Float64Array.from(rows.map(([a, b]) => (a! * b! > 0 ? 1 : 0))),
};
const layers = [2, 4, 1];
const net = new Mlp({ layers, activation: 'tanh' });
const theta0 = initParameters(layers, createRng(1));
const sgd = getOptimizer('sgd')!;
const params = (lr: number) => {
  const r = resolveParams(sgd, { lr });
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('full batch', () => {
  it('records θ and the loss at every step, row 0 the start; one SGD step is θ − lr·∇L', () => {
    const r = train(
      net,
      data,
      theta0,
      { optimizer: sgd, params: params(0.3), steps: 5 },
      { recordParams: true, test: data },
    );
    expect(r.steps).toBe(5);
    expect(r.loss).toHaveLength(6);
    expect(r.params).toHaveLength(6 * net.dim);
    expect(Array.from(r.params.subarray(0, net.dim))).toEqual(Array.from(theta0));
    expect(r.loss[0]).toBe(net.loss(theta0, data));
    expect(Array.from(r.testLoss)).toEqual(Array.from(r.loss));
    const g = new Float64Array(net.dim);
    net.lossGrad(theta0, g, data);
    const step1 = theta0.map((v, k) => v - 0.3 * g[k]!);
    expect(Array.from(r.params.subarray(net.dim, 2 * net.dim))).toEqual(Array.from(step1));
    expect(r.loss[1]).toBe(net.loss(step1, data));
    expect(r.loss[5]).toBeLessThan(r.loss[0]!);
  });

  it('stops at the last finite step when the loss overflows', () => {
    const r = train(
      net,
      data,
      theta0,
      { optimizer: sgd, params: params(1e308), steps: 50 },
      { recordParams: true },
    );
    expect(r.divergedAt).not.toBeNull();
    expect(r.loss).toHaveLength(r.divergedAt!);
    expect(r.loss.every(Number.isFinite)).toBe(true);
    expect(r.final.every(Number.isFinite)).toBe(true);
  });
});

describe('minibatches', () => {
  it('repeat from the seed, differ with another seed, and record the full training loss', () => {
    const adam = getOptimizer('adam')!;
    const spec = (seed: number) => ({
      optimizer: adam,
      params: defaultParams(adam),
      steps: 12,
      batch: { size: 5, seed },
    });
    const a = train(net, data, theta0, spec(1), { recordParams: true });
    const b = train(net, data, theta0, spec(1), { recordParams: true });
    const c = train(net, data, theta0, spec(2), { recordParams: true });
    expect(a.params).toEqual(b.params);
    expect(a.params).not.toEqual(c.params);
    expect(a.loss[12]).toBe(net.loss(a.params.subarray(12 * net.dim), data));
  });

  it('a batch as large as the data is full batch', () => {
    const full = train(
      net,
      data,
      theta0,
      { optimizer: sgd, params: params(0.2), steps: 4 },
      { recordParams: true },
    );
    const batched = train(
      net,
      data,
      theta0,
      { optimizer: sgd, params: params(0.2), steps: 4, batch: { size: 24, seed: 3 } },
      { recordParams: true },
    );
    // The same rows in another order: equal up to the order of the sums.
    for (const [k, v] of batched.params.entries()) expect(v).toBeCloseTo(full.params[k]!, 13);
  });
});
