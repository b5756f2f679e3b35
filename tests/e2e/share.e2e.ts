/**
 * Share and reproduce: permalinks (round trip, hostile and truncated links), scene presets, and
 * exports (PNG, WebM, CSV, JSON, cases file) checked against the command line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import { diffFraction, launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';
import { button, control, folder, settled, state } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const path = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync(path) };
}

const SCENE = { x: 0, y: 60, width: 900, height: 480 };

describe('permalinks', () => {
  it('a link reproduces the scene: state, readouts and pixels', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    // The first visit's caption takes a row under the panes; the link opens without one: dismissed,
    // both pages' panes have the same size.
    await page.locator('#caption').getByRole('button', { name: 'Dismiss' }).click();
    await control(page, 'preset').locator('select').selectOption({ label: 'Himmelblau' });
    await button(page, '+ add optimizer').click();
    const lr = control(page, 'lr').last().locator('input');
    await lr.fill('0.02');
    await lr.press('Enter');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    const canvas = page.locator('#panes .pane canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 380, box.y + 230, { steps: 8 });
    await page.mouse.up();
    await settled(page);
    await page.waitForTimeout(400); // the hash is written a moment after the last change
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#v=2&p=himmelblau/);
    const original = await state(page);
    const shot = await screenshot(page, 'permalink-original', { clip: SCENE });
    const readout = await page.locator('#readout').textContent();

    const copy = await openPage(browser, `/${hash}`);
    await settled(copy.page);
    const reopened = await state(copy.page);
    expect(reopened).toEqual(original);
    expect(await copy.page.locator('#readout').textContent()).toBe(readout);
    expect(
      await diffFraction(copy.page, shot, await screenshot(copy.page, 'permalink-reopened', { clip: SCENE })),
    ).toBeLessThan(0.002);
    expect(await copy.page.locator('#toast').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    expect(copy.errors).toEqual([]);
    await context.close();
    await copy.context.close();
  });

  it('a hostile link opens, runs nothing, injects nothing and says what it ignored', async () => {
    const hostile = [
      'v=1',
      `f=${encodeURIComponent("constructor.constructor('window.__pwned=1')()")}`,
      `o=adam,lr=0.1,color=${encodeURIComponent('<img src=x onerror=window.__pwned=2>')}`,
      `o=${encodeURIComponent('<script>window.__pwned=3</script>')}`,
      'steps=1e999',
      '__proto__=1',
      `start=${encodeURIComponent('1);window.__pwned=4;(')}`,
    ].join('&');
    const { page, context, errors } = await openPage(browser, `/#${hostile}`);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await settled(page);
    const toast = page.locator('#toast');
    await expect.poll(() => toast.isVisible()).toBe(true);
    const text = (await toast.textContent()) ?? '';
    expect(text).toMatch(/could not be used/);
    expect(text).toMatch(/f: .*ignored/);
    expect(text).toMatch(/color/);
    expect(text).toMatch(/steps/);
    await screenshot(page, 'permalink-hostile');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script:not([type="module"])').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // It still shows a picture: the default function.
    const stats = await pixelStats(page, await screenshot(page, 'permalink-hostile-scene', { clip: SCENE }));
    expect(stats.distinctColours).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a truncated link still opens on a valid scene', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&p=rosenbrock&o=adam,lr=0.0');
    await settled(page);
    const s = (await state(page)) as unknown as { fn: { preset: string }; optimizers: unknown[] };
    expect(s.fn.preset).toBe('rosenbrock');
    expect(s.optimizers).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('scene presets', () => {
  it('every scene loads with a picture and no errors', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Scenes/);
    const select = control(page, 'scene').locator('select');
    const names = (await select.locator('option').allTextContents()).filter((n) => !n.startsWith('('));
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) {
      await select.selectOption({ label: name });
      await settled(page);
      const shot = await screenshot(page, `scene-${name.replace(/\W+/g, '-').toLowerCase()}`, {
        clip: SCENE,
      });
      expect((await pixelStats(page, shot)).distinctColours, name).toBeGreaterThan(500);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('exports', () => {
  it('CSV, JSON and the cases file agree with the command line', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await control(page, 'preset').locator('select').selectOption({ label: 'Rosenbrock' });
    await settled(page);
    await folder(page, /^Scenes/);
    const cases = await downloaded(page, () => button(page, 'cases file for descent run').click());
    const json = await downloaded(page, () => button(page, 'trajectories (JSON)').click());
    const csv = await downloaded(page, () => button(page, 'trajectories (CSV)').click());
    expect(cases.name).toBe('descent-rosenbrock-30-steps-cases.json');
    // Run the cases file through the command line, in this process.
    const dir = mkdtempSync(join(tmpdir(), 'descent-export-'));
    writeFileSync(join(dir, 'cases.json'), cases.bytes);
    let out = '';
    main(['run', join(dir, 'cases.json')], { write: (t: string) => (out += t) }, { write: () => undefined });
    // Same structure and the same numbers; the browser's V8 and Node's may differ in the last bit of
    // Math.pow (Adam's β^t), so numbers are compared to 1e-12 relative, not bit for bit.
    const results = JSON.parse(out).results as { id: string; trajectory: number[][] }[];
    const fromPage = JSON.parse(json.bytes.toString('utf8')).results as typeof results;
    const numbers = (v: unknown): number[] =>
      Array.isArray(v)
        ? v.flatMap(numbers)
        : typeof v === 'number'
          ? [v]
          : v && typeof v === 'object'
            ? Object.values(v).flatMap(numbers)
            : [];
    const shape = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' ? 0 : x));
    expect(shape(fromPage)).toBe(shape(results));
    const [a, b] = [numbers(fromPage), numbers(results)];
    expect(a.length).toBe(b.length);
    for (const [i, x] of a.entries()) {
      expect(Math.abs(x - b[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i])));
    }
    // The book's SGD diverges on Rosenbrock: the page and the command line stop at the same row.
    expect(results[0].trajectory.length).toBeLessThan(31);
    const rows = csv.bytes.toString('utf8').trim().split('\n');
    expect(rows[0]).toBe('id,optimizer,step,x,y,f,grad_norm');
    expect(rows.length - 1).toBe(results.reduce((n, r) => n + r.trajectory.length, 0));
    const [id, , step, x, y, f] = rows[1].split(',');
    expect([id, Number(step)]).toEqual([results[0].id, 0]);
    expect([Number(x), Number(y), Number(f)]).toEqual(results[0].trajectory[0]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('PNG at 1× and 2×, and a WebM video of the animation', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Scenes/);
    const png1 = await downloaded(page, () => button(page, 'image (PNG)').first().click());
    const png2 = await downloaded(page, () => button(page, 'image (PNG, 2×)').click());
    const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    const [w1, h1] = size(png1.bytes);
    expect(size(png2.bytes)).toEqual([2 * w1, 2 * h1]);
    expect((await pixelStats(page, png1.bytes)).distinctColours).toBeGreaterThan(1000);
    // Labels are painted into the image: it differs from the bare canvas's pixels.
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: /Speed/ }).selectOption('30');
    const video = await downloaded(page, () => button(page, 'video (WebM)').click());
    expect(video.name).toMatch(/\.webm$/);
    expect(video.bytes.length).toBeGreaterThan(5000);
    // WebM files start with the EBML magic number.
    expect(video.bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const s = await state(page);
    expect(s.playback).toMatchObject({ playing: false, step: 30 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('copy link puts the address of this scene on the clipboard', async () => {
    const { page, context, errors } = await openPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await settled(page);
    await control(page, 'preset').locator('select').selectOption({ label: 'Booth' });
    await settled(page);
    await folder(page, /^Scenes/);
    await button(page, 'copy link').click();
    await expect.poll(() => page.locator('#toast').textContent()).toMatch(/copied/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v=2&p=booth/);
    // The link opens the same scene in a fresh page.
    const fresh = await openPage(browser, `/${new URL(copied).hash}`);
    await settled(fresh.page);
    expect(await state(fresh.page)).toEqual(await state(page));
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await context.close();
    await fresh.context.close();
  });
});
