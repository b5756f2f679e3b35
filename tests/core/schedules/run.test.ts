/**
 * Schedules inside runs (`descent run`'s cases): lr[k] is torch's lr of update k + 1, and the optimizer
 * reads the cycled momentum at every step. Expected lr and momentum come from torch's own traces
 * (tests/reference/fixtures/schedules.json); the path is SGD with momentum written out by hand.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CaseResult, isCaseError, runCase } from '../../../src/core/cases.ts';

interface Fixture {
  readonly id: string;
  readonly lr: number;
  readonly momentum?: number;
  readonly schedule: unknown;
  readonly steps: number;
  readonly lr_trace: readonly number[];
  readonly momentum_trace: readonly number[];
}

const FIXTURES: readonly Fixture[] = JSON.parse(
  readFileSync(new URL('../../reference/fixtures/schedules.json', import.meta.url), 'utf8'),
);
const fixture = (id: string): Fixture => FIXTURES.find((f) => f.id === id)!;

function result(raw: unknown): CaseResult {
  const outcome = runCase(raw, 0);
  if (isCaseError(outcome)) throw new Error(outcome.error);
  return outcome;
}

describe('a schedule in a case', () => {
  for (const id of ['onecycle-sgd', 'cyclic-exp', 'seq-warmup-cos', 'warm-5']) {
    it(`${id}: lr[k] is torch's, and SGD with momentum reads the cycled momentum each step`, () => {
      const f = fixture(id);
      const r = result({
        id,
        f: 'x^2 + 3*y^2',
        optimizer: 'sgd',
        params: { lr: f.lr, momentum: f.momentum ?? 0 },
        start: [1, -1],
        steps: f.steps,
        schedule: f.schedule,
      });
      expect(r.lr).toHaveLength(f.steps);
      for (let k = 0; k < f.steps; k++) {
        expect(Math.abs(r.lr[k]! - f.lr_trace[k]!)).toBeLessThanOrEqual(1e-12 * Math.abs(f.lr_trace[k]!));
      }
      // torch.optim.SGD (dampening 0): buf ← g at step 1, then buf ← m_k·buf + g; p ← p − lr_k·buf.
      let x = 1;
      let y = -1;
      let bx = 0;
      let by = 0;
      for (let k = 0; k < f.steps; k++) {
        const gx = 2 * x;
        const gy = 6 * y;
        const m = f.momentum_trace[k]!;
        bx = k === 0 ? gx : m * bx + gx;
        by = k === 0 ? gy : m * by + gy;
        x -= f.lr_trace[k]! * bx;
        y -= f.lr_trace[k]! * by;
        const [rx, ry] = r.trajectory[k + 1]!;
        expect(Math.abs(rx - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
        expect(Math.abs(ry - y)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y)));
      }
    });
  }

  it('without a schedule lr is the constant parameter, one entry per update', () => {
    const r = result({ id: 'a', f: 'x^2', optimizer: 'adam', params: { lr: 0.2 }, start: [1, 1], steps: 4 });
    expect(r.lr).toEqual([0.2, 0.2, 0.2, 0.2]);
  });

  it('reports bad schedules and noise by field, and a step torch refuses', () => {
    const base = { id: 'a', f: 'x^2', optimizer: 'sgd', start: [1, 1], steps: 12 };
    const errorOf = (extra: object) => {
      const o = runCase({ ...base, ...extra }, 0);
      return isCaseError(o) ? o.error : '';
    };
    expect(errorOf({ schedule: { name: 'CosineAnnealingLR' } })).toMatch(/schedule\.T_max is required/);
    expect(errorOf({ schedule: { name: 'OneCycleLR', max_lr: 1, total_steps: 11 } })).toMatch(
      /schedule: OneCycleLR: tried to step 12 times; total_steps is 11/,
    );
    expect(errorOf({ schedule: { name: 'OneCycleLR', max_lr: 1, total_steps: 12 } })).toBe('');
    expect(errorOf({ noise: { sigma: -1 } })).toMatch(/noise\.sigma must be a number ≥ 0/);
    expect(errorOf({ noise: { sigma: 1, seed: 2 ** 32 } })).toMatch(/noise\.seed must be an integer/);
    expect(errorOf({ noise: { sigma: 1, sed: 2 } })).toMatch(/noise: unknown field/);
  });
});
