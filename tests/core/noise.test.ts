/**
 * The seeded normal generator: bit-for-bit against the Python port written from its doc comment
 * (tests/reference/noise_ref.py), its ln against Python's math.log, and its distribution.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/expr/index.ts';
import { portableLog, SeededNormal } from '../../src/core/noise.ts';
import { getOptimizer, resolveParams } from '../../src/core/optimizers/index.ts';
import { Run } from '../../src/core/runner.ts';

interface NoiseFixture {
  readonly seeds: readonly {
    readonly seed: number;
    readonly uint32: readonly number[];
    readonly uniform: readonly number[];
    readonly normal: readonly number[];
  }[];
  readonly log: readonly (readonly [number, number, number])[];
}

const FIXTURE: NoiseFixture = JSON.parse(
  readFileSync(new URL('../reference/fixtures/noise.json', import.meta.url), 'utf8'),
);

describe('SeededNormal', () => {
  for (const s of FIXTURE.seeds) {
    it(`seed ${s.seed}: the same bits as the Python port`, () => {
      let g = new SeededNormal(s.seed);
      expect(s.uint32.map(() => g.nextUint32())).toEqual(s.uint32);
      g = new SeededNormal(s.seed);
      expect(s.uniform.map(() => g.nextUniform())).toEqual(s.uniform);
      g = new SeededNormal(s.seed);
      const normals = s.normal.map(() => g.next());
      for (let i = 0; i < normals.length; i++)
        expect(Object.is(normals[i], s.normal[i]), `normal ${i}`).toBe(true);
    });
  }

  it('ln matches the port exactly and math.log to a few ulps', () => {
    for (const [s, port, libm] of FIXTURE.log) {
      expect(portableLog(s)).toBe(port);
      expect(Math.abs(portableLog(s) - libm)).toBeLessThanOrEqual(
        4 * Number.EPSILON * Math.max(1, Math.abs(libm)),
      );
    }
  });

  it('gives mean 0 and variance 1 (200 000 draws, within 5 standard errors)', () => {
    const g = new SeededNormal(2024);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let fourth = 0;
    for (let i = 0; i < n; i++) {
      const z = g.next();
      sum += z;
      sq += z * z;
      fourth += z ** 4;
    }
    // For N(0, 1): sd of the mean = 1/√n, of the mean square = √(2/n), of the mean 4th power = √(96/n).
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(fourth / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('refuses seeds outside 0 … 2³² − 1', () => {
    expect(() => new SeededNormal(-1)).toThrow(/seed/);
    expect(() => new SeededNormal(2 ** 32)).toThrow(/seed/);
    expect(() => new SeededNormal(1.5)).toThrow(/seed/);
  });
});

describe('gradient noise in a run: the stationary variance of SGD on a quadratic', () => {
  it('SGD with lr α on f = λx²/2 plus σ·ξ settles to variance ασ²/(λ(2 − αλ))', () => {
    // x_{k+1} = (1 − αλ)·x_k − ασ·ξ_k, so v = (1 − αλ)²·v + α²σ² ⇒ v = ασ²/(λ(2 − αλ)).
    // f = x² + y² is λ = 2 in each coordinate; α = 0.05 (αλ = 0.1), σ = 1: v = 0.05/3.8.
    const alpha = 0.05;
    const lambda = 2;
    const sigma = 1;
    const v = (alpha * sigma ** 2) / (lambda * (2 - alpha * lambda));
    // Samples every 200 steps after 200 steps of burn-in: consecutive samples correlate by
    // (1 − αλ)^200 = 0.9^200 ≈ 7e-10, so they are independent N(0, v) draws for all practical purposes
    // (the start's weight 0.9^400 is negligible too). With N samples, mean(x²)/v has sd √(2/N).
    const fn = compile('x^2 + y^2');
    const sgd = getOptimizer('sgd');
    if (!fn.ok || !sgd) throw new Error('setup');
    const params = resolveParams(sgd, { lr: alpha });
    if (!params.ok) throw new Error(params.error);
    const seeds = 400;
    const lag = 200;
    const perSeed = 50;
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const run = new Run({
        fn: fn.value,
        optimizer: sgd,
        params: params.value,
        start: [0, 0],
        noise: new SeededNormal(seed),
        noiseSigma: sigma,
      }).advanceTo(lag * (perSeed + 1));
      for (let j = 1; j <= perSeed; j++) {
        for (const c of [0, 1]) {
          const x = run.xyf[3 * lag * (j + 1) + c]!;
          sum += x;
          sumSq += x * x;
          n += 1;
        }
      }
    }
    const ratio = sumSq / n / v;
    const sd = Math.sqrt(2 / n);
    // 4 standard deviations: a false alarm has probability 6e-5 (and the seeds are fixed).
    expect(Math.abs(ratio - 1)).toBeLessThan(4 * sd);
    expect(Math.abs(sum / n)).toBeLessThan(4 * Math.sqrt(v / n));
    // The continuous-time approximation ασ²/(2λ) is 5% lower: this test tells the two apart.
    const approx = (alpha * sigma ** 2) / (2 * lambda);
    expect(Math.abs(sumSq / n / approx - 1)).toBeGreaterThan(4 * sd);
  });

  it('the same seed gives the same path; another seed another; σ = 0 none', () => {
    const fn = compile('x^2/20 + y^2');
    const adam = getOptimizer('adam');
    if (!fn.ok || !adam) throw new Error('setup');
    const params = resolveParams(adam, { lr: 0.1 });
    if (!params.ok) throw new Error(params.error);
    const make = (seed: number, sigma: number) =>
      Array.from(
        new Run({
          fn: fn.value,
          optimizer: adam,
          params: params.value,
          start: [-7, 2],
          noise: new SeededNormal(seed),
          noiseSigma: sigma,
        })
          .advanceTo(50)
          .xyf.subarray(0, 153),
      );
    const plain = Array.from(
      new Run({ fn: fn.value, optimizer: adam, params: params.value, start: [-7, 2] })
        .advanceTo(50)
        .xyf.subarray(0, 153),
    );
    expect(make(5, 0.3)).toEqual(make(5, 0.3));
    expect(make(5, 0.3)).not.toEqual(make(6, 0.3));
    expect(make(5, 0)).toEqual(plain);
  });
});
