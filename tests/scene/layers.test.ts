/** The layer contract in Node (no WebGL needed: layers only build three.js objects and buffers). */
import type { BufferGeometry, Material, Object3D } from 'three';
import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import type { AppState, OptimizerEntry } from '../../src/app/state.ts';
import { stationaryPoints, withKnown } from '../../src/core/stationary.ts';
import { keepApart, labelsOverlap, margins2d } from '../../src/scene/axes.ts';
import { FieldLayer } from '../../src/scene/field.ts';
import type { LayerContext, PaneLayer } from '../../src/scene/layer.ts';
import { LAYERS } from '../../src/scene/layers.ts';
import { StartLayer } from '../../src/scene/start.ts';
import { stationaryLabel } from '../../src/scene/stationary.ts';
import { SurfaceLayer } from '../../src/scene/surface.ts';
import { LIFT } from '../../src/scene/trail-buffers.ts';
import { DASH_PERIODS, dashPeriods, markerLook, TrailsLayer } from '../../src/scene/trails.ts';
import { makeFrame } from '../../src/scene/world.ts';

function context(s: AppState, derived: Derived, previous: AppState | null = null): LayerContext {
  const grid = derived.grid!;
  return {
    state: s,
    previous,
    derived,
    changes: { fn: true, grid: true, runs: true },
    frame: makeFrame(grid.domain, ...derived.zRange(s.view), s.view.exaggeration),
    frameChanged: true,
    kind: '3d',
    shows: () => true,
  };
}

function gpu(root: Object3D): Set<BufferGeometry | Material> {
  const out = new Set<BufferGeometry | Material>();
  root.traverse((o) => {
    const m = o as Object3D & { geometry?: BufferGeometry; material?: Material };
    if (m.geometry) out.add(m.geometry);
    if (m.material) out.add(m.material);
  });
  return out;
}

describe('the layer registry', () => {
  it('names each layer once, surface first and trails after everything drawn on the surface', () => {
    const ids = LAYERS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('surface');
    expect(ids.indexOf('trails')).toBeGreaterThan(ids.indexOf('field'));
  });

  it('every WebGL-only layer updates from one context and frees what it owns on dispose', () => {
    const s = { ...defaultState(), view: { ...defaultState().view, field: true } };
    const derived = new Derived();
    derived.update(s);
    const layers: PaneLayer[] = [new SurfaceLayer(), new FieldLayer(), new TrailsLayer(), new StartLayer()];
    const disposed = new Set<object>();
    for (const layer of layers) {
      layer.update(context(s, derived));
      layer.resize?.(400, 300, 1);
      layer.setLowDetail?.(true);
      for (const o of gpu(layer.object)) o.addEventListener('dispose', () => disposed.add(o));
    }
    for (const layer of layers) {
      const owned = gpu(layer.object);
      layer.dispose();
      for (const o of owned) {
        // The trail heads' sphere is shared by every trail layer (module scope) and stays.
        if ((o as BufferGeometry).type === 'SphereGeometry') continue;
        expect(disposed.has(o)).toBe(true);
      }
    }
  });
});

describe('derived data shared by panes', () => {
  it('the gradient field and the stationary points are computed once and handed to every pane', () => {
    const s = defaultState();
    const derived = new Derived();
    derived.update(s);
    const a = derived.field(s.view);
    expect(derived.field({ ...s.view, colormap: 'magma' })).toBe(a);
    expect(derived.field({ ...s.view, fieldDensity: 10 })).not.toBe(a);
    // 20 arrows along x (width 20), 10 along y (height 10), none at a zero gradient.
    expect(a.length).toBe(200);
    const finder = { stationaryPoints, withKnown };
    const p = derived.stationary(s.fn.preset, finder);
    expect(derived.stationary(s.fn.preset, finder)).toBe(p);
    expect(p.map((q) => [q.kind, q.x, q.y, q.known])).toEqual([['minimum', 0, 0, true]]);
  });

  it('the field layer draws 6 segments per arrow, draped over the surface in 3-D', () => {
    const s = { ...defaultState(), view: { ...defaultState().view, field: true } };
    const derived = new Derived();
    derived.update(s);
    const layer = new FieldLayer();
    const c = context(s, derived);
    layer.update(c);
    const position = layer.object.geometry.getAttribute('position');
    expect(position.count).toBe(200 * 12);
    // Each vertex floats just above f there.
    const fn = derived.fn!;
    for (let i = 0; i < position.count; i += 97) {
      const x = position.getX(i) / c.frame.scale + c.frame.cx;
      const y = -position.getZ(i) / c.frame.scaleY + c.frame.cy;
      const f = fn.value(x, y);
      const expected =
        ((Math.min(c.frame.zMax, f) - c.frame.zMin) / (c.frame.zMax - c.frame.zMin)) * c.frame.height;
      expect(position.getY(i)).toBeCloseTo(expected + 0.06, 4);
    }
    layer.dispose();
  });

  it('the start handle sits on f at the start, lifted like the trails', () => {
    const s = defaultState();
    const derived = new Derived();
    derived.update(s);
    const layer = new StartLayer();
    const c = context(s, derived);
    layer.update(c);
    // (−7, 2): f = 49/20 + 4 = 6.45 over [0, 30] (the surface's range) at height 3.5.
    const [lo, hi] = derived.zRange(s.view);
    expect(layer.object.position.y).toBeCloseTo(((6.45 - lo) / (hi - lo)) * 3.5 + LIFT, 5);
    layer.dispose();
  });
});

describe('trail looks', () => {
  const entry = (key: number, optimizer: string, visible = true): OptimizerEntry => ({
    key,
    optimizer,
    params: {},
    color: '#000000',
    visible,
    pane: 0,
  });

  it('duplicates of one type are dashed in turn; hidden rows neither dash nor count', () => {
    const entries = [
      entry(1, 'sgd'),
      entry(2, 'momentum'),
      entry(3, 'sgd'),
      entry(4, 'sgd', false),
      entry(5, 'sgd'),
      entry(6, 'sgd'),
    ];
    expect(dashPeriods(entries, (e) => e.visible)).toEqual([
      0,
      0,
      DASH_PERIODS[0],
      0,
      DASH_PERIODS[1],
      DASH_PERIODS[2],
    ]);
  });

  it('markers: rimmed discs on short runs, smaller and rimless from 121 drawn rows', () => {
    expect(markerLook(31)).toEqual({ size: 7, rim: 1 });
    expect(markerLook(120)).toEqual({ size: 7, rim: 1 });
    expect(markerLook(121)).toEqual({ size: 5, rim: 0 });
    expect(markerLook(1001)).toEqual({ size: 3.5, rim: 0 });
  });
});

describe('labels of different axes', () => {
  it('overlap when their boxes (6.5 px a character, 13 px tall, 3 px air) meet', () => {
    expect(labelsOverlap({ x: 0, y: 0, length: 2 }, { x: 15, y: 5, length: 2 })).toBe(true); // 15 < 16
    expect(labelsOverlap({ x: 0, y: 0, length: 2 }, { x: 16, y: 5, length: 2 })).toBe(false);
    expect(labelsOverlap({ x: 0, y: 0, length: 2 }, { x: 0, y: 16, length: 2 })).toBe(false);
  });

  it('keepApart: a later axis loses the labels that sit on an earlier axis', () => {
    const f = {
      boxes: [
        { x: 100, y: 100, length: 2 },
        { x: 100, y: 60, length: 2 },
      ],
      shown: [true, true],
    };
    const y = {
      boxes: [
        { x: 104, y: 104, length: 1 },
        { x: 60, y: 100, length: 1 },
        { x: 100, y: 200, length: 1 },
      ],
      shown: [true, true, false],
    };
    expect(keepApart([f, y])).toEqual([
      [true, true],
      [false, true, false],
    ]);
  });
});

describe('stationary point labels', () => {
  it('listed points exactly, found ones approximately', () => {
    expect(stationaryLabel({ x: 3, y: 2, f: 0, kind: 'minimum', known: true })).toBe('minimum (3, 2), f = 0');
    expect(stationaryLabel({ x: 0.0866775, y: 2.884254, f: 67.919, kind: 'saddle', known: false })).toBe(
      'saddle point ≈ (0.0867, 2.88), f ≈ 67.9',
    );
  });
});

describe('2-D margins', () => {
  it('room on the left for the widest y tick label: "−4" (2 characters), "0.001" (5)', () => {
    // 6 px padding + 6.5 px a character + 8 px padding + 10 px for the title.
    expect(margins2d({ y: [-5, 5] })).toEqual({ left: 37, right: 14, top: 12, bottom: 40 });
    expect(margins2d({ y: [0, 0.005] }).left).toBe(Math.ceil(6 + 6.5 * 5 + 8 + 10));
  });
});
