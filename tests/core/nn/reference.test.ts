/**
 * `descent landscape`'s core against torch 1.13 in float64 (tests/reference/landscape_ref.py: nn.Linear,
 * BCEWithLogitsLoss, torch.optim, loss-landscape's filter normalisation and lstsq projection written in
 * torch/numpy). Loss grid to 1e-9; training (loss and every parameter at every step) and coordinates
 * to 1e-7; PCA directions to 1e-7. Regenerate: /usr/bin/python3 tests/reference/landscape_ref.py
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isLandscapeError,
  type LandscapeResult,
  runLandscapeCases,
  validateLandscapeCase,
} from '../../../src/core/nn/cases.ts';
import { normalizeDirection, pcaDirections } from '../../../src/core/nn/landscape.ts';
import { layerSlices } from '../../../src/core/nn/mlp.ts';

interface Fixture {
  readonly cases: readonly { readonly id: string; readonly layers: number[] }[];
  readonly expected: readonly LandscapeResult[];
  readonly normalized: readonly (readonly [number[], number[]])[];
  readonly pca: readonly {
    id: string;
    runs: number;
    d1: number[];
    d2: number[];
    explained: [number, number];
  }[];
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../reference/fixtures/landscape.json', import.meta.url), 'utf8'),
);

/** Largest |a − b| over two nested arrays of the same shape (Infinity when the shapes differ). */
function maxDiff(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Number.POSITIVE_INFINITY;
    return a.reduce((m: number, x, i) => Math.max(m, maxDiff(x, b[i])), 0);
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  return Number.POSITIVE_INFINITY;
}

const outcomes = runLandscapeCases(fixture.cases);

describe.each(fixture.cases.map((c, i) => [c.id, i] as const))('%s against torch', (_, index) => {
  const outcome = outcomes[index]!;
  const expected = fixture.expected[index]!;

  it('computes without error', () => {
    expect(isLandscapeError(outcome)).toBe(false);
  });
  const result = outcome as LandscapeResult;

  it('has numpy linspace grid axes', () => {
    expect(maxDiff(result.alpha, expected.alpha)).toBeLessThanOrEqual(1e-15);
    expect(maxDiff(result.beta, expected.beta)).toBeLessThanOrEqual(1e-15);
  });

  it('matches the loss grid to 1e-9', () => {
    expect(maxDiff(result.loss, expected.loss)).toBeLessThanOrEqual(1e-9);
  });

  it.each(expected.runs.map((r, j) => [r.id, j] as const))(
    'run %s: loss, parameters and coords to 1e-7',
    (_, j) => {
      const run = result.runs[j]!;
      const want = expected.runs[j]!;
      expect(run.id).toBe(want.id);
      expect(maxDiff(run.loss, want.loss)).toBeLessThanOrEqual(1e-7);
      expect(maxDiff(run.params, want.params)).toBeLessThanOrEqual(1e-7);
      expect(maxDiff(run.coords, want.coords)).toBeLessThanOrEqual(1e-7);
    },
  );

  it('normalises the directions as loss-landscape does', () => {
    const checked = validateLandscapeCase(fixture.cases[index], index);
    if (!checked.ok) throw new Error(checked.error.error);
    const c = checked.value;
    const slices = layerSlices(c.layers);
    const d1 = normalizeDirection(slices, c.theta0, c.d1, c.normalize);
    const d2 = normalizeDirection(slices, c.theta0, c.d2, c.normalize);
    expect(maxDiff(Array.from(d1), fixture.normalized[index]![0])).toBeLessThanOrEqual(1e-12);
    expect(maxDiff(Array.from(d2), fixture.normalized[index]![1])).toBeLessThanOrEqual(1e-12);
  });
});

describe.each(fixture.pca.map((p) => [p.id, p] as const))('PCA directions of %s', (id, want) => {
  it('match setup_PCA_directions (numpy SVD of the centred paths, biases ignored)', () => {
    const index = fixture.cases.findIndex((c) => c.id === id);
    const layers = fixture.cases[index]!.layers;
    const runs = fixture.expected[index]!.runs.slice(0, want.runs);
    const paths = runs.map((r) => Float64Array.from(r.params.flat()));
    const dim = runs[0]!.params[0]!.length;
    const pca = pcaDirections(layerSlices(layers), paths, dim, true);
    expect(maxDiff(Array.from(pca.d1), want.d1)).toBeLessThanOrEqual(1e-7);
    expect(maxDiff(Array.from(pca.d2), want.d2)).toBeLessThanOrEqual(1e-7);
    expect(maxDiff([...pca.explained], want.explained)).toBeLessThanOrEqual(1e-9);
  });
});
