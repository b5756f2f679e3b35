/**
 * Smoke test of the built page: it loads, is titled "Descent" and logs no errors. Only checks what every
 * version of the page has; feature tests belong in their own files.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('smoke', () => {
  it('loads with a title containing "Descent" and no console or page errors', async () => {
    const { page, context, errors } = await openPage(browser);
    expect(await page.title()).toContain('Descent');
    // Not blank: something besides one flat colour gets drawn (polled: a WebGL first frame may lag `load`).
    await expect
      .poll(async () => (await pixelStats(page, await screenshot(page, 'smoke-home'))).distinctColours, {
        timeout: 15_000,
      })
      .toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('records console errors and uncaught exceptions, so the check above cannot pass vacuously', async () => {
    const { page, context, errors } = await openPage(browser);
    await page.evaluate(() => {
      console.error('harness probe: console.error');
      setTimeout(() => {
        throw new Error('harness probe: uncaught');
      });
      void Promise.reject(new Error('harness probe: unhandled rejection'));
    });
    await expect.poll(() => errors.length).toBe(3);
    // The two page errors arrive in either order.
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('console.error: harness probe: console.error'),
        expect.stringContaining('pageerror: Error: harness probe: unhandled rejection'),
        expect.stringContaining('pageerror: Error: harness probe: uncaught'),
      ]),
    );
    await context.close();
  });

  it('still reports failed loads other than the favicon (the noise filter is narrow)', async () => {
    const { page, context, errors } = await openPage(browser);
    await page.evaluate(async () => {
      const img = new Image();
      img.src = './harness-probe-missing.png';
      await img.decode().catch(() => undefined);
    });
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatch(/^console\.error: Failed to load resource: .*404.*harness-probe-missing\.png/);
    await context.close();
  });
});
