/**
 * Self-tests of the e2e helpers on synthetic content (independent of what the app draws), so a broken
 * pixel helper or a browser without WebGL cannot make feature tests pass or fail for the wrong reason.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFraction, launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';

/** WebGL1/WebGL2 availability and the renderer string, evaluated in the page. */
const probeWebGL = (page: Page) =>
  page.evaluate(() => {
    const gl2 = document.createElement('canvas').getContext('webgl2');
    const gl1 = document.createElement('canvas').getContext('webgl');
    return { webgl2: gl2 !== null, webgl: gl1 !== null, renderer: gl2?.getParameter(gl2.RENDERER) ?? null };
  });

describe('pixel helpers', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('measures a known image exactly and diffs two images', async () => {
    const { page, context, errors } = await openPage(browser, '/', { width: 200, height: 100 });
    // White 200×100 viewport with a pure red 50×40 block at (20, 30): 2000 / 20000 = 10 % red.
    await page.setContent(
      `<body style="margin:0;background:#fff">
         <div style="position:absolute;left:20px;top:30px;width:50px;height:40px;background:#f00"></div>
       </body>`,
    );
    const a = await screenshot(page, 'harness-red-block');
    const stats = await pixelStats(page, a);
    expect(stats).toMatchObject({ width: 200, height: 100, distinctColours: 2, background: [255, 255, 255] });
    expect(stats.nonBackgroundFraction).toBeCloseTo(0.1, 6);
    expect(stats.mean.r).toBeCloseTo(255, 6);
    expect(stats.mean.g).toBeCloseTo(255 * 0.9, 6);

    const inside = await pixelStats(page, a, { x: 20, y: 30, width: 50, height: 40 });
    expect(inside).toMatchObject({ distinctColours: 1, background: [255, 0, 0], nonBackgroundFraction: 0 });

    expect(await diffFraction(page, a, a)).toBe(0);
    await page.evaluate(() => {
      const block = document.querySelector('div');
      if (block) block.style.left = '120px'; // moved: old and new 50×40 footprints differ, 2 × 10 %
    });
    const b = await screenshot(page, 'harness-red-block-moved');
    expect(await diffFraction(page, a, b)).toBeCloseTo(0.2, 6);

    const small = await page.screenshot({ clip: { x: 0, y: 0, width: 10, height: 10 } });
    await expect(diffFraction(page, a, small)).rejects.toThrow(/sizes differ/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('has software WebGL2 by default', async () => {
    const { page, context, errors } = await openPage(browser, '/', { width: 320, height: 240 });
    const gl = await probeWebGL(page);
    expect(gl).toMatchObject({ webgl2: true, webgl: true });
    expect(gl.renderer).toMatch(/SwiftShader|ANGLE|WebKit WebGL/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('launchBrowser({ webgl: false })', () => {
  it('has no WebGL at all', async () => {
    const browser = await launchBrowser({ webgl: false });
    try {
      const { page, context, errors } = await openPage(browser, '/', { width: 320, height: 240 });
      expect(await probeWebGL(page)).toEqual({ webgl2: false, webgl: false, renderer: null });
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
