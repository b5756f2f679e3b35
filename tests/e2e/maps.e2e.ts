/**
 * Many runs at once in the page (issue 15): basins of attraction on Himmelblau with Adam, a
 * hyperparameter heatmap whose cell click loads its setting, and the fair tune's "compare at best".
 * Expected values come from the command line (`descent run`, `descent tune`, run here as processes)
 * and from Himmelblau's four minima as published (Himmelblau 1972), not from the page's own code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
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
});

describe('hyperparameter map', () => {
  it('clicking a cell loads its lr and momentum into the row', async () => {
    const { page, context, errors } = await openPage(browser, '/');
    await settled(page);
    await folder(page, /^Maps \(many runs\)$/);
    await folder(page, /^Hyperparameter map$/);
    await button(page, 'compute map').click();
    const canvas = page.locator('.maps-box canvas');
    await canvas.waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction(
      () => /runs in/.test(document.querySelectorAll('.maps-status')[1]?.textContent ?? ''),
      undefined,
      {
        timeout: 120_000,
      },
    );
    // The plot: 46 px from the left, 22 from the top, 244 × 184, 48 cells a side; cell (10, 20).
    const n = 48;
    await canvas.click({
      position: { x: 46 + ((10 + 0.5) * 244) / n, y: 22 + 184 - ((20 + 0.5) * 184) / n },
    });
    const row = (await state(page)).optimizers[0]!;
    expect(row.optimizer).toBe('sgd');
    expect(row.params.lr).toBe(spaced(1e-3, 3, n, 'log')[10]);
    expect(row.params.momentum).toBe(spaced(0, 0.99, n, 'linear')[20]);
    await screenshot(page, 'maps-sweep');
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
      () => (document.querySelectorAll('.maps-status')[2]?.textContent ?? '').split('\n').length >= 4,
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
