/**
 * The hyperparameter map's pure mappings (app/sweep.ts): cell → colour, axis positions, cells under a
 * point, the theory of heavy ball on a quadratic, and the job a sweep pane asks for. Expectations are
 * worked by hand (logarithms, cell centres at (k + ½)/n) or come from their published sources
 * (matplotlib's viridis ends #440154 and #fde725; λ of x²/20 + y² from its Hessian diag(1/10, 2)).
 */
import { describe, expect, it, vi } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { computeTask, type SweepJob } from '../../src/app/batch-pool.ts';
import { parseCssColor } from '../../src/app/colormaps.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { caseExtras, momentumKeyOfDef } from '../../src/app/lab.ts';
import { runOf, runSpecOf } from '../../src/app/run-spec.ts';
import type { AppState, OptimizerEntry } from '../../src/app/state.ts';
import {
  applyCell,
  axisPosition,
  cellAt,
  cellColour,
  colourScale,
  DIVERGED_COLOUR,
  heavyBallTheory,
  paintCell,
  quadraticLambdaMax,
  SWEEP_DEFAULTS,
  scalePosition,
  scaleValue,
  settingsFor,
  stabilityEdge,
  sweepPlanOf,
  UNCONVERGED_COLOUR,
} from '../../src/app/sweep.ts';
import { curveScale, tuneInputs, tuneInputsMemo, tuneJobOf } from '../../src/app/tune-run.ts';
import { CONVERGED, DIVERGED, RUNNING, STATUSES } from '../../src/core/batch/status.ts';
import { runCase } from '../../src/core/cases.ts';
import { compile } from '../../src/core/expr/index.ts';
import { getOptimizer } from '../../src/core/optimizers/index.ts';
import { resolveSchedule } from '../../src/core/schedules/index.ts';

const VIRIDIS_LOW = '#440154';
const VIRIDIS_HIGH = '#fde725';

describe('colours of cells', () => {
  it('final f: decades above the best cell, from ε = 1e-12·(1 + |fmin|) up to fmax', () => {
    const sc = colourScale([0, 1e-3, 10, Number.NaN, Number.POSITIVE_INFINITY], 'final_f');
    expect(sc).toEqual({ metric: 'final_f', lo: 0, hi: 10, eps: 1e-12 });
    // log10(1e-3 + 1e-12) ≈ −3: 9 of the 13 decades from 1e-12 to 10.
    expect(scalePosition(1e-3, sc)).toBeCloseTo(9 / 13, 9);
    expect(scalePosition(0, sc)).toBe(0);
    expect(scalePosition(10, sc)).toBeCloseTo(1, 12);
    // The inverse: 10^(−12 + 13·u) − ε.
    expect(scaleValue(9 / 13, sc)).toBeCloseTo(1e-3 - 1e-12, 14);
    expect(cellColour(0, CONVERGED, sc)).toBe(VIRIDIS_LOW);
    expect(cellColour(10, RUNNING, sc)).toBe(VIRIDIS_HIGH);
  });

  it('final f tops out at the cap (f at the start); beyond it, the top colour', () => {
    const sc = colourScale([-1, 1, 1e6], 'final_f', 99);
    // ε = 1e-12·(1 + 1) = 2e-12; the top is f = 99, i.e. 100 above fmin = −1.
    expect(sc.hi).toBe(99);
    expect(sc.eps).toBe(2e-12);
    expect(scalePosition(1e6, sc)).toBe(1);
    // f = 0 is 1 above fmin: log10(1) = 0, between log10(2e-12) and log10(100).
    const a = Math.log10(2e-12);
    expect(scalePosition(0, sc)).toBeCloseTo((0 - a) / (2 - a), 9);
  });

  it('steps: linear between the fewest and the most; unconverged grey, diverged dark red', () => {
    const sc = colourScale([10, 20, 30, Number.NaN], 'steps');
    expect(scalePosition(20, sc)).toBe(0.5);
    expect(cellColour(10, CONVERGED, sc)).toBe(VIRIDIS_LOW);
    expect(cellColour(30, CONVERGED, sc)).toBe(VIRIDIS_HIGH);
    expect(cellColour(Number.NaN, RUNNING, sc)).toBe(UNCONVERGED_COLOUR);
    expect(cellColour(Number.NaN, DIVERGED, sc)).toBe(DIVERGED_COLOUR);
  });

  it('paintCell writes the same colours as bytes: viridis within a 256th, the fixed colours exact', () => {
    const sc = colourScale([10, 20, 30, Number.NaN], 'steps');
    const data = new Uint8ClampedArray(8).fill(7);
    const rgba = (known: boolean, v: number, status: number, scale = sc) => {
      paintCell(data, 4, known, v, status, scale);
      return Array.from(data.subarray(4));
    };
    // matplotlib's viridis ends: #440154 and #fde725 (sampled at the end texels' centres, ±2).
    const near = (got: number[], css: string) => {
      const want = parseCssColor(css);
      for (let k = 0; k < 3; k++) expect(Math.abs(got[k]! - want[k])).toBeLessThanOrEqual(2);
      expect(got[3]).toBe(255);
    };
    near(rgba(true, 10, CONVERGED), VIRIDIS_LOW);
    near(rgba(true, 30, CONVERGED), VIRIDIS_HIGH);
    near(rgba(true, 20, CONVERGED), cellColour(20, CONVERGED, sc));
    expect(rgba(true, Number.NaN, RUNNING)).toEqual([0x9a, 0x9a, 0x9a, 255]);
    expect(rgba(true, Number.NaN, DIVERGED)).toEqual([0x5a, 0x0d, 0x0d, 255]);
    expect(rgba(false, 20, CONVERGED)).toEqual([0xee, 0xee, 0xee, 255]);
    // Only its own four bytes.
    expect(Array.from(data.subarray(0, 4))).toEqual([7, 7, 7, 7]);
    const div = colourScale([0, 1], 'diverged');
    near(rgba(true, 1, RUNNING, div), cellColour(1, DIVERGED, div));
    near(rgba(true, 0, DIVERGED, div), cellColour(0, CONVERGED, div));
  });

  it('diverged: two colours, whatever the status says', () => {
    const sc = colourScale([0, 1], 'diverged');
    expect(cellColour(1, DIVERGED, sc)).not.toBe(cellColour(0, CONVERGED, sc));
    expect(cellColour(1, DIVERGED, sc)).toBe(cellColour(1, RUNNING, sc));
  });

  it('no finite value: a unit scale, no NaN out', () => {
    const sc = colourScale([Number.NaN], 'steps');
    expect(sc).toEqual({ metric: 'steps', lo: 0, hi: 1, eps: 0 });
  });
});

describe('axes', () => {
  it('cell centres sit at (k + ½)/n, log axes in log v', () => {
    const log = [1e-3, 1e-2, 1e-1, 1];
    expect(axisPosition(log, 'log', 1e-3)).toBeCloseTo(1 / 8, 12);
    expect(axisPosition(log, 'log', 1e-2)).toBeCloseTo(3 / 8, 12);
    expect(axisPosition(log, 'log', 1)).toBeCloseTo(7 / 8, 12);
    // Halfway in log between 1e-3 and 1e-2: √10·1e-3.
    expect(axisPosition(log, 'log', Math.sqrt(10) * 1e-3)).toBeCloseTo(2 / 8, 12);
    const lin = [0, 0.5, 1];
    expect(axisPosition(lin, 'linear', 0.25)).toBeCloseTo(1 / 3, 12);
    expect(axisPosition(lin, 'linear', 1)).toBeCloseTo(5 / 6, 12);
  });

  it('a point falls in cell ⌊u·n⌋, the right edge in the last', () => {
    expect(cellAt(0, 4)).toBe(0);
    expect(cellAt(0.375, 4)).toBe(1);
    expect(cellAt(0.99, 4)).toBe(3);
    expect(cellAt(1, 4)).toBe(3);
    expect(cellAt(-0.1, 4)).toBe(0);
  });
});

describe('theory on a quadratic', () => {
  it('λmax of x²/20 + y² is 2 (Hessian diag(1/10, 2)); Rosenbrock is not a quadratic', () => {
    const book = compile('x^2/20 + y^2');
    const rosen = compile('(1 - x)^2 + 100*(y - x^2)^2');
    if (!book.ok || !rosen.ok) throw new Error('compile');
    expect(quadraticLambdaMax(book.value, [-7, 2])).toBeCloseTo(2, 12);
    expect(quadraticLambdaMax(rosen.value, [-1, 1])).toBeNull();
  });

  it("heavy ball's edge lr·λ = 2(1 + β): lr 1 at β 0 and lr 1.9 at β 0.9 for λ = 2", () => {
    expect(stabilityEdge(2, 0)).toBe(1);
    expect(stabilityEdge(2, 0.9)).toBeCloseTo(1.9, 15);
  });

  it('applies to SGD and Momentum without dampening or Nesterov; weight decay adds to λ', () => {
    const s = defaultState();
    const sgd = s.optimizers[0]!;
    expect(heavyBallTheory(sgd, 2)).toEqual({ lambda: 2, momentum: 0 });
    expect(heavyBallTheory({ ...sgd, params: { ...sgd.params, weight_decay: 0.5 } }, 2)).toEqual({
      lambda: 2.5,
      momentum: 0,
    });
    expect(heavyBallTheory({ ...sgd, params: { ...sgd.params, dampening: 0.1 } }, 2)).toBeNull();
    expect(heavyBallTheory(sgd, null)).toBeNull();
    expect(heavyBallTheory(s.optimizers[3]!, 2)).toBeNull(); // Adam
  });
});

describe('the sweep of a row', () => {
  it('keeps x and y that the optimizer has; else lr, and momentum or beta1 or none', () => {
    const adam = getOptimizer('adam')!;
    const adagrad = getOptimizer('adagrad')!;
    expect(settingsFor(SWEEP_DEFAULTS, getOptimizer('sgd')!)).toBe(SWEEP_DEFAULTS);
    expect(settingsFor(SWEEP_DEFAULTS, adam).y).toEqual({
      name: 'beta1',
      from: 0,
      to: 0.99,
      scale: 'linear',
    });
    expect(settingsFor(SWEEP_DEFAULTS, adagrad).y).toBeNull();
    const eps = { ...SWEEP_DEFAULTS, x: { name: 'eps', from: 1e-8, to: 1e-2, scale: 'log' as const } };
    expect(settingsFor(eps, adagrad).x.name).toBe('eps');
  });

  it('the job leaves the swept parameters out, so loading a cell keeps the map', () => {
    const s = defaultState();
    const sgd = s.optimizers[0]!;
    const plan = sweepPlanOf(s, sgd, SWEEP_DEFAULTS);
    if (!plan.ok) throw new Error(plan.error);
    const { job, axes } = plan.value;
    expect(axes.map((a) => [a.name, a.values.length, a.values[0], a.values.at(-1)])).toEqual([
      ['lr', 48, 1e-3, 3],
      ['momentum', 48, 0, 0.99],
    ]);
    expect(job.params).not.toHaveProperty('lr');
    expect(job.params).not.toHaveProperty('momentum');
    expect(job.start).toEqual([-7, 2]);
    expect(job.steps).toBe(30);
    const loaded = applyCell(axes, sgd.key, 10, 20)(s);
    const row = loaded.optimizers[0]!;
    expect(row.params.lr).toBe(axes[0]!.values[10]);
    expect(row.params.momentum).toBe(axes[1]!.values[20]);
    const again = sweepPlanOf(loaded, row, SWEEP_DEFAULTS);
    expect(again.ok && JSON.stringify(again.value.job)).toBe(JSON.stringify(job));
  });

  it('a swept steps sets the scene’s steps; a map too costly for the page says so', () => {
    const s = defaultState();
    const sgd = s.optimizers[0]!;
    const bySteps = { ...SWEEP_DEFAULTS, y: { name: 'steps', from: 1, to: 100, scale: 'linear' as const } };
    const plan = sweepPlanOf(s, sgd, bySteps);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.job.steps).toBe(100);
    expect(applyCell(plan.value.axes, sgd.key, 0, 47)(s).steps).toBe(100);
    const long = A.setSteps(s, 250_000);
    const refused = sweepPlanOf(long, long.optimizers[0]!, SWEEP_DEFAULTS);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/2304 cells × 250000 steps is too much/);
    const bad = sweepPlanOf(s, sgd, { ...SWEEP_DEFAULTS, x: { name: 'lr', from: 0, to: 1, scale: 'log' } });
    expect(!bad.ok && bad.error).toMatch(/log range needs lo > 0/);
  });
});

describe("a row's sweep and tune honour its lr schedule and noise", () => {
  /** The default scene's SGD row with a StepLR schedule and seeded noise. */
  function scene(): { s: AppState; row: OptimizerEntry } {
    const base = defaultState();
    const sgd = base.optimizers[0]!;
    const schedule = resolveSchedule(
      { name: 'StepLR', step_size: 7, gamma: 0.5 },
      momentumKeyOfDef(getOptimizer(sgd.optimizer)!),
    );
    if (!schedule.ok) throw new Error(schedule.error);
    const row: OptimizerEntry = { ...sgd, schedule: schedule.value, noise: { sigma: 2, seed: 5, seeds: 1 } };
    return { s: { ...base, optimizers: [row] }, row };
  }

  /** Cells `indices` of `job` equal the row's runs (command line and page) with the cell's setting. */
  function expectRuns(s: AppState, row: OptimizerEntry, job: SweepJob, indices: readonly number[]) {
    const cells = computeTask({ jobId: 1, taskId: 1, job, indices: Uint32Array.from(indices) });
    const fn = compile(s.fn.expression);
    if (!fn.ok) throw new Error(fn.error.message);
    const m = job.axes[1]?.values.length ?? 1;
    let unchanged = 0;
    indices.forEach((c, k) => {
      const params: Record<string, unknown> = { ...row.params };
      params[job.axes[0]!.name] = job.axes[0]!.values[Math.floor(c / m)];
      if (job.axes[1]) params[job.axes[1].name] = job.axes[1].values[c % m];
      const r = runCase(
        {
          id: 'c',
          f: job.f,
          optimizer: row.optimizer,
          params,
          start: s.start,
          steps: s.steps,
          ...caseExtras(row),
        },
        0,
      );
      if ('error' in r) throw new Error(r.error);
      const last = r.trajectory.at(-1)!;
      const steps =
        r.status === 'converged' ? r.converged_at : r.status === 'diverged' ? r.diverged_at : s.steps;
      expect([cells.x[k], cells.y[k], cells.f[k], STATUSES[cells.status[k]!], cells.steps[k]]).toEqual([
        ...last,
        r.status,
        steps,
      ]);
      if (r.status !== 'diverged') {
        // The page's own run of the row with that setting ends at the same point, bit for bit.
        const run = runOf(runSpecOf({ ...row, params: params as typeof row.params }, s), fn.value).advanceTo(
          s.steps,
        );
        expect(run.xyf.slice(3 * (run.rows - 1), 3 * run.rows)).toEqual(Float64Array.from(last));
      }
      // Without the schedule and noise the run ends elsewhere: they were not ignored.
      const bare = runCase(
        { id: 'c', f: job.f, optimizer: row.optimizer, params, start: s.start, steps: s.steps },
        0,
      );
      if ('error' in bare) throw new Error(bare.error);
      if (bare.trajectory.at(-1)![0] === last[0]) unchanged++;
    });
    expect(unchanged).toBeLessThan(indices.length);
  }

  it('the hyperparameter map: every cell is the row’s run with that setting', () => {
    const { s, row } = scene();
    const plan = sweepPlanOf(s, row, SWEEP_DEFAULTS);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.job).toMatchObject(caseExtras(row));
    expect(plan.value.job).toHaveProperty('schedule');
    expect(plan.value.job).toHaveProperty('noise', { sigma: 2, seed: 5 });
    expectRuns(s, row, plan.value.job, [0, 47, 500, 1201, 1800, 2303]);
  });

  it('the row tune: every rate is the row’s run with that lr', () => {
    const { s, row } = scene();
    const job = tuneJobOf(s, row, [1e-4, 1e-3, 0.01, 0.05, 0.1]);
    expect(job).toMatchObject(caseExtras(row));
    expect(job.params).not.toHaveProperty('lr');
    expectRuns(s, row, job, [0, 1, 2, 3, 4]);
  });

  it('a new schedule or noise makes a running tune stale', () => {
    const { s, row } = scene();
    const base = tuneInputs(s, row);
    expect(tuneInputs(s, { ...row, schedule: undefined })).not.toBe(base);
    expect(tuneInputs(s, { ...row, noise: { sigma: 2, seed: 6, seeds: 1 } })).not.toBe(base);
    expect(tuneInputs(s, { ...row, noise: { sigma: 2, seed: 5, seeds: 4 } })).toBe(base);
  });
});

describe("a tuning curve's value axis", () => {
  it('log10 of the finite values when all are > 0, else linear; a flat curve gets room', () => {
    // log10 of 1e-4 … 10: −4 … 1; the failed rate (∞) is left out.
    expect(curveScale([1e-4, 0.1, 10, Number.POSITIVE_INFINITY], true)).toEqual({ log: true, lo: -4, hi: 1 });
    expect(curveScale([-2, 0, 3], true)).toEqual({ log: false, lo: -2, hi: 3 });
    expect(curveScale([5, 5], false)).toEqual({ log: false, lo: 4.5, hi: 5.5 });
    expect(curveScale([Number.POSITIVE_INFINITY], true)).toEqual({ log: false, lo: 0, hi: 1 });
  });
});

describe('what makes a running tune stale', () => {
  it("the function, start, steps and the row's other parameters — not its lr, nor playback", () => {
    const s = defaultState();
    const key = s.optimizers[0]!.key;
    const of = (t: typeof s) => tuneInputs(t, t.optimizers.find((e) => e.key === key)!);
    const base = of(s);
    expect(of(A.setOptimizerParam(s, key, 'lr', 0.5))).toBe(base);
    expect(of({ ...s, playback: { ...s.playback, step: 3 } })).toBe(base);
    expect(of(A.setOptimizerParam(s, key, 'momentum', 0.5))).not.toBe(base);
    expect(of(A.setStart(s, 1, 1))).not.toBe(base);
    expect(of(A.setSteps(s, 31))).not.toBe(base);
    expect(of({ ...s, fn: { ...s.fn, preset: null, expression: 'x^2 + y^2' } })).not.toBe(base);
  });

  it('the memo recomputes only when the function, start, steps, gradient or row object changes', () => {
    const s = defaultState();
    const key = s.optimizers[0]!.key;
    const memo = tuneInputsMemo();
    const of = (t: typeof s) => memo(t, t.optimizers.find((e) => e.key === key)!);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      expect(of(s)).toBe(tuneInputs(s, s.optimizers[0]!));
      const calls = stringify.mock.calls.length;
      // Playback steps: nothing is recomputed.
      for (let step = 1; step <= 5; step++) of({ ...s, playback: { ...s.playback, step } });
      expect(stringify.mock.calls.length).toBe(calls);
      const moved = A.setStart(s, 1, 1);
      expect(of(moved)).toBe(tuneInputs(moved, moved.optimizers[0]!));
      expect(of(moved)).not.toBe(of(s));
      const tuned = A.setOptimizerParam(s, key, 'momentum', 0.5);
      expect(of(tuned)).toBe(tuneInputs(tuned, tuned.optimizers[0]!));
    } finally {
      stringify.mockRestore();
    }
  });
});
