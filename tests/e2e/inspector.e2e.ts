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
    // Closed: the card is hidden again (the inspector follows the state at the next animation frame).
    await page.keyboard.press('i');
    await expect.poll(() => page.locator('#inspector').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a row is chosen from the legend (its magnifier) or the panel (its inspect action), and the legend marks it', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&step=3');
    await settled(page);
    const card = page.locator('#inspector');
    const legend = page.getByRole('group', { name: 'Legend of pane 1' });
    const magnifier = (name: string) => legend.getByRole('button', { name: `Inspect ${name}`, exact: true });
    expect(await card.isVisible()).toBe(false);
    expect(await magnifier('Adam').getAttribute('aria-pressed')).toBe('false');
    // The legend: "Inspect Adam" opens the card on Adam at the current step.
    await magnifier('Adam').click();
    await card.waitFor({ state: 'visible' });
    expect(await descent(page, (d) => d.state.playback.inspected)).toBe(4);
    expect(await descent(page, (d) => d.state.playback.step)).toBe(3);
    await expect.poll(() => magnifier('Adam').getAttribute('aria-pressed')).toBe('true');
    for (const name of ['SGD', 'Momentum'])
      expect(await magnifier(name).getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => legend.locator('.legend-entry.inspected').count()).toBe(1);
    expect(await legend.locator('.legend-entry.inspected .legend-name').textContent()).toBe('Adam');
    const chips = page.getByRole('group', { name: 'Optimizer to inspect' });
    await expect.poll(() => chips.getByRole('button', { pressed: true }).textContent()).toBe('Adam');
    await expect.poll(() => page.locator('.inspector-step').textContent()).toBe('step 3 → 4');
    // The book's Adam by hand (its own form: lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), m += (1 − β₁)(g − m),
    // v += (1 − β₂)(g² − v), p −= lr_t·m/(√v + 1e-7)): the point after 3 updates, m and v after the 4th.
    let [x, y, mx, my, vx, vy] = [-7, 2, 0, 0, 0, 0];
    let at: [number, number] = [x, y];
    for (let t = 1; t <= 4; t++) {
      at = [x, y];
      const [gx, gy] = [x / 10, 2 * y];
      const lrT = (0.3 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      mx += 0.1 * (gx - mx);
      my += 0.1 * (gy - my);
      vx += 0.001 * (gx * gx - vx);
      vy += 0.001 * (gy * gy - vy);
      x -= (lrT * mx) / (Math.sqrt(vx) + 1e-7);
      y -= (lrT * my) / (Math.sqrt(vy) + 1e-7);
    }
    await expect.poll(async () => Object.keys(await cells(page))).toContain('exp_avg');
    const c = await cells(page);
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-11 * Math.max(1, Math.abs(b));
    expect(near(c.point![0], at[0]) && near(c.point![1], at[1])).toBe(true);
    expect(near(c.exp_avg![0], mx) && near(c.exp_avg![1], my)).toBe(true);
    expect(near(c.exp_avg_sq![0], vx) && near(c.exp_avg_sq![1], vy)).toBe(true);
    expect(near(c.Δ![0], x - at[0]) && near(c.Δ![1], y - at[1])).toBe(true);
    // The magnifier did not hide the trail (the entry's own button does that).
    expect(await descent(page, (d) => d.state.optimizers.map((e) => e.visible))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    await screenshot(page, 'inspector-legend-adam');
    // Pressed again: the inspector closes.
    await magnifier('Adam').click();
    await card.waitFor({ state: 'hidden' });
    expect(await descent(page, (d) => d.state.playback.inspected)).toBeNull();
    await expect.poll(() => magnifier('Adam').getAttribute('aria-pressed')).toBe('false');
    // The panel: Momentum's row, opened (the inspector stays closed), has an "inspect" action.
    await page.locator('#panel .optimizer-row > .lil-title', { hasText: 'Momentum' }).click();
    const row = page.locator('#panel .optimizer-row[data-optimizer-key="2"]');
    await row.getByRole('button', { name: 'inspect', exact: true }).click();
    await card.waitFor({ state: 'visible' });
    expect(await descent(page, (d) => d.state.playback.inspected)).toBe(2);
    await expect.poll(() => magnifier('Momentum').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => chips.getByRole('button', { pressed: true }).textContent()).toBe('Momentum');
    await expect.poll(async () => Object.keys(await cells(page))).toContain('momentum_buffer');
    // × closes; the playback bar's toggle (and I) reopens on the row shown last.
    const toggle = page.locator('#transport .inspector-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Close the inspector' }).click();
    await card.waitFor({ state: 'hidden' });
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('i');
    await card.waitFor({ state: 'visible' });
    expect(await descent(page, (d) => d.state.playback.inspected)).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("on a phone's touch screen the magnifier is a 24 px target and one tap opens the inspector", async () => {
    const { page, context, errors } = await openPage(
      browser,
      '/#v=1&step=3',
      { width: 390, height: 844 },
      { touch: true },
    );
    await settled(page);
    const magnifier = page.getByRole('button', { name: 'Inspect SGD', exact: true });
    const box = (await magnifier.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);
    await magnifier.tap();
    await page.locator('#inspector').waitFor({ state: 'visible' });
    expect(await descent(page, (d) => d.state.playback.inspected)).toBe(1);
    // The card sits below the plotted box, on screen.
    const card = (await page.locator('#inspector').boundingBox())!;
    expect(card.y + Math.min(card.height, 40)).toBeLessThanOrEqual(844);
    await screenshot(page, 'inspector-phone-sgd');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('holding C probes the curvature under the pointer: H = diag(x², 2) of x⁴/12 + y² there', async () => {
    // A 2-D pane, equal scale: the plotted box is the domain [−10, 10] × [−5, 5] seen from above.
    const { page, context, errors } = await openPage(
      browser,
      '/#v=1&f=x^4/12+y^2&o=adam,lr=0.1&kinds=2d&step=3',
    );
    await settled(page);
    await page.keyboard.press('i');
    await page.locator('#inspector').waitFor({ state: 'visible' });
    const curvature = page.locator('.inspector-curvature');
    await expect.poll(() => curvature.textContent()).toContain('at step 3');
    const box = await page.evaluate(
      () => (window as unknown as { descent: { plotBoxes(): [number, number][][] } }).descent.plotBoxes()[0]!,
    );
    const xs = box.map(([u]) => u);
    const ys = box.map(([, v]) => v);
    const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // Three quarters across, a quarter down: (5, 2.5).
    await page.mouse.move(left + 0.75 * (right - left), top + 0.25 * (bottom - top));
    await page.keyboard.down('c');
    await expect.poll(() => curvature.textContent()).toContain('at the pointer');
    const text = (await curvature.textContent())!;
    const [px, py] = /at the pointer \(([^,]+), ([^)]+)\)/
      .exec(text)!
      .slice(1)
      .map((t) => Number(t.replace('−', '-')));
    // Within a few pixels of (5, 2.5).
    expect(Math.abs(px! - 5), text).toBeLessThan(0.1);
    expect(Math.abs(py! - 2.5)).toBeLessThan(0.1);
    // H = diag(x², 2): eigenvalues 2 and x² (ascending), from the point the card names (6 digits).
    const eig = JSON.parse((await page.locator('[data-eigenvalues]').getAttribute('data-eigenvalues'))!);
    expect(eig[0]).toBeCloseTo(2, 9);
    expect(Math.abs(eig[1] - px! * px!)).toBeLessThan(1e-4 * px! * px!);
    await page.keyboard.up('c');
    await expect.poll(() => curvature.textContent()).toContain('at step 3');
    expect(errors).toEqual([]);
    await context.close();
  });
});
