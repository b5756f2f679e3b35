/**
 * The charts and the results table in a real browser, as components: a small
 * harness (the components, the state, the derived runs) is bundled with Vite in memory and loaded
 * into a blank page. Checks what Node cannot: uPlot draws, the playback marker moves without a
 * rebuild, the legend follows the playback step, the log-scale fallback, sorting by header clicks,
 * and disposal.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Actions from '../../src/app/actions.ts';
import type { AppState } from '../../src/app/state.ts';
import type { Charts } from '../../src/ui/charts.ts';
import type { ResultsTable } from '../../src/ui/results.ts';
import { launchBrowser, pixelStats, screenshot } from './browser.ts';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const ENTRY = 'virtual:compare-harness';

/** What the harness puts on `window.h`. */
interface Harness {
  A: typeof Actions;
  state: AppState;
  charts: Charts;
  results: ResultsTable;
  /** Applies an action to the state, then updates the derived runs, the charts and the table. */
  apply: (action: (s: AppState) => AppState) => void;
  formatNumber: (v: number) => string;
}
type HarnessWindow = { h: Harness };

const HARNESS = `
import '${src}ui/styles.css';
import * as A from '${src}app/actions.ts';
import { defaultState } from '${src}app/defaults.ts';
import { Derived } from '${src}app/derived.ts';
import { getFunctionPreset } from '${src}core/functions/presets.ts';
import { Charts } from '${src}ui/charts.ts';
import { ResultsTable } from '${src}ui/results.ts';
import { formatNumber } from '${src}ui/readout.ts';

const derived = new Derived();
const h = {
  A,
  formatNumber,
  state: defaultState(),
  charts: new Charts(document.getElementById('charts-host')),
  results: new ResultsTable(document.getElementById('results-host')),
  apply(action) {
    h.state = action(h.state);
    derived.update(h.state);
    h.charts.update(h.state, derived);
    h.results.update(h.state, derived, getFunctionPreset(h.state.fn.preset ?? '')?.critical ?? []);
  },
};
h.charts.resize(900);
h.apply((s) => s);
window.h = h;
`;

/** The harness as one ES module and one style sheet. */
async function bundle(): Promise<{ js: string; css: string }> {
  const virtual: Plugin = {
    name: 'compare-harness',
    enforce: 'pre',
    // Library mode resolves the entry against the root first: match the name at the end.
    resolveId: (id) => (id.endsWith(ENTRY) ? `\0${ENTRY}` : null),
    load: (id) => (id === `\0${ENTRY}` ? HARNESS : null),
  };
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [virtual],
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      cssCodeSplit: false,
      lib: { entry: ENTRY, formats: ['es'], fileName: 'harness' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  let js = '';
  let css = '';
  for (const o of outputs) {
    if (o.type === 'chunk') js += o.code;
    else if (o.fileName.endsWith('.css')) css += String(o.source);
  }
  return { js, css };
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const { js, css } = await bundle();
  browser = await launchBrowser({ webgl: false });
  context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  page = await context.newPage();
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console.error: ${msg.text()}`));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.setContent(
    '<!doctype html><html><head><style></style></head><body style="overflow:auto">' +
      '<div id="charts-host" style="width:900px"></div><div id="results-host"></div></body></html>',
  );
  await page.addStyleTag({ content: css });
  await page.addScriptTag({ type: 'module', content: js });
  await page.waitForFunction(() => 'h' in window);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Legend cells of a chart's series (after the `step` row): [name, value] pairs. */
function legend(which: 'f' | 'grad'): Promise<[string, string][]> {
  return page.$$eval(`.chart-${which} .u-legend .u-series`, (rows) =>
    rows.map((r) => [
      r.querySelector('.u-label')?.textContent ?? '',
      r.querySelector('.u-value')?.textContent ?? '',
    ]),
  );
}

/** The marker's x offset in the plotting area, from its transform; null when hidden. */
function markerX(which: 'f' | 'grad'): Promise<number | null> {
  return page.$eval(`.chart-${which} .chart-step-marker`, (el) => {
    const m = /translateX\(([-\d.e]+)px\)/.exec((el as HTMLElement).style.transform);
    return (el as HTMLElement).hidden || !m ? null : Number(m[1]);
  });
}

/** Tags the current uPlot roots, so a later check can tell a rebuild from an in-place update. */
function tagRoots(tag: string): Promise<void> {
  return page.$$eval(
    '.chart .uplot',
    (roots, t) => {
      for (const r of roots) (r as HTMLElement).dataset.tag = t;
    },
    tag,
  );
}
const rootTags = () =>
  page.$$eval('.chart .uplot', (roots) => roots.map((r) => (r as HTMLElement).dataset.tag ?? ''));

describe('charts', () => {
  it('draw two uPlot charts with one coloured line per optimizer, titled with their scale', async () => {
    expect(await page.$$eval('.chart .uplot', (r) => r.length)).toBe(2);
    expect(await page.$$eval('.chart-title', (t) => t.map((e) => e.textContent))).toEqual([
      'f(x, y) by step (log scale)',
      '|∇f| by step (log scale)',
    ]);
    expect((await legend('f')).map(([name]) => name)).toEqual(['step', 'SGD', 'Momentum', 'Adagrad', 'Adam']);
    const box = (await page.locator('.chart-f .u-over').boundingBox())!;
    const png = await screenshot(page, 'compare-charts');
    const stats = await pixelStats(page, png, {
      x: Math.round(box.x),
      y: Math.round(box.y),
      width: Math.round(box.width),
      height: Math.round(box.height),
    });
    // Four coloured lines over a white plot: several colours, a few percent of the pixels.
    expect(stats.distinctColours).toBeGreaterThan(8);
    expect(stats.nonBackgroundFraction).toBeGreaterThan(0.005);
  });

  it('the marker moves with the playback step, without rebuilding the charts', async () => {
    await tagRoots('first');
    const end = await markerX('f');
    const width = await page.$eval('.chart-f .u-over', (el) => el.clientWidth);
    expect(end).toBeCloseTo(width, 0); // step 30 of 0…30: the right edge
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.seek(s, 10));
    });
    expect(await markerX('f')).toBeCloseTo((width * 10) / 30, 0);
    expect(await markerX('grad')).toBeCloseTo((width * 10) / 30, 0);
    expect(await rootTags()).toEqual(['first', 'first']);
  });

  it('away from the plot the legend shows the values at the playback step', async () => {
    // SGD lr 0.95: f₁₀ = 2.45·0.819025¹⁰ + 4·0.81¹⁰.
    const f10 = await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      return h.formatNumber(2.45 * 0.819025 ** 10 + 4 * 0.81 ** 10);
    });
    await expect.poll(async () => (await legend('f'))[1]).toEqual(['SGD', f10]);
    expect((await legend('f'))[0]).toEqual(['step', '10']);
  });

  it('hovering shows the values under the cursor in both charts, and leaving restores the step', async () => {
    const box = (await page.locator('.chart-f .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * (20 / 30), box.y + box.height / 2);
    await expect.poll(async () => (await legend('f'))[0]).toEqual(['step', '20']);
    await expect.poll(async () => (await legend('grad'))[0]).toEqual(['step', '20']); // synced cursor
    await page.mouse.move(0, 0);
    await expect.poll(async () => (await legend('f'))[0]).toEqual(['step', '10']);
  });

  it('new runs update the data in place; a new series set rebuilds', async () => {
    await tagRoots('before');
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setOptimizerParam(s, 1, 'lr', 0.5));
    });
    expect(await rootTags()).toEqual(['before', 'before']);
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setOptimizerVisible(s, 2, false));
    });
    expect(await rootTags()).toEqual(['', '']);
    expect((await legend('grad')).map(([name]) => name)).toEqual(['step', 'SGD', 'Adagrad', 'Adam']);
  });

  it('f < 0 (Styblinski–Tang) falls back to a linear f axis and says so; |∇f| stays log', async () => {
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setPreset(s, 'styblinski-tang'));
    });
    const [fTitle, gradTitle] = await page.$$eval('.chart-title', (t) => t.map((e) => e.textContent));
    expect(fTitle).toBe('f(x, y) by step (linear scale: f < 0 has no log)');
    // |∇f| stays log. A run diverges here while the others settle near a minimum: more than
    // `LOG_DECADES` decades, so the axis spans the top ones only and says where it starts (#10:
    // "the log-scale charts clamp their range to what can be drawn and say so").
    expect(gradTitle).toMatch(/^\|∇f\| by step \(log scale from \S+\)$/);
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setView(s, { chartScale: 'linear' }));
    });
    expect(await page.$$eval('.chart-title', (t) => t.map((e) => e.textContent))).toEqual([
      'f(x, y) by step (linear scale)',
      '|∇f| by step (linear scale)',
    ]);
    expect(errors).toEqual([]);
  });

  it('a diverged run ends where its trajectory ends: no value after its last row', async () => {
    // SGD lr 1.1 on the book quadratic leaves the bound at step 85 (see tests/ui/charts.test.ts).
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) =>
        h.A.seek(h.A.setSteps(h.A.setOptimizerParam(h.A.setPreset(s, 'book'), 1, 'lr', 1.1), 100), 90),
      );
    });
    await expect.poll(async () => (await legend('f'))[1]).toEqual(['SGD', '—']);
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.seek(s, 84));
    });
    await expect.poll(async () => (await legend('f'))[1]?.[1]).not.toBe('—');
    await screenshot(page, 'compare-diverged');
    expect(await page.$$eval('#results tbody td.status', (tds) => tds[0]?.textContent)).toBe(
      'diverged at 85',
    );
  });

  it('playback-rate updates are cheap', async () => {
    const ms = await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setSteps(h.A.setPreset(s, 'book'), 2000));
      const t0 = performance.now();
      for (let k = 0; k < 600; k++) h.apply((s) => h.A.seek(s, k));
      return (performance.now() - t0) / 600;
    });
    console.log(`compare-components: ${ms.toFixed(3)} ms per playback update (Derived + charts + table)`);
    expect(ms).toBeLessThan(4);
  });
});

describe('results table', () => {
  const names = () => page.$$eval('#results tbody td.name', (tds) => tds.map((td) => td.textContent));
  const ariaSorts = () =>
    page.$$eval('#results th[aria-sort]', (ths) => ths.map((th) => th.getAttribute('aria-sort')));

  it('one row per optimizer; header clicks sort ascending, then descending, with aria-sort', async () => {
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setSteps(h.A.setOptimizerVisible(s, 2, true), 30));
    });
    expect(await names()).toEqual(['SGD', 'Momentum', 'Adagrad', 'Adam']);
    expect(await ariaSorts()).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
    await page.getByRole('button', { name: 'optimizer' }).click();
    expect(await names()).toEqual(['Adagrad', 'Adam', 'Momentum', 'SGD']);
    expect(await ariaSorts()).toEqual(['ascending', 'none', 'none', 'none', 'none', 'none']);
    await page.getByRole('button', { name: 'optimizer' }).click();
    expect(await names()).toEqual(['SGD', 'Momentum', 'Adam', 'Adagrad']);
    expect(await ariaSorts()).toEqual(['descending', 'none', 'none', 'none', 'none', 'none']);
    await page.getByRole('button', { name: 'final f' }).click();
    const finals = await page.$$eval('#results tbody td.finalF', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    const values = finals.map((t) => Number(t.replace('−', '-')));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(await page.getByRole('button', { name: 'reached at' }).getAttribute('title')).toMatch(
      /f − f_min ≤ 0\.001/,
    );
    await screenshot(page, 'compare-results', { fullPage: true });
  });

  it('playback does not rebuild the rows, even with a fresh empty minima list each update', async () => {
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.apply((s) => h.A.setExpression(s, 'x^2 + 3*y^2')); // a typed expression: minima = a new [] each time
    });
    await page.$eval('#results tbody tr', (tr) => {
      (tr as HTMLElement).dataset.tag = 'kept';
    });
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      for (let k = 0; k < 5; k++) h.apply((s) => h.A.seek(s, k));
    });
    expect(await page.$eval('#results tbody tr', (tr) => (tr as HTMLElement).dataset.tag)).toBe('kept');
    expect(await page.$$eval('#results tbody td.distance', (tds) => tds.map((td) => td.textContent))).toEqual(
      ['—', '—', '—', '—'],
    );
  });

  it('dispose removes both components, without errors', async () => {
    await page.evaluate(() => {
      const { h } = window as unknown as HarnessWindow;
      h.charts.dispose();
      h.results.dispose();
    });
    expect(await page.$$eval('.chart, #results, .uplot', (els) => els.length)).toBe(0);
    expect(errors).toEqual([]);
  });
});
