/** Layers and pane views whose code loads on first use: nothing loads before it is wanted, then once. */
import { Group } from 'three';
import { describe, expect, it } from 'vitest';
import type { Changes, Derived } from '../../src/app/derived.ts';
import type { AppState } from '../../src/app/state.ts';
import type { LayerContext, PaneLayer } from '../../src/scene/layer.ts';
import { lazyLayer } from '../../src/scene/lazy-layer.ts';
import { lazyView } from '../../src/scene/lazy-view.ts';
import type { PaneView } from '../../src/scene/pane-view.ts';

const NOTHING: Changes = { fn: false, grid: false, runs: false };

/** A context whose only meaningful part is whether the toggle `on` is set. */
function context(on: boolean, previous: AppState | null = null): LayerContext {
  return {
    state: { on } as unknown as AppState,
    previous,
    derived: {} as Derived,
    changes: NOTHING,
    frame: {} as LayerContext['frame'],
    frameChanged: false,
    kind: '3d',
    shows: () => true,
  };
}

const on = (c: LayerContext) => (c.state as unknown as { on: boolean }).on;

/** A layer recording what it was told. */
class Recorder implements PaneLayer {
  readonly object = new Group();
  readonly updates: LayerContext[] = [];
  sizes: number[][] = [];
  disposed = false;
  update(c: LayerContext): void {
    this.updates.push(c);
  }
  resize(w: number, h: number, r: number): void {
    this.sizes.push([w, h, r]);
  }
  dispose(): void {
    this.disposed = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('lazyLayer', () => {
  it('loads only when an update wants it, once for every pane, then replays the last update afresh', async () => {
    let loads = 0;
    const built: Recorder[] = [];
    const create = lazyLayer(async () => {
      loads++;
      return () => {
        const r = new Recorder();
        built.push(r);
        return r;
      };
    }, on);
    let redraws = 0;
    const host = { redraw: () => redraws++ };
    const a = create('3d', host);
    const b = create('2d', host);
    a.resize?.(300, 200, 2);
    a.update(context(false));
    b.update(context(false));
    await tick();
    expect(loads).toBe(0);
    expect(a.object.children).toEqual([]);
    const previous = {} as AppState;
    a.update(context(true, previous));
    b.update(context(true, previous));
    a.update(context(true, previous)); // while loading: remembered, not loaded again
    await tick();
    expect(loads).toBe(1);
    expect(built.length).toBe(2);
    expect(redraws).toBe(2);
    const [ra, rb] = built;
    expect(a.object.children).toEqual([ra.object]);
    expect(b.object.children).toEqual([rb.object]);
    // The replay: the last context, as a fresh one.
    expect(ra.updates.length).toBe(1);
    expect(ra.updates[0].previous).toBe(null);
    expect(ra.updates[0].frameChanged).toBe(true);
    expect(ra.updates[0].changes).toEqual({ fn: true, grid: true, runs: true });
    expect(ra.sizes).toEqual([[300, 200, 2]]);
    // From then on every hook passes through, toggle on or off.
    const off = context(false);
    a.update(off);
    expect(ra.updates.at(-1)).toBe(off);
    a.dispose();
    expect(ra.disposed).toBe(true);
  });

  it('a pane disposed while the code loads builds nothing; a failed load is tried again', async () => {
    let fail = true;
    let built = 0;
    const create = lazyLayer(async () => {
      if (fail) throw new Error('offline');
      return () => {
        built++;
        return new Recorder();
      };
    }, on);
    const errors = console.error;
    console.error = () => {};
    try {
      const a = create('3d', { redraw: () => {} });
      a.update(context(true));
      await tick();
      expect(built).toBe(0);
      fail = false;
      a.update(context(true));
      const b = create('3d', { redraw: () => {} });
      b.update(context(true));
      b.dispose();
      await tick();
      expect(built).toBe(1);
      expect(a.object.children.length).toBe(1);
    } finally {
      console.error = errors;
    }
  });
});

describe('lazyView', () => {
  it('builds the real view when its code arrives and replays the last update as a fresh one', async () => {
    let loads = 0;
    const calls: unknown[][] = [];
    const inner: PaneView = {
      kind: 'chart',
      camera: null,
      frames: 7,
      memory: { geometries: 0, textures: 0 },
      update: (...args) => void calls.push(args),
      plotBox: () => [[1, 2]],
      snapshot: () => ({}) as HTMLCanvasElement,
      dispose: () => {},
    };
    const factory = lazyView(async () => {
      loads++;
      return () => inner;
    });
    const host = {} as HTMLElement;
    const view = factory(host, 'chart', {});
    expect(view.plotBox()).toBe(null);
    expect(view.frames).toBe(0);
    const s = {} as AppState;
    const derived = {} as Derived;
    const shows = () => true;
    view.update(s, derived, NOTHING, s, shows);
    await tick();
    expect(loads).toBe(1);
    expect(calls).toEqual([[s, derived, { fn: true, grid: true, runs: true }, null, shows]]);
    expect(view.plotBox()).toEqual([[1, 2]]);
    expect(view.frames).toBe(7);
    factory(host, 'chart', {});
    await tick();
    expect(loads).toBe(1);
  });

  it('a failed import leaves the pane empty and is tried again at its next update', async () => {
    let loads = 0;
    const calls: unknown[][] = [];
    const inner: PaneView = {
      kind: 'chart',
      camera: null,
      frames: 1,
      memory: { geometries: 0, textures: 0 },
      update: (...args) => void calls.push(args),
      plotBox: () => [[3, 4]],
      snapshot: () => ({}) as HTMLCanvasElement,
      dispose: () => {},
    };
    const factory = lazyView(async () => {
      loads++;
      if (loads === 1) throw new Error('offline');
      return () => inner;
    });
    const errors = console.error;
    console.error = () => {};
    try {
      const view = factory({} as HTMLElement, 'chart', {});
      await tick();
      expect(loads).toBe(1);
      expect(view.plotBox()).toBe(null);
      const s = {} as AppState;
      const derived = {} as Derived;
      const shows = () => true;
      view.update(s, derived, NOTHING, null, shows);
      await tick();
      expect(loads).toBe(2);
      expect(view.plotBox()).toEqual([[3, 4]]);
      expect(calls).toEqual([[s, derived, { fn: true, grid: true, runs: true }, null, shows]]);
    } finally {
      console.error = errors;
    }
  });
});
