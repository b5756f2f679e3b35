import type { BufferGeometry, Material, Object3D, Texture } from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { describe, expect, it } from 'vitest';
import { getColormap } from '../../src/app/colormaps.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { numericGradient } from '../../src/core/expr/index.ts';
import { gradientField } from '../../src/core/field.ts';
import { surfaceData } from '../../src/core/mesh.ts';
import { getOptimizer, resolveParams } from '../../src/core/optimizers/index.ts';
import { Run } from '../../src/core/runner.ts';
import { labelStride } from '../../src/scene/axes.ts';
import { arrowSegments } from '../../src/scene/field.ts';
import { SurfaceLayer } from '../../src/scene/surface.ts';
import {
  countUpTo,
  drawnRows,
  LIFT,
  MAX_DRAWN_ROWS,
  MAX_TRAILS,
  trailBuffers,
} from '../../src/scene/trail-buffers.ts';
import { TrailsLayer, trailLineShaders } from '../../src/scene/trails.ts';
import { domainPoint, makeFrame, SIZE, worldX, worldY, worldZ } from '../../src/scene/world.ts';

const domain = { x: [-2, 2], y: [0, 2] } as const;

describe('frame', () => {
  it('maps the longer side to SIZE, y to −Z, f to [0, height] with clipping', () => {
    const fr = makeFrame(domain, 0, 10, 0.5);
    expect(fr.scale).toBe(SIZE / 4);
    expect(worldX(fr, 2)).toBe(5);
    expect(worldZ(fr, 2)).toBe(-2.5);
    expect(worldZ(fr, 0)).toBe(2.5);
    expect(worldY(fr, 5)).toBe(2.5);
    expect(worldY(fr, 50)).toBe(5); // clipped to zMax
    expect(worldY(fr, Number.NEGATIVE_INFINITY)).toBe(0);
    expect(worldY(fr, Number.NaN)).toBeNaN();
    expect(domainPoint(fr, 5, -2.5)).toEqual([2, 2]);
  });

  it('gives a flat unit range to constant or empty data', () => {
    const fr = makeFrame(domain, 3, 3, 1);
    expect(fr.zMax - fr.zMin).toBe(1);
    const empty = makeFrame(domain, Number.NaN, Number.NaN, 1);
    expect([empty.zMin, empty.zMax]).toEqual([0, 1]);
  });
});

/** Every geometry, material and texture reachable from `root`. */
function gpuObjects(root: Object3D): Set<BufferGeometry | Material | Texture> {
  const out = new Set<BufferGeometry | Material | Texture>();
  root.traverse((o) => {
    const any = o as Object3D & { geometry?: BufferGeometry; material?: Material };
    if (any.geometry) out.add(any.geometry);
    if (any.material) {
      out.add(any.material);
      for (const v of Object.values(
        (any.material as Material & { uniforms?: Record<string, { value: unknown }> }).uniforms ?? {},
      )) {
        if (v.value && (v.value as Texture).isTexture) out.add(v.value as Texture);
      }
    }
  });
  return out;
}

describe('SurfaceLayer disposal', () => {
  it('rebuilding disposes what it replaced: live GPU objects stay constant', () => {
    const layer = new SurfaceLayer(getColormap('viridis')!);
    const disposed = new Set<object>();
    const watch = () => {
      for (const o of gpuObjects(layer.object)) o.addEventListener('dispose', () => disposed.add(o));
    };
    const counts: number[] = [];
    const seen = new Set<BufferGeometry | Material | Texture>();
    const view = defaultState().view;
    for (let i = 0; i < 10; i++) {
      const data = surfaceData((x, y) => x * x + i * y, domain, 4 + 20 * i);
      layer.setSurface(data);
      layer.setFrame(makeFrame(domain, data.grid.min, data.grid.max, 1));
      layer.setView(
        { ...view, colormap: i % 2 ? 'magma' : 'viridis' },
        getColormap(i % 2 ? 'magma' : 'viridis')!,
        i % 3 ? '3d' : '2d',
      );
      watch();
      const live = gpuObjects(layer.object);
      counts.push(live.size);
      for (const o of live) seen.add(o);
    }
    expect(new Set(counts).size).toBe(1);
    // Everything that was live once and no longer is has been disposed.
    const live = gpuObjects(layer.object);
    for (const o of seen) if (!live.has(o)) expect(disposed.has(o)).toBe(true);
    expect(seen.size).toBeGreaterThan(live.size); // rebuilds really replaced objects
    layer.dispose();
    for (const o of live) expect(disposed.has(o)).toBe(true);
  });
});

function bookRun(optimizer: string, params: Record<string, unknown>, steps: number) {
  const def = getOptimizer(optimizer)!;
  const r = resolveParams(def, params);
  if (!r.ok) throw new Error(r.error);
  const fn = {
    source: 'x^2/20 + y^2',
    value: (x: number, y: number) => (x * x) / 20 + y * y,
    valueGrad: (x: number, y: number, out: Float64Array) => {
      out[0] = x / 10;
      out[1] = 2 * y;
      return (x * x) / 20 + y * y;
    },
    hessian: (_x: number, _y: number, out: Float64Array) => {
      out.set([0.1, 0, 2]);
      return 0;
    },
    numericGrad: numericGradient((x, y) => (x * x) / 20 + y * y),
  };
  return { run: new Run({ fn, optimizer: def, params: r.value, start: [-7, 2] }).advanceTo(steps), fn };
}

describe('trails', () => {
  const fr = makeFrame({ x: [-10, 10], y: [-5, 5] }, 0, 30, 0.35);

  it('places each step at its world position, lifted above the surface, a marker per step', () => {
    const { run, fn } = bookRun('sgd', { lr: 0.95 }, 3);
    const b = trailBuffers([run], fr, fn.value);
    // Step 1: x = −7·0.905, y = 2·(−0.9).
    const x1 = -7 * 0.905;
    const y1 = -1.8;
    expect(b.points[3]).toBeCloseTo(worldX(fr, x1), 5);
    expect(b.points[4]).toBeCloseTo(worldY(fr, (x1 * x1) / 20 + y1 * y1) + LIFT, 5);
    expect(b.points[5]).toBeCloseTo(worldZ(fr, y1), 5);
    expect([...b.pointInfo]).toEqual([0, 0, 1, 0, 2, 0, 3, 0]);
    // Three segments of 8 pieces: the first piece starts at the start, the eighth ends on step 1.
    expect(b.sub).toBe(8);
    expect(b.segments.length).toBe(6 * 8 * 3);
    expect([...b.segments.slice(0, 3)]).toEqual([...b.points.slice(0, 3)]);
    expect([...b.segments.slice(6 * 7 + 3, 6 * 8)]).toEqual([...b.points.slice(3, 6)]);
  });

  it('on a flat map (a 2-D pane) a segment is one straight piece from marker to marker', () => {
    const flat = makeFrame({ x: [-10, 10], y: [-5, 5] }, 0, 30, 0);
    const { run, fn } = bookRun('sgd', { lr: 0.95 }, 3);
    const b = trailBuffers([run], flat, fn.value);
    expect(b.sub).toBe(1);
    // Three segments, each from step k's marker to step k + 1's, all at the lift above the flat map.
    expect(b.segments.length).toBe(6 * 3);
    for (let k = 0; k < 3; k++) {
      expect([...b.segments.slice(6 * k, 6 * k + 3)]).toEqual([...b.points.slice(3 * k, 3 * k + 3)]);
      expect([...b.segments.slice(6 * k + 3, 6 * k + 6)]).toEqual([...b.points.slice(3 * k + 3, 3 * k + 6)]);
    }
    expect(b.points[1]).toBeCloseTo(LIFT, 6);
    expect([...b.segmentInfo]).toEqual([1, 0, 2, 0, 3, 0]);
  });

  it('inside the domain a point is clipped to the box like the surface; outside it rises with f', () => {
    // Rows (0, 4) and (0, 10) with f = 100 over [0, 30], height 3.5: inside, the lid (3.5); outside,
    // 100/30 · 3.5 = 11.67 (then cut by the box's lid, a clipping plane); f = 1e300 is held at 1e5.
    const xyf = Float64Array.from([0, 4, 100, 0, 10, 100, 0, 20, 1e300]);
    const run = {
      rows: 3,
      xyf,
      gradNorm: new Float64Array(3),
      status: 'running',
      divergedAt: null,
      convergedAt: null,
    } as const;
    const { points } = trailBuffers([run], fr, () => 0);
    expect(points[1]).toBeCloseTo(3.5 + LIFT, 5);
    expect(points[4]).toBeCloseTo((100 / 30) * 3.5 + LIFT, 4);
    expect(points[7]).toBeCloseTo(1e4 * SIZE + LIFT, 0);
  });

  it('drapes the pieces over the surface, never below it', () => {
    const { run, fn } = bookRun('sgd', { lr: 0.95 }, 5);
    const { segments } = trailBuffers([run], fr, fn.value);
    for (let i = 0; i < segments.length; i += 3) {
      const [x, y] = domainPoint(fr, segments[i], segments[i + 2]);
      expect(segments[i + 1]).toBeGreaterThanOrEqual(worldY(fr, fn.value(x, y)) + LIFT - 1e-4);
    }
  });

  it('merges the trails by step, each marker and piece knowing its step and trail', () => {
    const a = bookRun('sgd', { lr: 0.95 }, 3).run;
    const { run: b, fn } = bookRun('sgd', { lr: 0.1 }, 2);
    const t = trailBuffers([a, b], fr, fn.value);
    expect([...t.pointInfo]).toEqual([0, 0, 0, 1, 1, 0, 1, 1, 2, 0, 2, 1, 3, 0]);
    // Trail 1 (lr 0.1), step 1 is the fourth marker: x = −7·(1 − 0.1·0.1) = −6.93, y = 2·(1 − 0.1·2) = 1.6.
    expect(t.points[9]).toBeCloseTo(worldX(fr, -6.93), 5);
    expect(t.points[11]).toBeCloseTo(worldZ(fr, 1.6), 5);
    // Pieces, 8 per segment, by the step each segment ends at: (1, 0), (1, 1), (2, 0), (2, 1), (3, 0).
    const steps = [];
    for (let i = 0; i < t.segmentInfo.length; i += 16) steps.push(t.segmentInfo[i], t.segmentInfo[i + 1]);
    expect(steps).toEqual([1, 0, 1, 1, 2, 0, 2, 1, 3, 0]);
    expect(countUpTo(t.pointInfo, 1)).toBe(4);
    expect(countUpTo(t.segmentInfo, 2)).toBe(4 * 8);
    expect(countUpTo(t.segmentInfo, 0)).toBe(0);
  });

  it('draws long runs thinned: a pile of converged steps is one point', () => {
    // 3000 rows: 100 moving 0.1 in x (0.05 world units each, above the 0.01 tolerance), then 2900 at rest.
    const rows = 3000;
    const xyf = new Float64Array(3 * rows);
    for (let k = 0; k < rows; k++) xyf[3 * k] = 0.1 * Math.min(k, 99);
    const run = {
      rows,
      xyf,
      gradNorm: new Float64Array(rows),
      status: 'converged',
      divergedAt: null,
      convergedAt: 99,
    } as const;
    const drawn = drawnRows(run, fr);
    expect(drawn.length).toBe(101);
    expect([drawn[0], drawn[99], drawn[100]]).toEqual([0, 99, rows - 1]);
    // Short runs are drawn whole.
    const short = bookRun('sgd', { lr: 0.95 }, 30).run;
    expect(drawnRows(short, fr).length).toBe(31);
  });

  it('thins harder until at most MAX_DRAWN_ROWS rows remain', () => {
    // 50 000 rows each 0.0175 world units on: the tolerance doubles 0.01 → 0.02 → 0.04, where every
    // third row is kept (2 rows: 0.035 < 0.04 ≤ 0.0525), then the last: 16 667 + 1.
    const rows = 50_000;
    const xyf = new Float64Array(3 * rows);
    for (let k = 0; k < rows; k++) xyf[3 * k] = 0.035 * k;
    const run = {
      rows,
      xyf,
      gradNorm: new Float64Array(rows),
      status: 'running',
      divergedAt: null,
      convergedAt: null,
    } as const;
    const drawn = drawnRows(run, fr);
    expect(drawn.length).toBe(16_668);
    expect(drawn.length).toBeLessThanOrEqual(MAX_DRAWN_ROWS);
    expect([drawn[1], drawn[2], drawn[drawn.length - 1]]).toEqual([3, 6, rows - 1]);
  });

  it('shows steps 0..k of each visible trail, never past its last row, in one draw range', () => {
    const layer = new TrailsLayer();
    const long = bookRun('sgd', { lr: 0.95 }, 30);
    const short = bookRun('sgd', { lr: 0.1 }, 5).run;
    layer.setRuns([long.run, short, long.run], fr, long.fn.value);
    layer.setStyle(0, { color: '#e69f00', visible: true, dash: 0 });
    layer.setStyle(1, { color: '#56b4e9', visible: true, dash: 0 });
    layer.setStyle(2, { color: '#009e73', visible: false, dash: 0 });
    const [line, dots] = layer.object.children as (Object3D & { geometry: BufferGeometry })[];
    layer.showStep(10);
    expect([0, 1, 2].map((t) => layer.lastShown(t))).toEqual([10, 5, -1]);
    // Markers of steps 0..10: 11 + 6 + 11 (the hidden trail's are in range, its shader hides them).
    expect(dots.geometry.drawRange.count).toBe(28);
    // Segments ending at steps 1..10: 10 + 5 + 10, 8 pieces each (30 steps → 8 pieces per step).
    expect((line.geometry as BufferGeometry & { instanceCount: number }).instanceCount).toBe(25 * 8);
    layer.showStep(500);
    expect([0, 1, 2].map((t) => layer.lastShown(t))).toEqual([30, 5, -1]);
    expect(dots.geometry.drawRange.count).toBe(31 + 6 + 31);
    layer.setStyle(1, { color: '#56b4e9', visible: false, dash: 0 });
    layer.showStep(3);
    expect([0, 1, 2].map((t) => layer.lastShown(t))).toEqual([3, -1, -1]);
    layer.dispose();
  });

  it('patches three.js line shader at anchors that still exist', () => {
    // Constructing a LineMaterial registers ShaderLib.line; its shaders are what the layer patches.
    const m = new LineMaterial();
    const patched = trailLineShaders(m.vertexShader, m.fragmentShader);
    expect(patched.vertex).toContain(`uniform float uLast[${MAX_TRAILS}]`);
    expect(patched.vertex).toContain('attribute vec2 instanceInfo');
    expect(patched.fragment).toContain('vec4( vTrailColor, alpha )');
    expect(() => trailLineShaders('void nothing() {}', m.fragmentShader)).toThrow(/anchor/);
    m.dispose();
  });
});

describe('gradient field', () => {
  it('arrows point down the gradient, normalized to 0.9 of the cell', () => {
    // f = x² + y²: −∇f points to the origin.
    const arrows = gradientField(
      (x, y, g) => {
        g[0] = 2 * x;
        g[1] = 2 * y;
        return x * x + y * y;
      },
      { x: [-2, 2], y: [-2, 2] },
      2,
      2,
      'normalized',
    );
    expect(arrows).toHaveLength(4);
    const a = arrows[0]; // cell centre (−1, −1)
    expect([a.x, a.y]).toEqual([-1, -1]);
    expect(a.dx).toBeCloseTo(1.8 / Math.SQRT2, 12);
    expect(a.dy).toBeCloseTo(1.8 / Math.SQRT2, 12);
    const segs = arrowSegments(arrows, makeFrame({ x: [-2, 2], y: [-2, 2] }, 0, 1, 1), () => 0);
    expect(segs.length).toBe(4 * 36);
  });

  it('proportional arrows scale with |∇f|; zero or non-finite gradients get none', () => {
    const arrows = gradientField(
      (x, _y, g) => {
        g[0] = x > 0 ? Number.NaN : x;
        g[1] = 0;
        return 0;
      },
      { x: [-4, 4], y: [0, 1] },
      4,
      1,
      'proportional',
    );
    // Centres x = −3, −1, 1, 3: gradients −3, −1, NaN, NaN.
    expect(arrows.map((a) => a.x)).toEqual([-3, -1]);
    expect(arrows[0].dx).toBeCloseTo(0.9, 12);
    expect(arrows[1].dx).toBeCloseTo(0.3, 12);
  });
});

describe('axis labels', () => {
  it('labelStride: the smallest k whose labels k apart clear each other on screen', () => {
    // Labels 11 px tall (+ air: 16 px apart at least) stacked 8 px apart: every second one.
    const stacked = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ x: 0, y: 8 * i }));
    expect(labelStride(stacked, [1, 1, 2, 2, 2, 2, 2])).toBe(2);
    // Side by side 20 px apart: "−10" and "−5" need 6.5·(3 + 2)/2 + 3 = 19.25 px; all fit.
    const row = [0, 1, 2, 3, 4].map((i) => ({ x: 20 * i, y: 0 }));
    expect(labelStride(row, [3, 2, 1, 1, 2])).toBe(1);
    // 10 px apart: every second one (20 px ≥ 6.5·(3 + 1)/2 + 3 = 16).
    const tight = [0, 1, 2, 3, 4].map((i) => ({ x: 10 * i, y: 0 }));
    expect(labelStride(tight, [3, 2, 1, 1, 2])).toBe(2);
  });
});
