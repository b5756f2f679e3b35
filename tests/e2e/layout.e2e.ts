/**
 * Layout: nothing drawn over the page (legend, colour bar, playback bar, the folded table) overlaps the
 * plotted box of any pane — the domain × the f range as the page projects it (`descent.surfaceBoxes`),
 * taken as the convex hull of its corners — at three window sizes, with 1, 2 and 4 panes, 3-D and 2-D.
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
  it("the check sees an overlap: the first visit's caption lies over the 3-D box at 1280×720", async () => {
    const { page, context } = await openPage(browser);
    await settled(page);
    expect(await overlapsOf(page, ['#caption'])).toEqual(['#caption over pane 1']);
    await context.close();
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
