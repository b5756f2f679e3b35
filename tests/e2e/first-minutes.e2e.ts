/**
 * The first five minutes: the transport bar (named buttons, a scrub bar, visible without scrolling at
 * three sizes, touch-sized on a phone), the opening move (a first visit plays, reduced motion and
 * links stand still), the legend on each pane (click hides a trail, hover shows the rule), and scene
 * captions.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, pixelStats, screenshot } from './browser.ts';
import { descent, folder, settled } from './page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
] as const;

const TRANSPORT = ['Reset', 'Step back', 'Play', 'Step forward'] as const;

/** A rectangle lies inside the viewport: visible without scrolling. */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return (
      r.width > 0 &&
      r.height > 0 &&
      r.top >= 0 &&
      r.left >= 0 &&
      r.bottom <= innerHeight &&
      r.right <= innerWidth
    );
  });
}

describe('the transport bar', () => {
  for (const size of SIZES) {
    it(`is on screen without scrolling at ${size.width}×${size.height}, with named controls`, async () => {
      const phone = size.width < 500;
      const { page, context, errors } = await openPage(browser, '/', size, { touch: phone });
      await settled(page);
      for (const name of TRANSPORT) {
        const button = page.getByRole('button', { name, exact: true });
        expect(await button.count()).toBe(1);
        const box = (await button.boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(size.height);
        // Touch targets of at least 44 px on the phone.
        if (phone) expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
        // The icon is an inline SVG, not a font glyph.
        expect(await button.locator('svg path').count()).toBe(1);
        expect((await button.textContent())?.trim()).toBe('');
      }
      const scrub = page.getByRole('slider', { name: 'Step' });
      expect(await scrub.getAttribute('type')).toBe('range');
      expect(await inViewport(page, '#transport')).toBe(true);
      expect(await page.locator('#transport .transport-step').textContent()).toBe('step 30 / 30');
      await screenshot(page, `transport-${size.width}x${size.height}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('plays, pauses, steps, resets and scrubs; the counter and the state follow', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const step = () => descent(page, (d) => d.state.playback.step);
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await step()).toBe(0);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    expect(await step()).toBe(2);
    await page.getByRole('button', { name: 'Step back' }).click();
    expect(await step()).toBe(1);
    expect(await page.locator('#transport .transport-step').textContent()).toBe('step 1 / 30');
    await page.getByRole('slider', { name: 'Step' }).fill('17');
    expect(await step()).toBe(17);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await descent(page, (d) => d.state.playback.playing)).toBe(false);
    expect(await page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
    // The speed menu sets steps per second.
    await page.getByRole('combobox', { name: /Speed/ }).selectOption('30');
    expect(await descent(page, (d) => d.state.playback.speed)).toBe(30);
    // The table of numbers is folded away until asked for.
    expect(await page.locator('#readout').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'numbers' }).click();
    expect(await page.locator('#readout').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the opening move', () => {
  it('a first visit plays the book scene from step 0 through once, with its caption', async () => {
    const { page, context, errors } = await openPage(browser, '/', undefined, { motion: 'no-preference' });
    await page.waitForFunction(() => (window as unknown as { descent?: unknown }).descent !== undefined);
    // It is playing, short of the end (it started at 0: tests/app/opening.test.ts; on this slow
    // software renderer it may have taken several steps by now).
    expect(await descent(page, (d) => d.state.playback.playing)).toBe(true);
    expect(await descent(page, (d) => d.state.playback.step)).toBeLessThan(30);
    expect(await page.locator('#caption').isVisible()).toBe(true);
    // Once through, then it stops at the end.
    await expect
      .poll(() => descent(page, (d) => d.state.playback), { timeout: 30_000 })
      .toMatchObject({ step: 30, playing: false });
    // The caption is dismissible.
    await page.locator('#caption').getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.locator('#caption').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('with reduced motion a first visit opens on the last step, standing still', async () => {
    const { page, context, errors } = await openPage(browser, '/', undefined, { motion: 'reduce' });
    await settled(page);
    expect(await descent(page, (d) => d.state.playback)).toMatchObject({ step: 30, playing: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a permalink opens paused at its step and shows no caption', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&step=12', undefined, {
      motion: 'no-preference',
    });
    await settled(page);
    expect(await descent(page, (d) => d.state.playback)).toMatchObject({ step: 12, playing: false });
    expect(await page.locator('#caption').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the legend', () => {
  it('names each trail with its lr and status; a click hides and shows it; hover shows the rule', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const legend = page.locator('#panes .pane-label').first();
    expect(await legend.locator('.legend-name').allTextContents()).toEqual([
      'SGD',
      'Momentum',
      'Adagrad',
      'Adam',
    ]);
    const sgd = legend.locator('.legend-button').first();
    expect(await sgd.textContent()).toMatch(/^SGD lr 0\.95 {2}f 0\.0133 · still moving$/);
    expect(await legend.locator('.legend-step').textContent()).toBe('step 30 / 30');
    await sgd.hover();
    const detail = legend.locator('.legend-detail').first();
    await expect.poll(() => detail.isVisible()).toBe(true);
    expect(await detail.textContent()).toContain('p ← p − lr·g');
    // SGD lr 0.95 after 30 steps: x = −7·0.905^30 = −0.35040… (closed form).
    expect(await detail.textContent()).toContain('x −0.3504');
    await sgd.click();
    expect(await descent(page, (d) => d.state.optimizers[0].visible)).toBe(false);
    expect(await sgd.getAttribute('aria-pressed')).toBe('false');
    await sgd.click();
    expect(await descent(page, (d) => d.state.optimizers[0].visible)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a touch screen the first tap shows the rule, the second hides the trail', async () => {
    const { page, context, errors } = await openPage(
      browser,
      '/',
      { width: 390, height: 844 },
      { touch: true },
    );
    await settled(page);
    const legend = page.locator('#panes .pane-label').first();
    const adam = legend.locator('.legend-button').nth(3);
    await adam.tap();
    await expect.poll(() => legend.locator('.legend-detail').nth(3).isVisible()).toBe(true);
    expect(await legend.locator('.legend-detail').nth(3).textContent()).toContain('m ← β1·m');
    expect(await descent(page, (d) => d.state.optimizers[3].visible)).toBe(true);
    await adam.tap();
    expect(await descent(page, (d) => d.state.optimizers[3].visible)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('each of four panes has its own legend with the step', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await folder(page, /^Layout/);
    await page.locator('#panel button', { hasText: 'one optimizer per pane' }).click();
    await settled(page);
    const labels = page.locator('#panes .pane:not([hidden]) .pane-label');
    expect(await labels.count()).toBe(4);
    expect(await labels.locator('.legend-step').allTextContents()).toEqual(Array(4).fill('step 30 / 30'));
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('exports', () => {
  it('a single-pane PNG carries the legend with the step (painted as text and swatches)', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    await page.locator('#caption').getByRole('button', { name: 'Dismiss' }).click();
    await folder(page, /^Scenes/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#panel button', { hasText: 'image (PNG)' }).first().click(),
    ]);
    const png = readFileSync(await download.path());
    // Where the legend sits in the viewport, relative to the exported area (the viewport element).
    const [legend, area] = await Promise.all([
      page.locator('.pane-label').first().boundingBox(),
      page.locator('#viewport').boundingBox(),
    ]);
    const rect = {
      x: Math.round(legend!.x - area!.x),
      y: Math.round(legend!.y - area!.y),
      width: Math.round(legend!.width),
      height: Math.round(legend!.height),
    };
    // Without the legend that corner is the plain page background; with it, dark text and the four
    // trail swatches: a fair share of pixels far from the background, in many colours.
    const stats = await pixelStats(page, png, rect, 40);
    expect(stats.nonBackgroundFraction).toBeGreaterThan(0.05);
    expect(stats.distinctColours).toBeGreaterThan(50);
    // The same corner with the legend hidden from the export: next to nothing there.
    await page.addStyleTag({ content: '.pane-label { display: none !important; }' });
    const [bare] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#panel button', { hasText: 'image (PNG)' }).first().click(),
    ]);
    const bareStats = await pixelStats(page, readFileSync(await bare.path()), rect, 40);
    expect(bareStats.nonBackgroundFraction).toBeLessThan(0.01);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('exports carry f(x, y)', () => {
  /** Clicks a panel button and waits for the file it offers. */
  const download = async (page: Page, label: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.locator('#panel button', { hasText: label }).first().click(),
    ]);
    return readFileSync(await file.path());
  };
  const caption = (page: Page) =>
    descent(page, (d) => (d as unknown as { exportCaption(): string[] }).exportCaption());
  /** A PNG's height in pixels (IHDR). */
  const height = (png: Buffer) => png.readUInt32BE(20);

  it('a caption band under the picture names the function: PNG with 1 and 4 panes, every WebM frame', async () => {
    const { page, context, errors } = await openPage(browser, '/#v=1&f=x^2%2B3*y^2&steps=12');
    await settled(page);
    await folder(page, /^Scenes/);
    const area = (await page.locator('#viewport').boundingBox())!;
    // A typed function: f alone. The band (one line) adds its height under the viewport's picture.
    const one = await download(page, 'image (PNG)');
    expect(await caption(page)).toEqual(['f(x, y) = x^2+3*y^2']);
    expect(height(one)).toBe(Math.round(area.height + 18 + 2 * 8));
    // The band is drawn: dark text on the page's background.
    const band = { x: 0, y: Math.round(area.height) + 2, width: 300, height: 30 };
    expect((await pixelStats(page, one, band, 40)).nonBackgroundFraction).toBeGreaterThan(0.02);
    // Four panes and a preset: the preset's name and formula.
    await page.evaluate(() => {
      window.location.hash = 'v=1&p=rosenbrock&panes=4&steps=12';
    });
    await settled(page);
    const four = await download(page, 'image (PNG)');
    expect(await caption(page)).toEqual(['Rosenbrock: f(x, y) = (1 - x)^2 + 100*(y - x^2)^2']);
    expect(height(four)).toBe(Math.round(area.height + 18 + 2 * 8));
    // The video composes every frame the same way.
    await page.evaluate(() => {
      window.location.hash = 'v=1&p=booth&steps=12';
    });
    await settled(page);
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: /Speed/ }).selectOption('30');
    const video = await download(page, 'video (WebM)');
    expect(video.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expect(await caption(page)).toEqual(['Booth: f(x, y) = (x + 2*y - 7)^2 + (2*x + y - 5)^2']);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('scene captions', () => {
  it('loading a scene shows its caption with its plain name; the close button dismisses it', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    // The first visit's own caption, then the scene's.
    expect(await page.locator('#caption').textContent()).toContain("The book's figure 6-8");
    await folder(page, /^Scenes/);
    await page
      .locator('#panel .lil-controller', { has: page.locator('.lil-name', { hasText: /^scene$/ }) })
      .locator('select')
      .selectOption({ label: 'Escaping a saddle' });
    await settled(page);
    const caption = page.locator('#caption');
    expect(await caption.isVisible()).toBe(true);
    expect(await caption.textContent()).toMatch(/^Escaping a saddle.*ridge of a saddle/);
    await screenshot(page, 'caption-saddle');
    await caption.getByRole('button', { name: 'Dismiss' }).click();
    expect(await caption.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the panel', () => {
  it('rows are compact and stay in order: a duplicate under its source, a retyped row in place', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const titles = () => page.locator('#panel .optimizer-row > .lil-title').allTextContents();
    expect(await titles()).toEqual([
      'SGD · lr 0.95',
      'Momentum · lr 0.1',
      'Adagrad · lr 1.5',
      'Adam · lr 0.3',
    ]);
    // Folded: the first screen shows the rows, not their parameters.
    expect(await page.locator('#panel .optimizer-row.lil-closed').count()).toBe(4);
    // Duplicate Momentum, then give the copy momentum 0.5: it sits right under its source, named apart.
    const momentum = page.locator('#panel .optimizer-row').nth(1);
    await momentum.locator('> .lil-title').click();
    await momentum.locator('button', { hasText: 'duplicate' }).click();
    await settled(page);
    expect((await titles())[2]).toBe('Momentum · lr 0.1');
    const copy = page.locator('#panel .optimizer-row').nth(2);
    const beta = copy.locator('.lil-controller', {
      has: page.locator('.lil-name', { hasText: /^momentum$/ }),
    });
    await beta.locator('input').last().fill('0.5');
    await beta.locator('input').last().press('Enter');
    await settled(page);
    expect(await titles()).toEqual([
      'SGD · lr 0.95',
      'Momentum β 0.9 · lr 0.1',
      'Momentum β 0.5 · lr 0.1',
      'Adagrad · lr 1.5',
      'Adam · lr 0.3',
    ]);
    // Changing the first row's type keeps it first (and open).
    const sgd = page.locator('#panel .optimizer-row').first();
    await sgd.locator('> .lil-title').click();
    await sgd
      .locator('.lil-controller', { has: page.locator('.lil-name', { hasText: /^type$/ }) })
      .locator('select')
      .selectOption({ label: 'RMSprop' });
    await settled(page);
    expect((await titles())[0]).toMatch(/^RMSprop · lr /);
    expect(
      await page
        .locator('#panel .optimizer-row')
        .first()
        .evaluate((el) => el.classList.contains('lil-closed')),
    ).toBe(false);
    await screenshot(page, 'panel-rows');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('typed functions', () => {
  it("a preset's formula gets its domain and colours; a function spanning decades gets log colours", async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const expression = page.locator('#expression');
    await expression.fill('(1 - x)^2 + 100*(y - x^2)^2');
    await expression.press('Enter');
    await expect.poll(() => descent(page, (d) => d.state.fn.preset)).toBe('rosenbrock');
    expect(await descent(page, (d) => d.state.fn.domain)).toEqual({ x: [-2, 2], y: [-1, 3] });
    expect(await descent(page, (d) => d.state.view.colorScale)).toBe('log');
    expect(await page.locator('#toast').textContent()).toContain('Rosenbrock');
    // Back to the book, then a function of its own whose values span four decades: exp(10) ≈ 22 026
    // at the right edge against values near 1 over most of the plot.
    await page.keyboard.press('Control+z');
    await expect.poll(() => descent(page, (d) => d.state.view.colorScale)).toBe('linear');
    await expression.fill('exp(x) + y^2/100');
    await expression.press('Enter');
    await expect.poll(() => descent(page, (d) => d.state.view.colorScale)).toBe('log');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('messages and undo', () => {
  /** The message tied to a field by aria-describedby, or null. */
  const describedBy = (input: ReturnType<Page['locator']>) =>
    input.evaluate((el) => {
      const id = el.getAttribute('aria-describedby');
      return id ? (document.getElementById(id)?.textContent ?? null) : null;
    });

  it('an invalid value is shown beside its field, marked invalid and not applied; Esc reverts', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    // lr −1 on the first row (rows start folded: open it).
    await page.locator('#panel .optimizer-row > .lil-title').first().click();
    const lr = page.locator('#panel .lil-controller', {
      has: page.locator('.lil-name', { hasText: /^lr$/ }),
    });
    const lrInput = lr.first().locator('input');
    await lrInput.fill('-1');
    await lrInput.press('Enter');
    expect(await lrInput.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(lrInput)).toBe('lr = -1 is out of range (lr ≥ 0)');
    expect(await descent(page, (d) => d.state.optimizers[0].params.lr)).toBe(0.95);
    await lrInput.fill('0.5');
    await lrInput.press('Enter');
    expect(await lrInput.getAttribute('aria-invalid')).toBeNull();
    expect(await descent(page, (d) => d.state.optimizers[0].params.lr)).toBe(0.5);
    // x min 20 with x max 10.
    const xmin = page
      .locator('#panel .lil-controller', { has: page.locator('.lil-name', { hasText: /^x min$/ }) })
      .locator('input');
    await xmin.fill('20');
    await xmin.press('Enter');
    expect(await xmin.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(xmin)).toBe('x min must be below x max (10)');
    expect(await descent(page, (d) => d.state.fn.domain.x)).toEqual([-10, 10]);
    // Esc reverts the unapplied edit and clears the message.
    await xmin.focus();
    await xmin.press('Escape');
    expect(await xmin.inputValue()).toBe('-10');
    expect(await xmin.getAttribute('aria-invalid')).toBeNull();
    // Steps 0.
    await folder(page, /^Start/);
    const steps = page
      .locator('#panel .lil-controller', { has: page.locator('.lil-name', { hasText: /^max steps$/ }) })
      .locator('input');
    await steps.fill('0');
    await steps.press('Enter');
    expect(await steps.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(steps)).toMatch(/^max steps must be a whole number from 1 to 250,000$/);
    expect(await descent(page, (d) => d.state.steps)).toBe(30);
    // Esc on a typed expression puts the applied one back, so field and header agree.
    const expression = page.locator('#expression');
    await expression.fill('x^2 + y^2');
    await expression.press('Escape');
    expect(await expression.inputValue()).toBe('x^2/20 + y^2');
    expect(await descent(page, (d) => d.state.fn.expression)).toBe('x^2/20 + y^2');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a start where f is undefined says why, not "diverged at step 0"', async () => {
    const { page, context, errors } = await openPage(
      browser,
      `/#v=1&f=${encodeURIComponent('log(x) + y^2')}&start=-7,2`,
    );
    await settled(page);
    const first = page.locator('#panes .pane-label .legend-button').first();
    expect(await first.textContent()).toContain('f is not defined at the start (−7, 2): log(x) needs x > 0');
    expect(await first.evaluate((el) => el.classList.contains('diverged'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a clicked start is rounded to fit the domain, and Ctrl+Z / Ctrl+Shift+Z undo and redo it', async () => {
    const { page, context, errors } = await openPage(browser);
    await settled(page);
    const canvas = page.locator('#panes .pane canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.55);
    await settled(page);
    const [x, y] = await descent(page, (d) => d.state.start);
    expect([x, y]).not.toEqual([-7, 2]);
    // The book's domain is 20 wide: a hundredth.
    expect(Math.round(x * 100) / 100).toBe(x);
    expect(Math.round(y * 100) / 100).toBe(y);
    await page.keyboard.press('Control+z');
    expect(await descent(page, (d) => d.state.start)).toEqual([-7, 2]);
    await page.keyboard.press('Control+Shift+z');
    expect(await descent(page, (d) => d.state.start)).toEqual([x, y]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
