/**
 * The scene's layers and pane views in a real browser: the 3-D camera refits when the pane count or
 * the height changes (read from the axis labels' rectangles against the pane's), stationary points
 * with hover labels, a chart pane that is not WebGL, a 2-D map stretched to fill, and a lost WebGL
 * context that never returns.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';
import { descent, settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Moves the open page to `hash` (the app applies a new hash as a state change, panes kept). */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await settled(page);
}

/** Rectangles of pane `i` and of its shown axis labels (tick labels and titles). */
function labelRects(page: Page, i: number) {
  return page.evaluate((index) => {
    const host = document.querySelector(`#panes .pane[data-pane="${index}"]`) as HTMLElement;
    const r = host.getBoundingClientRect();
    const labels = [...host.querySelectorAll<HTMLElement>('.axis-tick, .axis-title')]
      .filter((el) => el.style.display !== 'none' && el.offsetParent !== null)
      .map((el) => {
        const b = el.getBoundingClientRect();
        return { text: el.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      });
    return { pane: { left: r.left, right: r.right, top: r.top, bottom: r.bottom }, labels };
  }, i);
}

function outside(rects: Awaited<ReturnType<typeof labelRects>>): string[] {
  const p = rects.pane;
  return rects.labels
    .filter(
      (l) => l.left < p.left - 1 || l.right > p.right + 1 || l.top < p.top - 1 || l.bottom > p.bottom + 1,
    )
    .map((l) => String(l.text));
}

describe('the 3-D camera at home', () => {
  it('refits when the pane count and the height change: every axis label stays inside the pane', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    expect(outside(await labelRects(page, 0))).toEqual([]);
    await go(page, '#v=1&panes=2');
    await screenshot(page, 'layers-two-panes');
    expect(outside(await labelRects(page, 0))).toEqual([]);
    for (const exag of [1, 3]) {
      await go(page, `#v=1&panes=2&exag=${exag}`);
      await screenshot(page, `layers-height-${exag}`);
      const rects = await labelRects(page, 0);
      expect(rects.labels.some((l) => l.text === 'f(x, y)')).toBe(true);
      expect(outside(rects)).toEqual([]);
    }
    // The camera was never recorded: it is still "home" in the state.
    expect(await descent(page, (d) => d.state.cameras)).toEqual([null, null, null, null]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('axis labels of different axes', () => {
  it('never sit on each other, from low in front and behind, from above the back corner, from above', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    // Camera poses: position, target, zoom (world units; see src/scene/world.ts).
    // Low ones put the f column beside the y column; without the cross-axis check (axes.ts `keepApart`)
    // each of the first four shows two tick labels on top of each other.
    const poses = [
      '-8.97,1.57,15.53,0,1.2,0,1',
      '13.74,1.57,11.53,0,1.2,0,1',
      '-13.74,1.57,-11.53,0,1.2,0,1',
      '-6.36,12.73,-11.02,0,1.2,0,1',
      '0,18,0.01,0,0,0,1',
    ];
    for (const [i, pose] of poses.entries()) {
      await go(page, `#v=1&cam0=${pose}`);
      await screenshot(page, `layers-labels-pose-${i}`);
      const { labels } = await labelRects(page, 0);
      const ticks = labels.filter((l) => /^[−\d.e+]+$/.test(String(l.text)));
      const clashes: string[] = [];
      for (let a = 0; a < ticks.length; a++)
        for (let b = a + 1; b < ticks.length; b++) {
          const p = ticks[a];
          const q = ticks[b];
          if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
            clashes.push(`${p.text} / ${q.text}`);
        }
      expect(clashes, `pose ${pose}`).toEqual([]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('stationary points', () => {
  it("Himmelblau's 4 minima, 4 saddles and 1 maximum as glyphs, each with a hover label", async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&p=himmelblau&stat=1&kinds=2d');
    await settled(page);
    const pane = page.locator('#panes .pane[data-pane="0"]');
    await expect.poll(() => pane.locator('.stationary').count()).toBe(9);
    expect(await pane.locator('.stationary-minimum').count()).toBe(4);
    expect(await pane.locator('.stationary-saddle').count()).toBe(4);
    expect(await pane.locator('.stationary-maximum').count()).toBe(1);
    const max = pane.locator('.stationary-maximum');
    expect(await max.locator('.stationary-label').isVisible()).toBe(false);
    await max.hover();
    await expect.poll(() => max.locator('.stationary-label').isVisible()).toBe(true);
    expect(await max.locator('.stationary-label').textContent()).toMatch(
      /^maximum \(−0\.270845, −0\.923039\), f = 181\.617/,
    );
    await screenshot(page, 'layers-stationary');
    await go(page, '#v=1&p=himmelblau&kinds=2d');
    expect(await pane.locator('.stationary').count()).toBe(9); // kept, hidden with the layer
    expect(await pane.locator('.stationary').first().isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a pane that is not WebGL', () => {
  it('the f-by-step chart as pane 2: drawn on a 2-D canvas, no camera, counted in frames and memory', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&panes=2&kinds=3d,chart');
    await settled(page);
    const chart = page.locator('#panes .pane[data-pane="1"] canvas.chart-pane');
    // The chart's code loads with the first chart pane; it draws on the frame after it arrives.
    await expect.poll(() => chart.count()).toBe(1);
    await expect
      .poll(() => chart.getAttribute('aria-label'))
      .toBe('f(x, y) by step, log scale, 2 optimizers');
    const box = (await chart.boundingBox())!;
    const png = await screenshot(page, 'layers-chart-pane');
    const inside = { x: box.x + 60, y: box.y + 30, width: box.width - 80, height: box.height - 70 };
    // The chart's lines: Momentum's sky blue and Adam's orange are there.
    const stats = await pixelStats(page, png, inside);
    expect(stats.distinctColours).toBeGreaterThan(10);
    // Each pane says where its plotted data lies: the 3-D box's 8 projected corners, the chart's 4.
    const boxes = await page.evaluate(() =>
      (window as unknown as { descent: { plotBoxes(): [number, number][][] } }).descent.plotBoxes(),
    );
    expect(boxes.map((b) => b.length)).toEqual([8, 4]);
    const hosts = await page.evaluate(() =>
      [...document.querySelectorAll('#panes .pane')].slice(0, 2).map((h) => {
        const r = h.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
      }),
    );
    boxes.forEach((box, i) => {
      const [l, t, r, b] = hosts[i];
      for (const [x, y] of box) {
        expect(x).toBeGreaterThanOrEqual(l);
        expect(x).toBeLessThanOrEqual(r);
        expect(y).toBeGreaterThanOrEqual(t);
        expect(y).toBeLessThanOrEqual(b);
      }
    });
    expect(boxes[1]).toEqual([
      [hosts[1][0] + 56, hosts[1][1] + 26],
      [hosts[1][2] - 14, hosts[1][1] + 26],
      [hosts[1][2] - 14, hosts[1][3] - 30],
      [hosts[1][0] + 56, hosts[1][3] - 30],
    ]);
    const memory = await descent(page, (d) => d.memory);
    expect(memory.geometries).toBeGreaterThan(0);
    // Back to 3-D: the chart pane is disposed and a WebGL one takes its place.
    await go(page, '#v=1&panes=2&kinds=3d,3d');
    expect(await chart.count()).toBe(0);
    expect(await page.locator('#panes .pane[data-pane="1"] canvas').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the 2-D aspect', () => {
  it('fill stretches the map across the pane inside fixed pixel margins; equal keeps its shape', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&kinds=2d');
    await settled(page);
    const span = async () => {
      const { pane, labels } = await labelRects(page, 0);
      const x = labels.filter((l) => l.text === '−10' || l.text === '10');
      const y = labels.filter((l) => l.text === '−4' || l.text === '4');
      return {
        pane,
        x:
          Math.max(...x.map((l) => (l.left + l.right) / 2)) -
          Math.min(...x.map((l) => (l.left + l.right) / 2)),
        y:
          Math.max(...y.map((l) => (l.top + l.bottom) / 2)) -
          Math.min(...y.map((l) => (l.top + l.bottom) / 2)),
      };
    };
    const equal = await span();
    // The book's domain is 20 × 10: at equal scale −10…10 spans 2.5 × what −4…4 spans.
    expect(equal.x / equal.y).toBeCloseTo(2.5, 1);
    await go(page, '#v=1&kinds=2d&aspect=fill');
    await screenshot(page, 'layers-aspect-fill');
    const fill = await span();
    const height = fill.pane.bottom - fill.pane.top;
    // −4…4 is 8/10 of the y range, which now fills the pane's height minus the margins: 40 px below,
    // and above, the legend (its height rounded up to 8 px, and 4 px of air: View.measureCorner).
    const legend = (await page.locator('.pane[data-pane="0"] .pane-label').boundingBox())!;
    const top = Math.max(12, Math.ceil((legend.y + legend.height - fill.pane.top) / 8) * 8 + 4);
    expect(fill.y).toBeCloseTo(0.8 * (height - top - 40), -1);
    expect(outside(await labelRects(page, 0))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a lost WebGL context that never comes back', () => {
  it('says so after about 3 s and offers to reload', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await page.evaluate(() => {
      const canvas = document.querySelector('#panes .pane canvas') as HTMLCanvasElement;
      canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!.loseContext();
    });
    await expect.poll(() => page.locator('#context-lost').textContent()).toMatch(/Restoring it/);
    await expect
      .poll(() => page.locator('#context-lost').textContent(), { timeout: 6000 })
      .toMatch(/did not come back/);
    const reload = page.locator('#context-lost button', { hasText: 'Reload' });
    expect(await reload.isVisible()).toBe(true);
    await screenshot(page, 'layers-context-gone');
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    await settled(page);
    expect(await page.locator('#context-lost').count()).toBe(0);
    expect(errors.filter((e) => !/CONTEXT_LOST_WEBGL/.test(e))).toEqual([]);
    await context.close();
  });
});
