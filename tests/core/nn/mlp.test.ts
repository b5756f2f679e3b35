/** The network by hand: layout, a loss computed on paper, the gradient against central differences. */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/nn/datasets.ts';
import { compileKernel, MAX_COMPILED_PARAMETERS } from '../../../src/core/nn/kernel.ts';
import {
  bceWithLogits,
  checkArchitecture,
  initParameters,
  layerSlices,
  Mlp,
  parameterCount,
  sigmoid,
} from '../../../src/core/nn/mlp.ts';
import { createRng } from '../../../src/core/nn/random.ts';

const data = (rows: number[][], labels: number[]): Dataset => ({
  n: rows.length,
  features: rows[0]!.length,
  x: Float64Array.from(rows.flat()),
  y: Float64Array.from(labels),
});

describe('layout', () => {
  it("follows torch's parameters() order: W1 (out × in), b1, W2, b2", () => {
    expect(layerSlices([2, 3, 1])).toEqual([
      { inputs: 2, outputs: 3, w: 0, b: 6 },
      { inputs: 3, outputs: 1, w: 9, b: 12 },
    ]);
    expect(parameterCount([2, 8, 8, 1])).toBe(16 + 8 + 64 + 8 + 8 + 1);
  });

  it('rejects unusable shapes', () => {
    expect(checkArchitecture({ layers: [2], activation: 'tanh' })).toMatch(/2 to/);
    expect(checkArchitecture({ layers: [2, 4, 2], activation: 'tanh' })).toMatch(/end with 1/);
    expect(checkArchitecture({ layers: [2, 0, 1], activation: 'tanh' })).toMatch(/integer/);
    expect(checkArchitecture({ layers: [2, 4, 1], activation: 'sigmoid' as 'tanh' })).toMatch(/activation/);
    expect(checkArchitecture({ layers: [2, 4, 1], activation: 'relu' })).toBeUndefined();
  });
});

describe('BCE with logits', () => {
  it('is −[y log σ(z) + (1 − y) log(1 − σ(z))] where that is representable', () => {
    for (const z of [-3, -0.5, 0, 0.7, 4]) {
      const s = 1 / (1 + Math.exp(-z));
      expect(bceWithLogits(z, 1)).toBeCloseTo(-Math.log(s), 14);
      expect(bceWithLogits(z, 0)).toBeCloseTo(-Math.log(1 - s), 14);
    }
  });

  it('stays finite and exact for huge logits (log(1 + e^−|z|) → 0)', () => {
    expect(bceWithLogits(800, 0)).toBe(800);
    expect(bceWithLogits(-800, 1)).toBe(800);
    expect(bceWithLogits(800, 1)).toBe(0);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
  });
});

describe('loss by hand', () => {
  it('a 2-1 network is logistic regression: mean of ℓ(w·x + b, y)', () => {
    const net = new Mlp({ layers: [2, 1], activation: 'tanh' });
    const theta = Float64Array.of(0.5, -1, 0.25); // W = [[0.5, −1]], b = [0.25]
    const d = data(
      [
        [1, 2],
        [3, -1],
      ],
      [1, 0],
    );
    // z₁ = 0.5 − 2 + 0.25 = −1.25 (y = 1), z₂ = 1.5 + 1 + 0.25 = 2.75 (y = 0)
    const want = (Math.log1p(Math.exp(1.25)) + Math.log1p(Math.exp(2.75))) / 2;
    expect(net.loss(theta, d)).toBeCloseTo(want, 14);
    // ∂/∂W = mean((σ(z) − y)·x), ∂/∂b = mean(σ(z) − y)
    const g = new Float64Array(3);
    net.lossGrad(theta, g, d);
    const e1 = 1 / (1 + Math.exp(1.25)) - 1;
    const e2 = 1 / (1 + Math.exp(-2.75));
    expect(g[0]).toBeCloseTo((e1 * 1 + e2 * 3) / 2, 14);
    expect(g[1]).toBeCloseTo((e1 * 2 + e2 * -1) / 2, 14);
    expect(g[2]).toBeCloseTo((e1 + e2) / 2, 14);
  });

  it('a 1-2-1 tanh network on one point, written out', () => {
    const net = new Mlp({ layers: [1, 2, 1], activation: 'tanh' });
    // W1 = [[2], [−1]], b1 = [0.5, 0], W2 = [[1, 3]], b2 = [−0.5]
    const theta = Float64Array.of(2, -1, 0.5, 0, 1, 3, -0.5);
    const h1 = Math.tanh(2 * 0.3 + 0.5);
    const h2 = Math.tanh(-0.3);
    const z = h1 + 3 * h2 - 0.5;
    expect(net.loss(theta, data([[0.3]], [1]))).toBeCloseTo(Math.log1p(Math.exp(-z)), 14);
    expect(net.logit(theta, Float64Array.of(0.3), 0)).toBeCloseTo(z, 14);
  });

  it('ReLU zeroes negative pre-activations (and their gradient)', () => {
    const net = new Mlp({ layers: [1, 2, 1], activation: 'relu' });
    const theta = Float64Array.of(2, -1, 0.5, 0, 1, 3, -0.5);
    const z = 2 * 0.3 + 0.5 - 0.5; // the second unit is relu(−0.3) = 0
    expect(net.logit(theta, Float64Array.of(0.3), 0)).toBeCloseTo(z, 14);
    const g = new Float64Array(7);
    net.lossGrad(theta, g, data([[0.3]], [1]));
    expect(g[1]).toBe(0); // W1[1][0] feeds a dead unit
    expect(g[3]).toBe(0);
    expect(g[5]).toBe(0); // W2[0][1] multiplies its zero output
  });
});

describe('gradient against central differences', () => {
  it.each([
    ['tanh', true],
    ['relu', true],
    ['tanh', false],
    ['relu', false],
  ] as const)('%s 2-5-4-1 on 20 points (compiled: %s)', (activation, compile) => {
    const rng = createRng(7);
    const layers = [2, 5, 4, 1];
    const net = new Mlp({ layers, activation }, { compile });
    const theta = initParameters(layers, rng);
    const rows = Array.from({ length: 20 }, () => [rng.uniform(-2, 2), rng.uniform(-2, 2)]);
    const d = data(
      rows,
      rows.map(([a, b]) => (a! * b! > 0 ? 1 : 0)),
    );
    const g = new Float64Array(net.dim);
    net.lossGrad(theta, g, d);
    const h = 1e-6;
    for (let k = 0; k < net.dim; k++) {
      const p = Float64Array.from(theta);
      p[k] = theta[k]! + h;
      const up = net.loss(p, d);
      p[k] = theta[k]! - h;
      const down = net.loss(p, d);
      expect(Math.abs(g[k]! - (up - down) / (2 * h))).toBeLessThan(1e-8);
    }
  });

  it('a row subset averages only those rows', () => {
    const net = new Mlp({ layers: [2, 3, 1], activation: 'tanh' });
    const theta = initParameters([2, 3, 1], createRng(1));
    const d = data(
      [
        [1, 0],
        [0, 1],
        [2, 2],
        [-1, 1],
      ],
      [1, 0, 1, 0],
    );
    const rows = Int32Array.of(2, 0);
    const only = data(
      [
        [2, 2],
        [1, 0],
      ],
      [1, 1],
    );
    expect(net.loss(theta, d, rows)).toBeCloseTo(net.loss(theta, only), 15);
  });
});

describe("torch's default initialisation", () => {
  it('draws every parameter within ±1/√fan_in of its layer', () => {
    const layers = [2, 16, 4, 1];
    const theta = initParameters(layers, createRng(3));
    for (const s of layerSlices(layers)) {
      const bound = 1 / Math.sqrt(s.inputs);
      for (let k = s.w; k < s.b + s.outputs; k++) expect(Math.abs(theta[k]!)).toBeLessThan(bound);
    }
  });
});

describe('the compiled kernel and the generic loops', () => {
  it.each([
    [[2, 8, 8, 1], 'tanh'],
    [[2, 16, 16, 1], 'relu'],
    [[3, 1], 'tanh'],
    [[2, 3, 4, 5, 1], 'relu'],
  ] as const)('agree on %j %s, full batch and on a row subset', (layers, activation) => {
    const rng = createRng(11);
    const compiled = new Mlp({ layers, activation });
    const generic = new Mlp({ layers, activation }, { compile: false });
    const theta = initParameters(layers, rng);
    const f = layers[0];
    const rows = Array.from({ length: 50 }, () => Array.from({ length: f }, () => rng.uniform(-3, 3)));
    const d = data(
      rows,
      rows.map((r) => (r[0]! > 0 ? 1 : 0)),
    );
    const g1 = new Float64Array(compiled.dim);
    const g2 = new Float64Array(compiled.dim);
    expect(compiled.lossGrad(theta, g1, d)).toBeCloseTo(generic.lossGrad(theta, g2, d), 13);
    for (const [k, v] of g1.entries()) expect(v).toBeCloseTo(g2[k]!, 13);
    const subset = Int32Array.of(4, 9, 1, 30);
    expect(compiled.lossGrad(theta, g1, d, subset, 1, 3)).toBeCloseTo(
      generic.lossGrad(theta, g2, d, subset, 1, 3),
      13,
    );
    for (const [k, v] of g1.entries()) expect(v).toBeCloseTo(g2[k]!, 13);
  });

  it('an empty batch has loss 0 and a zero gradient', () => {
    const net = new Mlp({ layers: [2, 2, 1], activation: 'tanh' });
    const g = Float64Array.from({ length: net.dim }, () => 1);
    expect(net.lossGrad(new Float64Array(net.dim), g, data([[1, 1]], [1]), Int32Array.of(0), 0, 0)).toBe(0);
    expect(g.every((v) => v === 0)).toBe(true);
  });
});

describe('compileKernel', () => {
  it('builds one function per shape and none beyond the size limit', () => {
    expect(compileKernel([2, 8, 8, 1], 'tanh')).toBe(compileKernel([2, 8, 8, 1], 'tanh'));
    expect(compileKernel([2, 8, 8, 1], 'tanh')).not.toBe(compileKernel([2, 8, 8, 1], 'relu'));
    expect(parameterCount([2, 64, 64, 1])).toBeGreaterThan(MAX_COMPILED_PARAMETERS);
    expect(compileKernel([2, 64, 64, 1], 'tanh')).toBeUndefined();
  });
});
