/**
 * Layout: nothing drawn over the page (legend, colour bar, playback bar, the folded table) overlaps the
 * plotted box of any pane — the domain × the f range as the page projects it (`descent.surfaceBoxes`),
 * taken as the convex hull of its corners — at three window sizes, with 1, 2 and 4 panes, 3-D and 2-D,
 * and with the first visit's scene caption showing.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Point = [number, number];
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in screen coordinates. */
function hull(points: readonly Point[]): Point[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]) => {
    const out: Point[] = [];
    for (const q of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], q) <= 0) out.pop();
      out.push(q);
    }
    out.pop();
    return out;
  };
  return [...half(p), ...half([...p].reverse())];
}

/** Separating-axis test: does the rectangle overlap the convex polygon by more than `slack` px? */
function overlaps(box: Box, polygon: readonly Point[], slack = 1): boolean {
  const rect: Point[] = [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x + box.width, box.y + box.height],
    [box.x, box.y + box.height],
  ];
  const axes: Point[] = [
    [1, 0],
    [0, 1],
  ];
  for (let i = 0; i < polygon.length; i++) {
    const [a, b] = [polygon[i], polygon[(i + 1) % polygon.length]];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len > 0) axes.push([-(b[1] - a[1]) / len, (b[0] - a[0]) / len]);
  }
  for (const [ax, ay] of axes) {
    const project = (pts: readonly Point[]) => pts.map(([x, y]) => x * ax + y * ay);
    const r = project(rect);
    const q = project(polygon);
    if (Math.max(...r) <= Math.min(...q) + slack || Math.max(...q) <= Math.min(...r) + slack) return false;
  }
  return true;
}

const OVERLAYS = [
  '.pane:not([hidden]) .pane-label:not([hidden])',
  '#colorbar',
  '#transport',
  '#caption',
  '#readout',
];

async function overlapsOf(page: Page, selectors: readonly string[] = OVERLAYS): Promise<string[]> {
  const boxes = await page.evaluate(() =>
    (window as unknown as { descent: { surfaceBoxes(): Point[][] } }).descent.surfaceBoxes(),
  );
  expect(boxes.length).toBeGreaterThan(0);
  const found: string[] = [];
  for (const selector of selectors) {
    for (const el of await page.locator(selector).all()) {
      if (!(await el.isVisible())) continue;
      const box = await el.boundingBox();
      if (!box) continue;
      boxes.forEach((corners, i) => {
        if (overlaps(box, hull(corners))) found.push(`${selector} over pane ${i + 1}`);
      });
    }
  }
  return found;
}

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
] as const;
const LAYOUTS = [
  { name: '1 pane, 3-D', hash: '' },
  { name: '1 pane, 2-D', hash: 'kinds=2d' },
  { name: '2 panes, 3-D and 2-D', hash: 'panes=2' },
  { name: '4 panes, 2-D', hash: 'panes=4&kinds=2d' },
] as const;

describe('nothing overlaps the plotted surface', () => {
  it('the check sees an overlap: an element laid over the middle of the 3-D box at 1280×720', async () => {
    const { page, context } = await openPage(browser, '/#v=1');
    await settled(page);
    await page.evaluate(() => {
      const [box] = (window as unknown as { descent: { surfaceBoxes(): Point[][] } }).descent.surfaceBoxes();
      const x = box.reduce((a, p) => a + p[0], 0) / box.length;
      const y = box.reduce((a, p) => a + p[1], 0) / box.length;
      const probe = document.createElement('div');
      probe.id = 'probe';
      probe.style.cssText = `position:fixed;left:${x - 20}px;top:${y - 20}px;width:40px;height:40px;z-index:99;background:red`;
      document.body.append(probe);
    });
    expect(await overlapsOf(page, ['#probe'])).toEqual(['#probe over pane 1']);
    await context.close();
  });

  it("the first visit's caption has a row of its own under the panes: over no box at any size", async () => {
    const found: string[] = [];
    for (const size of SIZES) {
      const { page, context, errors } = await openPage(browser, '/', size, { touch: size.width < 500 });
      await settled(page);
      expect(await page.locator('#caption').isVisible()).toBe(true);
      for (const o of await overlapsOf(page)) found.push(`${size.width}×${size.height}: ${o}`);
      await screenshot(page, `layout-${size.width}x${size.height}-caption`);
      expect(errors).toEqual([]);
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('a tall 3-D pane brings its box in to the width it has; two panes on a phone stack', async () => {
    // [window, hash, pane, the box's least width ÷ the pane's width]: before the tall fit the 3-D
    // boxes spanned 70-73 % of these panes; side by side, two phone panes were 169 px wide each.
    const cases = [
      [{ width: 390, height: 844 }, '#v=1', 0, 0.75],
      [{ width: 390, height: 844 }, '#v=1&panes=2', 0, 0.7],
      [{ width: 1280, height: 720 }, '#v=1&panes=2', 0, 0.75],
    ] as const;
    for (const [size, hash, i, share] of cases) {
      const { page, context, errors } = await openPage(browser, `/${hash}`, size, {
        touch: size.width < 500,
      });
      await settled(page);
      const [box, host] = await page.evaluate((i) => {
        const boxes = (
          window as unknown as { descent: { surfaceBoxes(): Point[][] } }
        ).descent.surfaceBoxes();
        const r = document.querySelectorAll('#panes .pane')[i].getBoundingClientRect();
        return [boxes[i], { width: r.width, height: r.height }] as const;
      }, i);
      const xs = box.map((p) => p[0]);
      const width = Math.max(...xs) - Math.min(...xs);
      expect(width / host.width, `${size.width}×${size.height} ${hash}`).toBeGreaterThanOrEqual(share);
      // The phone's panes take the whole width of the panes' column (340 px beside the colour bar).
      if (size.width < 500) expect(host.width).toBeGreaterThan(330);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  for (const size of SIZES) {
    it(`at ${size.width}×${size.height}`, async () => {
      const found: string[] = [];
      for (const layout of LAYOUTS) {
        const { page, context, errors } = await openPage(
          browser,
          `/#v=1${layout.hash ? `&${layout.hash}` : ''}`,
          size,
          {
            touch: size.width < 500,
          },
        );
        await settled(page);
        for (const o of await overlapsOf(page)) found.push(`${layout.name}: ${o}`);
        await screenshot(page, `layout-${size.width}x${size.height}-${layout.name.replace(/\W+/g, '-')}`);
        expect(errors).toEqual([]);
        await context.close();
      }
      expect(found).toEqual([]);
    });
  }
});
