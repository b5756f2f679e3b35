import { describe, expect, it } from 'vitest';
import { paramsFor } from '../../src/app/defaults.ts';
import type { OptimizerEntry } from '../../src/app/state.ts';
import type { Trajectory } from '../../src/core/runner.ts';
import { formatNumber, legendName, lrText, pointText, statusText } from '../../src/ui/legend-text.ts';

const entry = (key: number, optimizer: string, params: Record<string, number | string | boolean> = {}) =>
  ({
    key,
    optimizer,
    params: paramsFor(optimizer, params),
    color: '#000000',
    visible: true,
    pane: 0,
  }) satisfies OptimizerEntry;

const trajectory = (over: Partial<Trajectory>): Trajectory => ({
  rows: 31,
  xyf: new Float64Array(93),
  gradNorm: new Float64Array(31),
  status: 'running',
  divergedAt: null,
  convergedAt: null,
  ...over,
});

describe('legend names', () => {
  it('a row alone of its kind is just its name', () => {
    const rows = [entry(1, 'sgd'), entry(2, 'momentum', { momentum: 0.5 }), entry(3, 'adam')];
    expect(rows.map((e) => legendName(e, rows))).toEqual(['SGD', 'Momentum', 'Adam']);
  });

  it('duplicates name the parameter that tells them apart, lr aside', () => {
    const rows = [
      entry(1, 'momentum', { momentum: 0.9, lr: 0.1 }),
      entry(2, 'momentum', { momentum: 0.5, lr: 0.01 }),
    ];
    expect(rows.map((e) => legendName(e, rows))).toEqual(['Momentum β 0.9', 'Momentum β 0.5']);
  });

  it('two parameters that differ are both named; equal ones are not', () => {
    const rows = [entry(1, 'adam', { beta1: 0.8, eps: 1e-7 }), entry(2, 'adam', { beta1: 0.9, eps: 1e-8 })];
    expect(legendName(rows[0], rows)).toBe('Adam β₁ 0.8, ε 1e−7');
    // Same parameters apart from lr: nothing to add (the lr is shown beside the name).
    const same = [entry(1, 'sgd', { lr: 0.1 }), entry(2, 'sgd', { lr: 0.2 })];
    expect(legendName(same[1], same)).toBe('SGD');
  });

  it('the lr, short', () => {
    expect(lrText(entry(1, 'sgd', { lr: 0.95 }))).toBe('lr 0.95');
    expect(lrText(entry(1, 'sgd', { lr: 1e-4 }))).toBe('lr 1e−4');
  });
});

describe('status words', () => {
  it('converged at, diverged at, still moving, and a start where f is undefined', () => {
    expect(statusText(trajectory({ convergedAt: 212 }), 250, [0, 0])).toBe('converged at 212');
    expect(statusText(trajectory({ convergedAt: 212 }), 100, [0, 0])).toBe('still moving');
    expect(statusText(trajectory({ divergedAt: 8, rows: 8 }), 10, [0, 0])).toBe('diverged at 8');
    expect(statusText(trajectory({ divergedAt: 8, rows: 8 }), 7, [0, 0])).toBe('still moving');
    expect(statusText(trajectory({ divergedAt: 0, rows: 0 }), 0, [-7, 2])).toBe(
      'f is not defined at the start (−7, 2)',
    );
    expect(statusText(trajectory({ divergedAt: 0, rows: 0 }), 0, [-7, 2], 'log(x) + y^2')).toBe(
      'f is not defined at the start (−7, 2): log(x) needs x > 0',
    );
  });

  it('numbers use the minus sign throughout, exponents included', () => {
    expect(formatNumber(-0.35040123)).toBe('−0.3504');
    expect(formatNumber(-1.5e-7)).toBe('−1.500e−7');
    expect(formatNumber(123456)).toBe('1.235e+5');
    expect(pointText(-7, 2.123456)).toBe('(−7, 2.123)');
  });
});
