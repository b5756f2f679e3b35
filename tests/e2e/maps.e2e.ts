/**
 * Many runs at once in the page (issue 15): basins of attraction on Himmelblau with Adam, the
 * hyperparameter map pane (hover reads a cell, a click loads its setting), a row's "tune lr" with its
 * curve, and the fair tune's "compare at best".
 * Expected values come from the command line (`descent run`, `descent tune`, run here as processes)
 * and from Himmelblau's four minima as published (Himmelblau 1972), not from the page's own code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaced } from '../../src/core/batch/axes.ts';
import { getFunctionPreset } from '../../src/core/functions/presets.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { button, control, folder, settled, state } from './page.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `descent <command> <cases>` as a process; its JSON. */
function descentCli(command: string, cases: unknown): { results: Record<string, unknown>[] } {
  const dir = mkdtempSync(join(tmpdir(), 'maps-e2e-'));
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases));
  const out = execFileSync('node', ['--import', 'tsx', 'src/cli/bin.ts', command, file], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out);
}

/** Himmelblau's four minima (f = 0), as published. */
const HIMMELBLAU_MINIMA: readonly [number, number][] = [
  [3, 2],
  [-2.805118, 3.131312],
  [-3.77931, -3.283186],
  [3.584428, -1.848126],
];

interface MapsProbe {
  descent: {
    maps: {
      wanted: {
        finished: boolean;
        error: string | null;
        map: {
          n: number;
          cells: { x: Float64Array; y: Float64Array; status: Uint8Array; label: Int32Array };
        } | null;
      }[];
    };
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('basins of attraction', () => {
  it('Adam on Himmelblau: four labelled regions; a cell agrees with descent run of its start', async () => {
    const { page, context, errors } = await openPage(
      browser,
      '/#v=1&p=himmelblau&o=adam,lr=0.1&steps=200&kinds=2d',
    );
    await settled(page);
    await folder(page, /^Maps \(many runs\)$/);
    await control(page, 'starts a side').locator('select').selectOption('64');
    await control(page, 'basins').locator('input').check();
    await page.waitForFunction(
      () => {
        const w = (window as unknown as MapsProbe).descent.maps.wanted;
        return w.length === 1 && (w[0]!.finished || w[0]!.error !== null);
      },
      undefined,
      { timeout: 120_000 },
    );
    const i = 10;
    const j = 50;
    const probe = await page.evaluate(
      ([ci, cj]) => {
        const e = (window as unknown as MapsProbe).descent.maps.wanted[0]!;
        const m = e.map!;
        const labels = [...new Set(m.cells.label)].sort((a, b) => a - b);
        const c = ci! * m.n + cj!;
        return {
          error: e.error,
          n: m.n,
          labels,
          cell: { x: m.cells.x[c], y: m.cells.y[c], status: m.cells.status[c], label: m.cells.label[c] },
          status: document.querySelector('.maps-status')?.textContent ?? '',
        };
      },
      [i, j],
    );
    expect(probe.error).toBeNull();
    expect(probe.n).toBe(64);
    // The preset lists its minima in `critical`; the page's labels are indices into it.
    const critical = getFunctionPreset('himmelblau')!.critical;
    const indexOf = (p: readonly [number, number]) =>
      critical.findIndex((c) => Math.hypot(c.x - p[0], c.y - p[1]) < 1e-3);
    const expectedLabels = HIMMELBLAU_MINIMA.map(indexOf).sort((a, b) => a - b);
    expect(expectedLabels.every((k) => k >= 0)).toBe(true);
    // Four regions (−1 would be a start that reached none of them, if any).
    expect(probe.labels.filter((k) => k >= 0)).toEqual(expectedLabels);
    expect(probe.status).toMatch(/4 minima/);
    // The cell from (x[i], y[j]) is `descent run` from there.
    const x = spaced(-5, 5, 64, 'linear');
    const run = descentCli('run', [
      {
        id: 'cell',
        f: 'himmelblau',
        optimizer: 'adam',
        params: { lr: 0.1 },
        start: [x[i], x[j]],
        steps: 200,
      },
    ]).results[0] as { trajectory: [number, number, number][] };
    const end = run.trajectory[run.trajectory.length - 1]!;
    // Equal up to the last bit: the page's V8 (Chromium) and the command line's (Node) may round a Math
    // function differently (seen: 1 ulp in y here). In Node the same cell (computeTask) equals descent run
    // bit for bit, as tests/core/batch/engine.test.ts checks for the engine.
    expect(Math.abs(probe.cell.x! - end[0])).toBeLessThan(1e-12);
    expect(Math.abs(probe.cell.y! - end[1])).toBeLessThan(1e-12);
    const reached = HIMMELBLAU_MINIMA.findIndex((m) => Math.hypot(m[0] - end[0], m[1] - end[1]) < 0.1);
    expect(reached).toBeGreaterThanOrEqual(0);
    expect(probe.cell.label).toBe(indexOf(HIMMELBLAU_MINIMA[reached]!));
    await screenshot(page, 'maps-basins');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('while a map computes a software renderer draws at low resolution; the finished map at full', async () => {
    const { page, context, errors } = await openPage(
      browser,
      '/#v=2&p=himmelblau&o=adam,lr=0.05&steps=500&kinds=2d',
    );
    await settled(page);
    const full = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('.viewport canvas')!;
      return { width: c.width, css: Math.round(c.clientWidth * devicePixelRatio) };
    });
    // Chromium here draws with SwiftShader: full detail when idle.
    expect(full.width).toBe(full.css);
    // Every animation frame while the map computes: the canvas's width.
    await page.evaluate(() => {
      const w = window as unknown as {
        descent: { maps: { current: unknown; setBasins(p: object): void } };
        __widths: number[];
      };
      w.__widths = [];
      const c = document.querySelector<HTMLCanvasElement>('.viewport canvas')!;
      const poll = () => {
        if (w.descent.maps.current !== null) w.__widths.push(c.width);
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
      w.descent.maps.setBasins({ on: true, n: 256 });
    });
    await page.waitForFunction(
      () => {
        const w = (window as unknown as MapsProbe).descent.maps.wanted;
        return w.length === 1 && (w[0]!.finished || w[0]!.error !== null);
      },
      undefined,
      { timeout: 120_000 },
    );
    await settled(page);
    const after = await page.evaluate(() => ({
      widths: (window as unknown as { __widths: number[] }).__widths,
      width: document.querySelector<HTMLCanvasElement>('.viewport canvas')!.width,
    }));
    // Low detail draws 0.6 of the resolution per side (View's LOW_RESOLUTION).
    expect(Math.min(...after.widths)).toBe(Math.floor(full.css * 0.6));
    expect(after.width).toBe(full.css);
    await screenshot(page, 'maps-basins-finished');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("a hub update that changes no layer's drawing draws no frame; hiding the drape draws one", async () => {
    const { page, context, errors } = await openPage(
      browser,
      '/#v=2&p=himmelblau&o=adam,lr=0.1&steps=100&kinds=2d',
    );
    await settled(page);
    type Hub = { setBasins(p: { on?: boolean; n?: number }): void };
    const setBasins = (patch: { on?: boolean; n?: number }) =>
      page.evaluate(
        (p) => (window as unknown as { descent: { maps: Hub } }).descent.maps.setBasins(p),
        patch,
      );
    await setBasins({ on: true, n: 64 });
    await page.waitForFunction(
      () => {
        const w = (window as unknown as MapsProbe).descent.maps.wanted;
        return w.length === 1 && (w[0]!.finished || w[0]!.error !== null);
      },
      undefined,
      { timeout: 120_000 },
    );
    await settled(page);
    const frames = () =>
      page.evaluate(() => (window as unknown as { descent: { frames: number } }).descent.frames);
    const before = await frames();
    // Five notifications of the hub's listeners (the panes update) with nothing new to draw.
    for (let k = 0; k < 5; k++) {
      await setBasins({});
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(300);
    expect(await frames()).toBe(before);
    // Basins off: the drape hides, which is drawn.
    await setBasins({ on: false });
    await page.waitForTimeout(400);
    expect(await frames()).toBeGreaterThan(before);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});

/** The first pane's plotted box on the page (its four corners, client pixels). */
const firstPlotBox = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { descent: { plotBoxes(): [number, number][][] } }).descent.plotBoxes()[0]!,
  );

/** `descent run`'s final f of the book's function from its start (30 steps) with these SGD params. */
function bookFinalF(optimizer: string, params: Record<string, unknown>): number {
  const run = descentCli('run', [{ id: 'r', f: 'book', optimizer, params, start: [-7, 2], steps: 30 }])
    .results[0] as { trajectory: [number, number, number][] };
  return run.trajectory[run.trajectory.length - 1]![2];
}

describe('hyperparameter map pane', () => {
  it('is a pane kind: hovering a cell reads its final f, clicking loads its lr and momentum', async () => {
    const { page, context, errors } = await openPage(browser, '/');
    await settled(page);
    await folder(page, /^Layout & compare$/);
    await control(page, 'pane 1').locator('select').selectOption({ label: 'hyperparameter map' });
    const map = page.getByRole('img', { name: /^Hyperparameter map: 1\. SGD: final f over lr × momentum/ });
    await map.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => map.getAttribute('aria-label'), { timeout: 120_000 }).toMatch(/2304 runs from/);
    // The default sweep: lr 1e-3 … 3 (log) × momentum 0 … 0.99 (linear), 48 cells a side.
    const n = 48;
    const lr = spaced(1e-3, 3, n, 'log')[10]!;
    const momentum = spaced(0, 0.99, n, 'linear')[20]!;
    const box = await firstPlotBox(page);
    const [x0, y0] = box[0]!;
    const [x1, y1] = box[2]!;
    const at = { x: x0 + ((10 + 0.5) * (x1 - x0)) / n, y: y1 - ((20 + 0.5) * (y1 - y0)) / n };
    await page.mouse.move(at.x, at.y);
    const readout = page.locator('.sweep-readout');
    await readout.waitFor({ state: 'visible' });
    const text = (await readout.textContent()) ?? '';
    // The readout names the cell's setting and its final f to four significant digits: descent run's.
    const four = (v: number) => String(Number(v.toPrecision(4)));
    expect(text).toContain(`lr ${four(lr)}, momentum ${four(momentum)}: final f `);
    const f = bookFinalF('sgd', { lr, momentum });
    const shown = Number(/final f ([^ ]+)/.exec(text)![1]!.replace('−', '-'));
    expect(shown).toBe(Number(f.toPrecision(4)));
    await screenshot(page, 'maps-sweep-pane');
    await page.mouse.click(at.x, at.y);
    const row = (await state(page)).optimizers[0]!;
    expect(row.optimizer).toBe('sgd');
    expect(row.params.lr).toBe(lr);
    expect(row.params.momentum).toBe(momentum);
    // The link keeps the pane's kind.
    expect(page.url()).toMatch(/kinds=sweep/);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('tune on an optimizer row', () => {
  it("SGD on the book's function: the tuned lr's final f is no worse than lr 0.95's; the curve is drawn", async () => {
    const { page, context, errors } = await openPage(browser, '/');
    await settled(page);
    const before = await state(page);
    const sgd = before.optimizers[0]!;
    expect(sgd.optimizer).toBe('sgd');
    // The Optimizers folder is open on the first screen; the row opens.
    const row = page.locator(`#panel .optimizer-row[data-optimizer-key="${sgd.key}"]`);
    await row.locator('.lil-title').first().click();
    await row.locator('button', { hasText: 'tune lr' }).click();
    const status = row.locator('.tune-row [role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^best lr/);
    const curve = row.getByRole('img', { name: /^Tuning curve: final f against lr/ });
    await curve.waitFor({ state: 'visible' });
    // Drawn: the curve's blue line and the best rate's orange ring are on the canvas.
    const colours = await curve.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let blue = 0;
      let orange = 0;
      for (let k = 0; k < data.length; k += 4) {
        if (data[k]! < 80 && data[k + 1]! > 90 && data[k + 1]! < 130 && data[k + 2]! > 190) blue++;
        if (data[k]! > 200 && data[k + 1]! > 140 && data[k + 1]! < 175 && data[k + 2]! < 40) orange++;
      }
      return { blue, orange };
    });
    expect(colours.blue).toBeGreaterThan(20);
    expect(colours.orange).toBeGreaterThan(5);
    await screenshot(page, 'maps-tune-row');
    await row.getByRole('button', { name: 'apply best lr' }).click();
    const tunedLr = (await state(page)).optimizers[0]!.params.lr as number;
    expect(tunedLr).not.toBe(sgd.params.lr);
    // descent tune finds the same rate; descent run says it ends no higher than the untuned one.
    const tuned = descentCli('tune', [
      { id: 't', f: 'book', optimizer: 'sgd', params: sgd.params, start: [-7, 2], steps: 30, tune: {} },
    ]).results[0] as { best: { lr: number } };
    expect(tunedLr).toBe(tuned.best.lr);
    expect(bookFinalF('sgd', { ...sgd.params, lr: tunedLr })).toBeLessThanOrEqual(
      bookFinalF('sgd', sgd.params),
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('fair tune', () => {
  it("compare at best sets every row's lr to descent tune's best", async () => {
    const { page, context, errors } = await openPage(browser, '/');
    await settled(page);
    const before = await state(page);
    await folder(page, /^Maps \(many runs\)$/);
    await folder(page, /^Fair tune$/);
    await button(page, 'compare at best').click();
    await page.waitForFunction(
      () => (document.querySelectorAll('.maps-status')[1]?.textContent ?? '').split('\n').length >= 4,
      undefined,
      { timeout: 120_000 },
    );
    const after = await state(page);
    const cases = before.optimizers.map((e, k) => ({
      id: String(k),
      f: before.fn.preset,
      optimizer: e.optimizer,
      params: e.params,
      start: before.start,
      steps: before.steps,
      tune: {},
    }));
    const tuned = descentCli('tune', cases).results as { best: { lr: number } | null }[];
    expect(after.optimizers.map((e) => e.params.lr)).toEqual(
      tuned.map((t, k) => t.best?.lr ?? before.optimizers[k]!.params.lr),
    );
    expect(after.optimizers.some((e, k) => e.params.lr !== before.optimizers[k]!.params.lr)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
