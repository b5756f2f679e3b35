/**
 * The lab in the page: schedules and noise as state, in links (round trip; links without them decode
 * as before), in the page's runs and its worker's (the same bits as the command line's), the K-seeds
 * spread, and the exports (cases file, PyTorch script).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import type { RunRequest } from '../../src/app/compute-messages.ts';
import { computeBatch } from '../../src/app/compute-work.ts';
import { defaultState, paramsFor } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { casesFile } from '../../src/app/exports.ts';
import {
  entryTrace,
  type NoiseState,
  scheduleJson,
  setOptimizerNoise,
  setOptimizerSchedule,
} from '../../src/app/lab.ts';
import type { AppState } from '../../src/app/state.ts';
import { torchScriptOf } from '../../src/app/torch-export.ts';
import { decodeState, encodeState, isValidState } from '../../src/app/url.ts';
import { runCase } from '../../src/core/cases.ts';
import { resolveSchedule, type ScheduleSpec } from '../../src/core/schedules/index.ts';

const spec = (raw: object, key: 'beta1' | 'momentum' | null = 'beta1'): ScheduleSpec => {
  const r = resolveSchedule(raw, key);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** The book scene with Adam (row 1, key 1... whichever is Adam) given a StepLR. */
function adamKey(s: AppState): number {
  const e = s.optimizers.find((o) => o.optimizer === 'adam');
  if (!e) throw new Error('no adam row in the book scene');
  return e.key;
}

describe('schedule and noise as state', () => {
  it('a StepLR on Adam is stored resolved; an invalid one is not applied; null removes it', () => {
    const s = defaultState();
    const key = adamKey(s);
    const withStep = setOptimizerSchedule(s, key, spec({ name: 'StepLR', step_size: 10 }));
    const row = withStep.optimizers.find((e) => e.key === key)!;
    // torch's StepLR(step_size, gamma=0.1, last_epoch=-1): every argument filled in.
    expect(row.schedule).toEqual({ name: 'StepLR', args: { step_size: 10, gamma: 0.1 } });
    expect(isValidState(withStep)).toEqual([]);
    const removed = setOptimizerSchedule(withStep, key, null);
    expect(removed.optimizers.find((e) => e.key === key)!.schedule).toBeUndefined();
    expect('schedule' in removed.optimizers.find((e) => e.key === key)!).toBe(false);
    // OneCycleLR cycling momentum on an optimizer without momentum (Adagrad) is refused by torch.
    const adagrad = A.setOptimizerType(s, key, 'adagrad');
    const cyc = spec({ name: 'OneCycleLR', max_lr: 1, total_steps: 10 }, 'beta1');
    expect(setOptimizerSchedule(adagrad, key, cyc)).toBe(adagrad);
  });

  it('noise out of its limits is not applied', () => {
    const s = defaultState();
    const key = adamKey(s);
    for (const bad of [
      { sigma: -1, seed: 0, seeds: 1 },
      { sigma: 0.1, seed: 1.5, seeds: 1 },
      { sigma: 0.1, seed: 2 ** 32, seeds: 1 },
      { sigma: 0.1, seed: 0, seeds: 0 },
      { sigma: 0.1, seed: 0, seeds: 33 },
      { sigma: Number.NaN, seed: 0, seeds: 1 },
    ]) {
      expect(setOptimizerNoise(s, key, bad)).toBe(s);
    }
  });
});

describe('links', () => {
  it('a hand-written link with a schedule and noise opens them', () => {
    const sched = encodeURIComponent('{"name":"StepLR","step_size":10,"gamma":0.5}');
    const { state, ignored } = decodeState(`v=1&o=adam,lr=0.1,sched=${sched},noise=0.25,seed=7,seeds=8`);
    expect(ignored).toEqual([]);
    expect(state.optimizers).toHaveLength(1);
    const row = state.optimizers[0];
    expect(row.schedule).toEqual({ name: 'StepLR', args: { step_size: 10, gamma: 0.5 } });
    expect(row.noise).toEqual({ sigma: 0.25, seed: 7, seeds: 8 });
  });

  it('a link without them decodes to rows without the fields (as before)', () => {
    const { state, ignored } = decodeState('v=1&o=sgd,lr=0.01&o=adam,lr=0.1,color=0072b2,pane=2,hidden');
    expect(ignored).toEqual([]);
    for (const row of state.optimizers) {
      expect(Object.keys(row).sort()).toEqual(['color', 'key', 'optimizer', 'pane', 'params', 'visible']);
    }
    expect(encodeState(defaultState())).toBe('v=1');
  });

  it('bad lab fields are ignored with a note, the row kept', () => {
    const { state, ignored } = decodeState(
      `v=1&o=adam,sched=${encodeURIComponent('{"name":"StepLR"}')},noise=-1,seeds=99`,
    );
    expect(state.optimizers[0].optimizer).toBe('adam');
    expect(state.optimizers[0].schedule).toBeUndefined();
    expect(state.optimizers[0].noise).toBeUndefined();
    expect(ignored.join('\n')).toMatch(/step_size is required/);
    expect(ignored.join('\n')).toMatch(/noise=-1 is out of range/);
    expect(ignored.join('\n')).toMatch(/seeds=99 is out of range/);
  });

  const schedules: ScheduleSpec[] = [
    spec({ name: 'StepLR', step_size: 3, gamma: 0.5 }),
    spec({ name: 'MultiStepLR', milestones: [2, 5, 9] }),
    spec({ name: 'ExponentialLR', gamma: 0.97 }),
    spec({ name: 'CosineAnnealingLR', T_max: 20, eta_min: 1e-4 }),
    spec({ name: 'LinearLR', start_factor: 0.25, total_iters: 4 }),
    spec({ name: 'OneCycleLR', max_lr: 0.5, total_steps: 100 }),
    spec({
      name: 'SequentialLR',
      schedulers: [
        { name: 'LinearLR', start_factor: 0.1, total_iters: 5 },
        { name: 'CosineAnnealingLR', T_max: 30 },
      ],
      milestones: [5],
    }),
  ];
  const noise: fc.Arbitrary<NoiseState> = fc.record({
    sigma: fc.double({ min: 0, max: 1e6, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    seeds: fc.integer({ min: 1, max: 32 }),
  });

  it('round trip: any schedule and noise on any row of the book come back equal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.constantFrom(...schedules), { nil: null }),
        fc.option(noise, { nil: null }),
        (row, schedule, n) => {
          const s0 = defaultState();
          const key = s0.optimizers[row].key;
          let s = setOptimizerNoise(s0, key, n);
          // Adam and the others: every schedule above fits an optimizer with beta1 or momentum.
          s = schedule === null ? s : setOptimizerSchedule(s, key, schedule);
          const back = decodeState(encodeState(s));
          expect(back.ignored).toEqual([]);
          expect(back.state.optimizers).toEqual(s.optimizers);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('links store only non-default schedule arguments', () => {
    expect(scheduleJson(spec({ name: 'StepLR', step_size: 10 }))).toEqual({ name: 'StepLR', step_size: 10 });
  });
});

describe('runs with schedule and noise', () => {
  const request = (over: Partial<RunRequest>): RunRequest => ({
    key: 1,
    expression: 'x^2 + 3*y^2',
    optimizer: 'adam',
    params: paramsFor('adam', { lr: 0.1 }),
    start: [1, 2],
    steps: 12,
    gradient: 'exact',
    bound: 1e7,
    ...over,
  });

  it("StepLR(step_size 5, gamma 0.5) from lr 0.1: the worker's lr per update is 0.1 ×5, 0.05 ×5, 0.025 ×2", () => {
    const [r] = computeBatch(
      {
        id: 1,
        kind: 'runs',
        runs: [request({ schedule: spec({ name: 'StepLR', step_size: 5, gamma: 0.5 }) })],
      },
      () => {},
    );
    // By hand: lr_k = 0.1 · 0.5^⌊k/5⌋ (torch's StepLR, recursive form: 0.1·0.5 = 0.05, 0.05·0.5 = 0.025).
    expect([...r.lr!]).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025]);
  });

  it("the page's run, its worker's and `descent run`'s are the same bits (schedule and noise)", () => {
    const schedule = spec({ name: 'CosineAnnealingLR', T_max: 8 });
    const noise = { sigma: 0.3, seed: 42, seeds: 3 };
    let s = defaultState();
    const key = adamKey(s);
    s = setOptimizerNoise(setOptimizerSchedule(s, key, schedule), key, noise);
    s = { ...s, optimizers: s.optimizers.filter((e) => e.key === key), steps: 20 };
    const derived = new Derived();
    derived.update(s);
    const page = derived.runs.get(key)!;
    const cases = JSON.parse(casesFile(s)) as object[];
    const cli = runCase(cases[0], 0);
    if ('error' in cli) throw new Error(cli.error);
    const rows = (t: { rows: number; xyf: Float64Array }) =>
      Array.from({ length: t.rows }, (_, k) => [t.xyf[3 * k], t.xyf[3 * k + 1], t.xyf[3 * k + 2]]);
    expect(cli.trajectory).toEqual(rows(page));
    // The spread: seeds 43 and 44, as the command line runs them with those seeds.
    const spread = derived.spreads.get(key)!;
    expect(spread).toHaveLength(2);
    spread.forEach((t, j) => {
      const c = runCase({ ...cases[0], noise: { sigma: 0.3, seed: 43 + j } }, 0);
      if ('error' in c) throw new Error(c.error);
      expect(c.trajectory).toEqual(rows(t));
    });
    const [worker] = computeBatch(
      {
        id: 1,
        kind: 'runs',
        runs: [{ ...request({}), ...runRequestOf(s, key) }],
      },
      () => {},
    );
    expect([...worker.xyf]).toEqual([...page.xyf.slice(0, 3 * page.rows)]);
    expect(worker.spread!.map((t) => [...t.xyf])).toEqual(spread.map((t) => [...t.xyf.slice(0, 3 * t.rows)]));
  });

  it('the lr trace of a row is the schedule alone', () => {
    let s = defaultState();
    const key = adamKey(s);
    s = setOptimizerSchedule(s, key, spec({ name: 'StepLR', step_size: 2, gamma: 0.1 }));
    const row = s.optimizers.find((e) => e.key === key)!;
    const lr0 = row.params.lr as number;
    const t = entryTrace(row, 5)!;
    // lr, lr, lr·0.1, lr·0.1, lr·0.1·0.1 (torch multiplies the group's lr at each milestone).
    expect([...t.lr]).toEqual([lr0, lr0, lr0 * 0.1, lr0 * 0.1, lr0 * 0.1 * 0.1]);
  });
});

function runRequestOf(s: AppState, key: number): Partial<RunRequest> {
  const e = s.optimizers.find((o) => o.key === key)!;
  return {
    key,
    expression: s.fn.expression,
    optimizer: e.optimizer,
    params: e.params,
    start: s.start,
    steps: s.steps,
    gradient: s.gradient,
    bound: boundOf(s),
    schedule: e.schedule,
    noise: e.noise,
  };
}

function boundOf(s: AppState): number {
  // divergenceBound: 1e6 × the largest |edge| of the domain (at least 1).
  const d = s.fn.domain;
  return 1e6 * Math.max(1, ...[...d.x, ...d.y].map(Math.abs));
}

describe('exports', () => {
  it('the cases file carries schedule and noise; the PyTorch script builds torch StepLR', () => {
    let s = defaultState();
    const key = adamKey(s);
    s = setOptimizerSchedule(s, key, spec({ name: 'StepLR', step_size: 10 }));
    s = setOptimizerNoise(s, key, { sigma: 0.5, seed: 3, seeds: 8 });
    const cases = JSON.parse(casesFile(s)) as Record<string, unknown>[];
    const row = cases.find((c) => c.optimizer === 'adam')!;
    expect(row.schedule).toEqual({ name: 'StepLR', step_size: 10 });
    expect(row.noise).toEqual({ sigma: 0.5, seed: 3 });
    // The script imports torch.optim.lr_scheduler as S and builds S.StepLR(opt, step_size=10, ...).
    const script = torchScriptOf(s);
    expect(script).toContain('from torch.optim import lr_scheduler as S');
    expect(script).toMatch(/S\.StepLR\(opt, step_size=10\b/);
  });
});
