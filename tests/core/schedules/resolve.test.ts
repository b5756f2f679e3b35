/** Schedule validation: defaults, and errors that name the field. */

import { describe, expect, it } from 'vitest';
import { resolveSchedule, SCHEDULES } from '../../../src/core/schedules/index.ts';

const errorOf = (raw: unknown, key: 'momentum' | 'beta1' | null = 'momentum'): string => {
  const r = resolveSchedule(raw, key);
  if (r.ok) throw new Error('expected an error');
  return r.error;
};

describe('resolveSchedule', () => {
  it('fills torch defaults', () => {
    const r = resolveSchedule({ name: 'OneCycleLR', max_lr: 0.1, total_steps: 10 }, 'beta1');
    expect(r.ok && r.value.args).toMatchObject({
      pct_start: 0.3,
      anneal_strategy: 'cos',
      cycle_momentum: true,
      base_momentum: 0.85,
      max_momentum: 0.95,
      div_factor: 25,
      final_div_factor: 1e4,
      three_phase: false,
      epochs: null,
    });
    const linear = resolveSchedule({ name: 'LinearLR' }, null);
    expect(linear.ok && linear.value.args).toEqual({ start_factor: 1 / 3, end_factor: 1, total_iters: 5 });
  });

  it('names the field in every error', () => {
    expect(errorOf(null)).toMatch(/^schedule must be an object/);
    expect(errorOf({ name: 'Cosine' })).toMatch(/schedule\.name = "Cosine" is not a schedule; one of StepLR/);
    expect(errorOf({ name: 'CosineAnnealingLR' })).toMatch(/schedule\.T_max is required/);
    expect(errorOf({ name: 'CosineAnnealingLR', T_max: 2.5 })).toMatch(
      /schedule\.T_max = 2\.5 is not allowed/,
    );
    expect(errorOf({ name: 'StepLR', step_size: 3, gama: 0.5 })).toMatch(
      /schedule\.gama: StepLR has no argument/,
    );
    expect(errorOf({ name: 'LinearLR', start_factor: 0 })).toMatch(/schedule\.start_factor = 0/);
    expect(errorOf({ name: 'CyclicLR', base_lr: 0.1, max_lr: 1, mode: 'tri' })).toMatch(
      /schedule\.mode = "tri" is not one of/,
    );
    expect(errorOf({ name: 'MultiStepLR', milestones: [1, 'x'] })).toMatch(/schedule\.milestones\[1\]/);
    expect(errorOf({ name: 'OneCycleLR', max_lr: 1, epochs: 3 })).toMatch(
      /total_steps.*epochs.*steps_per_epoch/,
    );
    expect(errorOf({ name: 'OneCycleLR', max_lr: 1, total_steps: 10, pct_start: 0.1 })).toMatch(
      /pct_start = 0\.1 leaves phase 1 of 10 steps empty/,
    );
    expect(errorOf({ name: 'OneCycleLR', max_lr: 1, total_steps: 10, pct_start: 1 })).toMatch(/phase 2/);
    expect(errorOf({ name: 'OneCycleLR', max_lr: 1, total_steps: 9 }, null)).toMatch(
      /schedule: OneCycleLR: cycle_momentum = true needs an optimizer with momentum or beta1/,
    );
    expect(
      errorOf({
        name: 'SequentialLR',
        milestones: [3, 4],
        schedulers: [{ name: 'ExponentialLR', gamma: 0.9 }],
      }),
    ).toMatch(/milestones must have one entry fewer than schedulers/);
    expect(
      errorOf({
        name: 'SequentialLR',
        milestones: [3],
        schedulers: [{ name: 'LinearLR' }, { name: 'StepLR' }],
      }),
    ).toMatch(/schedule\.schedulers\[1\]\.step_size is required/);
    expect(errorOf({ name: 'SequentialLR', milestones: [4, 2], schedulers: [] })).toMatch(
      /schedulers must be/,
    );
  });

  it('accepts cycle_momentum: false for optimizers without momentum', () => {
    expect(
      resolveSchedule({ name: 'CyclicLR', base_lr: 0.1, max_lr: 1, cycle_momentum: false }, null).ok,
    ).toBe(true);
  });

  it('has one entry per torch class, each documented', () => {
    expect(SCHEDULES.map((s) => s.name)).toEqual([
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
    ]);
    for (const s of SCHEDULES) {
      expect(s.summary.length).toBeGreaterThan(10);
      for (const p of s.params) expect(p.description.length).toBeGreaterThan(5);
    }
  });
});
