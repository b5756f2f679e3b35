/**
 * The inspector's layers (step arrows, curvature) and its model: closed, nothing is computed and no
 * layer object is touched; open, the arrows and the model's curves are built for the selected row,
 * rebuilt only when the inspection changes, and freed on dispose.
 */
import type { BufferGeometry, InterleavedBufferAttribute, Material, Object3D } from 'three';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { inspector } from '../../src/app/inspector-model.ts';
import type { AppState } from '../../src/app/state.ts';
import type { LayerContext, PaneLayer } from '../../src/scene/layer.ts';
import { CurvatureLayer } from '../../src/scene/layers/curvature.ts';
import { StepArrowsLayer } from '../../src/scene/layers/step-arrows.ts';
import { LAYERS } from '../../src/scene/layers.ts';
import { makeFrame } from '../../src/scene/world.ts';

function context(
  s: AppState,
  derived: Derived,
  kind: '3d' | '2d' = '3d',
  previous: AppState | null = null,
): LayerContext {
  const grid = derived.grid!;
  return {
    state: s,
    previous,
    derived,
    changes: { fn: true, grid: true, runs: true },
    frame: makeFrame(grid.domain, ...derived.zRange(s.view), kind === '2d' ? 0 : s.view.exaggeration),
    frameChanged: false,
    kind,
    shows: () => true,
  };
}

function geometries(root: Object3D): BufferGeometry[] {
  const out: BufferGeometry[] = [];
  root.traverse((o) => {
    const g = (o as Object3D & { geometry?: BufferGeometry }).geometry;
    if (g) out.push(g);
  });
  return out;
}

afterEach(() => {
  inspector.open = false;
  inspector.probe = null;
  inspector.current = null;
});

describe('the inspector layers', () => {
  it('are registered after the trails', () => {
    const ids = LAYERS.map((l) => l.id);
    expect(ids.indexOf('step-arrows')).toBeGreaterThan(ids.indexOf('trails'));
    expect(ids.indexOf('curvature')).toBeGreaterThan(ids.indexOf('trails'));
  });

  it('closed: no inspection computed, the layers hidden and their geometry untouched', () => {
    const s = { ...defaultState(), playback: { ...defaultState().playback, step: 3 } };
    const derived = new Derived();
    derived.update(s);
    const version = inspector.version;
    inspector.update(s, derived);
    expect(inspector.current).toBeNull();
    expect(inspector.version).toBe(version);
    for (const layer of [new StepArrowsLayer(), new CurvatureLayer()] as PaneLayer[]) {
      const before = geometries(layer.object);
      layer.update(context(s, derived));
      expect(layer.object.visible).toBe(false);
      expect(geometries(layer.object)).toEqual(before);
    }
  });

  it('open: SGD at step 3 draws −lr·∇f and Δ (two arrows), the model drawn; the same inspection is not rebuilt', async () => {
    const d = defaultState();
    const s = { ...d, playback: { ...d.playback, step: 3, inspected: d.optimizers[0]!.key } };
    const derived = new Derived();
    derived.update(s);
    await inspector.load(); // the derivations load on the first open
    inspector.update(s, derived);
    const now = inspector.current!;
    expect(now.entry.optimizer).toBe('sgd');
    expect(now.decomposition!.parts.map((p) => p.role)).toEqual(['gradient', 'update']);
    const arrows = new StepArrowsLayer();
    const curvature = new CurvatureLayer();
    for (const kind of ['3d', '2d'] as const) {
      arrows.update(context(s, derived, kind));
      curvature.update(context(s, derived, kind));
    }
    expect(arrows.object.visible).toBe(true);
    expect(curvature.object.visible).toBe(true);
    const drawn = geometries(arrows.object)[0] as BufferGeometry & { instanceCount: number };
    // Two arrows × (4 shaft pieces + 2 barbs) = 12 segments drawn, in place in a fixed buffer.
    expect(drawn.instanceCount).toBe(12);
    const buffer = (drawn.getAttribute('instanceStart') as InterleavedBufferAttribute).data;
    const writes = buffer.version;
    const version = inspector.version;
    inspector.update(s, derived);
    expect(inspector.version).toBe(version);
    // The same inspection, frame and view (the previous state is this one): nothing rewritten.
    arrows.update(context(s, derived, '2d', s));
    expect(buffer.version).toBe(writes);
    // Drawn afresh (no previous state): rewritten in the same buffer.
    arrows.update(context(s, derived, '2d'));
    expect(buffer.version).toBe(writes + 1);
    expect(geometries(arrows.object)[0]).toBe(drawn);
    const owned = new Set<BufferGeometry | Material>();
    for (const layer of [arrows, curvature])
      layer.object.traverse((o) => {
        const m = o as Object3D & { geometry?: BufferGeometry; material?: Material };
        if (m.geometry) owned.add(m.geometry);
        if (m.material) owned.add(m.material);
      });
    const disposed = new Set<object>();
    for (const o of owned) o.addEventListener('dispose', () => disposed.add(o));
    arrows.dispose();
    curvature.dispose();
    for (const o of owned) expect(disposed.has(o)).toBe(true);
  });
});
