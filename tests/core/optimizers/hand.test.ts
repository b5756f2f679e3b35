/**
 * The first steps of every rule, worked out by hand from the formulas (PyTorch 2.x documentation and
 * ../shared/reference/optimizer-rules.md). Gradients are given directly, so no function is involved; the
 * book quadratic x²/20 + y² at (−7, 2) has g = (−7/10, 2·2) = (−0.7, 4).
 */

import { describe, expect, it } from 'vitest';
import { expectNear, feed, GRADIENTS, params, trajectory } from './support.ts';

const P0 = [-7, 2];
const G0 = [-0.7, 4];

describe('SGD', () => {
  it('steps against the gradient: (−7, 2) − 0.1·(−0.7, 4) = (−6.93, 1.6)', () => {
    const [, p1] = feed('sgd', params('sgd', { lr: 0.1 }), P0, [G0]);
    expectNear(p1![0]!, -6.93);
    expectNear(p1![1]!, 1.6);
  });

  it('folds weight decay into the gradient: g = (−0.7 + 0.5·(−7), 4 + 0.5·2) = (−4.2, 5)', () => {
    // p1 = (−7 + 0.42, 2 − 0.5)
    const [, p1] = feed('sgd', params('sgd', { lr: 0.1, weight_decay: 0.5 }), P0, [G0]);
    expectNear(p1![0]!, -6.58);
    expectNear(p1![1]!, 1.5);
  });

  it('momentum: the first step is plain SGD (buf = g, dampening not applied), then buf = μ·buf + (1 − τ)·g', () => {
    // Step 1: buf = g = (−0.7, 4); p1 = (−6.93, 1.6), where the quadratic's gradient is (−0.693, 3.2).
    // Step 2: buf = 0.9·(−0.7, 4) + 0.5·(−0.693, 3.2) = (−0.63 − 0.3465, 3.6 + 1.6) = (−0.9765, 5.2);
    //         p2 = (−6.93 + 0.09765, 1.6 − 0.52) = (−6.83235, 1.08).
    const values = params('momentum', { lr: 0.1, dampening: 0.5 });
    const [, p1, p2] = feed('momentum', values, P0, [G0, [-6.93 / 10, 2 * 1.6]]);
    expectNear(p1![0]!, -6.93);
    expectNear(p1![1]!, 1.6);
    expectNear(p2![0]!, -6.83235);
    expectNear(p2![1]!, 1.08);
  });

  it('momentum under a constant gradient: p_t = p0 − lr·g·Σ_{k=1..t} (1 − μ^k)/(1 − μ)', () => {
    // buf_t = g·(1 + μ + … + μ^(t−1)) = g·(1 − μ^t)/(1 − μ). μ = 0.9, lr = 0.01, g = 3, 20 steps.
    const path = feed('momentum', params('momentum', { lr: 0.01 }), [1], Array(20).fill([3]));
    let expected = 1;
    for (let t = 1; t <= 20; t++) {
      expected -= 0.01 * 3 * ((1 - 0.9 ** t) / (1 - 0.9));
      expectNear(path[t]![0]!, expected, 1e-13);
    }
  });

  it('nesterov: d = g + μ·buf; two steps on the book quadratic', () => {
    // Step 1: buf = g; d = 1.9·g = (−1.33, 7.6); p1 = (−7 + 0.133, 2 − 0.76) = (−6.867, 1.24).
    // Step 2: g = (−0.6867, 2.48); buf = 0.9·(−0.7, 4) + g = (−1.3167, 6.08);
    //         d = g + 0.9·buf = (−0.6867 − 1.18503, 2.48 + 5.472) = (−1.87173, 7.952);
    //         p2 = (−6.867 + 0.187173, 1.24 − 0.7952) = (−6.679827, 0.4448).
    const [, p1, p2] = feed('nesterov', params('nesterov', { lr: 0.1 }), P0, [G0, [-0.6867, 2.48]]);
    expectNear(p1![0]!, -6.867);
    expectNear(p1![1]!, 1.24);
    expectNear(p2![0]!, -6.679827);
    expectNear(p2![1]!, 0.4448);
  });

  it("nesterov equals the rewrite p += μ²·v − (1 + μ)·lr·g; v = μ·v − lr·g (v before this step's update)", () => {
    const mu = 0.9;
    const lr = 0.05;
    const quadratic = GRADIENTS.quadratic!;
    const path = trajectory('nesterov', params('nesterov', { lr }), quadratic, [-7, 2], 50);
    let [x, y] = [-7, 2];
    let [vx, vy] = [0, 0];
    for (let k = 1; k <= 50; k++) {
      const [gx, gy] = quadratic(x, y);
      x += mu * mu * vx - (1 + mu) * lr * gx;
      y += mu * mu * vy - (1 + mu) * lr * gy;
      vx = mu * vx - lr * gx;
      vy = mu * vy - lr * gy;
      expectNear(path[k]![0], x, 1e-12);
      expectNear(path[k]![1], y, 1e-12);
    }
  });
});

describe('Adagrad', () => {
  it("first step of the book's figure (lr 1.5, eps 1e-7) moves each coordinate by about lr·sign(g)", () => {
    // s = g² = (0.49, 16), √s = (0.7, 4): p1 = (−7 + 1.5·0.7/(0.7 + 1e-7), 2 − 1.5·4/(4 + 1e-7))
    //                                          ≈ (−5.500000214285683, 0.5000000374999991).
    const [, p1] = feed('adagrad', params('adagrad', { lr: 1.5, eps: 1e-7 }), P0, [G0]);
    expectNear(p1![0]!, -7 + (1.5 * 0.7) / (0.7 + 1e-7));
    expectNear(p1![1]!, 2 - (1.5 * 4) / (4 + 1e-7));
    expectNear(p1![0]!, -5.500000214285683);
    expectNear(p1![1]!, 0.5000000374999991);
  });

  it('under a constant gradient (eps 0) step t has size lr/√t', () => {
    // s_t = t·g², so p_t − p_{t−1} = −lr·g/(√t·|g|) = −lr/√t for g > 0.
    const [, p1, p2, p3] = feed('adagrad', params('adagrad', { lr: 0.1, eps: 0 }), [0], [[2], [2], [2]]);
    expectNear(p1![0]!, -0.1);
    expectNear(p2![0]!, -0.1 * (1 + 1 / Math.SQRT2));
    expectNear(p3![0]!, -0.1 * (1 + 1 / Math.SQRT2 + 1 / Math.sqrt(3)));
  });

  it('lr_decay and initial_accumulator_value', () => {
    // lr 1, lr_decay 0.5, s0 = 1, g = 3, eps 0.
    // Step 1: s = 1 + 9 = 10, lr/(1 + 0·0.5) = 1: Δ = 3/√10.
    // Step 2: s = 19, lr/(1 + 1·0.5) = 2/3: Δ = (2/3)·3/√19 = 2/√19.
    const values = params('adagrad', { lr: 1, lr_decay: 0.5, initial_accumulator_value: 1, eps: 0 });
    const [, p1, p2] = feed('adagrad', values, [0], [[3], [3]]);
    expectNear(p1![0]!, -3 / Math.sqrt(10));
    expectNear(p2![0]!, -3 / Math.sqrt(10) - 2 / Math.sqrt(19));
  });
});

describe('RMSprop', () => {
  it('first step: sq = 0.01·g², so Δ = lr·g/(0.1·|g| + eps) ≈ 10·lr·sign(g)', () => {
    const [, p1] = feed('rmsprop', params('rmsprop'), P0, [G0]);
    expectNear(p1![0]!, -7 + (0.01 * 0.7) / (0.07 + 1e-8));
    expectNear(p1![1]!, 2 - (0.01 * 4) / (0.4 + 1e-8));
    expectNear(p1![0]!, -6.9, 1e-8); // ≈ −7 + 0.1 (eps shortens it by ~1.4e-8)
  });

  it('centered: sq − ga² = 0.01·g² − 0.0001·g² = 0.0099·g², Δ ≈ 10.0504·lr·sign(g)', () => {
    const [, p1] = feed('rmsprop', params('rmsprop', { centered: true, eps: 0 }), [0], [[5]]);
    expectNear(p1![0]!, -0.01 * (5 / (Math.sqrt(0.0099) * 5)));
    expectNear(p1![0]!, -0.01 * 10.05037815259212);
  });

  it('momentum: buf starts at 0, buf = μ·buf + g/avg; p −= lr·buf', () => {
    // lr 0.01, μ 0.9, eps 0, g = 2.
    // Step 1: sq = 0.04, avg = 0.2, buf = 10: p1 = −0.1 (the same as without momentum).
    // Step 2: sq = 0.99·0.04 + 0.01·4 = 0.0796, buf = 9 + 2/√0.0796: p2 = −0.1 − 0.01·buf.
    const [, p1, p2] = feed('rmsprop', params('rmsprop', { momentum: 0.9, eps: 0 }), [0], [[2], [2]]);
    expectNear(p1![0]!, -0.1);
    expectNear(p2![0]!, -0.1 - 0.01 * (9 + 2 / Math.sqrt(0.0796)));
  });
});

describe('Adam', () => {
  it('first step moves every coordinate by lr·g/(|g| + eps), i.e. lr·sign(g) up to eps', () => {
    // m = 0.1·g, v = 0.001·g²; m/bc1 = g, √v/√bc2 = |g|.
    const [, p1] = feed('adam', params('adam'), P0, [G0]);
    expectNear(p1![0]!, -7 + (0.001 * 0.7) / (0.7 + 1e-8));
    expectNear(p1![1]!, 2 - (0.001 * 4) / (4 + 1e-8));
  });

  it("eps_mode 'paper': the first step is lr·g/(|g| + eps/√(1 − β2)), eps ~31.6× larger in effect", () => {
    // lr_t = lr·√0.001/0.1; Δ = lr_t·0.1·g/(√0.001·|g| + eps) = lr·g/(|g| + eps/√0.001).
    const [, p1] = feed('adam', params('adam', { lr: 0.3, eps: 1e-7, eps_mode: 'paper' }), P0, [G0]);
    expectNear(p1![0]!, -7 + (0.3 * 0.7) / (0.7 + 1e-7 / Math.sqrt(0.001)));
    expectNear(p1![1]!, 2 - (0.3 * 4) / (4 + 1e-7 / Math.sqrt(0.001)));
    const [, torch] = feed('adam', params('adam', { lr: 0.3, eps: 1e-7 }), P0, [G0]);
    // x: 0.21·(1/0.7000001 − 1/0.7000031623) ≈ 1.3e-6 apart.
    expect(Math.abs(torch![0]! - p1![0]!)).toBeGreaterThan(1e-6);
    expect(Math.abs(torch![0]! - p1![0]!)).toBeLessThan(2e-6);
  });

  it('under a constant gradient every step is lr·g/(|g| + eps), in any dimension; g = 0 stays put', () => {
    // m_t = (1 − β1^t)·g and v_t = (1 − β2^t)·g², so m̂ = g and √v̂ = |g| at every t.
    const g = [1, -2, 0.5, 0];
    const path = feed('adam', params('adam', { lr: 0.01 }), [0, 0, 0, 0], Array(10).fill(g));
    for (let i = 0; i < 4; i++) {
      const gi = g[i]!;
      expectNear(path[10]![i]!, gi === 0 ? 0 : (-10 * 0.01 * gi) / (Math.abs(gi) + 1e-8), 1e-13);
    }
  });

  it('amsgrad divides by the largest v seen (uncorrected), not the current one', () => {
    // lr 0.1, g = 1 then 0. Step 1 (either way): Δ = 0.1·1/(1 + 1e-8).
    // Step 2: m = 0.09, bc1 = 0.19, v = 0.999·0.001 = 0.000999, vmax = 0.001, bc2 = 0.001999:
    //   amsgrad  Δ = 0.1·(0.09/0.19)/(√0.001/√0.001999 + 1e-8)    (√ ratio ≈ 0.70728)
    //   plain    Δ = 0.1·(0.09/0.19)/(√0.000999/√0.001999 + 1e-8) (√ ratio ≈ 0.70693)
    const p1 = -0.1 / (1 + 1e-8);
    const [, a1, a2] = feed('adam', params('adam', { lr: 0.1, amsgrad: true }), [0], [[1], [0]]);
    const [, b1, b2] = feed('adam', params('adam', { lr: 0.1 }), [0], [[1], [0]]);
    expectNear(a1![0]!, p1);
    expectNear(b1![0]!, p1);
    expectNear(a2![0]!, p1 - (0.1 * (0.09 / 0.19)) / (Math.sqrt(0.001) / Math.sqrt(0.001999) + 1e-8));
    expectNear(b2![0]!, p1 - (0.1 * (0.09 / 0.19)) / (Math.sqrt(0.000999) / Math.sqrt(0.001999) + 1e-8));
  });

  it('Adam folds weight decay into g; AdamW shrinks p first and keeps g', () => {
    // p = 2, g = −0.5, weight_decay 1, lr 0.1.
    // Adam:  g' = −0.5 + 2 = 1.5 → p1 = 2 − 0.1·1.5/(1.5 + 1e-8) ≈ 1.9 (moves left).
    // AdamW: p ← 2·(1 − 0.1) = 1.8, then p1 = 1.8 + 0.1·0.5/(0.5 + 1e-8) ≈ 1.9 (from 1.8, moves right).
    const [, adam] = feed('adam', params('adam', { lr: 0.1, weight_decay: 1 }), [2], [[-0.5]]);
    const [, adamw] = feed('adamw', params('adamw', { lr: 0.1, weight_decay: 1 }), [2], [[-0.5]]);
    expectNear(adam![0]!, 2 - (0.1 * 1.5) / (1.5 + 1e-8));
    expectNear(adamw![0]!, 1.8 + (0.1 * 0.5) / (0.5 + 1e-8));
  });
});

describe('Adamax', () => {
  it('first steps under a constant gradient are lr·g/(|g| + eps)', () => {
    // t = 1: m = 0.1·g, u = |g| + eps, lr/(1 − 0.9) → Δ = lr·g/(|g| + eps).
    // t = 2: m = 0.19·g, u = max(0.999·(|g| + eps), |g| + eps) = |g| + eps, lr/0.19 → the same Δ.
    const [, p1, p2] = feed('adamax', params('adamax'), [0], [[4], [4]]);
    expectNear(p1![0]!, (-0.002 * 4) / (4 + 1e-8));
    expectNear(p2![0]!, (-2 * 0.002 * 4) / (4 + 1e-8));
  });

  it('u decays geometrically when |g| drops: u2 = 0.999·(4 + eps)', () => {
    // g = 4 then 1: m2 = 0.9·0.4 + 0.1·1 = 0.46; Δ2 = (0.002/0.19)·0.46/(0.999·(4 + 1e-8)).
    const [, p1, p2] = feed('adamax', params('adamax'), [0], [[4], [1]]);
    expectNear(p2![0]! - p1![0]!, -((0.002 / 0.19) * 0.46) / (0.999 * (4 + 1e-8)));
  });
});

describe('NAdam', () => {
  it('first step is lr·g/(|g| + eps)·(1 + 0.1·mu_2/(1 − mu_1·mu_2)) ≈ 1.05645·lr·sign(g) (PyTorch 2.x)', () => {
    // mu_1 = 0.9·(1 − 0.5·0.96^0.004) ≈ 0.4500735, mu_2 = 0.9·(1 − 0.5·0.96^0.008) ≈ 0.4501469.
    // P = mu_1, P_next = mu_1·mu_2; m = 0.1·g; denom = √(0.001·g²/0.001) + eps = |g| + eps.
    // Δ = lr·(1 − mu_1)/(1 − mu_1)·g/denom + lr·mu_2/(1 − mu_1·mu_2)·0.1·g/denom.
    // (PyTorch 1.x's P_next = mu_1²·mu_2 would give the factor ≈ 1.04953 instead.)
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
    const factor = 1 + (0.1 * mu2) / (1 - mu1 * mu2);
    expectNear(factor, 1.0564517783553882);
    const [, p1] = feed('nadam', params('nadam'), [0], [[4]]);
    expectNear(p1![0]!, ((-0.002 * 4) / (4 + 1e-8)) * factor);
    expect(Math.abs(p1![0]! / ((-0.002 * 4) / (4 + 1e-8)) - 1.0495311696092182)).toBeGreaterThan(1e-3);
  });
});

describe('RAdam', () => {
  it('steps 1–5 are plain momentum SGD (rho_t ≤ 5); step 6 is rectified', () => {
    // rho_inf = 2/0.001 − 1 = 1999; rho_t = 1999 − 2t·0.999^t/(1 − 0.999^t) ≈ 1, 2.0, 3.0, 4.0, 4.996, 5.994.
    // Constant g = 2, lr 0.1: m̂ = g, so p_t = −0.2·t for t ≤ 5.
    // t = 6: rect = √((rho−4)(rho−2)·1999/(1995·1997·rho)) ≈ 0.0258211, v = (1 − 0.999^6)·4,
    //        Δ = m̂·lr·√bc2/(√v + eps)·rect = 2·0.1·√bc2/(2√bc2 + eps)·rect ≈ 0.1·rect.
    const path = feed('radam', params('radam', { lr: 0.1 }), [0], Array(6).fill([2]));
    for (let t = 1; t <= 5; t++) expectNear(path[t]![0]!, -0.2 * t);
    const bc2 = 1 - 0.999 ** 6;
    const rho = 1999 - (2 * 6 * 0.999 ** 6) / bc2;
    const rect = Math.sqrt(((rho - 4) * (rho - 2) * 1999) / (1995 * 1997 * rho));
    expectNear(rect, 0.025821112801872277, 1e-12);
    expectNear(path[6]![0]!, -1 - ((2 * 0.1 * Math.sqrt(bc2)) / (2 * Math.sqrt(bc2) + 1e-8)) * rect);
  });
});

describe('Adadelta', () => {
  it('first step: delta = √eps/√(0.1·g² + eps)·g ≈ √(10·eps)·sign(g) ≈ 0.00316', () => {
    // x: 1e-3·(−0.7)/√(0.049 + 1e-6) ≈ −0.003162245; y: 1e-3·4/√(1.6 + 1e-6) ≈ 0.003162277.
    const [, p1] = feed('adadelta', params('adadelta'), P0, [G0]);
    expectNear(p1![0]!, -7 + 0.003162245392522881);
    expectNear(p1![1]!, 2 - 0.003162276671957074);
  });

  it('second step uses the running average of squared steps', () => {
    // g = 4 twice: sq1 = 1.6, δ1 = 1e-3·4/√(1.6 + 1e-6), acc1 = 0.1·δ1²;
    // sq2 = 0.9·1.6 + 0.1·16 = 3.04, δ2 = √(acc1 + 1e-6)/√(3.04 + 1e-6)·4.
    const [, p1, p2] = feed('adadelta', params('adadelta'), [0], [[4], [4]]);
    const d1 = (1e-3 * 4) / Math.sqrt(1.6 + 1e-6);
    const d2 = (Math.sqrt(0.1 * d1 * d1 + 1e-6) / Math.sqrt(3.04 + 1e-6)) * 4;
    expectNear(p1![0]!, -d1);
    expectNear(p2![0]!, -d1 - d2);
  });
});
