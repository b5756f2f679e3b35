import { describe, expect, it } from 'vitest';
import {
  allocateCells,
  type BatchCells,
  BLOCK,
  CONVERGED,
  DIVERGED,
  isStacked,
  RUNNING,
  runSettings,
  runStarts,
  STATUSES,
} from '../../../src/core/batch/engine.ts';
import { compile } from '../../../src/core/expr/index.ts';
import type { CompiledFunction } from '../../../src/core/expr/types.ts';
import { SeededNormal } from '../../../src/core/noise.ts';
import { OPTIMIZERS, resolveParams } from '../../../src/core/optimizers/index.ts';
import type { OptimizerDef, ParamValues } from '../../../src/core/optimizers/types.ts';
import { type GradientMode, Run, type StepScheduler } from '../../../src/core/runner.ts';

function compiled(source: string): CompiledFunction {
  const c = compile(source);
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

function params(def: OptimizerDef, given: Record<string, unknown>): ParamValues {
  const r = resolveParams(def, given);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** What a batch cell must equal: the end of `Run` for the same spec, in the cell's terms. */
function expectCellIsRun(cells: BatchCells, i: number, run: Run, steps: number, where: string): void {
  const last = run.rows - 1;
  const expected = {
    x: last >= 0 ? run.xyf[3 * last] : Number.NaN,
    y: last >= 0 ? run.xyf[3 * last + 1] : Number.NaN,
    f: last >= 0 ? run.xyf[3 * last + 2] : Number.NaN,
    status: run.status,
    steps: run.status === 'diverged' ? run.divergedAt : run.status === 'converged' ? run.convergedAt : steps,
  };
  const actual = {
    x: cells.x[i],
    y: cells.y[i],
    f: cells.f[i],
    status: STATUSES[cells.status[i]!],
    steps: cells.steps[i],
  };
  // toEqual uses Object.is on numbers: bit-for-bit (NaN equals NaN, 0 differs from −0).
  expect(actual, where).toEqual(expected);
}

/** n×n starts over [lo, hi]², row-major in x. */
function gridStarts(lo: number, hi: number, n: number) {
  const xs = new Float64Array(n * n);
  const ys = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      xs[i * n + j] = lo + ((hi - lo) * i) / (n - 1);
      ys[i * n + j] = lo + ((hi - lo) * j) / (n - 1);
    }
  return { xs, ys };
}

interface Scenario {
  readonly name: string;
  readonly f: string;
  readonly given: (def: OptimizerDef) => Record<string, unknown>;
  readonly range: readonly [number, number];
  readonly steps: number;
  readonly tolerance?: number;
  readonly bound?: number;
  readonly gradient?: GradientMode;
}

const SCENARIOS: readonly Scenario[] = [
  // Himmelblau with a large lr: some starts converge, some diverge, some keep moving.
  {
    name: 'himmelblau, lr 0.02',
    f: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    given: () => ({ lr: 0.02 }),
    range: [-6, 6],
    steps: 120,
    tolerance: 1e-3,
  },
  // The book's quadratic with a tolerance reached on the way: converged rows, and lr big enough to diverge
  // past a tight bound for SGD-like rules.
  {
    name: 'quadratic, bound 50',
    f: 'x^2/20 + y^2',
    given: () => ({ lr: 0.9 }),
    range: [-40, 40],
    steps: 80,
    tolerance: 1e-2,
    bound: 50,
  },
  // f not finite at the start for x < 0 (log), and a gradient that overflows to NaN for large x.
  {
    name: 'log and atan(exp)',
    f: 'log(x + 3) + atan(exp(x)) + y^2',
    given: () => ({ lr: 0.5 }),
    range: [-5, 800],
    steps: 30,
  },
  // The numeric gradient.
  {
    name: 'rosenbrock numeric',
    f: '(1 - x)^2 + 100*(y - x^2)^2',
    given: () => ({ lr: 0.001 }),
    range: [-2, 2],
    steps: 60,
    gradient: 'numeric',
  },
];

describe('runStarts: every cell is the Run of the same spec, bit for bit', () => {
  for (const def of OPTIMIZERS) {
    it(`${def.id}${isStacked(def) ? ' (stacked)' : ' (cell by cell)'}`, () => {
      const seen = new Set<string>();
      for (const s of SCENARIOS) {
        const fn = compiled(s.f);
        const values = params(def, s.given(def));
        // Stacked: 23 × 23 = 529 cells, more than two blocks, the last one partial. Cell by cell (coupled
        // rules, some slow: L-BFGS's line searches): 8 × 8.
        const { xs, ys } = gridStarts(s.range[0], s.range[1], isStacked(def) ? 23 : 8);
        const spec = {
          fn,
          optimizer: def,
          params: values,
          steps: s.steps,
          gradient: s.gradient,
          tolerance: s.tolerance,
          bound: s.bound,
        };
        const cells = runStarts(spec, xs, ys);
        for (let i = 0; i < xs.length; i++) {
          const run = new Run({ ...spec, start: [xs[i]!, ys[i]!] }).advanceTo(s.steps);
          expectCellIsRun(cells, i, run, s.steps, `${s.name}, start (${xs[i]}, ${ys[i]})`);
          seen.add(STATUSES[cells.status[i]!]!);
        }
      }
      // The scenarios reach all three outcomes for every rule but Muon, whose steps keep a fixed length
      // (its orthogonalized update) and so never bring |∇f| below a tolerance: it diverges or keeps moving.
      expect([...seen].sort()).toEqual(
        def.id === 'muon' ? ['diverged', 'running'] : ['converged', 'diverged', 'running'],
      );
    }, 60_000);
  }

  it('diverges at 0 where the start itself is not finite, with no end point', () => {
    const def = OPTIMIZERS.find((d) => d.id === 'adam')!;
    const cells = runStarts(
      { fn: compiled('log(x)'), optimizer: def, params: params(def, {}), steps: 5 },
      [-1, 1],
      [0, 0],
    );
    expect(cells.status[0]).toBe(DIVERGED);
    expect(cells.steps[0]).toBe(0);
    expect(cells.x[0]).toBeNaN();
    expect(cells.f[0]).toBeNaN();
    // log(1) = 0, gradient 1 ≠ 0: still moving after 5 steps, end point x > 0 and finite.
    expect(cells.status[1]).toBe(RUNNING);
    expect(cells.steps[1]).toBe(5);
  });

  it('a converged cell reports the first row of its final run below the tolerance', () => {
    // SGD with lr 0.5 on x^2 + y^2 lands on the minimum in one step: x1 = x0 − 0.5·2x0 = 0.
    const def = OPTIMIZERS.find((d) => d.id === 'sgd')!;
    const cells = runStarts(
      { fn: compiled('x^2 + y^2'), optimizer: def, params: params(def, { lr: 0.5 }), steps: 7 },
      [3],
      [-2],
    );
    expect([cells.status[0], cells.steps[0], cells.x[0], cells.y[0], cells.f[0]]).toEqual([
      CONVERGED,
      1,
      0,
      0,
      0,
    ]);
  });

  it('fills a slice of the output and stops when progress answers false', () => {
    const def = OPTIMIZERS.find((d) => d.id === 'adam')!;
    const spec = { fn: compiled('x^2 + y^2'), optimizer: def, params: params(def, {}), steps: 3 };
    const n = 3 * BLOCK;
    const xs = new Float64Array(n).fill(1);
    const ys = new Float64Array(n).fill(2);
    const out = allocateCells(n);
    const reports: number[] = [];
    runStarts(spec, xs, ys, out, BLOCK, n, (done) => {
      reports.push(done);
      return false;
    });
    expect(reports).toEqual([BLOCK]);
    expect(out.steps[BLOCK - 1]).toBe(0); // before the slice: untouched
    expect(out.steps[BLOCK]).toBe(3);
    expect(out.steps[2 * BLOCK]).toBe(0); // after the cancel: untouched
  });

  it('runs a scheduler per block as Run does per run', () => {
    const def = OPTIMIZERS.find((d) => d.id === 'momentum')!;
    const halve = (): StepScheduler => ({
      step(group) {
        group.lr = group.lr * 0.5;
      },
    });
    const spec = {
      fn: compiled('(x^2 + y - 11)^2 + (x + y^2 - 7)^2'),
      optimizer: def,
      params: params(def, { lr: 0.01 }),
      steps: 40,
    };
    const { xs, ys } = gridStarts(-5, 5, 17);
    const cells = runStarts({ ...spec, scheduler: halve }, xs, ys);
    for (let i = 0; i < xs.length; i++) {
      const run = new Run({ ...spec, start: [xs[i]!, ys[i]!], scheduler: halve() }).advanceTo(spec.steps);
      expectCellIsRun(cells, i, run, spec.steps, `start ${i}`);
    }
  });
});

describe('runStarts with gradient noise: each cell is the Run with the same seed', () => {
  for (const id of ['adam', 'schedulefree_sgd', 'lbfgs', 'rprop']) {
    it(id, () => {
      const def = OPTIMIZERS.find((d) => d.id === id)!;
      const spec = {
        fn: compiled('(x^2 + y - 11)^2 + (x + y^2 - 7)^2'),
        optimizer: def,
        params: params(def, { lr: id === 'lbfgs' ? 0.1 : 0.01 }),
        steps: id === 'lbfgs' ? 15 : 60,
        tolerance: 1e-2,
      };
      const n = id === 'lbfgs' ? 5 : 19; // 19² = 361 cells: two blocks
      const { xs, ys } = gridStarts(-6, 6, n);
      const cells = runStarts({ ...spec, noise: { sigma: 0.5, source: () => new SeededNormal(7) } }, xs, ys);
      for (let i = 0; i < xs.length; i++) {
        const run = new Run({
          ...spec,
          start: [xs[i]!, ys[i]!],
          noise: new SeededNormal(7),
          noiseSigma: 0.5,
        }).advanceTo(spec.steps);
        expectCellIsRun(cells, i, run, spec.steps, `start ${i}`);
      }
      // The noise did something: the same cells without it end elsewhere.
      const quiet = runStarts(spec, xs, ys);
      expect(quiet.x.some((x, i) => x !== cells.x[i])).toBe(true);
    }, 60_000);
  }
});

describe('runSettings: cells that differ in their parameters', () => {
  it('equals Run for each setting, diverging ones included', () => {
    const def = OPTIMIZERS.find((d) => d.id === 'momentum')!;
    const fn = compiled('x^2/20 + y^2');
    const settings = [0.01, 0.1, 0.5, 0.9, 1.1, 3].flatMap((lr) =>
      [0, 0.5, 0.9, 0.99].map((momentum) => params(def, { lr, momentum })),
    );
    const cells = runSettings(
      { fn, optimizer: def, steps: 200, tolerance: 1e-4 },
      settings.map((p) => ({ params: p })),
      [-7, 2],
    );
    const seen = new Set<number>();
    settings.forEach((values, i) => {
      const run = new Run({ fn, optimizer: def, params: values, start: [-7, 2], tolerance: 1e-4 }).advanceTo(
        200,
      );
      expectCellIsRun(cells, i, run, 200, `setting ${JSON.stringify(values)}`);
      seen.add(cells.status[i]!);
    });
    expect(seen.size).toBe(3);
  });
});
