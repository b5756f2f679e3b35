/**
 * Helpers shared by the e2e tests: launch Debian's Chromium through playwright-core, open the built page
 * while recording every console error / page error, save screenshots, and measure pixels honestly.
 *
 * The page is served by tests/e2e/global-setup.ts; its URL arrives through `inject('baseUrl')`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type PageScreenshotOptions,
} from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** Flags that make Debian's Chromium behave in a container (see ../shared/guides/browser-testing.md). */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Removes every WebGL path (no GPU, no SwiftShader fallback): for testing the "no WebGL" message. */
const NO_WEBGL_ARGS = ['--disable-gpu', '--disable-software-rasterizer'];

/**
 * Launches headless Chromium. WebGL2 works by default (ANGLE on SwiftShader, slow: keep grids small);
 * `{ webgl: false }` disables it entirely.
 */
export function launchBrowser(options: { webgl?: boolean } = {}): Promise<Browser> {
  const args = options.webgl === false ? [...BASE_ARGS, ...NO_WEBGL_ARGS] : BASE_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

export interface OpenedPage {
  page: Page;
  /** Its own browser context (closing it closes the page); one per page keeps tests independent. */
  context: BrowserContext;
  /**
   * Console errors (`console.error: …`), uncaught exceptions / rejections (`pageerror: …`) and
   * renderer crashes, in arrival order. Assert `expect(errors).toEqual([])` at the end of a test.
   */
  errors: string[];
}

/**
 * Known harmless Chromium noise, dropped from `errors`. Each entry must say why it is harmless.
 * Keep this list short and specific: anything not matched here is reported.
 */
const HARMLESS: { why: string; test: (text: string, url: string) => boolean }[] = [
  {
    why:
      'When a page declares no <link rel="icon">, Chromium itself requests /favicon.ico (the page did ' +
      'not ask for it); vite preview answers 404 and Chromium logs it as a console error.',
    test: (text, url) => text.startsWith('Failed to load resource') && pathOf(url) === '/favicon.ico',
  },
];

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
};

/**
 * Opens `path` (relative to the served build, e.g. `/` or `/?fn=rosenbrock`) in a fresh context and
 * waits for the `load` event. Listeners are attached before navigation, so errors thrown while the page
 * starts are recorded too.
 */
export async function openPage(
  browser: Browser,
  path = '/',
  viewport: { width: number; height: number } = { width: 1280, height: 720 },
  options: {
    motion?: 'reduce' | 'no-preference';
    touch?: boolean;
    /** Called with the page before it navigates (to attach more listeners). */
    before?: (page: Page) => void;
  } = {},
): Promise<OpenedPage> {
  // Reduced motion by default: a first visit then opens on the last step, standing still, as the
  // tests expect; the opening animation is tested with `motion: 'no-preference'`.
  const context = await browser.newContext({
    viewport,
    reducedMotion: options.motion ?? 'reduce',
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
  });
  const page = await context.newPage();
  options.before?.(page);
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url, lineNumber } = msg.location();
    if (HARMLESS.some((h) => h.test(msg.text(), url))) return;
    errors.push(`console.error: ${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('crash', () => errors.push('crash: the renderer process crashed'));

  // `new URL('./x', base)` keeps the served base path; a leading '/' in `path` is treated as relative to it.
  const url = new URL(path.replace(/^\//, './'), inject('baseUrl')).href;
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response?.ok()) {
    await context.close();
    throw new Error(`openPage: ${url} answered ${response?.status() ?? 'nothing'}`);
  }
  return { page, context, errors };
}

/**
 * Saves a PNG screenshot of the viewport to `test-results/screenshots/<name>.png` (gitignored) and
 * returns its bytes. `options` are passed to Playwright (e.g. `clip`, `fullPage`, `omitBackground`).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: Omit<PageScreenshotOptions, 'path' | 'type'> = {},
): Promise<Buffer> {
  const png = await page.screenshot({ ...options, type: 'png' });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await writeFile(join(SCREENSHOT_DIR, `${name}.png`), png);
  return png;
}

// ---- pixels ---------------------------------------------------------------------------------------
// PNGs are decoded by the browser itself (no extra npm package): the bytes go into the page as a
// data: URL, are drawn into a detached 2-D canvas and read back with getImageData. This needs only a
// live page (any page, even with WebGL disabled); it does not touch the page's DOM.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PixelStats {
  width: number;
  height: number;
  /** Number of distinct RGB colours (alpha ignored). A blank or flat image has 1. */
  distinctColours: number;
  /** Mean of each channel, 0–255. */
  mean: { r: number; g: number; b: number };
  /** The most frequent RGB colour, taken as the background. */
  background: [number, number, number];
  /** Fraction of pixels differing from `background` by more than `tolerance` in some channel. */
  nonBackgroundFraction: number;
}

/**
 * Colour statistics of a PNG (or of `rect` inside it, in image pixels). `tolerance` (default 8, per
 * channel) absorbs anti-aliasing and dithering when deciding what is "background".
 */
export function pixelStats(page: Page, png: Buffer, rect?: Rect, tolerance = 8): Promise<PixelStats> {
  return page.evaluate(
    async ({ dataUrl, rect, tolerance }) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const r = rect ?? { x: 0, y: 0, width: img.naturalWidth, height: img.naturalHeight };
      const canvas = document.createElement('canvas');
      canvas.width = r.width;
      canvas.height = r.height;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('pixelStats: no 2-D context');
      ctx.drawImage(img, -r.x, -r.y);
      const d = ctx.getImageData(0, 0, r.width, r.height).data;
      const n = r.width * r.height;
      const counts = new Map<number, number>();
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let i = 0; i < d.length; i += 4) {
        sr += d[i];
        sg += d[i + 1];
        sb += d[i + 2];
        const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      let bgKey = 0;
      let bgCount = -1;
      for (const [key, count] of counts) {
        if (count > bgCount) [bgKey, bgCount] = [key, count];
      }
      const bg: [number, number, number] = [(bgKey >> 16) & 255, (bgKey >> 8) & 255, bgKey & 255];
      let other = 0;
      for (let i = 0; i < d.length; i += 4) {
        const diff = Math.max(Math.abs(d[i] - bg[0]), Math.abs(d[i + 1] - bg[1]), Math.abs(d[i + 2] - bg[2]));
        if (diff > tolerance) other++;
      }
      return {
        width: r.width,
        height: r.height,
        distinctColours: counts.size,
        mean: { r: sr / n, g: sg / n, b: sb / n },
        background: bg,
        nonBackgroundFraction: other / n,
      };
    },
    { dataUrl: toDataUrl(png), rect, tolerance },
  );
}

/**
 * Fraction (0–1) of pixels whose colour differs between two same-sized PNGs by more than `threshold`
 * (default 16) in some RGB channel. Throws if the sizes differ.
 */
export function diffFraction(page: Page, pngA: Buffer, pngB: Buffer, threshold = 16): Promise<number> {
  return page.evaluate(
    async ({ a, b, threshold }) => {
      const read = async (dataUrl: string) => {
        const img = new Image();
        img.src = dataUrl;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx) throw new Error('diffFraction: no 2-D context');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, canvas.width, canvas.height);
      };
      const [da, db] = await Promise.all([read(a), read(b)]);
      if (da.width !== db.width || da.height !== db.height) {
        throw new Error(`diffFraction: sizes differ (${da.width}×${da.height} vs ${db.width}×${db.height})`);
      }
      let differing = 0;
      for (let i = 0; i < da.data.length; i += 4) {
        const diff = Math.max(
          Math.abs(da.data[i] - db.data[i]),
          Math.abs(da.data[i + 1] - db.data[i + 1]),
          Math.abs(da.data[i + 2] - db.data[i + 2]),
        );
        if (diff > threshold) differing++;
      }
      return differing / (da.width * da.height);
    },
    { a: toDataUrl(pngA), b: toDataUrl(pngB), threshold },
  );
}

const toDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
