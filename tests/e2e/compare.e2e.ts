/**
 * Comparing optimizers: 1/2/4 panes, the 2-D contour view with the gradient field, linked cameras.
 * Screenshots land in test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { control, descent, folder, settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Bounding box (in pane pixels) of the strongly coloured pixels of a screenshot: the filled contour map. */
function colouredBox(page: Page, png: Buffer) {
  return page.evaluate(
    async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let x0 = c.width;
      let y0 = c.height;
      let x1 = -1;
      let y1 = -1;
      let white = 0;
      let grey = 0;
      for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
          const i = 4 * (y * c.width + x);
          const max = Math.max(d[i], d[i + 1], d[i + 2]);
          const min = Math.min(d[i], d[i + 1], d[i + 2]);
          if (min > 245) white++;
          // The gradient field's arrows are dark grey.
          if (max - min < 24 && max < 140) grey++;
          // Viridis is saturated everywhere (dark purple to yellow); labels and the background are grey.
          if (max - min > 60) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
      }
      const n = c.width * c.height;
      return { width: x1 - x0 + 1, height: y1 - y0 + 1, white: white / n, grey: grey / n };
    },
    `data:image/png;base64,${png.toString('base64')}`,
  );
}

describe('panes', () => {
  it("reproduces the book's figure 6-8: 2 × 2 two-dimensional panes, one optimizer each, true aspect", async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Layout/);
    await page.locator('#panel button', { hasText: 'one optimizer per pane' }).click();
    await settled(page);
    await screenshot(page, 'compare-2x2-book');
    const panes = page.locator('#panes .pane:not([hidden])');
    expect(await panes.count()).toBe(4);
    const names = await page.locator('.pane-label .legend-name').allTextContents();
    expect(names).toEqual(['SGD', 'Momentum', 'Adagrad', 'Adam']);
    // Each pane shows x in [−10, 10] against y in [−5, 5] at equal scale: a 2 : 1 coloured rectangle
    // (measured without the pane labels, whose colour swatches lie outside it).
    await page.addStyleTag({ content: '.pane-label { visibility: hidden; }' });
    for (let i = 0; i < 4; i++) {
      const box = await colouredBox(page, await panes.nth(i).screenshot());
      expect(box.width / box.height).toBeGreaterThan(1.9);
      expect(box.width / box.height).toBeLessThan(2.1);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws contour lines only and the gradient field as arrows (the seed’s figures 6-3 and 6-4)', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Layout/);
    await control(page, 'pane 1').locator('select').selectOption({ label: '2-D contours' });
    await folder(page, /^View$/);
    await control(page, 'filled \\(2-D\\)').locator('input').uncheck();
    await control(page, 'contour spacing').locator('input').last().fill('1');
    await control(page, 'contour spacing').locator('input').last().press('Enter');
    await settled(page);
    const pane = page.locator('#panes .pane').first();
    const lines = await pane.screenshot();
    await screenshot(page, 'compare-2d-contour-lines');
    // Lines on white: most of the pane is white, but there are coloured lines.
    const linesBox = await colouredBox(page, lines);
    expect(linesBox.white).toBeGreaterThan(0.5);
    expect(linesBox.width).toBeGreaterThan(200);
    await control(page, 'gradient field').locator('input').check();
    await settled(page);
    const arrows = await pane.screenshot();
    await screenshot(page, 'compare-2d-gradient-field');
    const arrowsBox = await colouredBox(page, arrows);
    // Dark grey arrows appear over the contour lines.
    expect(arrowsBox.grey).toBeGreaterThan(linesBox.grey + 0.005);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('linked cameras follow each other; unlinked ones do not', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Layout/);
    await page.locator('#panel button', { hasText: 'one optimizer per pane' }).click();
    await settled(page);
    const panes = page.locator('#panes .pane');
    const box = (await panes.nth(0).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await settled(page);
    await expect
      .poll(() => descent(page, (d) => d.state.cameras))
      .toEqual([expect.anything(), expect.anything(), expect.anything(), expect.anything()]);
    const cams = await descent(page, (d) => d.state.cameras);
    expect(cams[1]).toEqual(cams[0]);
    await screenshot(page, 'compare-linked-zoom');
    await control(page, 'linked cameras').locator('input').uncheck();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 400);
    await settled(page);
    const after = await descent(page, (d) => d.state.cameras);
    expect(after[0]).not.toEqual(cams[0]);
    expect(after[1]).toEqual(cams[1]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each([
    [1280, 720],
    [1700, 720],
  ])('at %i × %i the drawer shows both charts side by side and the whole table', async (width, height) => {
    const { page, context, errors } = await openPage(browser, '/#v=1&charts=1', { width, height });
    // f and |∇f|; the lr timeline (lr-chart.ts) stays hidden: no row has a schedule.
    await expect.poll(() => page.locator('#compare .chart:visible').count()).toBe(2);
    await expect.poll(() => page.locator('#compare .results tbody tr').count()).toBe(4);
    await settled(page);
    const [f, grad] = await page
      .locator('#compare .chart:visible')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    expect(grad.top).toBe(f.top); // one row: the second chart did not wrap below the first
    expect(grad.left).toBeGreaterThan(f.right);
    const results = await page
      .locator('#compare .compare-results')
      .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(results.scroll).toBeLessThanOrEqual(results.client); // no column cut off
    await screenshot(page, `compare-drawer-${width}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('charts and the results table follow the playback step', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Layout/);
    await control(page, 'charts & table').locator('input').check();
    await expect.poll(() => page.locator('#compare .chart:visible').count()).toBe(2);
    await expect.poll(() => page.locator('#compare .results tbody tr').count()).toBe(4);
    await page.locator('#panes').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    await settled(page);
    const marker = page.locator('#compare .chart-f .chart-step-marker');
    const at = async () => (await marker.boundingBox())!.x;
    const x0 = await at();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await settled(page);
    const x10 = await at();
    await screenshot(page, 'compare-charts-step-10');
    // Step 10 of 30: the marker moved a third of the way along the step axis.
    expect(x10).toBeGreaterThan(x0 + 20);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await settled(page);
    const x20 = await at();
    expect(Math.abs(x20 - x10 - (x10 - x0))).toBeLessThan(3);
    // The legend shows the values at the current step: SGD's f at step 20 (closed form).
    const x = -7 * 0.905 ** 20;
    const y = 2 * 0.9 ** 20;
    const f = (x * x) / 20 + y * y;
    expect(await page.locator('#compare .chart-f').textContent()).toContain(f.toFixed(4));
    expect(errors).toEqual([]);
    await context.close();
  });
});
