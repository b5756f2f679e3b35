/**
 * Helpers for tests of the Descent page itself (the harness's generic helpers are in browser.ts):
 * reading the page's `window.descent`, waiting until it has stopped drawing, and finding panel
 * controls by their label.
 */
import type { Page } from 'playwright-core';
import type { AppState } from '../../src/app/state.ts';

/** What the page exposes as `window.descent` (see src/main.ts). */
export interface Descent {
  readonly state: AppState;
  readonly frames: number;
  readonly memory: { geometries: number; textures: number };
  /** Each pane's plotted box as client-px corners (see `PaneView.plotBox`). */
  surfaceBoxes(): [number, number][][];
}

/** Reads something from `window.descent` in the page (`read` runs in the page: keep it self-contained). */
export function descent<T>(page: Page, read: (d: Descent) => T): Promise<T> {
  return page.evaluate(
    (src) => new Function('d', `return (${src})(d)`)((window as unknown as { descent: Descent }).descent),
    read.toString(),
  ) as Promise<T>;
}

export const state = (page: Page): Promise<AppState> => descent(page, (d) => d.state);

/** Waits until the page has drawn and then stopped asking for frames (render on demand). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as { descent?: Descent }).descent?.frames ?? 0) > 0);
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const n = await descent(page, (d) => d.frames);
    if (n === last) return;
    last = n;
    await page.waitForTimeout(150);
  }
}

/** A lil-gui controller of the panel by its label (exact). */
export const control = (page: Page, label: string) =>
  page.locator('#panel .lil-controller', {
    has: page.locator('.lil-name', { hasText: new RegExp(`^${label}$`) }),
  });

/** Opens (or closes) a panel folder by clicking its title. */
export const folder = (page: Page, title: RegExp) =>
  page.locator('#panel .lil-title', { hasText: title }).click();

/** A panel button by its text. */
export const button = (page: Page, text: string) => page.locator('#panel button', { hasText: text });

/** The readout row of an optimizer (by its display name). */
export const readoutRow = (page: Page, name: string) =>
  page.locator('#readout tbody tr', { has: page.locator('td.name', { hasText: new RegExp(`^${name}$`) }) });
