/** Playground's datasets: the recipes' geometry with no noise, determinism from the seed, the split. */
import { describe, expect, it } from 'vitest';
import { DATASETS, getDataset, makeData } from '../../../src/core/nn/datasets.ts';
import { createRng } from '../../../src/core/nn/random.ts';

const points = (id: string, count: number, noise: number, seed = 1) => {
  const d = getDataset(id)!.generate(count, noise, createRng(seed));
  return Array.from({ length: d.n }, (_, i) => [d.x[2 * i]!, d.x[2 * i + 1]!, d.y[i]!] as const);
};

describe('without noise the labels follow the recipe', () => {
  it('circle: inside radius 2.5 is 1, the ring from 3.5 to 5 is 0, half each', () => {
    const ps = points('circle', 200, 0);
    expect(ps).toHaveLength(200);
    for (const [x, y, label] of ps) {
      const r = Math.hypot(x, y);
      if (label === 1) expect(r).toBeLessThan(2.5);
      else expect(r >= 3.5 - 1e-12 && r <= 5 + 1e-12).toBe(true);
    }
    expect(ps.filter((p) => p[2] === 1)).toHaveLength(100);
  });

  it('xor: 1 where x·y ≥ 0, every coordinate at least 0.3 from the axes', () => {
    for (const [x, y, label] of points('xor', 300, 0)) {
      expect(label).toBe(x * y >= 0 ? 1 : 0);
      expect(Math.abs(x)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(y)).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('two Gaussians: the first half around (2, 2) labelled 1, the second around (−2, −2)', () => {
    const ps = points('gauss', 2000, 0);
    const mean = (sel: (typeof ps)[number][], k: 0 | 1) => sel.reduce((s, p) => s + p[k], 0) / sel.length;
    const pos = ps.slice(0, 1000);
    const neg = ps.slice(1000);
    expect(pos.every((p) => p[2] === 1) && neg.every((p) => p[2] === 0)).toBe(true);
    // Variance 0.5: the mean of 1000 samples is within 4σ/√n ≈ 0.09 of the centre.
    expect(Math.abs(mean(pos, 0) - 2)).toBeLessThan(0.09);
    expect(Math.abs(mean(neg, 1) + 2)).toBeLessThan(0.09);
    const variance = pos.reduce((s, p) => s + (p[0] - 2) ** 2, 0) / 1000;
    expect(Math.abs(variance - 0.5)).toBeLessThan(0.1);
  });

  it('spiral: point i of each arm at radius 5i/n on the arm rotated by 0 or π', () => {
    const ps = points('spiral', 100, 0);
    for (let i = 0; i < 50; i++) {
      const r = (i / 50) * 5;
      const t = ((1.75 * i) / 50) * 2 * Math.PI;
      expect(ps[i]![0]).toBeCloseTo(r * Math.sin(t), 12);
      expect(ps[i]![1]).toBeCloseTo(r * Math.cos(t), 12);
      expect(ps[50 + i]![0]).toBeCloseTo(r * Math.sin(t + Math.PI), 12);
      expect(ps[50 + i]![2]).toBe(0);
    }
  });
});

describe('noise, seeds and the split', () => {
  it('noise moves the points off the recipe (spiral) or flips labels near the boundary (xor)', () => {
    const clean = points('spiral', 100, 0);
    const noisy = points('spiral', 100, 0.5);
    expect(noisy.some((p, i) => Math.abs(p[0] - clean[i]![0]) > 0.01)).toBe(true);
    expect(points('xor', 400, 0.5).some(([x, y, label]) => label !== (x * y >= 0 ? 1 : 0))).toBe(true);
  });

  it.each(DATASETS.map((d) => d.id))('%s: the same seed gives the same points, another seed others', (id) => {
    const a = makeData(id, { count: 60, noise: 0.1, trainFraction: 0.5, seed: 42 });
    const b = makeData(id, { count: 60, noise: 0.1, trainFraction: 0.5, seed: 42 });
    const c = makeData(id, { count: 60, noise: 0.1, trainFraction: 0.5, seed: 43 });
    expect(a).toEqual(b);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(a.train.n + a.test.n).toBe(60);
    expect(a.train.n).toBe(30);
  });

  it('the split is a permutation of the generated points', () => {
    const all = points('circle', 40, 0.2, 9);
    const { train, test } = makeData('circle', { count: 40, noise: 0.2, trainFraction: 0.75, seed: 9 });
    expect(train.n).toBe(30);
    const key = (x: number, y: number) => `${x},${y}`;
    const split = new Set<string>();
    for (const d of [train, test]) for (let i = 0; i < d.n; i++) split.add(key(d.x[2 * i]!, d.x[2 * i + 1]!));
    expect(split).toEqual(new Set(all.map((p) => key(p[0], p[1]))));
  });
});
