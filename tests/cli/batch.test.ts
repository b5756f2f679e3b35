import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';

/** Runs the command line in-process on a cases file and captures its output. */
function descent(command: string, cases: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'descent-batch-'));
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases));
  let out = '';
  let err = '';
  const status = main(
    [command, file],
    { write: (t: string) => (out += t) },
    { write: (t: string) => (err += t) },
  );
  return { out, err, status, results: status === 2 ? [] : JSON.parse(out).results };
}

interface Cell {
  end: [number | null, number | null];
  f: number | null;
  status: string;
  steps: number;
  label: number | null;
}

/** `descent run` of one case, reduced to what a cell says. */
function runAsCell(c: Record<string, unknown>): Omit<Cell, 'label'> {
  const { results, status } = descent('run', [c]);
  expect(status).toBe(0);
  const r = results[0];
  const last = r.trajectory.at(-1) ?? [null, null, null];
  return {
    end: [last[0], last[1]],
    f: last[2],
    status: r.status,
    steps: r.status === 'diverged' ? r.diverged_at : r.status === 'converged' ? r.converged_at : c.steps,
  };
}

const withoutLabel = ({ label: _, ...rest }: Cell) => rest;

describe('descent basins', () => {
  const himmelblau = {
    id: 'h',
    f: 'himmelblau',
    optimizer: 'adam',
    params: { lr: 0.1 },
    steps: 400,
    tolerance: 1e-4,
    grid: { x: [-6, 6], y: [-6, 6], n: 7 },
  };

  it('prints the axes (ends included) and cells[i][j] equal to descent run from (x[i], y[j])', () => {
    const { results, status, err } = descent('basins', [himmelblau]);
    expect(err).toBe('');
    expect(status).toBe(0);
    const [r] = results;
    expect(r.id).toBe('h');
    expect(r.x).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(r.y).toEqual(r.x);
    const { grid: _, ...runCase } = himmelblau;
    const statuses = new Set<string>();
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 7; j++) {
        const cell = r.cells[i][j] as Cell;
        expect(withoutLabel(cell), `(${r.x[i]}, ${r.y[j]})`).toEqual(
          runAsCell({ ...runCase, start: [r.x[i], r.y[j]] }),
        );
        statuses.add(cell.status);
      }
    }
    expect(statuses.has('converged')).toBe(true);
  });

  it('takes a schedule and seeded noise as descent run does', () => {
    const noisy = {
      ...himmelblau,
      optimizer: 'momentum',
      params: { lr: 0.01 },
      steps: 60,
      schedule: { name: 'StepLR', step_size: 10, gamma: 0.5 },
      noise: { sigma: 0.3, seed: 3 },
      grid: { x: [-4, 4], y: [-4, 4], n: 4 },
    };
    const { results, status } = descent('basins', [noisy]);
    expect(status).toBe(0);
    const { grid: _, ...runCase } = noisy;
    const [r] = results;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        expect(withoutLabel(r.cells[i][j])).toEqual(runAsCell({ ...runCase, start: [r.x[i], r.y[j]] }));
      }
    }
  });

  it("labels a cell by the index of the minimum it reached in the preset's list", () => {
    // Starts (3, 2) — Himmelblau's first listed minimum, where ∇f = 0 — and (4, 3): both end at minimum 0.
    const { results } = descent('basins', [
      { ...himmelblau, steps: 300, grid: { x: [3, 4], y: [2, 3], n: 2 } },
    ]);
    const cells = results[0].cells as Cell[][];
    expect(cells[0][0]).toEqual({ end: [3, 2], f: 0, status: 'converged', steps: 0, label: 0 });
    expect(cells[1][1].label).toBe(0);
    expect(cells[1][1].end[0]).toBeCloseTo(3, 3);
  });

  it('labels an expression by clusters of end points and marks diverged cells', () => {
    // x^4/4 − x^2/2 + y^2: minima at x = ±1. SGD lr 0.1 from x < 0 ends at −1, from x > 0 at +1;
    // x = 0 is the ridge (∇f = 0 there, it stays). lr 0.1 from |x| = 6: x − 0.1(x³ − x) overshoots and blows up.
    const { results } = descent('basins', [
      {
        id: 'w',
        f: 'x^4/4 - x^2/2 + y^2',
        optimizer: 'sgd',
        params: { lr: 0.1 },
        steps: 300,
        grid: { x: [-6, 6], y: [0, 0.5], n: 5 },
      },
    ]);
    const cells = results[0].cells as Cell[][];
    // x = −6, −3, 0, 3, 6.
    expect(cells[0][0].status).toBe('diverged');
    expect(cells[0][0].label).toBeNull();
    expect(cells[1][0].end[0]).toBeCloseTo(-1, 6);
    expect(cells[2][0].end[0]).toBe(0);
    expect(cells[3][0].end[0]).toBeCloseTo(1, 6);
    // Clusters are numbered in cell order: (−1, ·) first, then (0, ·), then (1, ·).
    expect(cells.slice(1, 4).map((row) => row.map((c) => c.label))).toEqual([
      [0, 0, 0, 0, 0],
      [1, 1, 1, 1, 1],
      [2, 2, 2, 2, 2],
    ]);
  });

  it('reports bad cases one by one and exits with 1', () => {
    const { results, status, err } = descent('basins', [
      { ...himmelblau, id: 'start', start: [0, 0] },
      { ...himmelblau, id: 'nogrid', grid: undefined },
      { ...himmelblau, id: 'n', grid: { x: [-1, 1], y: [-1, 1], n: 10_000 } },
      { ...himmelblau, id: 'range', grid: { x: [1, -1], y: [-1, 1], n: 3 } },
      { ...himmelblau, id: 'work', steps: 1_000_000, grid: { x: [-1, 1], y: [-1, 1], n: 512 } },
      { ...himmelblau, id: 'opt', optimizer: 'adamm' },
      { ...himmelblau, id: 'ok', grid: { x: [-1, 1], y: [-1, 1], n: 2 } },
    ]);
    expect(status).toBe(1);
    expect(results.map((r: { error?: string }) => r.error ?? 'ok')).toEqual([
      expect.stringMatching(/"start" comes from the grid/),
      expect.stringMatching(/missing "grid"/),
      expect.stringMatching(/grid\.n must be an integer from 2 to 512/),
      expect.stringMatching(/grid\.x must be \[lo, hi\].*lo < hi/),
      expect.stringMatching(/cell-steps is more than/),
      expect.stringMatching(/unknown optimizer "adamm"/),
      'ok',
    ]);
    expect(err.split('\n').filter(Boolean)).toHaveLength(6);
  });
});

describe('descent sweep', () => {
  const book = {
    id: 'm',
    f: 'x^2/20 + y^2',
    optimizer: 'momentum',
    start: [-7, 2],
    steps: 60,
    tolerance: 1e-3,
  };

  it('cells[i][j] equal descent run with exactly the printed values', () => {
    const { results, status } = descent('sweep', [
      {
        ...book,
        sweep: {
          lr: { range: [0.01, 2], n: 6, scale: 'log' },
          momentum: { range: [0, 0.9], n: 4, scale: 'linear' },
        },
      },
    ]);
    expect(status).toBe(0);
    const [r] = results;
    expect(Object.keys(r.axes)).toEqual(['lr', 'momentum']);
    expect(r.axes.lr[0]).toBe(0.01);
    expect(r.axes.lr[5]).toBe(2);
    expect(r.axes.lr[1]).toBeCloseTo(0.01 * 200 ** 0.2, 14);
    expect(r.axes.momentum).toEqual([0, 0.3, 0.6, 0.9]);
    const statuses = new Set<string>();
    r.axes.lr.forEach((lr: number, i: number) => {
      r.axes.momentum.forEach((momentum: number, j: number) => {
        const cell = r.cells[i][j] as Cell;
        expect(withoutLabel(cell)).toEqual(runAsCell({ ...book, params: { lr, momentum } }));
        statuses.add(cell.status);
      });
    });
    // lr = 2 is past SGD's limit 2/λmax = 1 on this quadratic (λmax = 2): it diverges.
    expect([...statuses].sort()).toEqual(['converged', 'diverged', 'running']);
  });

  it('one parameter gives cells[i][0]; "steps" is an axis of integers', () => {
    const { results } = descent('sweep', [{ ...book, sweep: { steps: { range: [0, 10], n: 4 } } }]);
    const [r] = results;
    // 0, 3.33…, 6.66…, 10 rounded.
    expect(r.axes.steps).toEqual([0, 3, 7, 10]);
    expect(r.cells.map((row: Cell[]) => row.length)).toEqual([1, 1, 1, 1]);
    r.axes.steps.forEach((steps: number, i: number) => {
      expect(withoutLabel(r.cells[i][0])).toEqual(runAsCell({ ...book, steps }));
    });
  });

  it('reports bad sweeps', () => {
    const { results, status } = descent('sweep', [
      {
        ...book,
        id: 'three',
        sweep: {
          lr: { range: [0.1, 1], n: 2 },
          momentum: { range: [0, 1], n: 2 },
          dampening: { range: [0, 1], n: 2 },
        },
      },
      { ...book, id: 'bool', sweep: { nesterov: { range: [0, 1], n: 2 } } },
      { ...book, id: 'log0', sweep: { lr: { range: [0, 1], n: 2, scale: 'log' } } },
      { ...book, id: 'big', sweep: { lr: { range: [0.1, 1], n: 1000 } } },
      { ...book, id: 'out', optimizer: 'adam', sweep: { beta1: { range: [0.5, 1.5], n: 3 } } },
    ]);
    expect(status).toBe(1);
    expect(results.map((r: { error: string }) => r.error)).toEqual([
      expect.stringMatching(/one or two parameters/),
      expect.stringMatching(/"nesterov" is not a number parameter of momentum/),
      expect.stringMatching(/log range needs lo > 0/),
      expect.stringMatching(/sweep\.lr\.n must be an integer from 2 to 256/),
      expect.stringMatching(/sweep: adam: beta1 = 1 is out of range/),
    ]);
  });
});

describe('descent tune', () => {
  // SGD on x² + y²: x ← (1 − 2·lr)·x, so lr = 0.5 lands on the minimum in one step and the final f
  // falls as |1 − 2·lr| does; lr > 1 grows without bound.
  const bowl = { id: 'sgd', f: 'x^2 + y^2', optimizer: 'sgd', start: [3, -4], steps: 20 };

  it('finds the best lr on a log grid refined around it; every point is descent run with that lr', () => {
    const { results, status } = descent('tune', [bowl]);
    expect(status).toBe(0);
    const [r] = results;
    expect(r.optimizer).toBe('sgd');
    expect(r.metric).toBe('final_f');
    // 19 grid rates + 2 rounds of 8 (a rate already on the curve is not run twice).
    expect(r.curve.length).toBeGreaterThan(19 + 8);
    expect(r.curve.length).toBeLessThanOrEqual(19 + 2 * 8);
    const lrs = r.curve.map((p: { lr: number }) => p.lr);
    expect(lrs).toEqual([...lrs].sort((a, b) => a - b));
    expect(lrs[0]).toBe(1e-5);
    expect(lrs.at(-1)).toBe(10);
    expect(r.best.lr).toBeGreaterThan(0.45);
    expect(r.best.lr).toBeLessThan(0.55);
    expect(r.curve.at(-1).status).toBe('diverged');
    expect(r.curve.at(-1).value).toBeNull();
    for (const p of [r.curve[0], r.best, r.curve.at(-1)]) {
      const { lr, value: _, ...cell } = p;
      expect(withoutLabel(cell)).toEqual(runAsCell({ ...bowl, params: { lr } }));
    }
  });

  it('with metric "steps" the best converges in the fewest steps', () => {
    const { results } = descent('tune', [
      { ...bowl, tolerance: 1e-6, tune: { metric: 'steps', rounds: 0, n: 11, range: [0.01, 1] } },
    ]);
    const [r] = results;
    // Rates 0.01·100^(i/10): 0.398 and 0.631 flank 0.5; |1 − 2·lr| = 0.20 and 0.26.
    expect(r.best.lr).toBeCloseTo(0.01 * 100 ** 0.8, 12);
    const converged = r.curve.filter((p: Cell) => p.status === 'converged');
    expect(Math.min(...converged.map((p: Cell) => p.steps))).toBe(r.best.value);
  });

  it('reports bad tune fields', () => {
    const { results, status } = descent('tune', [
      { ...bowl, id: 'm', tune: { metric: 'loss' } },
      { ...bowl, id: 'r', tune: { range: [0, 1] } },
      { ...bowl, id: 'k', tune: { rounds: 9 } },
    ]);
    expect(status).toBe(1);
    expect(results.map((r: { error: string }) => r.error)).toEqual([
      expect.stringMatching(/tune\.metric must be "final_f" or "steps"/),
      expect.stringMatching(/lo > 0/),
      expect.stringMatching(/tune\.rounds must be an integer from 0 to 5/),
    ]);
  });
});
