/**
 * The 3-D explorer in a real browser (headless Chromium, software WebGL): the default scene, the
 * panel, playback, picking, errors, and GPU resources. Screenshots land in test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFraction, launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';
import { control, descent, readoutRow, settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The first pane's plotted box as the page reports it (its projected corners' bounding rectangle, in px). */
async function sceneOf(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await descent(page, (d) => d.surfaceBoxes()[0]);
  const xs = box.map((p) => p[0]);
  const ys = box.map((p) => p[1]);
  const x = Math.max(0, Math.floor(Math.min(...xs)));
  const y = Math.max(0, Math.floor(Math.min(...ys)));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}

describe('the default scene', () => {
  it("shows the book's figure 6-8: colour-mapped surface, four trails, readouts, no errors", async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const shot = await screenshot(page, 'explorer-default');
    const scene = await sceneOf(page);
    const stats = await pixelStats(page, shot, scene);
    // A colour-mapped, lit surface with contours has thousands of colours and covers most of the scene.
    expect(stats.distinctColours).toBeGreaterThan(2000);
    expect(stats.nonBackgroundFraction).toBeGreaterThan(0.25);
    await expect.poll(() => page.locator('#readout tbody tr').count()).toBe(4);
    // SGD lr 0.95 after 30 steps: x = −7·0.905^30 = −0.35040…, y = 2·0.9^30 = 0.08478… (closed form).
    const sgd = readoutRow(page, 'SGD');
    expect(await sgd.locator('td.step').textContent()).toBe('30');
    expect(await sgd.locator('td.x').textContent()).toBe('−0.3504');
    expect(await sgd.locator('td.y').textContent()).toBe('0.0848');
    expect(await page.locator('.header-function').textContent()).toContain('x^2/20 + y^2');
    expect(await page.locator('#colorbar .colorbar-tick').count()).toBeGreaterThan(3);
    expect(await descent(page, (d) => d.state.start)).toEqual([-7, 2]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('colours come from the colormap: switching to grey turns the surface grey', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    // The first visit's caption takes a row under the panes: dismissed, the surface has the whole pane.
    await page.locator('#caption').getByRole('button', { name: 'Dismiss' }).click();
    await settled(page);
    const colourfulShot = await screenshot(page, 'colormap-viridis');
    const scene = await sceneOf(page);
    const colourful = await pixelStats(page, colourfulShot, scene);
    await page.locator('#panel .lil-title', { hasText: /^View$/ }).click();
    await control(page, 'colormap').locator('select').selectOption({ label: 'grey' });
    await settled(page);
    const greyShot = await screenshot(page, 'colormap-grey');
    const saturation = (png: Buffer) =>
      page.evaluate(
        async ([url, r]) => {
          const img = new Image();
          img.src = url;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = r.width;
          c.height = r.height;
          const ctx = c.getContext('2d')!;
          ctx.drawImage(img, -r.x, -r.y);
          const d = ctx.getImageData(0, 0, r.width, r.height).data;
          let colourfulPixels = 0;
          for (let i = 0; i < d.length; i += 4) {
            const max = Math.max(d[i], d[i + 1], d[i + 2]);
            const min = Math.min(d[i], d[i + 1], d[i + 2]);
            if (max - min > 40) colourfulPixels++;
          }
          return colourfulPixels / (d.length / 4);
        },
        [`data:image/png;base64,${png.toString('base64')}`, scene] as const,
      );
    // Viridis: much of the scene is saturated colour; grey: only the trails are.
    expect(await saturation(colourfulShot)).toBeGreaterThan(0.2);
    expect(colourful.distinctColours).toBeGreaterThan(2000);
    expect(await saturation(greyShot)).toBeLessThan(0.03);
    await control(page, 'colormap').locator('select').selectOption({ label: 'viridis' });
    await settled(page);
    expect(await saturation(await screenshot(page, 'colormap-viridis-back'))).toBeGreaterThan(0.2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the colour bar marks the contour levels the surface draws', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const levels = page.locator('#colorbar .colorbar-level');
    // 20 contours over [0, 30]: 19 lines inside the range, every 1.5.
    expect(await levels.count()).toBe(19);
    await page.locator('#panel .lil-title', { hasText: /^View$/ }).click();
    await control(page, 'wireframe').locator('input').check();
    await expect.poll(() => levels.count()).toBe(0); // a wireframe has no contours
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws nothing while idle (render on demand)', async () => {
    const { page, context } = await openPage(browser);
    await settled(page);
    const before = await descent(page, (d) => d.frames);
    await page.waitForTimeout(1500);
    expect(await descent(page, (d) => d.frames)).toBe(before);
    await context.close();
  });
});

describe('the panel and playback', () => {
  it('changing the preset changes the picture and the readout; GPU objects do not pile up', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const memory = await descent(page, (d) => d.memory);
    const before = await screenshot(page, 'preset-book');
    const preset = control(page, 'preset').locator('select');
    await preset.selectOption({ label: 'Rosenbrock' });
    await settled(page);
    const after = await screenshot(page, 'preset-rosenbrock');
    expect(await diffFraction(page, before, after)).toBeGreaterThan(0.1);
    expect(await page.locator('.header-function').textContent()).toContain('(1 - x)^2 + 100*(y - x^2)^2');
    expect(await descent(page, (d) => d.state.start)).toEqual([-1.5, 2]);
    for (const label of ['Himmelblau', 'Ackley', 'Goldstein–Price', 'Book quadratic (ch. 6)']) {
      await preset.selectOption({ label });
      await settled(page);
    }
    expect(await descent(page, (d) => d.memory)).toEqual(memory);
    expect(await diffFraction(page, before, await screenshot(page, 'preset-book-again'))).toBeLessThan(0.01);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keys and buttons step, play and reset; the trails and the readout follow', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const scene = await sceneOf(page);
    const full = await screenshot(page, 'playback-30', { clip: scene });
    await page.keyboard.press('r');
    await settled(page);
    const sgd = readoutRow(page, 'SGD');
    expect(await sgd.locator('td.step').textContent()).toBe('0');
    expect(await sgd.locator('td.x').textContent()).toBe('−7.0000');
    const start = await screenshot(page, 'playback-0', { clip: scene });
    expect(await diffFraction(page, full, start)).toBeGreaterThan(0.003);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await settled(page);
    // Two SGD steps: x = −7·0.905² = −5.733…
    expect(await sgd.locator('td.step').textContent()).toBe('2');
    expect(await sgd.locator('td.x').textContent()).toBe('−5.7332');
    await page.keyboard.press('ArrowLeft');
    expect(await sgd.locator('td.step').textContent()).toBe('1');
    // Play runs to the end and stops.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => descent(page, (d) => d.state.playback.playing)).toBe(true);
    await expect.poll(() => sgd.locator('td.step').textContent(), { timeout: 20_000 }).toBe('30');
    await expect.poll(() => descent(page, (d) => d.state.playback.playing)).toBe(false);
    await settled(page);
    expect(await diffFraction(page, full, await screenshot(page, 'playback-end', { clip: scene }))).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a click on the surface moves the start; the trails are recomputed', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const canvas = page.locator('#panes .pane canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.55);
    await settled(page);
    const [x, y] = await descent(page, (d) => d.state.start);
    expect([x, y]).not.toEqual([-7, 2]);
    expect(x).toBeGreaterThan(-10);
    expect(x).toBeLessThan(10);
    expect(y).toBeGreaterThan(-5);
    expect(y).toBeLessThan(5);
    await page.keyboard.press('r');
    expect(await readoutRow(page, 'Adam').locator('td.x').textContent()).toBe(
      (x < 0 ? '−' : '') + Math.abs(x).toFixed(4),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an invalid expression shows its error at the field and keeps the last picture', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const scene = await sceneOf(page);
    const before = await screenshot(page, 'expression-before', { clip: scene });
    const field = page.locator('#expression');
    await field.fill('x^2 + sine(y)');
    await field.press('Enter');
    const error = page.locator('#expression-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/sine.*did you mean.*sin/i);
    expect(await error.locator('mark').textContent()).toBe('sine');
    await settled(page);
    await screenshot(page, 'expression-error');
    // The scene keeps the last good picture, pixel for pixel.
    expect(
      await diffFraction(page, before, await screenshot(page, 'expression-error-scene', { clip: scene })),
    ).toBe(0);
    expect(await page.locator('.header-function').textContent()).toContain('x^2/20 + y^2');
    // Fixing it draws the new function and clears the error.
    await field.fill('x^2 + sin(3*y)');
    await field.press('Enter');
    await expect.poll(() => error.isVisible()).toBe(false);
    await settled(page);
    expect(
      await diffFraction(page, before, await screenshot(page, 'expression-fixed', { clip: scene })),
    ).toBeGreaterThan(0.1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('without WebGL', () => {
  it('says so in the page instead of a blank canvas', async () => {
    const noGl = await launchBrowser({ webgl: false });
    const { page, context, errors } = await openPage(noGl);
    const message = page.locator('#no-webgl');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toMatch(/WebGL/);
    await screenshot(page, 'no-webgl');
    expect(errors).toEqual([]);
    await context.close();
    await noGl.close();
  });
});

describe('on a phone', () => {
  it('fits: the panel starts folded and the scene is visible', async () => {
    const { page, context, errors } = await openPage(browser, '/', { width: 390, height: 844 });
    await settled(page);
    const shot = await screenshot(page, 'phone');
    expect(await page.locator('#panel').getAttribute('class')).toContain('lil-closed');
    const stats = await pixelStats(page, shot, { x: 0, y: 150, width: 390, height: 450 });
    expect(stats.distinctColours).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('axis labels', () => {
  it.each([
    ['a phone', 390, 844, '/#v=1'],
    ['the compare drawer', 1280, 720, '/#v=1&charts=1'],
    ['four 3-D panes', 1280, 720, '/#v=1&panes=4&kinds=3d,3d,3d,3d'],
  ])(
    'on %s the f labels never overlap (some are left out where the axis is short)',
    async (_, width, height, path) => {
      const { page, context, errors } = await openPage(browser, path, { width, height });
      await settled(page);
      const panes = await page.locator('#panes .labels').evaluateAll((layers) =>
        layers.map((layer) =>
          [...layer.querySelectorAll<HTMLElement>('.axis-tick-f')].map((el) => {
            const r = el.getBoundingClientRect();
            return {
              shown: el.style.display !== 'none',
              top: r.top,
              bottom: r.bottom,
              left: r.left,
              right: r.right,
            };
          }),
        ),
      );
      await screenshot(page, `axis-labels-${width}-${panes.length}`);
      for (const labels of panes) {
        const shown = labels.filter((l) => l.shown);
        expect(shown.length).toBeGreaterThanOrEqual(2);
        for (let i = 0; i < shown.length; i++) {
          for (let j = i + 1; j < shown.length; j++) {
            const a = shown[i];
            const b = shown[j];
            const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            expect(overlap).toBe(false);
          }
        }
      }
      // These views foreshorten the f axis: at least one pane shows fewer than its 7 ticks (0, 5, …, 30).
      // (A label left out from the start is never added to the page, so count the shown ones.)
      expect(Math.min(...panes.map((labels) => labels.filter((l) => l.shown).length))).toBeLessThan(7);
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});

describe('functions with huge or non-finite values', () => {
  it.each([
    ['log(x) + y^2', 'holes where x ≤ 0'],
    ['1/(x^2 + y^2)', 'a pole at the origin'],
    ['sqrt(1 - x^2/100 - y^2/25)', 'defined only inside an ellipse'],
  ])('%s (%s) draws a picture, not a blank canvas', async (expression) => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const field = page.locator('#expression');
    await field.fill(expression);
    await field.press('Enter');
    await settled(page);
    expect(await page.locator('#expression-error').isVisible()).toBe(false);
    const scene = await sceneOf(page);
    const shot = await screenshot(page, `nonfinite-${expression.replace(/\W+/g, '-')}`, { clip: scene });
    expect((await pixelStats(page, shot)).distinctColours).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a pole: the robust z range cuts its spike, and the z fields say where', async () => {
    const { page, context, errors } = await openPage(
      browser,
      `/#v=1&f=${encodeURIComponent('1/(x^2 + y^2)')}`,
    );
    await settled(page);
    await page.locator('#panel .lil-title', { hasText: /^View$/ }).click();
    const zMax = () => control(page, 'z max').locator('input').inputValue();
    // The full range reaches the samples next to the pole (1/0.078² ≈ 164).
    expect(Number(await zMax())).toBeGreaterThan(100);
    const scene = await sceneOf(page);
    const full = await screenshot(page, 'pole-full', { clip: scene });
    await control(page, 'z range').locator('select').selectOption({ label: 'robust (1–99 %)' });
    await settled(page);
    // 1 % of the 200-unit² domain lies within r ≈ 0.8 of the pole, where f = 1/r² ≈ 1.6.
    expect(Number(await zMax())).toBeGreaterThan(1);
    expect(Number(await zMax())).toBeLessThan(2.5);
    expect((await descent(page, (d) => d.state.view)).zAuto).toBe('robust');
    const robust = await screenshot(page, 'pole-robust', { clip: scene });
    expect(await diffFraction(page, full, robust)).toBeGreaterThan(0.05);
    expect(errors).toEqual([]);
    await context.close();
  });
});
