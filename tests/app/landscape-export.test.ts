/**
 * The network view's JSON export against the command line. The page's numbers come from
 * `runExperiment` (what the page's worker runs); the expected numbers come from the other path, the
 * one `descent landscape` takes: the exported case read back from its JSON text, validated and
 * computed by `runLandscapeCase` (the CLI's core, itself checked against hidden PyTorch references).
 * The two share only the lowest layers (the network, the optimizers' step rules, the grid loop): the
 * case's data, weights, directions, grid ends and runs are re-read from the file, so a wrong layout,
 * a wrong row order, an unnormalised direction or a shifted grid in the export makes them differ.
 */
import { describe, expect, it } from 'vitest';
import { landscapeExport, linearLayout } from '../../src/app/landscape-export.ts';
import { runLandscapeCase } from '../../src/core/nn/cases.ts';
import { type ExperimentSpec, runExperiment } from '../../src/core/nn/experiment.ts';

const base: ExperimentSpec = {
  dataset: 'xor',
  noise: 0.1,
  points: 40,
  trainFraction: 0.5,
  seed: 3,
  layers: [2, 4, 3, 1],
  activation: 'tanh',
  steps: 25,
  runs: [
    { id: '1: sgd', optimizer: 'sgd', params: { lr: 0.3 } },
    { id: '2: adam', optimizer: 'adam', params: { lr: 0.02 } },
  ],
  plane: 'pca',
  n: 7,
};

function exported(spec: ExperimentSpec) {
  const r = runExperiment(spec);
  if (!r.ok) throw new Error(r.error);
  const text = landscapeExport(spec, r.value, 'nn=1', 'caption');
  return JSON.parse(text) as { cases: unknown[]; results: unknown[]; page: { note?: string } };
}

describe('the network view JSON export', () => {
  it('writes parameters in nn.Linear layout: W out × in rows, then b, per layer', () => {
    // Layers 2 → 3 → 1: W₁ is 3 × 2 (entries 0–5), b₁ 6–8, W₂ is 1 × 3 (9–11), b₂ 12.
    const flat = Float64Array.from({ length: 13 }, (_, i) => i);
    expect(linearLayout([2, 3, 1], flat)).toEqual([
      {
        W: [
          [0, 1],
          [2, 3],
          [4, 5],
        ],
        b: [6, 7, 8],
      },
      { W: [[9, 10, 11]], b: [12] },
    ]);
  });

  for (const plane of ['pca', 'filter'] as const) {
    it(`${plane} plane: the CLI recomputes exactly the page's grid, losses, parameters and coordinates`, () => {
      const file = exported({ ...base, plane });
      expect(file.page.note).toBeUndefined();
      const cli = JSON.parse(JSON.stringify(runLandscapeCase(file.cases[0], 0)));
      expect(cli).not.toHaveProperty('error');
      expect(cli).toEqual(file.results[0]);
    });
  }

  it('a relu network and a run that needs its own defaults (momentum) match too', () => {
    const file = exported({
      ...base,
      activation: 'relu',
      dataset: 'circle',
      runs: [{ id: '1: momentum', optimizer: 'momentum', params: { lr: 0.05 } }],
    });
    expect(JSON.parse(JSON.stringify(runLandscapeCase(file.cases[0], 0)))).toEqual(file.results[0]);
  });

  it('minibatch runs: a note says the CLI cannot redo them; the grid still matches', () => {
    const file = exported({ ...base, batch: 5 });
    expect(file.page.note).toMatch(/minibatches of 5/);
    const cli = runLandscapeCase(file.cases[0], 0) as { loss: number[][]; runs: { loss: number[] }[] };
    const page = file.results[0] as typeof cli;
    expect(cli.loss).toEqual(page.loss);
    expect(cli.runs[0]!.loss).not.toEqual(page.runs[0]!.loss);
  });
});
