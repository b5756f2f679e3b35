import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/expr/index.ts';
import { getOptimizer, resolveParams } from '../../src/core/optimizers/index.ts';
import { DEFAULT_DOMAIN, divergenceBound, Run, type RunSpec, run } from '../../src/core/runner.ts';

function fn(src: string) {
  const c = compile(src);
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

function spec(
  f: string,
  optimizer: string,
  params: Record<string, unknown>,
  start: [number, number],
  extra: Partial<RunSpec> = {},
): RunSpec {
  const def = getOptimizer(optimizer)!;
  const resolved = resolveParams(def, params);
  if (!resolved.ok) throw new Error(resolved.error);
  return { fn: fn(f), optimizer: def, params: resolved.value, start, ...extra };
}

const row = (r: Run, k: number) => [r.xyf[3 * k], r.xyf[3 * k + 1], r.xyf[3 * k + 2]];

describe('Run', () => {
  it('SGD on the book quadratic follows the closed form x_k = -7·0.905^k, y_k = 2·(-0.9)^k', () => {
    // ∇(x²/20 + y²) = (x/10, 2y); with lr 0.95: x ← x(1 − 0.095), y ← y(1 − 1.9).
    const r = run(spec('x^2/20 + y^2', 'sgd', { lr: 0.95 }, [-7, 2]), 30);
    expect(r.rows).toBe(31);
    expect(r.steps).toBe(30);
    expect(r.status).toBe('running');
    expect(r.divergedAt).toBeNull();
    for (let k = 0; k <= 30; k++) {
      const x = -7 * 0.905 ** k;
      const y = 2 * (-0.9) ** k;
      const [rx, ry, rf] = row(r, k);
      expect(rx).toBeCloseTo(x, 12);
      expect(ry).toBeCloseTo(y, 12);
      expect(rf).toBeCloseTo(x ** 2 / 20 + y ** 2, 12);
      expect(r.gradNorm[k]).toBeCloseTo(Math.hypot(x / 10, 2 * y), 12);
    }
  });

  it('row 0 is the start with f and |∇f| there', () => {
    const r = run(spec('x^2/20 + y^2', 'adam', { lr: 0.3 }, [-7, 2]), 0);
    expect(r.rows).toBe(1);
    expect(row(r, 0)).toEqual([-7, 2, 49 / 20 + 4]);
    expect(r.gradNorm[0]).toBeCloseTo(Math.hypot(0.7, 4), 15);
  });

  it('advancing in pieces gives the same bits as one run (the page steps one at a time)', () => {
    const s = spec('(1 - x)^2 + 100*(y - x^2)^2', 'adam', { lr: 0.01 }, [-1.5, 2]);
    const whole = run(s, 200);
    const pieces = new Run(s);
    for (let k = 1; k <= 200; k++) pieces.advanceTo(k);
    expect(pieces.rows).toBe(whole.rows);
    expect(pieces.xyf.subarray(0, 3 * whole.rows)).toEqual(whole.xyf.subarray(0, 3 * whole.rows));
    expect(Object.is(pieces.xyf[3 * 200], whole.xyf[3 * 200])).toBe(true);
  });

  it('is deterministic: two runs of the same spec are bit-identical', () => {
    const rastrigin = () =>
      run(
        spec(
          '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)',
          'rmsprop',
          { lr: 0.05, centered: true, momentum: 0.5 },
          [-2, 3.5],
        ),
        500,
      );
    const a = rastrigin();
    const b = rastrigin();
    expect(Buffer.from(a.xyf.buffer).equals(Buffer.from(b.xyf.buffer))).toBe(true);
  });

  it('converges: SGD lr 0.5 on x² + y² lands exactly on the minimum after one step', () => {
    // p − 0.5·2p = 0.
    const r = run(spec('x^2 + y^2', 'sgd', { lr: 0.5 }, [3, -4]), 5);
    expect(r.status).toBe('converged');
    expect(r.convergedAt).toBe(1);
    expect(r.rows).toBe(6); // converged runs keep their requested steps
    expect(row(r, 5)).toEqual([0, 0, 0]);
  });

  it('a run that passes near the minimum and leaves again is not converged', () => {
    // SGD lr 1 on x²: x ← x − 2x = −x oscillates forever with |∇f| = 2|x|.
    const r = run(spec('x^2', 'sgd', { lr: 1 }, [1e-9, 0]), 4);
    expect(r.status).toBe('converged'); // |∇f| = 2e-9 < 1e-6 everywhere
    const far = run(spec('x^2', 'sgd', { lr: 1 }, [1, 0]), 4);
    expect(far.status).toBe('running');
    expect(far.convergedAt).toBeNull();
  });

  it('diverges when the point leaves the bound: SGD lr 1.1 on y² grows by 1.2× a step', () => {
    // y_k = 2·(−1.2)^k; |y_k| > 1000 first at k = 35 (2·1.2^34 ≈ 980.6, 2·1.2^35 ≈ 1176.7).
    const r = run(spec('y^2', 'sgd', { lr: 1.1 }, [0, 2], { bound: 1000 }), 100);
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).toBe(35);
    expect(r.rows).toBe(35);
    expect(Math.abs(row(r, 34)[1])).toBeCloseTo(2 * 1.2 ** 34, 9);
  });

  it('default bound is 1e6 × the domain size: the book domain gives 1e7', () => {
    expect(divergenceBound(DEFAULT_DOMAIN)).toBe(1e7);
    expect(divergenceBound({ x: [-2, 2], y: [-1, 3] })).toBe(3e6);
    expect(divergenceBound({ x: [-0.5, 0.5], y: [-0.5, 0.5] })).toBe(1e6);
  });

  it('diverges on a non-finite value and keeps only finite rows', () => {
    // f = sqrt(x) from x = 1, SGD lr 10: g = 1/(2·sqrt(1)) = 0.5, x₁ = 1 − 5 = −4, sqrt(−4) = NaN.
    const r = run(spec('sqrt(x)', 'sgd', { lr: 10 }, [1, 0]), 10);
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).toBe(1);
    expect(r.rows).toBe(1);
    expect(row(r, 0)).toEqual([1, 0, 1]);
  });

  it('diverges on overflow: exp grows past float64', () => {
    // f = exp(x), SGD lr 1 from x = 3: x₁ = 3 − e³ ≈ −17.1, f finite; going uphill is impossible, so use −exp.
    // f = −exp(x): g = −exp(x), x ← x + exp(x): 3 → 23.09 → ~1.06e10 → exp overflows to Infinity.
    const r = run(spec('-exp(x)', 'sgd', { lr: 1 }, [3, 0]), 10);
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).toBe(2);
    expect(r.rows).toBe(2);
    expect(row(r, 1)[0]).toBeCloseTo(3 + Math.exp(3), 12);
  });

  it('a start where f is not finite diverges at step 0 with no rows', () => {
    const r = run(spec('log(x)', 'sgd', { lr: 0.1 }, [-1, 0]), 10);
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).toBe(0);
    expect(r.rows).toBe(0);
  });

  it('numeric gradient mode follows the exact path on the book quadratic to ~1e-10', () => {
    const exact = run(spec('x^2/20 + y^2', 'momentum', { lr: 0.1 }, [-7, 2]), 30);
    const numeric = run(spec('x^2/20 + y^2', 'momentum', { lr: 0.1 }, [-7, 2], { gradient: 'numeric' }), 30);
    for (let i = 0; i < 31 * 3; i++) expect(Math.abs(numeric.xyf[i] - exact.xyf[i])).toBeLessThan(1e-9);
    expect(numeric.xyf[3 * 30]).not.toBe(exact.xyf[3 * 30]); // really a different gradient
  });

  it('grows its buffers past the initial capacity', () => {
    const r = run(spec('x^2/20 + y^2', 'sgd', { lr: 0.01 }, [-7, 2]), 1000);
    expect(r.rows).toBe(1001);
    // SGD lr 0.01: x_k = −7·0.999^k.
    expect(row(r, 1000)[0]).toBeCloseTo(-7 * 0.999 ** 1000, 10);
  });

  it('records lr[k] = the lr update k + 1 used, and a scheduler changes the group after every step', () => {
    // SGD on x² from x = 1 with lr_k = 0.1·0.5^k: x_{k+1} = x_k·(1 − 2·lr_k).
    const halve = {
      step(group: { lr: number }) {
        group.lr *= 0.5;
      },
    };
    const r = run(spec('x^2', 'sgd', { lr: 0.1 }, [1, 0], { scheduler: halve }), 6);
    let x = 1;
    for (let k = 0; k < 6; k++) {
      expect(r.lr[k]).toBe(0.1 * 0.5 ** k);
      x *= 1 - 2 * 0.1 * 0.5 ** k;
      expect(row(r, k + 1)[0]).toBeCloseTo(x, 15);
    }
    expect(r.group.lr).toBe(0.1 * 0.5 ** 6);
  });

  it('without a scheduler every lr[k] is the parameter', () => {
    const r = run(spec('x^2 + y^2', 'adam', { lr: 0.3 }, [1, 1]), 5);
    expect(Array.from(r.lr.subarray(0, 5))).toEqual([0.3, 0.3, 0.3, 0.3, 0.3]);
  });

  it('with noise the optimizer sees ∇f + σ·ξ (x then y), while |∇f| stays noiseless', () => {
    // ξ = 1, 2, 3, 4, ...; σ = 0.5; SGD lr 0.1 on x² + y²: p ← p − 0.1·(2p + 0.5·ξ).
    let n = 0;
    const noise = { next: () => ++n };
    const r = run(spec('x^2 + y^2', 'sgd', { lr: 0.1 }, [1, 2], { noise, noiseSigma: 0.5 }), 2);
    const x1 = 1 - 0.1 * (2 + 0.5);
    const y1 = 2 - 0.1 * (4 + 1);
    const x2 = x1 - 0.1 * (2 * x1 + 1.5);
    const y2 = y1 - 0.1 * (2 * y1 + 2);
    expect(row(r, 1)[0]).toBeCloseTo(x1, 15);
    expect(row(r, 1)[1]).toBeCloseTo(y1, 15);
    expect(row(r, 2)[0]).toBeCloseTo(x2, 15);
    expect(row(r, 2)[1]).toBeCloseTo(y2, 15);
    expect(r.gradNorm[1]).toBeCloseTo(Math.hypot(2 * x1, 2 * y1), 15);
  });

  it('momentum and beta1 come from the group: a scheduler setting momentum to 0 makes SGD plain', () => {
    // Momentum 0.9, lr 0.1 on x²: step 1 buf = g = 2, x = 1 − 0.2 = 0.8; then momentum 0: x ← x − 0.1·2x.
    const zero = {
      step(group: { momentum: number }) {
        group.momentum = 0;
      },
    };
    const r = run(spec('x^2', 'momentum', { lr: 0.1 }, [1, 0], { scheduler: zero }), 2);
    expect(row(r, 1)[0]).toBeCloseTo(0.8, 15);
    expect(row(r, 2)[0]).toBeCloseTo(0.8 * 0.8, 15);
  });

  it('Schedule-Free rows report x (f and |∇f| there) and keep y, the gradient point, in yx', () => {
    // SF-SGD, lr 0.1, momentum 0.9 on x² + y² from p = (1, 2): z₁ = x₁ = y₁ = 0.8p; the gradient at y₁ is 1.6p,
    // z₂ = 0.64p, x₂ = (x₁ + z₂)/2 = 0.72p, y₂ = 0.9·x₂ + 0.1·z₂ = 0.712p.
    const r = run(spec('x^2 + y^2', 'schedulefree_sgd', { lr: 0.1 }, [1, 2]), 2);
    expect(r.yx).not.toBeNull();
    expect(row(r, 0)).toEqual([1, 2, 5]);
    expect(Array.from(r.yx!.subarray(0, 2))).toEqual([1, 2]);
    for (const [k, xs, ys] of [
      [1, 0.8, 0.8],
      [2, 0.72, 0.712],
    ] as const) {
      const [x, y, f] = row(r, k);
      expect(x).toBeCloseTo(xs, 14);
      expect(y).toBeCloseTo(2 * xs, 14);
      expect(f).toBeCloseTo(5 * xs * xs, 14);
      expect(r.gradNorm[k]).toBeCloseTo(2 * Math.sqrt(5) * xs, 13);
      expect(r.yx![2 * k]).toBeCloseTo(ys, 14);
      expect(r.yx![2 * k + 1]).toBeCloseTo(2 * ys, 14);
    }
  });

  it('an optimizer without a reported point has no yx', () => {
    expect(run(spec('x^2', 'adam', {}, [1, 0]), 1).yx).toBeNull();
  });

  it('Newton on a singular Hessian diverges at that step with the reason', () => {
    // f = x²: H = [[2, 0], [0, 0]] is singular everywhere.
    const r = run(spec('x^2', 'newton', {}, [1, 1]), 5);
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).toBe(1);
    expect(r.rows).toBe(1);
    expect(r.reason).toMatch(/singular/);
  });

  it('Newton takes the Hessian from the compiled expression: one step to the minimum of a quadratic', () => {
    const r = run(spec('(x - 1)^2 + 3*(y + 2)^2 + x*y', 'newton', {}, [5, 5]), 1);
    // ∇f = (2(x − 1) + y, 6(y + 2) + x) = 0 → x = 2 − y... solving: 2x + y = 2, x + 6y = −12 → x = 24/11, y = −26/11.
    expect(row(r, 1)[0]).toBeCloseTo(24 / 11, 12);
    expect(row(r, 1)[1]).toBeCloseTo(-26 / 11, 12);
    expect(r.status).toBe('converged');
  });

  it('a point beyond the bound gives a reason', () => {
    const r = run(spec('y^2', 'sgd', { lr: 1.1 }, [0, 2], { bound: 1000 }), 100);
    expect(r.reason).toMatch(/beyond the divergence bound 1000/);
    expect(run(spec('x^2', 'sgd', { lr: 0.1 }, [1, 0]), 3).reason).toBeNull();
  });

  it('L-BFGS: one row per step(closure) call, which may run many inner iterations', () => {
    const r = run(
      spec('(1 - x)^2 + 100*(y - x^2)^2', 'lbfgs', { line_search_fn: 'strong_wolfe' }, [-1.5, 2]),
      3,
    );
    expect(r.rows).toBe(4);
    // 20 inner iterations with line searches reach Rosenbrock's valley floor far beyond 3 plain steps.
    expect(row(r, 3)[2]).toBeLessThan(1e-6);
  });

  it('noise reaches every gradient evaluation in call order: the row, then what the optimizer evaluates', () => {
    // L-BFGS max_iter 2 without a line search: per step(closure) one extra evaluation (after iteration 1;
    // none after the last). Rows 0 and 1 draw 2 normals each, the step between them 2 more: 6 in all.
    let draws = 0;
    const noise = {
      next: () => {
        draws += 1;
        return 0;
      },
    };
    run(spec('x^2 + y^2', 'lbfgs', { max_iter: 2 }, [1, 2], { noise, noiseSigma: 1 }), 1);
    expect(draws).toBe(6);
    // Schedule-Free: the noise goes to the gradient at y (the optimizer's), never to |∇f| at x.
    let n = 0;
    const ones = {
      next: () => {
        n += 1;
        return 1;
      },
    };
    const r = run(
      spec('x^2 + y^2', 'schedulefree_sgd', { lr: 0.1 }, [1, 2], { noise: ones, noiseSigma: 0.5 }),
      1,
    );
    // g at y₀ = (1, 2) is (2, 4) + 0.5 → z₁ = x₁ = p − 0.1·(2.5, 4.5).
    expect(row(r, 1)[0]).toBeCloseTo(0.75, 15);
    expect(row(r, 1)[1]).toBeCloseTo(1.55, 15);
    expect(r.gradNorm[1]).toBeCloseTo(2 * Math.hypot(0.75, 1.55), 14);
    expect(n).toBe(4);
  });
});
