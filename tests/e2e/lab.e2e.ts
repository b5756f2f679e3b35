/**
 * The optimizer lab in the page: a StepLR added to Adam in the book scene (refused values say why and
 * are not applied; the lr timeline drops at step_size; the legend's lr at a step equals the hand
 * value), a noisy SGD row with K = 8 drawing 8 faint paths, schedule and noise in a permalink, and the
 * "PyTorch script" export (the same text as `descent torch` for the exported cases file).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import { launchBrowser, openPage, screenshot } from './browser.ts';
import { button, descent, folder, settled, state } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const path = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** The panel row of the optimizer named `name` (its folder), opened. */
async function openRow(page: Page, name: string) {
  const row = page.locator('#panel .optimizer-row', {
    has: page.locator(':scope > .lil-title', { hasText: new RegExp(`^${name} ·`) }),
  });
  const title = row.locator(':scope > .lil-title');
  if ((await title.getAttribute('aria-expanded')) !== 'true') await title.click();
  return row;
}

/** A controller of `scope` by its exact label. */
const field = (scope: ReturnType<Page['locator']>, label: string) =>
  scope.locator('.lil-controller', {
    has: scope.page().locator('.lil-name', { hasText: new RegExp(`^${label}$`) }),
  });

/** Types `value` into a text field and applies it (Enter). */
async function type(scope: ReturnType<Page['locator']>, label: string, value: string): Promise<void> {
  const input = field(scope, label).locator('input');
  await input.fill(value);
  await input.press('Enter');
}

describe('the lab in the page', () => {
  it('StepLR on Adam: checked arguments, the lr timeline drops at step_size, the legend lr is the hand value', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&charts=1');
    await settled(page);
    const adam = await openRow(page, 'Adam');
    await adam.locator('.lab-schedule > .lil-title').click();
    await field(adam, 'schedule').locator('select').selectOption('StepLR');
    // A refused value says why under its field and is not applied.
    await type(adam, 'step_size', '0');
    const stepSize = field(adam, 'step_size').locator('input');
    await expect.poll(() => stepSize.getAttribute('aria-invalid')).toBe('true');
    expect(await adam.locator('.field-error:not([hidden])').first().textContent()).toMatch(
      /step_size = 0 is not allowed/,
    );
    await type(adam, 'step_size', '10');
    await type(adam, 'gamma', '0.1');
    await settled(page);
    expect(await stepSize.getAttribute('aria-invalid')).toBeNull();
    const s = await state(page);
    const row = s.optimizers.find((e) => e.optimizer === 'adam')!;
    expect(row.schedule).toEqual({ name: 'StepLR', args: { step_size: 10, gamma: 0.1 } });
    const lr0 = row.params.lr as number;

    // The timeline: lr0 for updates 0–9, lr0·0.1 from update 10 (torch's StepLR: one multiplication).
    const words = await page.locator('.chart-lr .chart-words').textContent();
    expect(words).toMatch(/^Adam: lr \S+ for steps 0–9, \S+ for steps 10–/);
    expect(s.steps).toBeGreaterThan(10);

    // The legend's lr at steps 9 and 10 (set through the link's playback step): first wait for the
    // link to hold the typed schedule (it is written a moment after the last edit; gamma 0.1 is
    // torch's default, so the link leaves it out).
    await expect
      .poll(() => page.evaluate(() => decodeURIComponent(window.location.hash)))
      .toMatch(/"step_size":10\}/);
    const legendLr = page.locator('.legend-entry', { hasText: 'Adam' }).first().locator('.legend-lr');
    const atStep = async (k: number) => {
      await page.evaluate((step) => {
        const h = window.location.hash.replace(/&step=\d+/, '');
        window.location.hash = `${h}&step=${step}`;
      }, k);
      await settled(page);
      return (await legendLr.textContent())?.trim();
    };
    // By hand: formatParam of lr0 and of lr0·0.1 (4 significant digits, the legend's format).
    const shown = (v: number) => `lr ${String(Number(v.toPrecision(4))).replace(/-/g, '−')}`;
    expect(await atStep(9)).toBe(shown(lr0));
    expect(await atStep(10)).toBe(shown(lr0 * 0.1));
    await page.locator('.chart-lr').scrollIntoViewIfNeeded();
    await screenshot(page, 'lab-steplr');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a noisy SGD row with K = 8 draws 8 faint paths; schedule and noise survive the permalink', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1');
    await settled(page);
    const sgd = await openRow(page, 'SGD');
    await sgd.locator('.lab-noise > .lil-title').click();
    await type(sgd, 'σ', '0.5');
    await type(sgd, 'K seeds', '8');
    await settled(page);
    const row = (await state(page)).optimizers.find((e) => e.optimizer === 'sgd')!;
    expect(row.noise).toEqual({ sigma: 0.5, seed: 0, seeds: 8 });
    const faint = await descent(page, (d) =>
      (d as unknown as { faintPaths(): { spread: number }[] }).faintPaths(),
    );
    expect(faint[0].spread).toBe(8);
    // K out of range: refused, shown, not applied.
    await type(sgd, 'K seeds', '99');
    expect(await field(sgd, 'K seeds').locator('input').getAttribute('aria-invalid')).toBe('true');
    expect((await state(page)).optimizers.find((e) => e.optimizer === 'sgd')!.noise?.seeds).toBe(8);
    await screenshot(page, 'lab-noise-k8');

    // The link reopens the same rows.
    const before = await state(page);
    const link = await page.evaluate(() => window.location.hash);
    const other = await openPage(browser, `/${link}`);
    await settled(other.page);
    const after = await state(other.page);
    expect(after.optimizers.map((e) => e.noise)).toEqual(before.optimizers.map((e) => e.noise));
    expect(other.errors).toEqual([]);
    await other.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the PyTorch script export is descent torch of the exported cases file (torch StepLR)', async () => {
    const sched = encodeURIComponent('{"name":"StepLR","step_size":10}');
    const { page, context, errors } = await openPage(
      browser,
      `/#v=1&o=sgd,lr=0.1,noise=0.25,seed=3&o=adam,lr=0.1,sched=${sched}`,
    );
    await settled(page);
    await folder(page, /^Scenes/);
    const script = await downloaded(page, () => button(page, 'PyTorch script').click());
    const cases = await downloaded(page, () => button(page, 'cases file for descent run').click());
    expect(script.name).toMatch(/\.py$/);
    // torch.optim.lr_scheduler imported as S, the schedule built as S.StepLR(opt, step_size=10, ...).
    expect(script.text).toContain('from torch.optim import lr_scheduler as S');
    expect(script.text).toMatch(/S\.StepLR\(opt, step_size=10\b/);
    const dir = mkdtempSync(join(tmpdir(), 'descent-lab-'));
    writeFileSync(join(dir, 'cases.json'), cases.text);
    let out = '';
    main(
      ['torch', join(dir, 'cases.json')],
      { write: (t: string) => (out += t) },
      { write: () => undefined },
    );
    expect(script.text).toBe(out);
    expect(errors).toEqual([]);
    await context.close();
  });
});
