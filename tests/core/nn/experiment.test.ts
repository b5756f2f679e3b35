/** The page's experiment: one plane shared by all runs, its grid, paths on it, the decision picture. */
import { describe, expect, it } from 'vitest';
import { decisionGrid, type ExperimentSpec, runExperiment } from '../../../src/core/nn/experiment.ts';
import { Mlp } from '../../../src/core/nn/mlp.ts';

const spec: ExperimentSpec = {
  dataset: 'gauss',
  noise: 0.1,
  points: 60,
  trainFraction: 0.5,
  seed: 4,
  layers: [2, 4, 1],
  activation: 'tanh',
  steps: 40,
  runs: [
    { id: 'sgd', optimizer: 'sgd', params: { lr: 0.5 } },
    { id: 'adam', optimizer: 'adam', params: { lr: 0.05 }, schedule: { name: 'StepLR', step_size: 10 } },
  ],
  plane: 'filter',
  n: 9,
};

const run = (s: ExperimentSpec) => {
  const r = runExperiment(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('runExperiment', () => {
  it('trains every optimizer from the same θ₀ and puts θ₀ at the centre of the grid', () => {
    const r = run(spec);
    expect(r.train.n).toBe(30);
    expect(r.test.n).toBe(30);
    const net = new Mlp({ layers: spec.layers, activation: 'tanh' });
    expect(r.loss[4 * 9 + 4]).toBe(net.loss(r.theta0, r.train)); // alpha[4] = beta[4] = 0
    for (const p of r.paths) {
      expect(p.loss).toHaveLength(41);
      expect(p.testLoss).toHaveLength(41);
      expect(Array.from(p.params.subarray(0, net.dim))).toEqual(Array.from(r.theta0));
      expect(Array.from(p.coords.subarray(0, 2))).toEqual([0, 0]);
      expect(p.distance[0]).toBe(0);
      expect(p.loss[40]).toBeLessThan(p.loss[0]!);
      // The grid covers every path.
      for (const c of p.coords) expect(Math.abs(c)).toBeLessThanOrEqual(r.alpha[8]!);
    }
    expect(run(spec).loss).toEqual(r.loss); // seeded: the same spec, the same numbers
  });

  it('PCA gives two orthogonal unit directions with the variance they explain', () => {
    const r = run({ ...spec, plane: 'pca' });
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(r.d1, r.d1)).toBeCloseTo(1, 12);
    expect(dot(r.d2, r.d2)).toBeCloseTo(1, 12);
    expect(dot(r.d1, r.d2)).toBeCloseTo(0, 10);
    expect(r.explained![0]).toBeGreaterThanOrEqual(r.explained![1]);
    expect(r.explained![0] + r.explained![1]).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('minibatches are seeded too', () => {
    expect(run({ ...spec, batch: 8 }).paths[0]!.params).toEqual(run({ ...spec, batch: 8 }).paths[0]!.params);
  });

  it('says what is wrong with a bad spec', () => {
    const bad = (patch: Partial<ExperimentSpec>) => {
      const r = runExperiment({ ...spec, ...patch });
      return r.ok ? '' : r.error;
    };
    expect(bad({ dataset: 'moons' })).toMatch(/unknown dataset/);
    expect(bad({ layers: [3, 4, 1] })).toMatch(/first width must be 2/);
    expect(bad({ runs: [{ id: 'x', optimizer: 'sgdd' }] })).toMatch(/unknown optimizer/);
    expect(bad({ steps: 1e9 })).toMatch(/steps must be/);
    expect(bad({ runs: [{ id: 'n', optimizer: 'newton' }] })).toMatch(/Hessian/);
  });
});

describe('decisionGrid', () => {
  it('is σ(w·x + b) over the square, x₂ from the top row down', () => {
    const net = new Mlp({ layers: [2, 1], activation: 'tanh' });
    const theta = Float64Array.of(1, 2, 0.5); // z = x₁ + 2x₂ + 0.5
    const g = decisionGrid(net, theta, -1, 1, 3);
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    expect(g[0]).toBeCloseTo(s(-1 + 2 + 0.5), 14); // top-left: (−1, 1)
    expect(g[5]).toBeCloseTo(s(1 + 0 + 0.5), 14); // middle row, right: (1, 0)
    expect(g[6]).toBeCloseTo(s(-1 - 2 + 0.5), 14); // bottom-left: (−1, −1)
  });
});
