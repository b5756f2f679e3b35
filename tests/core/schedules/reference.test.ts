/**
 * Every schedule against torch.optim.lr_scheduler: tests/reference/schedules_ref.py records torch 1.13's
 * param_groups[0] lr (and momentum / betas[0]) at every step, or a port of torch 2.x's CyclicLR where
 * 1.13 refuses betas. Tolerance: 1e-12 relative (the brief's), exact where both are 0.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MomentumKey, resolveSchedule, traceSchedule } from '../../../src/core/schedules/index.ts';

interface Fixture {
  readonly id: string;
  readonly optimizer: 'sgd' | 'adam' | 'adagrad';
  readonly lr: number;
  readonly momentum?: number;
  readonly beta1?: number;
  readonly schedule: unknown;
  readonly steps: number;
  readonly lr_trace: readonly number[];
  readonly momentum_trace: readonly number[];
  readonly beta1_trace: readonly number[];
  readonly raises: number | null;
  readonly source: string;
}

const FIXTURES: readonly Fixture[] = JSON.parse(
  readFileSync(new URL('../../reference/fixtures/schedules.json', import.meta.url), 'utf8'),
);

const KEYS: Readonly<Record<Fixture['optimizer'], MomentumKey>> = {
  sgd: 'momentum',
  adam: 'beta1',
  adagrad: null,
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, `${what}: length`).toBeGreaterThanOrEqual(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const e = expected[k]!;
    const a = actual[k]!;
    const rel = e === 0 ? Math.abs(a) : Math.abs(a - e) / Math.abs(e);
    expect(rel, `${what}[${k}]: ${a} vs torch ${e}`).toBeLessThanOrEqual(1e-12);
  }
}

describe('schedules match torch.optim.lr_scheduler step by step', () => {
  it('has the fixtures (every schedule, several parameter sets)', () => {
    const names = new Set(FIXTURES.map((f) => (f.schedule as { name: string }).name));
    expect(names.size).toBe(11);
    expect(FIXTURES.length).toBeGreaterThanOrEqual(40);
  });

  for (const f of FIXTURES) {
    it(`${f.id} (${f.source})`, () => {
      const key = KEYS[f.optimizer];
      const spec = resolveSchedule(f.schedule, key);
      if (!spec.ok) throw new Error(spec.error);
      const start = {
        lr: f.lr,
        momentum: f.optimizer === 'sgd' ? (f.momentum ?? 0) : 0,
        beta1: f.optimizer === 'adam' ? (f.beta1 ?? 0.9) : 0,
      };
      const trace = traceSchedule(spec.value, key, start, f.steps);
      expectClose(trace.lr, f.lr_trace, 'lr');
      expectClose(trace.momentum, f.momentum_trace, 'momentum');
      expectClose(trace.beta1, f.beta1_trace, 'beta1');
      if (f.raises === null) expect(trace.error).toBeNull();
      else expect(trace.error).toMatch(/total_steps/);
    });
  }
});
