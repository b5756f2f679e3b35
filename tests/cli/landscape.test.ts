/** `descent landscape`: the output's shape on a tiny case worked by hand, and its errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';

function landscape(cases: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'descent-')), 'cases.json');
  writeFileSync(file, typeof cases === 'string' ? cases : JSON.stringify(cases));
  let out = '';
  let err = '';
  const status = main(
    ['landscape', file],
    { write: (t: string) => (out += t) },
    { write: (t: string) => (err += t) },
  );
  return { out, err, status };
}

// Logistic regression (layers [1, 1]): loss(w, b) on x = [1, −1], y = [1, 0] is
// ½[log(1 + e^−(w+b)) + log(1 + e^(−w+b))].
const tiny = {
  id: 'logistic',
  data: { x: [[1], [-1]], y: [1, 0] },
  layers: [1, 1],
  activation: 'tanh',
  loss: 'bce',
  weights: [{ W: [[0.5]], b: [0.25] }],
  directions: [[{ W: [[1]], b: [0] }], [{ W: [[0]], b: [1] }]],
  normalize: 'none',
  grid: { alpha: [-1, 1], beta: [0, 2], n: 3 },
  runs: [{ id: 'sgd', optimizer: 'sgd', params: { lr: 0.5 }, steps: 2 }],
};
const lossAt = (w: number, b: number) => (Math.log1p(Math.exp(-(w + b))) + Math.log1p(Math.exp(-w + b))) / 2;

describe('descent landscape', () => {
  it('prints the grid loss[i][j] at (alpha[i], beta[j]) and each run with its coordinates', () => {
    const { out, err, status } = landscape([tiny]);
    expect(err).toBe('');
    expect(status).toBe(0);
    const [r] = JSON.parse(out).results;
    expect(Object.keys(r)).toEqual(['id', 'alpha', 'beta', 'loss', 'runs']);
    expect(r.alpha).toEqual([-1, 0, 1]);
    expect(r.beta).toEqual([0, 1, 2]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++)
        expect(r.loss[i][j]).toBeCloseTo(lossAt(0.5 + r.alpha[i], 0.25 + r.beta[j]), 14);
    }
    const [run] = r.runs;
    expect(Object.keys(run)).toEqual(['id', 'loss', 'params', 'coords']);
    expect(run.params[0]).toEqual([0.5, 0.25]);
    expect(run.loss).toHaveLength(3);
    expect(run.loss[0]).toBeCloseTo(lossAt(0.5, 0.25), 14);
    // With d1 = (1, 0) and d2 = (0, 1) the coordinates are the change of (w, b).
    for (let k = 0; k < 3; k++) {
      expect(run.coords[k][0]).toBeCloseTo(run.params[k][0] - 0.5, 14);
      expect(run.coords[k][1]).toBeCloseTo(run.params[k][1] - 0.25, 14);
    }
  });

  it('reports each bad case by field and still runs the others (exit status 1)', () => {
    const bad = (patch: Record<string, unknown>) => ({ ...tiny, ...patch });
    const cases = [
      bad({ id: 'shape', weights: [{ W: [[0.5, 1]], b: [0.25] }] }),
      bad({ id: 'label', data: { x: [[1]], y: [2] } }),
      bad({ id: 'norm', normalize: 'layer' }),
      bad({ id: 'grid', grid: { alpha: [0, 1], beta: [0, 1], n: 100000 } }),
      bad({ id: 'opt', runs: [{ id: 'r', optimizer: 'adamm', steps: 1 }] }),
      bad({ id: 'lr', runs: [{ id: 'r', optimizer: 'adam', params: { lr: -1 }, steps: 1 }] }),
      bad({ id: 'parallel', directions: [[{ W: [[1]], b: [0] }], [{ W: [[2]], b: [0] }]] }),
      bad({ id: 'extra', colour: 'red' }),
      bad({ id: 'newton', runs: [{ id: 'r', optimizer: 'newton', steps: 2 }] }),
      bad({ id: 'sched', runs: [{ id: 'r', optimizer: 'sgd', steps: 2, schedule: { name: 'NoSuchLR' } }] }),
      tiny,
    ];
    const { out, err, status } = landscape(cases);
    expect(status).toBe(1);
    const results = JSON.parse(out).results;
    const errors = Object.fromEntries(
      results
        .filter((r: { error?: string }) => r.error)
        .map((r: { id: string; error: string }) => [r.id, r.error]),
    );
    expect(errors.shape).toMatch(/"weights"\[0\]\.W\[0\] must be an array of 1 numbers/);
    expect(errors.label).toMatch(/"data.y"\[0\] must be 0 or 1/);
    expect(errors.norm).toMatch(/"normalize" must be "filter" or "none"/);
    expect(errors.grid).toMatch(/"grid.n" must be an integer from 1 to/);
    expect(errors.opt).toMatch(/run "r": unknown optimizer "adamm"/);
    expect(errors.lr).toMatch(/run "r": adam: lr = -1 is out of range/);
    expect(errors.parallel).toMatch(/parallel/);
    expect(errors.extra).toMatch(/unknown field "colour"/);
    expect(errors.newton).toMatch(/run "r": step 1: newton needs the exact Hessian/);
    expect(errors.sched).toMatch(/run "r": schedule.name = "NoSuchLR" is not a schedule/);
    expect(results.at(-1).id).toBe('logistic');
    expect(results.at(-1).error).toBeUndefined();
    expect(err).toMatch(/descent: case "shape"/);
  });

  it('bounds the work of a case before computing it', () => {
    const big = {
      ...tiny,
      id: 'big',
      data: { x: Array(2000).fill([1]), y: Array(2000).fill(0) },
      grid: { alpha: [0, 1], beta: [0, 1], n: 401 },
      layers: [1, 200, 200, 1],
      weights: [
        { W: Array(200).fill([0]), b: Array(200).fill(0) },
        { W: Array(200).fill(Array(200).fill(0)), b: Array(200).fill(0) },
        { W: [Array(200).fill(0)], b: [0] },
      ],
      directions: [0, 1].map(() => [
        { W: Array(200).fill([1]), b: Array(200).fill(0) },
        { W: Array(200).fill(Array(200).fill(0)), b: Array(200).fill(0) },
        { W: [Array(200).fill(0)], b: [0] },
      ]),
      runs: [],
    };
    const started = Date.now();
    const { out } = landscape([big]);
    expect(JSON.parse(out).results[0].error).toMatch(/too much work/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('prints valid JSON for no cases, and refuses ids longer than 256 characters', () => {
    expect(JSON.parse(landscape([]).out)).toEqual({ results: [] });
    const { out, status } = landscape([{ ...tiny, id: 'x'.repeat(300) }, tiny]);
    expect(status).toBe(1);
    const results = JSON.parse(out).results;
    expect(results[0]).toEqual({ id: null, error: 'case #1: "id" is longer than 256 characters' });
    expect(results[1].id).toBe('logistic');
  });

  it('has help', () => {
    let out = '';
    main(['landscape', '--help'], { write: (t: string) => (out += t) }, { write: () => 0 });
    expect(out).toMatch(/descent landscape CASES.json/);
  });
});
