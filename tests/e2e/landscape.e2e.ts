/**
 * The network landscape in a real browser: the header button loads the view, it trains on xor with
 * SGD and Adam in a worker (no main-thread task over 50 ms meanwhile), the explorer's surface draws
 * (non-blank pixels in its WebGL canvas), one trail per run exists, the decision boundary differs
 * between step 0 and the last step, and closing frees every geometry the view made while the
 * explorer's own stay as they were.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFraction, launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';
import { descent, settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Handle {
  view: {
    computed: { start: number; end: number } | null;
    surfaceScene: { trailInfo(): { name: string; points: number }[]; geometries: number } | null;
  } | null;
  last: Handle['view'];
}

/** Reads the page's landscape handle (`window.descent.landscape`). */
function landscape<T>(page: Page, read: (h: Handle) => T): Promise<T> {
  return page.evaluate(
    (src) =>
      new Function('h', `return (${src})(h)`)(
        (window as unknown as { descent: { landscape: unknown } }).descent.landscape,
      ),
    read.toString(),
  ) as Promise<T>;
}

/** The decision-boundary canvas's pixels as a PNG after showing step `k`. */
async function boundaryAt(page: Page, k: number): Promise<Buffer> {
  await page.locator('.nl-transport input[type="range"]').fill(String(k));
  await page.waitForFunction((step) => document.querySelector('.nl-step')?.textContent === String(step), k);
  // The redraw runs on the next animation frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const canvas = page.locator('.nl-figure', { hasText: 'decision boundary' }).locator('canvas');
  const url = await canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  return Buffer.from(url.split(',')[1]!, 'base64');
}

describe('the network landscape', () => {
  it('trains xor with SGD and Adam in a worker, draws the surface, trails and boundary, and frees it all on close', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const before = await descent(page, (d) => d.memory);
    const scriptsBefore = await page.evaluate(() => performance.getEntriesByType('resource').length);

    await page.locator('.landscape-open').click();
    await page.locator('.nl').waitFor();
    // Loaded on demand: the view's code arrives with the click, not with the page.
    const loaded = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.includes('landscape-view')),
    );
    expect(loaded.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBeGreaterThan(
      scriptsBefore,
    );

    await page.locator('.nl-field', { hasText: 'data' }).locator('select').selectOption('xor');
    await page.locator('.nl-field', { hasText: 'steps' }).locator('input').fill('300');
    const rows = page.locator('.nl-run');
    await rows.nth(0).locator('select').selectOption('sgd');
    await rows.nth(1).locator('input[type="checkbox"]').uncheck();
    await rows.nth(2).locator('input[type="checkbox"]').uncheck();
    await rows.nth(3).locator('select').selectOption('adam');

    // Long tasks (over 50 ms) on the main thread, from now on.
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: { start: number; duration: number }[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
    });
    await page.locator('.nl-go').click();
    await page.waitForFunction(
      () => document.querySelector('.nl-status')?.textContent?.includes('parameters'),
      null,
      {
        timeout: 60_000,
      },
    );
    const window_ = await landscape(page, (h) => h.view!.computed!);
    const long = await page.evaluate(
      (w) =>
        (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter(
          (t) => t.start >= w.start && t.start + t.duration <= w.end,
        ),
      window_,
    );
    console.log(
      `worker computed for ${Math.round(window_.end - window_.start)} ms; long tasks meanwhile:`,
      long,
    );
    const all = await page.evaluate(
      () => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks,
    );
    console.log('every long task since the click (the result shown, the first 3-D frame):', all);
    // On a quiet machine there is no long task at all while the worker computes (the 50 ms budget);
    // on this shared 2-core machine under load, a descheduled thread makes a few of 50–200 ms. The
    // check that cannot pass with the work on the main thread: it would be one task about as long as
    // the whole computation, so the long tasks together stay under half of it.
    const span = window_.end - window_.start;
    expect(span).toBeGreaterThan(0);
    const blocked = long.reduce((sum, t) => sum + t.duration, 0);
    expect(blocked).toBeLessThan(span / 2);

    // One trail per run, every step of it (300 steps and the start).
    const trails = await landscape(page, (h) => h.view!.surfaceScene!.trailInfo());
    expect(trails).toEqual([
      { name: 'trail 1: sgd', points: 301 },
      { name: 'trail 4: adam', points: 301 },
    ]);

    // The surface draws: its WebGL canvas is far from blank.
    await page.waitForTimeout(500);
    const box = (await page.locator('.nl-surface canvas').boundingBox())!;
    const png = await screenshot(page, 'landscape-xor');
    const stats = await pixelStats(page, png, {
      x: Math.round(box.x),
      y: Math.round(box.y),
      width: Math.round(box.width),
      height: Math.round(box.height),
    });
    expect(stats.distinctColours).toBeGreaterThan(100);
    expect(stats.nonBackgroundFraction).toBeGreaterThan(0.2);

    // The decision boundary moves with the step: step 0 (the initial weights) against step 300.
    const last = await boundaryAt(page, 300);
    const first = await boundaryAt(page, 0);
    expect(await diffFraction(page, first, last)).toBeGreaterThan(0.05);

    // The 2-D surface is the same layer seen from above.
    await page.locator('.nl-transport select[aria-label="surface in 3-D or 2-D"]').selectOption('2d');
    expect(await landscape(page, (h) => h.view!.surfaceScene!.trailInfo().length)).toBe(2);

    await page.locator('.nl-close').click();
    expect(await page.locator('.nl').count()).toBe(0);
    expect(await landscape(page, (h) => h.view)).toBeNull();
    expect(await landscape(page, (h) => h.last!.surfaceScene!.geometries)).toBe(0);
    expect(await descent(page, (d) => d.memory)).toEqual(before);

    // Open again: keys typed in the view stay in it (← does not step the explorer back), Esc closes.
    const step = await descent(page, (d) => d.state.playback.step);
    expect(step).toBeGreaterThan(0);
    await page.locator('.landscape-open').click();
    await page.locator('.nl').waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    expect(await page.locator('.nl').count()).toBe(0);
    expect(await descent(page, (d) => d.state.playback.step)).toBe(step);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
