import { describe, expect, it } from 'vitest';
import { paramsFor } from '../../src/app/defaults.ts';
import { globalMinimumValue, nearestMinimum, runMetrics } from '../../src/app/metrics.ts';
import { type CompiledFunction, compile, numericGradient } from '../../src/core/expr/index.ts';
import { getFunctionPreset } from '../../src/core/functions/presets.ts';
import type { CriticalPoint } from '../../src/core/functions/types.ts';
import { getOptimizer } from '../../src/core/optimizers/index.ts';
import { Run, type RunSpec } from '../../src/core/runner.ts';

function compiled(expression: string): CompiledFunction {
  const result = compile(expression);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function sgd(
  fn: CompiledFunction,
  lr: number,
  start: readonly [number, number],
  steps: number,
  extra: Partial<RunSpec> = {},
): Run {
  return new Run({
    fn,
    optimizer: getOptimizer('sgd')!,
    params: paramsFor('sgd', { lr }),
    start,
    ...extra,
  }).advanceTo(steps);
}

/** The book's quadratic, written by hand: f = x²/20 + y², ∇f = (x/10, 2y). */
const BOOK: CompiledFunction = {
  source: 'x^2/20 + y^2',
  value: (x, y) => (x * x) / 20 + y * y,
  valueGrad: (x, y, out) => {
    out[0] = x / 10;
    out[1] = 2 * y;
    return (x * x) / 20 + y * y;
  },
  hessian: (_x, _y, out) => {
    out[0] = 0.1;
    out[1] = 0;
    out[2] = 2;
    return Number.NaN;
  },
  numericGrad: numericGradient((x, y) => (x * x) / 20 + y * y),
};
const BOOK_MINIMA = getFunctionPreset('book')!.critical;

describe('runMetrics', () => {
  // SGD lr 0.95 on x²/20 + y² from (−7, 2): x ← (1 − 0.095)·x, y ← (1 − 1.9)·y, so
  // x_k = −7·0.905^k, y_k = 2·(−0.9)^k and f_k = 2.45·0.819025^k + 4·0.81^k.
  it('SGD on the book quadratic: 30 steps end 0.3605 from the minimum, still moving', () => {
    const m = runMetrics(sgd(BOOK, 0.95, [-7, 2], 30), BOOK_MINIMA);
    expect(m.steps).toBe(30);
    // x₃₀ = −7·0.905³⁰ = −0.350393, y₃₀ = 2·0.9³⁰ = 0.0847823.
    expect(m.finalF).toBeCloseTo(0.350393 ** 2 / 20 + 0.0847823 ** 2, 6);
    expect(m.finalGradNorm).toBeCloseTo(Math.hypot(0.0350393, 0.169565), 5);
    expect(m.nearest).toEqual({ x: 0, y: 0, f: 0 });
    // √(0.350393² + 0.0847823²) = 0.360504
    expect(m.distance).toBeCloseTo(0.360504, 6);
    // f₃₀ = 2.45·0.819025³⁰ + 4·0.81³⁰ = 6.14e-3 + 7.19e-3 = 1.33e-2 > 1e-3: not reached yet.
    expect(m.reachedAt).toBeNull();
    expect(m.status).toBe('moving');
    expect(m.statusStep).toBeNull();
  });

  it('SGD on the book quadratic first gets within 1e-3 of f_min at step 43', () => {
    // f₄₂ = 2.45·0.819025⁴² + 4·0.81⁴² = 5.593e-4 + 5.734e-4 = 1.1327e-3 > 1e-3
    // f₄₃ = 2.45·0.819025⁴³ + 4·0.81⁴³ = 4.581e-4 + 4.644e-4 = 9.225e-4 ≤ 1e-3
    const run = sgd(BOOK, 0.95, [-7, 2], 60);
    expect(runMetrics(run, BOOK_MINIMA).reachedAt).toBe(43);
    // A looser tolerance is reached earlier: f₃₈ ≈ 2.57e-3 > 2.1e-3, f₃₉ ≈ 2.10e-3 ≤ 2.1e-3.
    expect(runMetrics(run, BOOK_MINIMA, 2.1e-3).reachedAt).toBe(39);
    // The start itself counts: f₀ = 6.45.
    expect(runMetrics(run, BOOK_MINIMA, 7).reachedAt).toBe(0);
  });

  it('SGD on the book quadratic converges at step 145', () => {
    // |∇f_k| = √((0.7·0.905^k)² + (4·0.9^k)²): 1.105e-6 at k = 144, 9.956e-7 < 1e-6 at k = 145.
    const run = sgd(BOOK, 0.95, [-7, 2], 200);
    const m = runMetrics(run, BOOK_MINIMA);
    expect(m.status).toBe('converged');
    expect(m.statusStep).toBe(145);
    expect(m.steps).toBe(200);
    expect(m.reachedAt).toBe(43);
  });

  it('a diverging run: status, step and the last finite row', () => {
    // lr 1.1: y ← (1 − 2.2)·y, so y_k = 2·(−1.2)^k; with bound 100, |y₂₁| = 92.0 stays inside and
    // |y₂₂| = 110.4 leaves: diverged at 22, the last row is 21. x_k = −7·0.89^k.
    const run = sgd(compiled('x^2/20 + y^2'), 1.1, [-7, 2], 30, { bound: 100 });
    const m = runMetrics(run, BOOK_MINIMA);
    expect(m.status).toBe('diverged');
    expect(m.statusStep).toBe(22);
    expect(m.steps).toBe(21);
    const x21 = -7 * 0.89 ** 21;
    const y21 = 2 * (-1.2) ** 21;
    expect(m.finalF).toBeCloseTo((x21 * x21) / 20 + y21 * y21, 8);
    expect(m.distance).toBeCloseTo(Math.hypot(x21, y21), 10);
    expect(m.reachedAt).toBeNull();
  });

  it('Himmelblau: a path ending near (3, 2) reports (3, 2), not the other three minima', () => {
    const preset = getFunctionPreset('himmelblau')!;
    const run = sgd(compiled(preset.expression), 0.01, [2.5, 2.5], 300);
    const m = runMetrics(run, preset.critical);
    expect(m.nearest).toEqual({ x: 3, y: 2, f: 0 });
    expect(m.distance!).toBeLessThan(1e-6);
    expect(m.reachedAt).not.toBeNull();
    expect(m.reachedAt!).toBeGreaterThan(0);
    expect(m.status).toBe('converged');
  });

  it('Styblinski–Tang: ends in the shallow basin; the nearest minimum is local, f_min is never reached', () => {
    const preset = getFunctionPreset('styblinski-tang')!;
    const run = sgd(compiled(preset.expression), 0.01, preset.start, 500);
    const m = runMetrics(run, preset.critical);
    expect(m.nearest).toEqual({ x: 2.746802771, y: 2.746802771, f: -50.05889331 });
    expect(m.finalF).toBeCloseTo(-50.05889331, 6);
    expect(m.distance!).toBeLessThan(1e-4);
    // f stays ≈ 28 above the global minimum's −78.33.
    expect(m.reachedAt).toBeNull();
  });

  it('no known minima (a saddle, a typed expression): nearest, distance and reachedAt are null', () => {
    const saddle = getFunctionPreset('saddle')!;
    const fn = compiled(saddle.expression);
    for (const minima of [saddle.critical, []]) {
      const m = runMetrics(sgd(fn, 0.1, [-1, 0.5], 10), minima);
      expect(m.nearest).toBeNull();
      expect(m.distance).toBeNull();
      expect(m.reachedAt).toBeNull();
      expect(m.steps).toBe(10);
    }
  });

  it('a run whose start is not finite has no row', () => {
    const run = sgd(compiled('sqrt(x) + y'), 0.1, [-1, 0], 10);
    expect(run.rows).toBe(0);
    const m = runMetrics(run, BOOK_MINIMA);
    expect(m).toMatchObject({ steps: 0, nearest: null, distance: null, reachedAt: null, status: 'diverged' });
    expect(m.statusStep).toBe(0);
    expect(m.finalF).toBeNaN();
  });
});

describe('minima helpers', () => {
  const points: CriticalPoint[] = [
    { x: 0, y: -1, f: 3, kind: 'global minimum' },
    { x: -0.6, y: -0.4, f: 30, kind: 'local minimum' },
    { x: 0, y: 0, f: 100, kind: 'saddle' },
  ];

  it('global minimum value ignores local minima and other points', () => {
    expect(globalMinimumValue(points)).toBe(3);
    expect(globalMinimumValue(points.slice(1))).toBeNull();
    expect(globalMinimumValue([])).toBeNull();
  });

  it('nearest minimum skips saddles and measures Euclidean distance', () => {
    // (0, 0) is a saddle; of the minima, (−0.6, −0.4) is √0.52 = 0.7211 away, (0, −1) is 1 away.
    const near = nearestMinimum(0, 0, points)!;
    expect(near.point.f).toBe(30);
    expect(near.distance).toBeCloseTo(Math.sqrt(0.52), 12);
    expect(nearestMinimum(0, -0.9, points)!.point.f).toBe(3);
    expect(nearestMinimum(0, 0, [points[2]!])).toBeNull();
  });
});
