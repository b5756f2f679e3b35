/**
 * Page section, maps (issue 15): a basin map of 256² starts × 500 Adam steps on Himmelblau computed in
 * the built page — the Maps hub (`window.descent.maps`), its BatchPool of Web Workers (one per core) and
 * the basin layer painting each answer into its texture — with the budgets of `BATCH_BUDGETS` (the same
 * numbers the batch section measures in Node's worker_threads, side by side in one run):
 *
 * - whole map ≤ 2.5 s wall, first coarse 64² picture ≤ 150 ms (the hub's own clock: submit → the last
 *   coarse task written, submit → every cell written);
 * - the main thread's longest task meanwhile ≤ 50 ms (PerformanceObserver "longtask" entries, ≥ 50 ms by
 *   definition; none at all is reported as 0), checked from submit until the map's full-detail frame after
 *   it is done; the longest task while it computes (one starting before the hub's last cell) beside.
 *
 * The workers start and warm up on a first, small map (as the page keeps its pool between maps); their
 * cold start is reported beside. The machine's load average is reported with the numbers (2 shared cores).
 */
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { REFINE_REPAINT_MS } from '../src/app/maps.ts';
import { BATCH_BUDGETS } from './batch.ts';
import { type Check, check, ms, type Table } from './report.ts';
import { median } from './stats.ts';

interface MapsWindow {
  descent: {
    maps: {
      setBasins(p: { on?: boolean; n?: number }): void;
      wanted: { finished: boolean; error: string | null; coarseMs: number | null; totalMs: number | null }[];
    };
  };
  /** [start, duration] of each long task (ms, the page's clock). */
  __longTasks: [number, number][];
  /** When the map was submitted (the page's clock). */
  __submitted: number;
  __raf: number[];
  __msg: number[];
}

/**
 * Runs in the page before its scripts: times every animation-frame callback (the basin layer's paint and
 * the panes' redraw run there) and every Web Worker message handler (the pool writing cells), so that
 * the page's own JavaScript can be told apart from the other long tasks (the main thread waiting for
 * software WebGL, starved of the cores the workers use).
 */
function instrument(): void {
  const w = window as unknown as MapsWindow;
  w.__raf = [];
  w.__msg = [];
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) =>
    raf((t) => {
      const s = performance.now();
      cb(t);
      w.__raf.push(performance.now() - s);
    });
  const Base = window.Worker;
  window.Worker = class extends Base {
    override set onmessage(f: ((e: MessageEvent) => void) | null) {
      super.onmessage = f
        ? (e: MessageEvent) => {
            const s = performance.now();
            f(e);
            w.__msg.push(performance.now() - s);
          }
        : null;
    }
    override get onmessage(): ((e: MessageEvent) => void) | null {
      return super.onmessage;
    }
  } as typeof Worker;
}

export interface PageMapsResult {
  readonly tables: Table[];
  readonly checks: Check[];
  readonly notes: string[];
  readonly data: unknown;
}

/** Himmelblau, Adam (lr 0.05, as bench/batch.ts), 500 steps, one 2-D pane. */
const HASH = '#v=1&p=himmelblau&o=adam,lr=0.05&steps=500&kinds=2d';

export async function benchPageMaps(
  browser: Browser,
  url: string,
  quick: boolean,
  log: (m: string) => void,
): Promise<PageMapsResult> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    reducedMotion: 'reduce',
  });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}${HASH}`, { waitUntil: 'load' });
    await page.waitForFunction(() => 'descent' in window, undefined, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    const map = async (n: number) => {
      await page.evaluate((side) => {
        const w = window as unknown as MapsWindow;
        w.descent.maps.setBasins({ on: false });
        w.__longTasks = [];
        w.__raf = [];
        w.__msg = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask' });
        w.__submitted = performance.now();
        w.descent.maps.setBasins({ on: true, n: side });
      }, n);
      await page.waitForFunction(
        () => {
          const w = (window as unknown as MapsWindow).descent.maps.wanted;
          return w.length > 0 && w.every((e) => e.finished || e.error !== null);
        },
        undefined,
        { timeout: 300_000, polling: 50 },
      );
      // The full-detail frame drawn once the map is done (a slow renderer drew low detail meanwhile).
      await page.waitForTimeout(300);
      return page.evaluate(() => {
        const w = window as unknown as MapsWindow;
        const e = w.descent.maps.wanted[0]!;
        const end = w.__submitted + (e.totalMs ?? Number.POSITIVE_INFINITY);
        return {
          coarseMs: e.coarseMs,
          totalMs: e.totalMs,
          error: e.error,
          longest: Math.max(0, ...w.__longTasks.map(([, d]) => d)),
          longestComputing: Math.max(0, ...w.__longTasks.filter(([s]) => s < end).map(([, d]) => d)),
          raf: Math.max(0, ...w.__raf),
          msg: Math.max(0, ...w.__msg),
        };
      });
    };
    const load0 = loadavg()[0]!;
    log('page: basin map, workers cold (64²)');
    const cold = await map(64);
    const runs: Awaited<ReturnType<typeof map>>[] = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      log(`page: basin map 256² × 500 Adam steps, round ${r + 1}`);
      runs.push(await map(256));
    }
    const load1 = loadavg()[0]!;
    const ok = runs.filter((r) => r.error === null && r.totalMs !== null);
    const coarse = ok.length ? median(ok.map((r) => r.coarseMs ?? Number.NaN)) : null;
    const total = ok.length ? median(ok.map((r) => r.totalMs!)) : null;
    const longest = ok.length ? Math.max(...ok.map((r) => r.longest)) : null;
    const longestComputing = ok.length ? Math.max(...ok.map((r) => r.longestComputing)) : null;
    const ownJs = ok.length ? Math.max(...ok.map((r) => Math.max(r.raf, r.msg))) : null;
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const load = `load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${cores} cores`;
    return {
      tables: [
        {
          title: `Basin map in the page: 256² starts × 500 Adam steps on Himmelblau, ${cores} Web Workers (median of ${ok.length})`,
          columns: [
            '',
            'workers cold (64²)',
            'coarse 64²',
            'whole map',
            'longest main-thread task',
            'of which while computing',
            'longest own JS (frame / message)',
            'machine',
          ],
          rows: [
            [
              'Maps hub + basin layer',
              cold.totalMs === null ? '—' : ms(cold.totalMs),
              coarse === null ? '—' : ms(coarse),
              total === null ? '—' : ms(total),
              longest === null ? '—' : ms(longest),
              longestComputing === null ? '—' : ms(longestComputing),
              ownJs === null ? '—' : ms(ownJs),
              load,
            ],
          ],
        },
      ],
      checks: [
        check(BATCH_BUDGETS.basinMap, `in the page, ${cores} Web Workers`, total, load),
        check(BATCH_BUDGETS.coarse, `in the page, ${cores} Web Workers`, coarse, load),
        check(
          BATCH_BUDGETS.longestTask,
          'in the page, while the map computes (submit → last cell written)',
          longestComputing,
          load,
        ),
      ],
      notes: [
        `Basin map in the page: timed by the Maps hub (submit → coarse pass written, → every cell written); the panes redraw once when the coarse picture is complete, then at most every ${REFINE_REPAINT_MS} ms while it refines (the pool held for that frame), and only when the basin layer painted something new; a slow renderer (SwiftShader here) draws those frames in low detail (coarse surface mesh, 0.6 resolution) and one full-detail frame when the map is done. ${load} (a shared machine: the wall times scale with the load).`,
        "Basin map: 'longest main-thread task' is PerformanceObserver's longest long task from submit until 300 ms after the map is done (it includes the one full-detail frame of the finished scene drawn then, the surface, trails and the map's drape at full resolution, which software WebGL takes 50–90 ms to draw here), 'of which while computing' those starting before the last cell was written (the budget: the issue's longest task 'meanwhile'); 'longest own JS' is the longest animation-frame callback (paint + redraw) or worker message handler (writing a task's cells) timed in the page. A long task far above its own JS is the main thread waiting for software WebGL (SwiftShader), which competes with the two workers for the two cores.",
        ...(errors.length ? [`The maps page reported: ${errors[0]}`] : []),
      ],
      data: { cold, runs, load0, load1, cores },
    };
  } finally {
    await context.close();
  }
}
