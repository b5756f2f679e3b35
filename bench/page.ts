/**
 * Page section: the built app in headless Chromium (software WebGL through SwiftShader) at 1280×720.
 *
 * Builds with Vite's JS API into a temporary directory, serves it with `preview()` on a free port (as
 * tests/e2e/global-setup.ts does), and measures:
 * - navigation → first rendered frame (in-page `performance.now()`, whose origin is the navigation);
 * - frames while orbiting (mouse drags on the canvas) and while playing the default four trajectories
 *   (default speed, and 60 steps/s set through the panel): frames/s, frame intervals (median, p95),
 *   and main-thread JavaScript per rendered frame from the Chrome DevTools Protocol's
 *   `Performance.getMetrics` (ScriptDuration deltas);
 * - frames rendered in 2 s of idling;
 * - switching the default scene to a 512² surface (built in the worker): main-thread time and tasks;
 * - the JavaScript shipped: bytes and gzip bytes of the built `assets/*.js` — what index.html
 *   references, what the page actually requested until the default scene settled (the budget), and all.
 *
 * Frames are counted with `window.descent.frames` (the page's own counter). An init script wraps
 * `requestAnimationFrame` so that, after every callback, a change of that counter is stamped with the
 * callback's frame time and `performance.now()`; it adds no frames of its own.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { benchPageMaps } from './page-maps.ts';
import { BUDGETS, type Check, check, kB, ms, type SectionResult, sig, type Table } from './report.ts';
import { median, quantile } from './stats.ts';

export interface PageOptions {
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM_PATH = '/usr/bin/chromium';
/** The flags of tests/e2e/browser.ts (Playwright adds --enable-unsafe-swiftshader itself). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORT = { width: 1280, height: 720 };

// ---- in-page recorder ------------------------------------------------------------------------------------

/** What the init script keeps on `window.__bench`. */
interface Recorder {
  /** [performance.now() after the callback, the callback's frame time, descent.frames] per rendered frame. */
  marks: [number, number, number][];
  /** Main-thread ms spent in callbacks that rendered a frame. */
  renderCallbackMs: number[];
  /** Every requestAnimationFrame callback run (the page's own, rendering or not). */
  rafCallbacks: number;
  firstFrameAt: number | null;
  /** When the next animation frame after the first rendered one began (the first frame was committed). */
  nextFrameAt: number | null;
  lastFrames: number;
}

interface BenchWindow {
  __bench: Recorder;
  descent?: { frames: number; state: unknown; memory: unknown };
}

/** Runs in the page before its own scripts. Must be self-contained (it is serialized). */
function installRecorder(): void {
  const w = window as unknown as BenchWindow;
  const rec: Recorder = {
    marks: [],
    renderCallbackMs: [],
    rafCallbacks: 0,
    firstFrameAt: null,
    nextFrameAt: null,
    lastFrames: 0,
  };
  w.__bench = rec;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback: FrameRequestCallback): number =>
    raf((time) => {
      const start = performance.now();
      try {
        callback(time);
      } finally {
        rec.rafCallbacks++;
        const frames = w.descent?.frames;
        if (typeof frames === 'number' && frames !== rec.lastFrames) {
          const now = performance.now();
          if (rec.firstFrameAt === null && frames > 0) {
            rec.firstFrameAt = now;
            // One animation frame of our own, once: it begins after the first frame was committed.
            raf(() => {
              rec.nextFrameAt = performance.now();
            });
          }
          rec.marks.push([now, time, frames]);
          rec.renderCallbackMs.push(now - start);
          rec.lastFrames = frames;
        }
      }
    });
}

const frames = (page: Page) => page.evaluate(() => (window as unknown as BenchWindow).descent?.frames ?? 0);

/** Empties the recorder; returns the page's clock. */
const resetRecorder = (page: Page) =>
  page.evaluate(() => {
    const rec = (window as unknown as BenchWindow).__bench;
    rec.marks = [];
    rec.renderCallbackMs = [];
    rec.rafCallbacks = 0;
    return performance.now();
  });

const readRecorder = (page: Page) =>
  page.evaluate(() => {
    const rec = (window as unknown as BenchWindow).__bench;
    return {
      marks: rec.marks,
      renderCallbackMs: rec.renderCallbackMs,
      rafCallbacks: rec.rafCallbacks,
      now: performance.now(),
    };
  });

/** Waits until the page has rendered and stopped asking for frames (same frame count 300 ms apart). */
async function settle(page: Page, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  let last = -1;
  while (Date.now() - t0 < timeoutMs) {
    const now = await frames(page);
    if (now === last && now > 0) return;
    last = now;
    await page.waitForTimeout(300);
  }
}

// ---- CDP metrics ----------------------------------------------------------------------------------------

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Main-thread seconds spent per category between two snapshots, as ms. */
function busy(a: Metrics, b: Metrics) {
  const d = (k: string) => ((b[k] ?? 0) - (a[k] ?? 0)) * 1000;
  return {
    scriptMs: d('ScriptDuration'),
    taskMs: d('TaskDuration'),
    layoutMs: d('LayoutDuration'),
    styleMs: d('RecalcStyleDuration'),
    compileMs: d('V8CompileDuration'),
  };
}

// ---- one measured window -----------------------------------------------------------------------------

/** What happened in one measured stretch of time. */
interface Span {
  readonly label: string;
  readonly seconds: number;
  readonly frames: number;
  readonly framesPerSecond: number;
  /** Intervals between the frame times of consecutive rendered frames (ms). */
  readonly intervals: number[];
  /** Main-thread ms of the callbacks that rendered. */
  readonly renderCallbackMs: number[];
  readonly rafCallbacks: number;
  readonly main: ReturnType<typeof busy>;
}

/** Runs `during` (which takes the window's time) and measures frames and main-thread time meanwhile. */
async function measureWindow(
  page: Page,
  cdp: CDPSession,
  label: string,
  during: () => Promise<void>,
): Promise<Span> {
  const startPage = await resetRecorder(page);
  const m0 = await metrics(cdp);
  await during();
  const m1 = await metrics(cdp);
  const rec = await readRecorder(page);
  const seconds = (rec.now - startPage) / 1000;
  const times = rec.marks.map((m) => m[1]);
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const count = rec.marks.length === 0 ? 0 : rec.marks[rec.marks.length - 1]![2] - rec.marks[0]![2] + 1;
  return {
    label,
    seconds,
    frames: count,
    framesPerSecond: count / seconds,
    intervals,
    renderCallbackMs: rec.renderCallbackMs,
    rafCallbacks: rec.rafCallbacks,
    main: busy(m0, m1),
  };
}

/** Several windows of the same kind as one: totals, the median of their frame rates, all intervals. */
function combine(label: string, spans: Span[]): Span {
  const sum = (f: (w: Span) => number) => spans.reduce((s, w) => s + f(w), 0);
  return {
    label,
    seconds: sum((w) => w.seconds),
    frames: sum((w) => w.frames),
    framesPerSecond: median(spans.map((w) => w.framesPerSecond)),
    intervals: spans.flatMap((w) => w.intervals),
    renderCallbackMs: spans.flatMap((w) => w.renderCallbackMs),
    rafCallbacks: sum((w) => w.rafCallbacks),
    main: {
      scriptMs: sum((w) => w.main.scriptMs),
      taskMs: sum((w) => w.main.taskMs),
      layoutMs: sum((w) => w.main.layoutMs),
      styleMs: sum((w) => w.main.styleMs),
      compileMs: sum((w) => w.main.compileMs),
    },
  };
}

/** The largest canvas on the page (the 3-D pane). */
async function mainCanvas(page: Page) {
  const box = await page.evaluate(() => {
    let best: { x: number; y: number; width: number; height: number } | null = null;
    for (const c of document.querySelectorAll('canvas')) {
      const r = c.getBoundingClientRect();
      if (!best || r.width * r.height > best.width * best.height)
        best = { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return best;
  });
  if (!box) throw new Error('no canvas on the page');
  return box;
}

/** Drags on the canvas for `durationMs`, swinging left and right (an orbit), one move per ~8 ms. */
async function orbit(page: Page, durationMs: number, direction: 1 | -1): Promise<void> {
  const box = await mainCanvas(page);
  // Right of the centre, away from the default start handle (left of the surface).
  const x0 = box.x + box.width * 0.6;
  const y0 = box.y + box.height * 0.5;
  const amplitude = box.width * 0.2;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  const t0 = Date.now();
  let next = t0;
  for (;;) {
    const t = Date.now() - t0;
    if (t >= durationMs) break;
    const phase = (2 * Math.PI * t) / 1500;
    await page.mouse.move(x0 + direction * amplitude * Math.sin(phase), y0 + 20 * Math.sin(phase / 2));
    next += 8;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await page.mouse.up();
}

/** A pattern matching exactly `text`. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);

/** Sets a number field of the panel by its label (opening its folder if needed); false if absent. */
async function setPanelNumber(page: Page, folder: string, label: string, value: number): Promise<boolean> {
  const control = page.locator('.lil-controller', {
    has: page.locator('.lil-name', { hasText: exactly(label) }),
  });
  if ((await control.count()) === 0) return false;
  const input = control.first().locator('input').first();
  if (!(await input.isVisible())) {
    await page
      .locator('.lil-title', { hasText: exactly(folder) })
      .first()
      .click();
  }
  if (!(await input.isVisible())) return false;
  await input.fill(String(value));
  await input.press('Enter');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return true;
}

/** Picks `stepsPerSecond` in the playback bar's speed menu; false when it is not offered. */
async function setSpeed(page: Page, stepsPerSecond: number): Promise<boolean> {
  const speed = page.getByRole('combobox', { name: /Speed/ });
  if ((await speed.count()) === 0) return false;
  await speed.selectOption(String(stepsPerSecond));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return true;
}

/** What `watchSurface` records on `window.__surface`. */
interface SurfaceWatch {
  __surface: { seen: string[]; done: boolean; longTasks: number[] };
}

/**
 * Records the progress texts shown (the worker may finish within a few frames, faster than a poll),
 * `done` once the progress has been shown and hidden again, and the main thread's long tasks.
 */
async function watchSurface(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as SurfaceWatch;
    w.__surface = { seen: [], done: false, longTasks: [] };
    const el = document.getElementById('progress');
    if (el) {
      new MutationObserver(() => {
        if (!el.hidden) w.__surface.seen.push(el.textContent ?? '');
        else if (w.__surface.seen.length > 0) w.__surface.done = true;
      }).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
    }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__surface.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** The state's start point, as JSON (to notice a drag that moved it). */
const startOf = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify(
      ((window as unknown as BenchWindow).descent?.state as { start?: unknown } | undefined)?.start,
    ),
  );

const playing = (page: Page) =>
  page.evaluate(
    () =>
      ((window as unknown as BenchWindow).descent?.state as { playback?: { playing?: boolean } })?.playback
        ?.playing === true,
  );

/** Presses space with nothing focused (the page's play/pause key); returns whether it now plays. */
async function togglePlay(page: Page): Promise<boolean> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(' ');
  return playing(page);
}

// ---- bytes shipped ----------------------------------------------------------------------------------------

interface Sizes {
  readonly files: readonly string[];
  readonly bytes: number;
  readonly gzip: number;
}

interface Shipped {
  /** What index.html loads: the entry script and its modulepreloads. */
  readonly html: Sizes;
  readonly allJs: Sizes;
  readonly css: Sizes;
  /** Sizes of any built files (paths relative to the build directory). */
  readonly sizeOf: (files: readonly string[]) => Promise<Sizes>;
}

/** Sizes of the built JavaScript: what index.html loads (entry + modulepreloads), and all of it. */
async function shipped(outDir: string): Promise<Shipped> {
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const referenced = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\.?\//, ''));
  const assets = await readdir(join(outDir, 'assets'));
  const size = async (file: string) => {
    const bytes = await readFile(join(outDir, file));
    return { bytes: bytes.length, gzip: gzipSync(bytes).length };
  };
  const sum = async (files: readonly string[]): Promise<Sizes> => {
    let bytes = 0;
    let gzip = 0;
    for (const f of files) {
      const s = await size(f);
      bytes += s.bytes;
      gzip += s.gzip;
    }
    return { files, bytes, gzip };
  };
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const css = assets.filter((f) => f.endsWith('.css')).map((f) => `assets/${f}`);
  return { html: await sum(referenced), allJs: await sum(js), css: await sum(css), sizeOf: sum };
}

/**
 * The JavaScript table and its budget. `startup`: the built .js files the page requested until the
 * default scene settled (workers included); the budget uses it when the browser ran, else what
 * index.html references.
 */
function bytesReport(bytes: Shipped, startup: Sizes | null): { table: Table; check: Check } {
  const row = (what: string, sizes: Sizes) => [
    what,
    String(sizes.files.length),
    kB(sizes.bytes),
    kB(sizes.gzip),
  ];
  const used = startup ?? bytes.html;
  return {
    table: {
      title: 'JavaScript shipped (vite build; gzip = node:zlib default level)',
      columns: ['what', 'files', 'bytes', 'gzip'],
      rows: [
        row('index.html entry + modulepreload', bytes.html),
        ...(startup ? [row('requested at startup (until the scene settled)', startup)] : []),
        row('all assets/*.js', bytes.allJs),
        row('assets/*.css (no budget)', bytes.css),
      ],
    },
    check: check(
      BUDGETS.initialJs,
      startup ? 'initial JavaScript (requested at startup)' : 'initial JavaScript (index.html)',
      used.gzip,
      `${kB(used.bytes)} raw: ${used.files.join(', ')}`,
    ),
  };
}

// ---- the section ------------------------------------------------------------------------------------------

interface Load {
  readonly firstFrameMs: number;
  readonly nextFrameMs: number;
  readonly firstContentfulPaintMs: number | null;
  readonly domContentLoadedMs: number;
  readonly loadMs: number;
}

async function load(
  browser: Browser,
  url: string,
  errors: string[],
): Promise<{ page: Page; context: BrowserContext; load: Load; requested: string[] }> {
  // Reduced motion: a first visit then opens standing on the last step, as the page did before it
  // learned to play its opening scene (the windows below measure an idle page first).
  const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
  await context.addInitScript(installRecorder);
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/favicon\.ico/.test(msg.location().url))
      errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(
    () => (window as unknown as BenchWindow).__bench.nextFrameAt !== null,
    undefined,
    {
      timeout: 30_000,
    },
  );
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      firstFrameMs: (window as unknown as BenchWindow).__bench.firstFrameAt!,
      nextFrameMs: (window as unknown as BenchWindow).__bench.nextFrameAt!,
      firstContentfulPaintMs: fcp ? fcp.startTime : null,
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? Number.NaN,
      loadMs: nav?.loadEventEnd ?? Number.NaN,
    };
  });
  return { page, context, load: timing, requested };
}

const skipAll = (reason: string): Check[] => [
  check(BUDGETS.firstFrame, 'first frame (median of loads)', null, reason),
  check(BUDGETS.orbitFps, 'orbiting, default scene', null, reason),
  check(BUDGETS.playJsPerFrame, 'playing, default speed (4 steps/s)', null, reason),
  check(BUDGETS.playJsPerFrame, 'playing, 60 steps/s', null, reason),
  check(BUDGETS.playJsPerFrame, 'playing, 60 steps/s, inspector on', null, reason),
  check(BUDGETS.idleFrames, 'idle 2 s after load', null, reason),
  check(BUDGETS.idleFrames, 'idle 2 s after interaction', null, reason),
];

export async function benchPage(options: PageOptions): Promise<SectionResult> {
  const t0 = performance.now();
  const { quick, log } = options;
  const notes: string[] = [];
  const checks: Check[] = [];
  const tables: Table[] = [];
  const outDir = await mkdtemp(join(tmpdir(), 'descent-bench-'));
  let server: PreviewServer | undefined;
  let bytes: Shipped | undefined;
  /** Puts the JavaScript table first and its check first (once). */
  const reportBytes = (startup: Sizes | null) => {
    if (!bytes || checks.some((c) => c.budget === BUDGETS.initialJs.id)) return;
    const { table, check: c } = bytesReport(bytes, startup);
    tables.unshift(table);
    checks.unshift(c);
  };
  let browser: Browser | undefined;
  const finish = (data: unknown): SectionResult => ({
    name: 'page',
    tables,
    checks,
    notes,
    data,
    seconds: (performance.now() - t0) / 1000,
  });
  try {
    // Build and serve.
    log('page: vite build');
    const b0 = performance.now();
    try {
      await build({
        root: ROOT,
        configFile: join(ROOT, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir, emptyOutDir: true },
      });
    } catch (error) {
      const reason = `vite build failed: ${(error as Error).message.split('\n')[0]}`;
      notes.push(reason);
      checks.push(check(BUDGETS.initialJs, 'initial JavaScript', null, reason), ...skipAll(reason));
      return finish({ error: reason });
    }
    const buildSeconds = (performance.now() - b0) / 1000;
    bytes = await shipped(outDir);

    server = await preview({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir },
      appType: 'mpa',
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview reported no local URL');

    try {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    } catch (error) {
      const reason = `Chromium did not start (${CHROMIUM_PATH}; see scripts/ensure-chromium.sh): ${(error as Error).message.split('\n')[0]}`;
      notes.push(reason);
      checks.push(...skipAll(reason));
      reportBytes(null);
      return finish({ bytes, buildSeconds, error: reason });
    }
    const errors: string[] = [];

    // 1. Loads: navigation → first frame, each in a fresh context (empty cache).
    const loads: Load[] = [];
    const loadCount = quick ? 2 : 5;
    for (let i = 0; i < loadCount; i++) {
      log(`page: load ${i + 1}/${loadCount}`);
      const opened = await load(browser, url, errors);
      loads.push(opened.load);
      await opened.context.close();
    }

    // 2. One page for the rest: idle, orbit, play.
    log('page: idle, orbit, play');
    const { page, context, requested } = await load(browser, url, errors);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await settle(page);
    const builtJs = new Set(bytes.allJs.files);
    const startupJs = [
      ...new Set(requested.map((u) => new URL(u).pathname.replace(/^.*?(assets\/[^/]+\.js)$/, '$1'))),
    ].filter((f) => builtJs.has(f));
    reportBytes(await bytes.sizeOf(startupJs));
    const idleAfterLoad = await measureWindow(page, cdp, 'idle 2 s after load', () =>
      page.waitForTimeout(2000),
    );

    const startBefore = await startOf(page);
    const orbits: Span[] = [];
    const orbitRounds = quick ? 1 : 3;
    for (let r = 0; r < orbitRounds; r++) {
      orbits.push(await measureWindow(page, cdp, 'orbiting', () => orbit(page, 2000, r % 2 === 0 ? 1 : -1)));
      await settle(page);
    }
    const startAfter = await startOf(page);
    if (startBefore !== startAfter)
      notes.push(
        `The orbit drags moved the start (${startBefore} → ${startAfter}): a drag began on the start handle.`,
      );

    // Playback, in rounds: a 3-s window holds a dozen frames at 4 steps/s, so one garbage collection
    // moves its mean; the check takes the median of the rounds.
    const playSeconds = quick ? 2 : 3;
    const playRounds = quick ? 1 : 3;
    const playWindows = async (label: string): Promise<Span[]> => {
      const out: Span[] = [];
      for (let r = 0; r < playRounds; r++) {
        out.push(
          await measureWindow(page, cdp, label, async () => {
            if (!(await togglePlay(page))) notes.push(`Space did not start playback (${label}).`);
            await page.waitForTimeout(playSeconds * 1000);
          }),
        );
        if (await playing(page)) await togglePlay(page);
        await settle(page);
      }
      return out;
    };
    const playDefaults = await playWindows('playing, default speed (4 steps/s)');

    let playFasts: Span[] = [];
    const speedSet =
      (await setPanelNumber(page, 'Start & steps', 'max steps', 1000)) && (await setSpeed(page, 60));
    if (speedSet) {
      await settle(page);
      playFasts = await playWindows('playing, 60 steps/s');
    } else {
      notes.push(
        'Could not set "max steps" / "steps / s" in the panel: the 60 steps/s measurement is skipped.',
      );
    }
    // The step inspector open on the first row (its card, arrows and curvature follow every step),
    // from step 0 at the same speed: side by side with the row above, which ran with it closed.
    let playInspect: Span[] = [];
    if (speedSet) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('r');
      await page.keyboard.press('i');
      // The card's code loads on the first opening: wait for it (a few seconds at most).
      const opened = await page
        .locator('#inspector')
        .waitFor({ state: 'visible', timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      if (opened) {
        await settle(page);
        playInspect = await playWindows('playing, 60 steps/s, inspector on');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press('i');
        await settle(page);
      } else notes.push('The I key did not open the step inspector: its row is skipped.');
    }
    const idleAfter = await measureWindow(page, cdp, 'idle 2 s after interaction', () =>
      page.waitForTimeout(2000),
    );
    const memory = await page.evaluate(() => (window as unknown as BenchWindow).descent?.memory ?? null);

    // 3. A big surface: resolution 128 → 512 (513² samples), sampled and meshed in the worker.
    log('page: big surface');
    await watchSurface(page);
    let resolutionSet = false;
    const bigSurface = await measureWindow(page, cdp, 'switching to a 512² surface', async () => {
      resolutionSet = await setPanelNumber(page, 'Function', 'resolution', 512);
      if (resolutionSet) {
        await page.waitForFunction(() => (window as unknown as SurfaceWatch).__surface.done, null, {
          timeout: 60_000,
        });
      }
      await settle(page);
    });
    const watched = await page.evaluate(() => (window as unknown as SurfaceWatch).__surface);
    await context.close();

    // Tables and checks.
    const firstFrames = loads.map((l) => l.firstFrameMs);
    tables.push({
      title: `Load: navigation → first rendered frame, ${loadCount} loads in fresh contexts (local preview server)`,
      columns: ['', 'median', 'first load', 'min', 'max'],
      rows: [
        [
          'first frame (descent.frames > 0)',
          ms(median(firstFrames)),
          ms(firstFrames[0]!),
          ms(Math.min(...firstFrames)),
          ms(Math.max(...firstFrames)),
        ],
        ...(
          [
            ['next animation frame (first frame committed)', loads.map((l) => l.nextFrameMs)],
            ['first contentful paint', loads.map((l) => l.firstContentfulPaintMs ?? Number.NaN)],
            ['DOMContentLoaded end', loads.map((l) => l.domContentLoadedMs)],
            ['load event end', loads.map((l) => l.loadMs)],
          ] as const
        ).map(([name, xs]) => [name, ms(median(xs)), ms(xs[0]!), ms(Math.min(...xs)), ms(Math.max(...xs))]),
      ],
    });
    checks.push(
      check(
        BUDGETS.firstFrame,
        'first frame (median of loads)',
        median(firstFrames),
        `first load ${sig(firstFrames[0]!)} ms`,
      ),
    );

    const orbitAll = combine(`orbiting (${orbitRounds} × 2 s drags)`, orbits);
    const playDefault = combine(
      `playing, default speed (4 steps/s; ${playRounds} × ${playSeconds} s)`,
      playDefaults,
    );
    const playFast =
      playFasts.length > 0
        ? combine(`playing, 60 steps/s (${playRounds} × ${playSeconds} s)`, playFasts)
        : null;
    const playInspected =
      playInspect.length > 0
        ? combine(`playing, 60 steps/s, inspector on (${playRounds} × ${playSeconds} s)`, playInspect)
        : null;
    /** Median over rounds of main-thread JS per rendered frame. */
    const jsPerFrame = (spans: Span[]) => {
      const xs = spans.filter((w) => w.frames > 0).map((w) => w.main.scriptMs / w.frames);
      return xs.length > 0 ? median(xs) : null;
    };
    const rounds = (spans: Span[]) =>
      spans.map((w) => sig(w.main.scriptMs / Math.max(1, w.frames))).join(', ');
    const windows = [
      idleAfterLoad,
      orbitAll,
      playDefault,
      ...(playFast ? [playFast] : []),
      ...(playInspected ? [playInspected] : []),
      idleAfter,
    ];
    const perFrame = (x: number, w: Span) => (w.frames > 0 ? ms(x / w.frames) : '—');
    tables.push({
      title: `Frames at ${VIEWPORT.width}×${VIEWPORT.height}, headless Chromium, software WebGL (SwiftShader)`,
      columns: [
        'window',
        's',
        'frames',
        'frames/s',
        'interval median',
        'interval p95',
        'render callback median',
        'JS / frame',
        'main-thread tasks / frame',
        'layout+style / frame',
        'JS per s',
        'rAF callbacks',
      ],
      rows: windows.map((w) => [
        w.label,
        w.seconds.toFixed(1),
        String(w.frames),
        sig(w.framesPerSecond),
        w.intervals.length ? ms(median(w.intervals)) : '—',
        w.intervals.length ? ms(quantile(w.intervals, 0.95)) : '—',
        w.renderCallbackMs.length ? ms(median(w.renderCallbackMs)) : '—',
        perFrame(w.main.scriptMs, w),
        perFrame(w.main.taskMs, w),
        perFrame(w.main.layoutMs + w.main.styleMs, w),
        ms(w.main.scriptMs / w.seconds),
        String(w.rafCallbacks),
      ]),
    });
    checks.push(
      check(
        BUDGETS.orbitFps,
        'orbiting, default scene',
        orbitAll.framesPerSecond,
        `median of ${orbitRounds} drags; p95 interval ${sig(quantile(orbitAll.intervals, 0.95))} ms`,
      ),
      check(
        BUDGETS.playJsPerFrame,
        'playing, default speed (4 steps/s)',
        jsPerFrame(playDefaults),
        `median of ${playRounds} windows (${rounds(playDefaults)} ms); ${playDefault.frames} frames in ${playDefault.seconds.toFixed(1)} s`,
      ),
      check(
        BUDGETS.playJsPerFrame,
        'playing, 60 steps/s',
        jsPerFrame(playFasts),
        playFast
          ? `median of ${playRounds} windows (${rounds(playFasts)} ms); ${playFast.frames} frames in ${playFast.seconds.toFixed(1)} s`
          : 'could not set the speed in the panel',
      ),
      check(
        BUDGETS.playJsPerFrame,
        'playing, 60 steps/s, inspector on',
        jsPerFrame(playInspect),
        playInspected
          ? `median of ${playRounds} windows (${rounds(playInspect)} ms); ${playInspected.frames} frames in ${playInspected.seconds.toFixed(1)} s`
          : 'could not open the inspector or set the speed',
      ),
      check(BUDGETS.idleFrames, idleAfterLoad.label, idleAfterLoad.frames),
      check(BUDGETS.idleFrames, idleAfter.label, idleAfter.frames),
    );
    tables.push({
      title: 'Big surface: resolution 128 → 512 (513² samples) on the default scene, one pane',
      columns: ['', 'progress shown', 'main-thread JS', 'main-thread tasks', 'longest task', 'frames'],
      rows: [
        [
          bigSurface.label,
          resolutionSet ? (watched.seen[0] ?? 'never') : 'could not set the resolution',
          ms(bigSurface.main.scriptMs),
          ms(bigSurface.main.taskMs),
          ms(Math.max(0, ...watched.longTasks)),
          String(bigSurface.frames),
        ],
      ],
    });
    // 4. Maps: a basin map computed by the page's workers (bench/page-maps.ts).
    const maps = await benchPageMaps(browser, url, quick, log);
    tables.push(...maps.tables);
    checks.push(...maps.checks);
    notes.push(...maps.notes);
    notes.push(
      `vite build took ${buildSeconds.toFixed(1)} s. Page numbers are a snapshot of the page as built now.`,
      "Big surface: the worker samples f and builds the meshes; the main thread only uploads them to WebGL and draws. 'main-thread JS' is the CDP ScriptDuration delta over the switch; 'main-thread tasks' and 'longest task' (PerformanceObserver long tasks) also count the time the main thread waits while SwiftShader draws 2 × 512² triangles in software, which a GPU does in about a millisecond.",
      "JS / frame = CDP ScriptDuration delta ÷ frames rendered in the window (all main-thread JavaScript, including input handlers and the playback clock's ticks between renders); 'render callback' = main-thread ms of the requestAnimationFrame callback that rendered (JavaScript only: SwiftShader rasterizes in the GPU process, outside these numbers).",
      'frames/s = frames rendered (descent.frames) ÷ window length; intervals are between the frame times of consecutive rendered frames. The page renders on demand: at 4 steps/s it renders when a step is due, so long intervals there are by design, not slowness.',
      "first frame = in-page performance.now() (origin: the navigation) right after the animation-frame callback in which descent.frames first became > 0; 'next animation frame' is when the following frame began (the first one committed); first contentful paint is Chrome's paint timing (presentation), for comparison.",
    );
    if (errors.length > 0) notes.push(`The page reported ${errors.length} error(s), first: ${errors[0]}`);
    return finish({
      url,
      buildSeconds,
      bytes,
      loads,
      windows,
      orbits,
      memory,
      bigSurface,
      watched,
      errors,
      maps: maps.data,
    });
  } catch (error) {
    const reason = `page benchmark failed: ${(error as Error).message.split('\n')[0]}`;
    notes.push(reason);
    reportBytes(null);
    const measured = new Set(checks.map((c) => c.subject));
    checks.push(...skipAll(reason).filter((c) => !measured.has(c.subject)));
    return finish({ error: reason });
  } finally {
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
