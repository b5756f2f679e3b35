/** First steps of the lab's rules, computed by hand from each rule's definition (independent of any code). */

import { describe, expect, it } from 'vitest';
import { groupOf, type Objective } from '../../../src/core/optimizers/index.ts';
import { def, expectNear, feed, noObjective, params, referenceObjective } from './support.ts';

/** Steps `id` from `start` with the given gradients on `objective`; returns every point and the final state. */
function steps(
  id: string,
  given: Record<string, unknown>,
  start: number[],
  objective: Objective,
  count: number,
) {
  const d = def(id);
  const values = params(id, given);
  const optimizer = d.create(values, start.length);
  const group = groupOf(d, values);
  const p = Float64Array.from(start);
  const g = new Float64Array(start.length);
  const points = [Array.from(p)];
  for (let k = 0; k < count; k++) {
    objective.valueGrad(p, g);
    optimizer.step(p, g, group, objective);
    points.push(Array.from(p));
  }
  return { points, state: optimizer.state(), optimizer };
}

describe('Rprop', () => {
  it('moves by lr against the sign, grows the step ×1.2 while the sign holds, halves it and pauses on a flip', () => {
    // lr 0.1: step 1 moves by 0.1; x keeps its sign → 0.12; y flips → step size 0.05, no move, prev_y = 0.
    const points = feed(
      'rprop',
      params('rprop', { lr: 0.1 }),
      [1, 1],
      [
        [3, -2],
        [5, 4],
        [1, 1],
      ],
    );
    expect(points[1]).toEqual([0.9, 1.1]);
    expectNear(points[2]![0]!, 0.9 - 0.12);
    expect(points[2]![1]).toBe(1.1);
    // Step 3: x again same sign → 0.144; y compared with prev 0 → factor 1, step size stays 0.05.
    expectNear(points[3]![0]!, 0.9 - 0.12 - 0.144);
    expectNear(points[3]![1]!, 1.1 - 0.05);
  });
});

describe('ASGD', () => {
  it('step 1: p(1 − lambd·lr) − lr·g, ax = p, then eta = lr/(1 + lambd·lr)^alpha', () => {
    const { points, state } = steps(
      'asgd',
      { lr: 0.1, lambd: 0.01 },
      [2, -1],
      referenceObjective('quadratic'),
      1,
    );
    // ∇(x²/20 + y²) at (2, −1) = (0.2, −2).
    expectNear(points[1]![0]!, 2 * (1 - 0.001) - 0.1 * 0.2);
    expectNear(points[1]![1]!, -1 * (1 - 0.001) + 0.1 * 2);
    expect(state.ax).toEqual(points[1]);
    expectNear(state.eta as number, 0.1 / (1 + 0.001) ** 0.75);
    expect(state.mu).toBe(1);
    expect(state.step).toBe(1);
  });
});

describe('Adafactor', () => {
  it('step 1: v = g², u = sign(g) (RMS 1, no clipping), p ← p − max(eps2, RMS(p))·lr·sign(g)', () => {
    const points = feed('adafactor', params('adafactor'), [3, 4], [[0.5, -7]]);
    const alpha = (5 / Math.SQRT2) * 0.01; // RMS((3, 4)) = 5/√2, rho = min(0.01, 1/√1)
    expectNear(points[1]![0]!, 3 - alpha);
    expectNear(points[1]![1]!, 4 + alpha);
  });

  it('near the origin the step is eps2·rho, and d < RMS(u) clips', () => {
    // p = 0: alpha = eps2·lr = 1e-3·0.01. g = (1, 0): u = (1, 0), RMS(u) = 1/√2 < d = 1: no clipping.
    const points = feed('adafactor', params('adafactor'), [0, 0], [[1, 0]]);
    expectNear(points[1]![0]!, -1e-5, 1e-12);
    expect(points[1]![1]).toBe(0);
  });
});

describe('Lion', () => {
  it('step 1 moves every coordinate by exactly lr against sign(g); m = (1 − β2)·g', () => {
    const { points, state } = steps('lion', { lr: 0.1 }, [1, -2], referenceObjective('himmelblau'), 1);
    // ∇ Himmelblau at (1, −2): a = 1 − 2 − 11 = −12, b = 1 + 4 − 7 = −2 → (4·1·(−12) + 2·(−2), 2·(−12) + 4·(−2)·(−2)) = (−52, −8).
    expectNear(points[1]![0]!, 1.1);
    expectNear(points[1]![1]!, -1.9);
    expectNear((state.exp_avg as number[])[0]!, 0.01 * -52);
    expectNear((state.exp_avg as number[])[1]!, 0.01 * -8);
  });
});

describe('Schedule-Free', () => {
  it('SGD: step 1 is plain SGD with x = y = z; step 2 averages x = (x₁ + z₂)/2', () => {
    // f = x²/20 + y², lr 0.1, momentum 0.9 from (−7, 2): g = (−0.7, 4) → z₁ = (−6.93, 1.6) = x₁ = y₁.
    const { points, state, optimizer } = steps(
      'schedulefree_sgd',
      { lr: 0.1 },
      [-7, 2],
      referenceObjective('quadratic'),
      2,
    );
    expectNear(points[1]![0]!, -6.93);
    expectNear(points[1]![1]!, 1.6);
    // Step 2: g at y₁ = (−0.693, 3.2); z₂ = (−6.93 + 0.0693, 1.6 − 0.32); x₂ = (x₁ + z₂)/2; y₂ = 0.9x₂ + 0.1z₂.
    const z2 = [-6.93 + 0.0693, 1.6 - 0.32];
    const x2 = [(-6.93 + z2[0]!) / 2, (1.6 + z2[1]!) / 2];
    expectNear((state.z as number[])[0]!, z2[0]!);
    expectNear((state.x as number[])[1]!, x2[1]!);
    expectNear(points[2]![0]!, 0.9 * x2[0]! + 0.1 * z2[0]!);
    const out = new Float64Array(2);
    optimizer.reported!(Float64Array.from(points[2]!), out);
    expectNear(out[0]!, x2[0]!);
    expectNear(out[1]!, x2[1]!);
  });

  it('AdamW: step 1 with eps 0 moves z by lr·√(1 − β2)·g/(√(1 − β2)·|g|) = lr·sign(g)', () => {
    const points = feed(
      'schedulefree_adamw',
      params('schedulefree_adamw', { lr: 0.1, eps: 0 }),
      [1, 1],
      [[3, -0.5]],
    );
    expectNear(points[1]![0]!, 0.9);
    expectNear(points[1]![1]!, 1.1);
  });
});

describe('Muon', () => {
  it('in float64: a step of length lr·φ⁵(1) along −g/|g| after the decay p·(1 − lr·weight_decay)', () => {
    // φ(s) = a·s + b·s³ + c·s⁵ with torch's coefficients, iterated 5 times from s = 1.
    let s = 1;
    for (let k = 0; k < 5; k++) s = 3.4445 * s - 4.775 * s ** 3 + 2.0315 * s ** 5;
    const g = [3, 4]; // |g| = 5; any momentum keeps the direction of a single gradient
    const points = feed('muon', params('muon', { lr: 0.1, ns_dtype: 'float64' }), [1, 2], [g]);
    expectNear(points[1]![0]!, 1 * (1 - 0.01) - 0.1 * s * 0.6, 1e-12);
    expectNear(points[1]![1]!, 2 * (1 - 0.01) - 0.1 * s * 0.8, 1e-12);
    expect(s).toBeGreaterThan(0.69); // φ⁵(1) ≈ 0.696: the iteration is tuned for speed, not to reach 1
    expect(s).toBeLessThan(0.7);
  });

  it("in bfloat16 (torch's): the same step to bfloat16's 8 significant bits", () => {
    let s = 1;
    for (let k = 0; k < 5; k++) s = 3.4445 * s - 4.775 * s ** 3 + 2.0315 * s ** 5;
    const points = feed('muon', params('muon', { lr: 0.1, weight_decay: 0 }), [0, 0], [[3, 4]]);
    expect(Math.abs(points[1]![0]! + 0.1 * s * 0.6)).toBeLessThan(0.1 * 2 ** -6);
    expect(Math.abs(points[1]![1]! + 0.1 * s * 0.8)).toBeLessThan(0.1 * 2 ** -6);
  });
});

describe('L-BFGS', () => {
  it('max_iter 1: one move p − min(1, 1/Σ|g|)·lr·g, and only the first evaluation counts', () => {
    const { points, state } = steps('lbfgs', { max_iter: 1 }, [-7, 2], referenceObjective('quadratic'), 1);
    // g = (−0.7, 4): Σ|g| = 4.7, t = 1/4.7.
    expectNear(points[1]![0]!, -7 + 0.7 / 4.7);
    expectNear(points[1]![1]!, 2 - 4 / 4.7);
    expect(state.func_evals).toBe(1);
    expect(state.n_iter).toBe(1);
  });

  it('strong Wolfe on x² + y² from (1, 1): t = 1/4 to (½, ½), then the BFGS step lands on 0 (3 evaluations)', () => {
    // Iteration 1: d = −(2, 2), t = 1/4, f(½, ½) = ½ satisfies Armijo and |g·d| = 2 ≤ 0.9·8.
    // Iteration 2: s = (−½, −½), y = (−1, −1), ys = 1, H_diag = ½; the two-loop recursion gives d = (−½, −½),
    // t = 1 reaches (0, 0) where ∇f = 0: optimal, stop.
    const objective: Objective = {
      dim: 2,
      valueGrad(p, g) {
        g[0] = 2 * p[0]!;
        g[1] = 2 * p[1]!;
        return p[0]! ** 2 + p[1]! ** 2;
      },
      value: (p) => p[0]! ** 2 + p[1]! ** 2,
    };
    const { points, state } = steps('lbfgs', { line_search_fn: 'strong_wolfe' }, [1, 1], objective, 1);
    expect(points[1]).toEqual([0, 0]);
    expect(state.func_evals).toBe(3);
    expect(state.n_iter).toBe(2);
    expect(state.H_diag).toBe(0.5);
    // torch's lists: the one pair (y, s), ρ = 1/ys = 1, and α₀ = ρ·s·q = 1·(½ + ½) with q = −g = (−1, −1);
    // al has history_size (100) slots, the unused ones None.
    expect(state.old_dirs).toEqual([[-1, -1]]);
    expect(state.old_stps).toEqual([[-0.5, -0.5]]);
    expect(state.ro).toEqual([1]);
    expect(state.al).toEqual([1, ...Array.from({ length: 99 }, () => null)]);
  });

  it('a NaN gradient is not optimal (torch: max|g| is NaN, NaN ≤ tolerance_grad is false): p becomes NaN', () => {
    // torch 1.13 (checked): d = −g = NaN, t = min(1, 1/NaN) = 1, g·d = NaN is not > −tolerance_change, so
    // p ← p + t·d = NaN; the closure runs again (2 evaluations): max|g| and max|t·d| are NaN (no stop), but
    // f = 1 both times, so |Δf| = 0 < tolerance_change ends the step after 1 iteration.
    const objective: Objective = {
      dim: 2,
      valueGrad(_p, g) {
        g[0] = Number.NaN;
        g[1] = Number.NaN;
        return 1;
      },
      value: () => 1,
    };
    const { points, state } = steps('lbfgs', {}, [1, 2], objective, 1);
    expect(points[1]![0]).toBeNaN();
    expect(points[1]![1]).toBeNaN();
    expect(state.func_evals).toBe(2);
    expect(state.n_iter).toBe(1);
  });
});

describe('Newton', () => {
  it('lands on the minimum of a quadratic in one step', () => {
    const { points } = steps('newton', {}, [-7, 2], referenceObjective('quadratic'), 1);
    expectNear(points[1]![0]!, 0, 1e-14); // −7 − (−0.7/0.1): 0 up to the rounding of 0.7/0.1
    expect(points[1]![1]).toBe(0);
  });

  it('on Rosenbrock at (−1.5, 2): p − H⁻¹g by Cramer’s rule', () => {
    const [x, y] = [-1.5, 2];
    const g = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
    const [a, b, d] = [2 - 400 * (y - x * x) + 800 * x * x, -400 * x, 200];
    const det = a * d - b * b;
    const { points } = steps('newton', {}, [x, y], referenceObjective('rosenbrock'), 1);
    expectNear(points[1]![0]!, x - (d * g[0]! - b * g[1]!) / det, 1e-12);
    expectNear(points[1]![1]!, y - (a * g[1]! - b * g[0]!) / det, 1e-12);
  });

  it('damping shortens the step: (H + damping·I)⁻¹g on a quadratic', () => {
    // H = diag(0.1, 2), g = (−0.7, 4), damping 1: s = (−0.7/1.1, 4/3).
    const { points } = steps('newton', { damping: 1 }, [-7, 2], referenceObjective('quadratic'), 1);
    expectNear(points[1]![0]!, -7 + 0.7 / 1.1);
    expectNear(points[1]![1]!, 2 - 4 / 3);
  });

  it('refuses a singular Hessian with a StepFailure', () => {
    const flat: Objective = { ...noObjective(2), hessian: (_p, h) => h.fill(0) };
    const d = def('newton');
    const values = params('newton');
    const optimizer = d.create(values, 2);
    expect(() =>
      optimizer.step(Float64Array.from([1, 1]), Float64Array.from([1, 0]), groupOf(d, values), flat),
    ).toThrow(/singular/);
  });
});
