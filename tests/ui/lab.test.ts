/**
 * The lab's words and series in the page, DOM-free: schedule arguments as typed text and back, the lr
 * timeline's series and its words, the legend's lr at a step, a diverged run's status with its reason,
 * and the starter arguments a schedule picked from the menu gets.
 */
import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { lrAt, setOptimizerSchedule, starterSchedule } from '../../src/app/lab.ts';
import { runCase } from '../../src/core/cases.ts';
import { getOptimizer } from '../../src/core/optimizers/index.ts';
import type { Trajectory } from '../../src/core/runner.ts';
import { getSchedule, resolveSchedule } from '../../src/core/schedules/index.ts';
import { evaluationsOf, lrNowText, statusWithReason } from '../../src/ui/lab-text.ts';
import { lrSeries, lrWords } from '../../src/ui/lr-chart.ts';
import { argText, argValue } from '../../src/ui/panel/schedule.ts';

const spec = (schedule: string, arg: string) => {
  const s = getSchedule(schedule)?.params.find((p) => p.name === arg);
  if (!s) throw new Error(`${schedule}.${arg}`);
  return s;
};

describe('schedule arguments as text', () => {
  it('numbers, None, lists and nested schedules', () => {
    expect(argValue(spec('StepLR', 'step_size'), ' 10 ')).toBe(10);
    expect(argValue(spec('StepLR', 'gamma'), '')).toBeUndefined();
    expect(argValue(spec('OneCycleLR', 'total_steps'), 'None')).toBeNull();
    expect(argValue(spec('StepLR', 'gamma'), 'abc')).toBe('abc');
    expect(argValue(spec('MultiStepLR', 'milestones'), '[3, 7,12]')).toEqual([3, 7, 12]);
    expect(argValue(spec('SequentialLR', 'schedulers'), '[{"name":"ExponentialLR","gamma":0.9}]')).toEqual([
      { name: 'ExponentialLR', gamma: 0.9 },
    ]);
    expect(argText(spec('OneCycleLR', 'total_steps'), null)).toBe('None');
    expect(argText(spec('MultiStepLR', 'milestones'), [3, 7])).toBe('3, 7');
  });
});

describe('starter schedules', () => {
  it('every schedule of the registry starts valid for Adam, SGD and an optimizer without momentum', () => {
    for (const id of ['adam', 'sgd', 'adagrad']) {
      const def = getOptimizer(id)!;
      const key = def.params.some((p) => p.name === 'beta1')
        ? 'beta1'
        : def.params.some((p) => p.name === 'momentum')
          ? 'momentum'
          : null;
      for (const name of [
        'StepLR',
        'MultiStepLR',
        'ExponentialLR',
        'CosineAnnealingLR',
        'CosineAnnealingWarmRestarts',
        'LinearLR',
        'ConstantLR',
        'PolynomialLR',
        'OneCycleLR',
        'CyclicLR',
        'SequentialLR',
      ]) {
        const r = resolveSchedule(starterSchedule(name, 30, 0.1, key), key);
        expect(r.ok, `${id} ${name}: ${r.ok ? '' : r.error}`).toBe(true);
      }
    }
  });
});

describe('lr series and words', () => {
  const run = (lr: number[], over: Partial<Trajectory> = {}): Trajectory => ({
    rows: lr.length + 1,
    xyf: new Float64Array(3 * (lr.length + 1)),
    gradNorm: new Float64Array(lr.length + 1),
    status: 'running',
    divergedAt: null,
    convergedAt: null,
    lr: Float64Array.from(lr),
    ...over,
  });

  it('lr[k] at step k; the last row gets the next lr; a diverged run ends with its updates', () => {
    expect(lrSeries(run([0.1, 0.1, 0.05]), 3, 0.05)).toEqual([0.1, 0.1, 0.05, 0.05]);
    expect(lrSeries(run([0.1], { divergedAt: 2, status: 'diverged' }), 3, 0.05)).toEqual([
      0.1,
      null,
      null,
      null,
    ]);
    expect(lrSeries(undefined, 2, 1)).toEqual([null, null, null]);
  });

  it('pieces in words, or a range when there are many', () => {
    expect(lrWords([0.1, 0.1, 0.05, 0.05, 0.05, null])).toBe('lr 0.1000 for steps 0–1, 0.0500 for steps 2–4');
    expect(lrWords([1, 0.5])).toBe('lr 1.0000 at step 0, 0.5000 at step 1');
    expect(lrWords([1, 2, 3, 4], 2)).toBe('lr varies from 1.0000 to 4.0000');
  });
});

describe('the legend lr and the status with a reason', () => {
  it('a scheduled row shows the lr of its schedule at the step', () => {
    let s = defaultState();
    const adam = s.optimizers.find((e) => e.optimizer === 'adam')!;
    const r = resolveSchedule({ name: 'StepLR', step_size: 10, gamma: 0.1 }, 'beta1');
    if (!r.ok) throw new Error(r.error);
    s = setOptimizerSchedule(s, adam.key, r.value);
    const row = s.optimizers.find((e) => e.key === adam.key)!;
    const lr0 = row.params.lr as number;
    expect(lrAt(row, 9, s.steps)).toBe(lr0);
    expect(lrAt(row, 10, s.steps)).toBe(lr0 * 0.1);
    expect(lrAt(row, 20, s.steps)).toBe(lr0 * 0.1 * 0.1);
    // The legend's words: formatParam (4 significant digits) of lr0·0.1; the row without a schedule: its lr.
    expect(lrNowText(row, 10, s.steps)).toBe(`lr ${Number((lr0 * 0.1).toPrecision(4))}`);
    expect(lrNowText(adam, 10, s.steps)).toBe(`lr ${Number(lr0.toPrecision(4))}`);
  });

  it('a small scheduled lr reads with four significant digits', () => {
    let s = defaultState();
    const adam = s.optimizers.find((e) => e.optimizer === 'adam')!;
    s = A.setOptimizerParam(s, adam.key, 'lr', 0.001);
    const r = resolveSchedule({ name: 'ExponentialLR', gamma: 0.3 }, 'beta1');
    if (!r.ok) throw new Error(r.error);
    s = setOptimizerSchedule(s, adam.key, r.value);
    const row = s.optimizers.find((e) => e.key === adam.key)!;
    // 0.001·0.3 = 0.00030000000000000003 in binary64: shown as 3e−4.
    expect(lrNowText(row, 1, s.steps)).toBe('lr 3e−4');
  });

  it('a diverged run says why once the step reaches it', () => {
    const t: Trajectory = {
      rows: 3,
      xyf: new Float64Array(9),
      gradNorm: new Float64Array(3),
      status: 'diverged',
      divergedAt: 3,
      convergedAt: null,
      reason: 'the Hessian is singular',
    };
    expect(statusWithReason(t, 2, [0, 0])).toBe('still moving');
    expect(statusWithReason(t, 3, [0, 0])).toBe('diverged at 3: the Hessian is singular');
  });
});

describe("L-BFGS's evaluations", () => {
  it('the page counts what descent run reports per row, summed', () => {
    let s = defaultState();
    const key = s.optimizers[0].key;
    s = A.setOptimizerType(s, key, 'lbfgs');
    s = { ...s, optimizers: s.optimizers.filter((e) => e.key === key), steps: 5 };
    const d = new Derived();
    d.update(s);
    const row = s.optimizers[0];
    const cli = runCase(
      { id: 'l', f: 'book', optimizer: 'lbfgs', params: row.params, start: s.start, steps: 5 },
      0,
    );
    if ('error' in cli) throw new Error(cli.error);
    const total = (cli.evals ?? []).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(5);
    expect(evaluationsOf(d.runs.get(key))).toBe(total);
  });
});

describe("Newton's divergence reason in the page", () => {
  it('f = x² (∇²f = [[2, 0], [0, 0]], singular): the status at step 1 names the singular Hessian', () => {
    let s = A.setExpression(defaultState(), 'x^2');
    const key = s.optimizers[0].key;
    s = A.setOptimizerType(s, key, 'newton');
    s = { ...s, optimizers: s.optimizers.filter((e) => e.key === key) };
    const d = new Derived();
    d.update(s);
    const run = d.runs.get(key)!;
    // The first step already fails: divergedAt = 1, the start stays the only row.
    expect(run.divergedAt).toBe(1);
    expect(statusWithReason(run, 1, s.start)).toBe(
      `diverged at 1: newton: the Hessian is singular at (${s.start[0]}, ${s.start[1]}), so the Newton step is undefined`,
    );
  });
});
