import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived, drawableRange } from '../../src/app/derived.ts';

describe('Derived', () => {
  it('compiles, samples and runs the default state', () => {
    const d = new Derived();
    const s = defaultState();
    const c = d.update(s);
    expect(c).toEqual({ fn: true, grid: true, runs: true });
    expect(d.fn!.value(-7, 2)).toBe(49 / 20 + 4);
    expect(d.grid!.nx).toBe(s.fn.resolution + 1);
    expect(d.runs.size).toBe(4);
    // SGD lr 0.95 after 30 steps: x = −7·0.905^30 (hand-derived closed form).
    const sgd = d.runs.get(1)!;
    expect(sgd.rows).toBe(31);
    expect(sgd.xyf[90]).toBeCloseTo(-7 * 0.905 ** 30, 12);
  });

  it('recomputes nothing when nothing it depends on changed', () => {
    const d = new Derived();
    const s = defaultState();
    d.update(s);
    const runs = new Map(d.runs);
    const grid = d.grid;
    expect(d.update(A.stepBack(s))).toEqual({ fn: false, grid: false, runs: false });
    expect(d.grid).toBe(grid);
    for (const [k, r] of runs) expect(d.runs.get(k)).toBe(r);
  });

  it('reruns only the optimizer whose parameter changed', () => {
    const d = new Derived();
    const s = defaultState();
    d.update(s);
    const before = new Map(d.runs);
    const c = d.update(A.setOptimizerParam(s, 2, 'lr', 0.05));
    expect(c).toEqual({ fn: false, grid: false, runs: true });
    expect(d.runs.get(2)).not.toBe(before.get(2));
    for (const k of [1, 3, 4]) expect(d.runs.get(k)).toBe(before.get(k));
  });

  it('keeps the last good function, grid and runs when the expression is invalid', () => {
    const d = new Derived();
    const s = defaultState();
    d.update(s);
    const { fn, grid } = d;
    const run = d.runs.get(1);
    const bad = A.setExpression(s, 'x^2 + sine(y)');
    const c = d.update(bad);
    expect(c.fn).toBe(true); // the error appeared
    expect(d.error?.message).toMatch(/sine/);
    expect(d.error?.start).toBe(6);
    expect(d.fn).toBe(fn);
    expect(d.grid).toBe(grid);
    expect(d.runs.get(1)).toBe(run);
    expect(d.source).toBe('x^2/20 + y^2');
    // Fixing it compiles the new function and clears the error.
    d.update(A.setExpression(bad, 'x^2 + sin(y)'));
    expect(d.error).toBeNull();
    expect(d.fn!.value(1, 0)).toBe(1);
  });

  it('drops runs of removed optimizers', () => {
    const d = new Derived();
    const s = defaultState();
    d.update(s);
    d.update(A.removeOptimizer(s, 3));
    expect([...d.runs.keys()]).toEqual([1, 2, 4]);
  });

  it("the z range: the view's ends where set, else the data's min–max or its 1st–99th percentile", () => {
    const d = new Derived();
    // A pole at the origin: the full range reaches far above the robust one.
    const s = A.setExpression(defaultState(), '1/(x^2 + y^2)');
    d.update(s);
    const [min, max] = d.autoZRange('full');
    expect([min, max]).toEqual([d.grid!.min, d.grid!.max]);
    const [low, high] = d.autoZRange('robust');
    expect(low).toBeGreaterThanOrEqual(min);
    expect(high).toBeLessThan(max / 10);
    // The corner (10, 5) is the lowest point: 1/125.
    expect(min).toBeCloseTo(1 / 125, 6);
    const view = { ...s.view, zAuto: 'robust' as const };
    expect(d.zRange(view)).toEqual([low, high]);
    expect(d.zRange({ ...view, zMax: 3 })).toEqual([low, 3]);
    expect(d.zRange({ ...view, zAuto: 'full', zMin: -1 })).toEqual([-1, max]);
  });

  it('a robust range that collapses (a plateau) falls back to the full one', () => {
    const d = new Derived();
    d.update(A.setExpression(defaultState(), 'max(0, x - 9.9)'));
    expect(d.autoZRange('robust')).toEqual(d.autoZRange('full'));
  });
});

describe('drawableRange: what the float32 GPU path can draw', () => {
  it('clamps the ends to ±1e37 (f = 1e308·x·y)', () => {
    expect(drawableRange(-1.7e308, 1.7e308)).toEqual([-1e37, 1e37]);
    expect(drawableRange(0, Number.MAX_VALUE)).toEqual([0, 1e37]);
  });

  it('widens a range float32 cannot resolve about its middle; keeps empty and ordinary ones', () => {
    // [−1e-319, 1e-319] (f = x·1e-320): 1e-30 wide about 0.
    expect(drawableRange(-1e-319, 1e-319)).toEqual([-5e-31, 5e-31]);
    // [3, 3 + 1e-12]: 1e-6 · 3 wide about the middle.
    const [lo, hi] = drawableRange(3, 3 + 1e-12);
    expect(hi - lo).toBeCloseTo(3e-6, 15);
    expect(drawableRange(2, 2)).toEqual([2, 2]);
    expect(drawableRange(0, 30)).toEqual([0, 30]);
    expect(drawableRange(Number.NaN, Number.NaN)).toEqual([Number.NaN, Number.NaN]);
  });

  it('Derived says when f reaches beyond it', () => {
    const d = new Derived();
    d.update(A.setExpression(defaultState(), '1e308*x*y'));
    expect(d.rangeOverflows).toBe(true);
    expect(d.zRange(defaultState().view)).toEqual([-1e37, 1e37]);
    d.update(defaultState());
    expect(d.rangeOverflows).toBe(false);
  });
});
