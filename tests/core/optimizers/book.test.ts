/**
 * "Deep Learning from Scratch", figure 6-8: f = x²/20 + y², start (−7, 2), 30 updates. The numpy reference
 * runs the book's own classes (common/optimizer.py, as the book writes them); our registry rules must
 * reproduce them to 1e-10 with: SGD lr 0.95; Momentum lr 0.1 (book `v = 0.9v − lr·g; p += v`);
 * AdaGrad lr 1.5, eps 1e-7; Adam lr 0.3, eps 1e-7, eps_mode 'paper'.
 */

import { describe, expect, it } from 'vitest';
import { GRADIENTS, loadFixture, maxDeviation, params, trajectory } from './support.ts';

const fixture = loadFixture('book_fig6_8');
const quadratic = GRADIENTS.quadratic!;

describe("the book's figure 6-8", () => {
  it('covers the four optimizers of the figure', () => {
    const names = fixture.cases.map((c) => c.name);
    for (const name of ['SGD lr 0.95', 'Momentum lr 0.1', 'AdaGrad lr 1.5', 'Adam lr 0.3']) {
      expect(names).toContain(`figure 6-8 ${name}`);
    }
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s is reproduced by the registry rule', (_, c) => {
    const path = trajectory(c.optimizer, params(c.optimizer, c.params), quadratic, c.start, c.steps);
    expect(maxDeviation(path, c.trajectory)).toBeLessThanOrEqual(1e-10);
  });

  it('SGD lr 0.95 follows the closed form x_k = −7·0.905^k, y_k = 2·(−0.9)^k', () => {
    // x ← x − 0.95·x/10 = 0.905·x;  y ← y − 0.95·2y = −0.9·y.
    const path = trajectory('sgd', params('sgd', { lr: 0.95 }), quadratic, [-7, 2], 30);
    const closed = path.map((_, k) => [-7 * 0.905 ** k, 2 * (-0.9) ** k]);
    expect(maxDeviation(path, closed)).toBeLessThan(1e-13);
  });

  const adam = fixture.pytorch_adam!;
  const paperCase = fixture.cases.find((c) => c.name === 'figure 6-8 Adam lr 0.3')!;

  it("PyTorch-mode Adam (same lr, eps) matches the reference's torch-form Adam", () => {
    const path = trajectory('adam', params('adam', adam.params), quadratic, [-7, 2], 30);
    expect(maxDeviation(path, adam.trajectory)).toBeLessThanOrEqual(1e-10);
  });

  it("PyTorch-mode Adam differs from the book's by a small nonzero amount (~1e-5)", () => {
    const torch = trajectory('adam', params('adam', { lr: 0.3, eps: 1e-7 }), quadratic, [-7, 2], 30);
    const paper = trajectory(
      'adam',
      params('adam', { lr: 0.3, eps: 1e-7, eps_mode: 'paper' }),
      quadratic,
      [-7, 2],
      30,
    );
    let gap = 0;
    for (let k = 0; k <= 30; k++) {
      gap = Math.max(gap, Math.abs(torch[k]![0] - paper[k]![0]), Math.abs(torch[k]![1] - paper[k]![1]));
    }
    expect(gap).toBeGreaterThan(1e-6);
    expect(gap).toBeLessThan(1e-4);
    // ... and the same gap as the reference measured between its two forms.
    expect(Math.abs(gap - adam.max_gap_to_paper)).toBeLessThan(1e-10);
    // The paper form is the book's, not PyTorch's: the book's path is nearer to it by orders of magnitude.
    expect(maxDeviation(paper, paperCase.trajectory)).toBeLessThan(
      1e-3 * maxDeviation(torch, paperCase.trajectory),
    );
  });
});
