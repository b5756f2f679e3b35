/**
 * The step inspector in a real browser, on the book's scene (f = x²/20 + y² from (−7, 2): SGD lr
 * 0.95, Momentum lr 0.1, Adagrad lr 1.5, Adam lr 0.3). Every expected number is computed here by
 * hand from the book's rules, never read from the app's own code.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { descent, settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The card's cells: name → [x, y] at full precision (from data-value). */
function cells(page: Page): Promise<Record<string, [number, number]>> {
  return page.evaluate(() => {
    const out: Record<string, [number, number]> = {};
    for (const td of document.querySelectorAll<HTMLElement>('#inspector td[data-name]')) {
      const name = td.dataset.name!;
      out[name] ??= [Number.NaN, Number.NaN];
      out[name]![td.dataset.axis === 'x' ? 0 : 1] = Number(td.dataset.value);
    }
    return out;
  });
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('the step inspector', () => {
  it('SGD at step k: point, ∇f, lr and Δ equal the book rule by hand; ←/→ update it; curvature λ 0.1 and 2, κ 20', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&step=3');
    await settled(page);
    expect(await page.locator('#inspector').isVisible()).toBe(false);
    await page.keyboard.press('i');
    await page.locator('#inspector').waitFor({ state: 'visible' });
    await page.locator('.inspector-row', { hasText: 'SGD' }).click();
    // Step to k = 5 with → (twice from 3).
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await settled(page);
    expect(await descent(page, (d) => d.state.playback.step)).toBe(5);
    await expect.poll(() => page.locator('.inspector-step').textContent()).toBe('step 5 → 6');
    // SGD on x²/20 + y²: x ← x − 0.95·x/10 = 0.905·x, y ← y − 0.95·2y = −0.9·y.
    const x5 = -7 * 0.905 ** 5;
    const y5 = 2 * (-0.9) ** 5;
    const c = await cells(page);
    expect(Object.keys(c)).toEqual(['point', '∇f', 'lr', 'Δ']);
    expect(close(c.point![0], x5) && close(c.point![1], y5)).toBe(true);
    expect(close(c['∇f']![0], x5 / 10) && close(c['∇f']![1], 2 * y5)).toBe(true);
    expect(c.lr).toEqual([0.95, 0.95]);
    expect(close(c.Δ![0], -0.95 * (x5 / 10)) && close(c.Δ![1], -0.95 * 2 * y5)).toBe(true);
    // The curvature readout: H = diag(0.1, 2) everywhere, κ = 20, and the book's zigzag factor −0.9.
    const eig = JSON.parse((await page.locator('[data-eigenvalues]').getAttribute('data-eigenvalues'))!);
    expect(eig[0]).toBeCloseTo(0.1, 12);
    expect(eig[1]).toBeCloseTo(2, 12);
    expect(Number(await page.locator('[data-condition]').getAttribute('data-condition'))).toBeCloseTo(20, 10);
    const text = await page.locator('.inspector-curvature').textContent();
    expect(text).toContain('λ = 0.1, 2');
    expect(text).toContain('κ = 20 · minimum');
    expect(text).toContain('1 − lr·λ = 0.905, −0.9');
    // ← steps back: the card follows.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.inspector-step').textContent()).toBe('step 4 → 5');
    const back = await cells(page);
    expect(close(back.point![0], -7 * 0.905 ** 4)).toBe(true);
    // The card sits below every plotted box (never over one).
    const top = (await page.locator('#inspector').boundingBox())!.y;
    const boxes = await page.evaluate(() => {
      // Each shown pane's plotted box on the page (the scene layer's plotBoxes, or the layout's surfaceBoxes).
      type Boxes = () => [number, number][][];
      const d = (window as unknown as { descent: { plotBoxes?: Boxes; surfaceBoxes?: Boxes } }).descent;
      return (d.plotBoxes ?? d.surfaceBoxes)!();
    });
    expect(boxes.length).toBe(1);
    for (const box of boxes) for (const [, y] of box) expect(y).toBeLessThanOrEqual(top + 0.5);
    await screenshot(page, 'inspector-sgd');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("Momentum: torch's momentum_buffer and the update equal the book's v ← μv − lr·g by hand", async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&step=4');
    await settled(page);
    await page.locator('#transport .inspector-toggle').click();
    await page.locator('.inspector-row', { hasText: 'Momentum' }).click();
    await expect
      .poll(() => page.locator('.inspector-row[aria-pressed="true"]').textContent())
      .toBe('Momentum');
    // The book: v ← 0.9·v − 0.1·∇f, p ← p + v; torch's buffer is buf = −v/lr. Five updates (to step 5).
    let [x, y, vx, vy] = [-7, 2, 0, 0];
    let before: [number, number] = [x, y];
    for (let k = 0; k < 5; k++) {
      before = [x, y];
      vx = 0.9 * vx - 0.1 * (x / 10);
      vy = 0.9 * vy - 0.1 * (2 * y);
      x += vx;
      y += vy;
    }
    await expect
      .poll(async () => Object.keys(await cells(page)))
      .toEqual(['point', '∇f', 'momentum_buffer', 'lr', 'Δ']);
    const c = await cells(page);
    expect(close(c.point![0], before[0]) && close(c.point![1], before[1])).toBe(true);
    expect(Math.abs(c.momentum_buffer![0] - -vx / 0.1)).toBeLessThan(1e-12);
    expect(Math.abs(c.momentum_buffer![1] - -vy / 0.1)).toBeLessThan(1e-12);
    expect(Math.abs(c.Δ![0] - vx)).toBeLessThan(1e-12);
    expect(Math.abs(c.Δ![1] - vy)).toBeLessThan(1e-12);
    // Heavy ball's critical damping on λ = 0.1 and 2 with lr 0.1: (1 − √0.01)² = 0.81, (1 − √0.2)² ≈ 0.3056.
    expect(await page.locator('.inspector-curvature').textContent()).toContain(
      'β* = (1 − √(lr·λ))² = 0.81, 0.3056',
    );
    // Opening Adam's row in the panel selects it: Adam's first-moment buffers appear under torch's names.
    await page.locator('#panel .optimizer-row > .lil-title', { hasText: 'Adam' }).click();
    await expect.poll(() => page.locator('.inspector-row[aria-pressed="true"]').textContent()).toBe('Adam');
    expect(Object.keys(await cells(page))).toEqual([
      'point',
      '∇f',
      'exp_avg',
      'exp_avg_sq',
      // The book's Adam is the paper's form (eps on the raw √v): eps/√(1 − β₂ᵗ) after bias correction.
      'lr/(√v̂ + eps/√(1 − β₂ᵗ))',
      'Δ',
    ]);
    await page.locator('#panel .optimizer-row > .lil-title', { hasText: 'Adam' }).click();
    // Closed: the card is hidden again.
    await page.keyboard.press('i');
    expect(await page.locator('#inspector').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
