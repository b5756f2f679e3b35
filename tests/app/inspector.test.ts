/**
 * The step inspector's derivations on the book's quadratic f = x²/20 + y² (∇f = (x/10, 2y),
 * H = diag(0.1, 2)), every expected number worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  arrowScale,
  decomposeUpdate,
  effectiveStep,
  localModel,
  modelCurves,
  StepRecorder,
  stateParts,
  stepFamily,
  theory,
} from '../../src/app/inspector.ts';
import type { CompiledFunction } from '../../src/core/expr/index.ts';
import { compile } from '../../src/core/expr/index.ts';
import { defaultParams, getOptimizer, groupOf } from '../../src/core/optimizers/registry.ts';

function compiled(source: string): CompiledFunction {
  const r = compile(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const BOOK = compiled('x^2/20 + y^2');
const DOMAIN = { x: [-10, 10] as [number, number], y: [-10, 10] as [number, number] };

function recorder(id: string, lr: number) {
  const optimizer = getOptimizer(id)!;
  const params = { ...defaultParams(optimizer), lr };
  return { recorder: new StepRecorder({ fn: BOOK, optimizer, params, start: [-7, 2] }), optimizer, params };
}

describe('StepRecorder + decomposeUpdate', () => {
  it('Momentum (lr 0.1, μ 0.9): the first two updates, −lr·g against the momentum part', () => {
    const { recorder: r, optimizer, params } = recorder('momentum', 0.1);
    const group = groupOf(optimizer, params);
    expect(stepFamily('momentum', group)).toBe('momentum');
    // Update 1 from (−7, 2): g = (−0.7, 4), buf = g (torch clones it), Δ = −0.1·g = (0.07, −0.4).
    const s0 = r.inspect(0)!;
    expect(s0.gradient[0]).toBeCloseTo(-0.7, 15);
    expect(s0.gradient[1]).toBeCloseTo(4, 15);
    expect(s0.update![0]).toBeCloseTo(0.07, 15);
    expect(s0.update![1]).toBeCloseTo(-0.4, 15);
    expect(s0.state.momentum_buffer).toEqual([-0.7, 4]);
    const d0 = decomposeUpdate('momentum', s0.lr, s0.gradient, s0.update!);
    expect(d0.parts.map((p) => p.role)).toEqual(['gradient', 'momentum', 'update']);
    expect(d0.parts[1]!.vector[0]).toBeCloseTo(0, 15);
    expect(d0.parts[1]!.vector[1]).toBeCloseTo(0, 15);
    // Update 2 from p1 = (−6.93, 1.6): g = (−0.693, 3.2); buf = 0.9·(−0.7, 4) + g = (−1.323, 6.8);
    // Δ = (0.1323, −0.68) = −lr·g (0.0693, −0.32) + momentum part −lr·μ·buf₁ (0.063, −0.36).
    const s1 = r.inspect(1)!;
    expect(s1.point[0]).toBeCloseTo(-6.93, 14);
    expect(s1.point[1]).toBeCloseTo(1.6, 14);
    const buf = s1.state.momentum_buffer as number[];
    expect(buf[0]).toBeCloseTo(-1.323, 14);
    expect(buf[1]).toBeCloseTo(6.8, 14);
    const d1 = decomposeUpdate('momentum', s1.lr, s1.gradient, s1.update!);
    const [grad, mom, total] = d1.parts;
    expect(grad!.vector[0]).toBeCloseTo(0.0693, 14);
    expect(grad!.vector[1]).toBeCloseTo(-0.32, 14);
    expect(mom!.vector[0]).toBeCloseTo(0.063, 14);
    expect(mom!.vector[1]).toBeCloseTo(-0.36, 14);
    expect(mom!.from).toEqual(grad!.vector);
    expect(total!.vector[0]).toBeCloseTo(0.1323, 14);
    expect(total!.vector[1]).toBeCloseTo(-0.68, 14);
  });

  it("Adam's first update is lr·sign per coordinate: equal steps in x and y", () => {
    const { recorder: r, optimizer, params } = recorder('adam', 0.3);
    const s = r.inspect(0)!;
    // m̂ = g, v̂ = g², Δ = −0.3·g/(|g| + 1e-8): (0.3·0.7/(0.7 + 1e-8), −0.3·4/(4 + 1e-8)).
    expect(s.update![0]).toBeCloseTo((0.3 * 0.7) / (0.7 + 1e-8), 15);
    expect(s.update![1]).toBeCloseTo((-0.3 * 4) / (4 + 1e-8), 15);
    expect(Math.abs(s.update![0] - 0.3)).toBeLessThan(1e-8);
    expect(Math.abs(s.update![1] + 0.3)).toBeLessThan(1e-8);
    expect(s.state.step).toBe(1);
    const group = groupOf(optimizer, params);
    const family = stepFamily('adam', group);
    expect(family).toBe('adaptive');
    const d = decomposeUpdate(family, s.lr, s.gradient, s.update!);
    // The raw gradient step −0.3·g = (0.21, −1.2) against the rescaled step (≈0.3, ≈−0.3).
    expect(d.parts[0]!.vector[0]).toBeCloseTo(0.21, 15);
    expect(d.parts[0]!.vector[1]).toBeCloseTo(-1.2, 15);
    expect(d.parts[1]!.from).toEqual([0, 0]);
    const e = effectiveStep('adam', params, s.lr, family, s.state, s.gradient, s.update!);
    // lr/(√v̂ + eps) with v̂ = g²: 0.3/(0.7 + 1e-8), 0.3/(4 + 1e-8).
    expect(e.formula).toBe('lr/(√v̂ + eps)');
    expect(e.values[0]).toBeCloseTo(0.3 / (0.7 + 1e-8), 12);
    expect(e.values[1]).toBeCloseTo(0.3 / (4 + 1e-8), 12);
  });

  it("Adam in the paper's form (the book's): lr/(√v̂ + eps/√(1 − β₂ᵗ)), times m̂, gives the update", () => {
    const optimizer = getOptimizer('adam')!;
    const params = { ...defaultParams(optimizer), lr: 0.3, eps: 0.01, eps_mode: 'paper' };
    const s = new StepRecorder({ fn: BOOK, optimizer, params, start: [-7, 2] }).inspect(0)!;
    // Update 1, g = (−0.7, 4): m = 0.1·g, v = 0.001·g², lr_t = 0.3·√0.001/0.1,
    // Δ = −lr_t·m/(√v + 0.01) = −0.3·√0.001·g/(√0.001·|g| + 0.01).
    const r = Math.sqrt(0.001);
    const delta = [(0.3 * r * 0.7) / (r * 0.7 + 0.01), (-0.3 * r * 4) / (r * 4 + 0.01)];
    expect(s.update![0]).toBeCloseTo(delta[0]!, 14);
    expect(s.update![1]).toBeCloseTo(delta[1]!, 14);
    const family = stepFamily('adam', groupOf(optimizer, params));
    const e = effectiveStep('adam', params, s.lr, family, s.state, s.gradient, s.update!);
    expect(e.formula).toBe('lr/(√v̂ + eps/√(1 − β₂ᵗ))');
    expect(e.times).toBe('m̂');
    // v̂ = g², so 0.3/(|g| + 0.01/√0.001); times m̂ = g it is −Δ.
    expect(e.values[0]).toBeCloseTo(0.3 / (0.7 + 0.01 / r), 14);
    expect(e.values[1]).toBeCloseTo(0.3 / (4 + 0.01 / r), 14);
    expect(e.values[0] * -0.7).toBeCloseTo(-delta[0]!, 14);
    expect(e.values[1] * 4).toBeCloseTo(-delta[1]!, 14);
  });

  it('L-BFGS: d and prev_flat_grad are per-coordinate columns; old_dirs, old_stps, ro and al are history lists', () => {
    const { recorder: r } = recorder('lbfgs', 1);
    const s = r.inspect(2)!;
    const parts = stateParts('lbfgs', s.state);
    expect(parts.vectors.map(([name]) => name)).toEqual(['d', 'prev_flat_grad']);
    expect(parts.scalars.map(([name]) => name)).toEqual(['func_evals', 'n_iter', 't', 'H_diag', 'prev_loss']);
    const lists = Object.fromEntries(parts.lists);
    expect(Object.keys(lists).sort()).toEqual(['al', 'old_dirs', 'old_stps', 'ro']);
    // torch's al has history_size (100) slots; old_dirs, old_stps and ro one entry per kept pair.
    expect(lists.al).toBe(100);
    expect(lists.ro).toBe(lists.old_dirs);
    expect(lists.old_stps).toBe(lists.old_dirs);
    // A history of exactly two pairs keeps the shape of a buffer, and is still a list.
    const two = {
      ro: [1, 2],
      old_dirs: [
        [1, 0],
        [0, 1],
      ],
      d: [3, 4],
    };
    expect(stateParts('lbfgs', two).vectors).toEqual([['d', [3, 4]]]);
    // Adam's buffers are all per coordinate; step is a scalar.
    const adam = stateParts('adam', { step: 2, exp_avg: [1, 2], exp_avg_sq: [3, 4] });
    expect(adam).toEqual({
      vectors: [
        ['exp_avg', [1, 2]],
        ['exp_avg_sq', [3, 4]],
      ],
      scalars: [['step', 2]],
      lists: [],
    });
  });

  it('SGD (lr 0.95): the update is −lr·g alone; the last row has no update', () => {
    const { recorder: r, optimizer, params } = recorder('sgd', 0.95);
    const s = r.inspect(0)!;
    expect(s.state).toEqual({});
    expect(s.update![0]).toBeCloseTo(0.665, 15);
    expect(s.update![1]).toBeCloseTo(-3.8, 15);
    const family = stepFamily('sgd', groupOf(optimizer, params));
    expect(family).toBe('gradient');
    const d = decomposeUpdate(family, s.lr, s.gradient, s.update!);
    expect(d.parts.map((p) => p.role)).toEqual(['gradient', 'update']);
    expect(effectiveStep('sgd', params, s.lr, family, s.state, s.gradient, s.update!).values).toEqual([
      0.95, 0.95,
    ]);
    // Stepping back re-runs: update 2 from p1 = (−6.335, −1.8): g = (−0.6335, −3.6), Δ = (0.601825, 3.42).
    const s1 = r.inspect(1)!;
    expect(s1.update![0]).toBeCloseTo(0.601825, 14);
    expect(s1.update![1]).toBeCloseTo(3.42, 14);
    expect(r.inspect(0)!.update![1]).toBeCloseTo(-3.8, 15);
  });

  it('Adagrad: clr/(√sum + eps) from its state', () => {
    const { recorder: r, optimizer, params } = recorder('adagrad', 1.5);
    const s = r.inspect(0)!;
    // sum = g² = (0.49, 16) after update 1; 1.5/(0.7 + 1e-10), 1.5/(4 + 1e-10).
    const e = effectiveStep(
      'adagrad',
      params,
      s.lr,
      stepFamily('adagrad', groupOf(optimizer, params)),
      s.state,
      s.gradient,
      s.update!,
    );
    expect(e.values[0]).toBeCloseTo(1.5 / 0.7, 9);
    expect(e.values[1]).toBeCloseTo(1.5 / 4, 9);
  });
});

describe('arrowScale', () => {
  // The book's domain [−10, 10] × [−5, 5]: diagonal √500 ≈ 22.36, so the longest arrow is drawn at
  // least 2.236 long.
  const book = { x: [-10, 10] as [number, number], y: [-5, 5] as [number, number] };
  const step = (vector: [number, number]) => decomposeUpdate('gradient', 1, [-vector[0], -vector[1]], vector);
  it('leaves a step at least a tenth of the diagonal as it is', () => {
    expect(arrowScale(step([3, 0]).parts, book)).toBe(1);
    expect(arrowScale(step([0, 2.3]).parts, book)).toBe(1);
  });
  it('magnifies a short one by the smallest of 2, 5, 10, 20, … that reaches it', () => {
    // |Δ| = 0.5 (3-4-5 triangle, scaled): 2.236/0.5 = 4.47 → 5.
    expect(arrowScale(step([0.3, 0.4]).parts, book)).toBe(5);
    // 0.4: 5.59 → 10; 0.1: 22.4 → 50; 1.5: 1.49 → 2.
    expect(arrowScale(step([0.4, 0]).parts, book)).toBe(10);
    expect(arrowScale(step([0, -0.1]).parts, book)).toBe(50);
    expect(arrowScale(step([1.5, 0]).parts, book)).toBe(2);
    // The longest part decides: the momentum part may be longer than Δ.
    const momentum = decomposeUpdate('momentum', 0.1, [1, 0], [0.5, 0]);
    expect(momentum.parts.map((p) => p.vector[0])).toEqual([-0.1, 0.6, 0.5]);
    expect(arrowScale(momentum.parts, book)).toBe(5);
  });
  it('stops at 10⁶, and leaves a zero or non-finite step alone', () => {
    expect(arrowScale(step([1e-12, 0]).parts, book)).toBe(1e6);
    expect(arrowScale(step([0, 0]).parts, book)).toBe(1);
    expect(arrowScale(step([Number.NaN, 0]).parts, book)).toBe(1);
  });
});

describe('localModel + theory', () => {
  it("the book's quadratic: λ = 0.1 and 2, κ = 20, Newton's step to the origin", () => {
    const m = localModel(BOOK, -7, 2);
    expect(m.eigen.values[0]).toBeCloseTo(0.1, 15);
    expect(m.eigen.values[1]).toBeCloseTo(2, 15);
    expect(m.condition).toBeCloseTo(20, 12);
    expect(m.kind).toBe('minimum');
    expect(m.newton![0]).toBeCloseTo(7, 12);
    expect(m.newton![1]).toBeCloseTo(-2, 12);
    expect(m.negative).toBeNull();
  });

  it("SGD lr 0.95: bound 2/λmax = 1, factors 0.905 and −0.9 (the book's zigzag)", () => {
    const m = localModel(BOOK, -7, 2);
    const lines = theory('gradient', { lr: 0.95, momentum: 0, beta1: 0 }, m).map((l) => l.text);
    expect(lines).toEqual(['SGD: lr < 2/λmax = 1; 1 − lr·λ = 0.905, −0.9']);
  });

  it('heavy ball lr 0.1: β* = (1 − √0.01)² = 0.81 along x, (1 − √0.2)² = 0.3056 along y', () => {
    const m = localModel(BOOK, -7, 2);
    const [hb] = theory('momentum', { lr: 0.1, momentum: 0.9, beta1: 0 }, m).map((l) => l.text);
    expect(hb).toBe('heavy ball: β* = (1 − √(lr·λ))² = 0.81, 0.3056 (μ = 0.9)');
  });

  it('a saddle x² − y² at (1, 1): indefinite, negative curvature −2 along (0, 1) (downhill: g = (2, −2))', () => {
    const m = localModel(compiled('x^2 - y^2'), 1, 1);
    expect(m.kind).toBe('saddle');
    expect(m.negative).toEqual([0, 1]);
    const lines = theory('curvature', { lr: 1, momentum: 0, beta1: 0 }, m).map((l) => l.text);
    expect(lines[0]).toBe('saddle: H is indefinite; negative curvature λ = −2 along (0, 1)');
    // Newton goes to the saddle point (0, 0): −H⁻¹g = −(2/2, −2/−2) = (−1, −1).
    expect(lines[1]).toBe('Newton: exact step −H⁻¹∇f = (−1, −1)');
  });
});

describe('modelCurves', () => {
  it('the ellipse through the point: every vertex on 0.05x² + y² = 6.45, axes ±√129 along x and ±√6.45 along y', () => {
    const c = modelCurves(localModel(BOOK, -7, 2), DOMAIN);
    const first = c.contours[0]!;
    for (let i = 0; i < first.length; i += 2) {
      expect(0.05 * first[i]! ** 2 + first[i + 1]! ** 2).toBeCloseTo(6.45, 10);
    }
    const [ax, ay] = c.axes;
    expect(ax[0]).toBeCloseTo(-Math.sqrt(129), 10);
    expect(ax[1]).toBeCloseTo(0, 12);
    expect(ax[2]).toBeCloseTo(Math.sqrt(129), 10);
    expect(ay[1]).toBeCloseTo(-Math.sqrt(6.45), 10);
    expect(ay[3]).toBeCloseTo(Math.sqrt(6.45), 10);
  });

  it('a saddle: hyperbolas x² − y² = ±c around the point', () => {
    const c = modelCurves(localModel(compiled('x^2 - y^2'), 0, 0), DOMAIN);
    expect(c.contours.length).toBe(4);
    const levels = c.contours.map((line) => line[0]! ** 2 - line[1]! ** 2);
    for (const line of c.contours)
      for (let i = 0; i < line.length; i += 2)
        expect(Math.abs(line[i]! ** 2 - line[i + 1]! ** 2)).toBeCloseTo(Math.abs(levels[0]!), 9);
    expect(Math.min(...levels)).toBeLessThan(0);
    expect(Math.max(...levels)).toBeGreaterThan(0);
  });
});
