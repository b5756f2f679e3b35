/**
 * The basin map's colours and the layer's request, with expected values worked by hand from the rules
 * in basins-paint.ts (hue by label, shade 0.6·ln(1 + steps)/ln(1 + maxSteps) towards black, unfinished
 * halfway to grey #8c8c8c, diverged #141414).
 */

import type { BufferAttribute } from 'three';
import { describe, expect, it } from 'vitest';
import { computeTask, MapResult, planTasks } from '../../src/app/batch-pool.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { caseExtras, momentumKeyOfDef } from '../../src/app/lab.ts';
import { basinSide, MapsHub, maps } from '../../src/app/maps.ts';
import { runOf, runSpecOf } from '../../src/app/run-spec.ts';
import type { AppState, OptimizerEntry } from '../../src/app/state.ts';
import { spaced } from '../../src/core/batch/axes.ts';
import { CONVERGED, DIVERGED, RUNNING, STATUSES } from '../../src/core/batch/engine.ts';
import { runCase } from '../../src/core/cases.ts';
import { compile } from '../../src/core/expr/index.ts';
import { getOptimizer, resolveParams } from '../../src/core/optimizers/index.ts';
import { resolveSchedule } from '../../src/core/schedules/index.ts';
import type { LayerContext } from '../../src/scene/layer.ts';
import { BasinsLayer, basinJobOf } from '../../src/scene/layers/basins.ts';
import {
  basinCounts,
  cellColor,
  type PaintableMap,
  paintBasins,
  paintCells,
} from '../../src/scene/layers/basins-paint.ts';
import { LIFT } from '../../src/scene/trail-buffers.ts';
import { makeFrame, worldX, worldZ } from '../../src/scene/world.ts';

describe('cellColor', () => {
  it('diverged is near black and unlabelled is grey, whatever the steps', () => {
    expect(cellColor(DIVERGED, 7, 2, 500)).toEqual([20, 20, 20]);
    expect(cellColor(CONVERGED, 7, -1, 500)).toEqual([140, 140, 140]);
    expect(cellColor(RUNNING, 500, -1, 500)).toEqual([140, 140, 140]);
  });
  it('a converged cell is its hue, darkened by 0.6 at the most steps', () => {
    // Label 0: (230, 159, 0) at 0 steps, unchanged.
    expect(cellColor(CONVERGED, 0, 0, 500)).toEqual([230, 159, 0]);
    // Label 1: (86, 180, 233) × 0.4 at steps = maxSteps → (34.4, 72, 93.2).
    expect(cellColor(CONVERGED, 500, 1, 500)).toEqual([34, 72, 93]);
    // Label 9 wraps to hue 1; steps 1 of 3: shade 0.6·ln 2/ln 4 = 0.3 → (86, 180, 233) × 0.7.
    expect(cellColor(CONVERGED, 1, 9, 3)).toEqual([60, 126, 163]);
  });
  it('an unfinished labelled cell is its hue halfway to grey', () => {
    // ((230 + 140)/2, (159 + 140)/2, (0 + 140)/2) = (185, 149.5 → 150, 70).
    expect(cellColor(RUNNING, 500, 0, 500)).toEqual([185, 150, 70]);
  });
});

/** A 2 × 2 map with a coarse stride of 2: only cell 0 stands in for the others until they are known. */
function tinyMap(known: number[]): PaintableMap {
  return {
    n: 2,
    m: 2,
    cells: {
      status: Uint8Array.from([CONVERGED, DIVERGED, CONVERGED, RUNNING]),
      steps: Int32Array.from([0, 3, 0, 10]),
      label: Int32Array.from([0, -1, 1, -1]),
    },
    known: Uint8Array.from(known),
    stride: 2,
    coarseSource(i, j) {
      const c = i * 2 + j;
      return this.known[c] === 1 ? c : 0;
    },
  };
}

describe('paintBasins', () => {
  it('lays cell i·n + j (x[i], y[j]) at texel column i, row j', () => {
    const out = paintBasins(tinyMap([1, 1, 1, 1]), 10, new Uint8Array(16));
    // Cell 0 (i 0, j 0) → texel 0; cell 1 (i 0, j 1) → texel 2; cell 2 (i 1, j 0) → texel 1; cell 3 → texel 3.
    expect([...out.slice(0, 4)]).toEqual([230, 159, 0, 255]);
    expect([...out.slice(8, 12)]).toEqual([20, 20, 20, 255]);
    expect([...out.slice(4, 8)]).toEqual([86, 180, 233, 255]);
    expect([...out.slice(12, 16)]).toEqual([140, 140, 140, 255]);
  });
  it('paints a cell not yet computed with its coarse cell, or leaves it transparent', () => {
    const out = paintBasins(tinyMap([1, 0, 0, 0]), 10, new Uint8Array(16));
    for (let t = 0; t < 4; t++) expect([...out.slice(4 * t, 4 * t + 4)]).toEqual([230, 159, 0, 255]);
    const none = paintBasins(tinyMap([0, 0, 0, 0]), 10, new Uint8Array(16).fill(9));
    expect([...none]).toEqual(new Array(16).fill(0));
  });
  it('counts the known cells by label, diverged and none', () => {
    const { labels, diverged, none } = basinCounts(tinyMap([1, 1, 1, 0]));
    expect([...labels.entries()]).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(diverged).toBe(1);
    expect(none).toBe(0);
  });
});

describe('paintCells (a map painted answer by answer)', () => {
  it('equals painting the whole map after every answer, in any order of arrival', () => {
    // 130 × 130: stride ⌈130/64⌉ = 3, with a partial block at the edge (130 = 43·3 + 1).
    const map = new MapResult(130, 130);
    expect(map.stride).toBe(3);
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let c = 0; c < 130 * 130; c++) {
      map.cells.status[c] = [CONVERGED, DIVERGED, RUNNING][Math.floor(rand() * 3)]!;
      map.cells.steps[c] = Math.floor(rand() * 300);
      map.cells.label[c] = Math.floor(rand() * 5) - 1;
    }
    // The pool's tasks (coarse first), answered out of order: fine cells may come before their coarse cell.
    const tasks = planTasks(130, 130, 2_000, 2);
    const order = tasks.map((_, k) => [rand(), k] as const).sort((a, b) => a[0] - b[0]);
    const painted = new Uint8Array(130 * 130 * 4);
    expect(tasks.length).toBeGreaterThan(20);
    for (const [, k] of order) {
      const indices = tasks[k]!;
      for (const c of indices) map.known[c] = 1;
      map.written.push(indices);
      paintCells(map, 300, painted, indices);
      const whole = paintBasins(map, 300, new Uint8Array(130 * 130 * 4));
      const differ = whole.findIndex((v, o) => painted[o] !== v);
      expect(differ, `first differing byte after task ${k}`).toBe(-1);
    }
  });
});

describe('the basin job', () => {
  it('keeps n²·steps within 6·10⁷ by halving the side, never below 16', () => {
    expect(basinSide(256, 500)).toBe(256); // 3.3e7
    expect(basinSide(256, 1000)).toBe(128); // 6.6e7 → 1.6e7
    expect(basinSide(64, 1_000_000)).toBe(16);
  });
  it("is the scene's function, steps, gradient and domain, with the row's optimizer", () => {
    const s = defaultState();
    const job = basinJobOf(s, 'adam', { lr: 0.1 }, 64);
    expect(job).toMatchObject({
      kind: 'basins',
      f: s.fn.preset ?? s.fn.expression,
      optimizer: 'adam',
      params: { lr: 0.1 },
      steps: s.steps,
      gradient: s.gradient,
      grid: { x: s.fn.domain.x, y: s.fn.domain.y, n: 64 },
    });
  });
  it('the hub forgets a map no pane wants and cancels it', () => {
    const hub = new MapsHub(() => new Promise(() => undefined));
    const s = defaultState();
    const a = hub.want(0, basinJobOf(s, 'adam', { lr: 0.1 }, 64));
    expect(hub.wanted).toEqual([a]);
    const b = hub.want(0, basinJobOf(s, 'adam', { lr: 0.2 }, 64));
    expect(b).not.toBe(a);
    expect(hub.wanted).toEqual([b]);
    hub.want(0, null);
    expect(hub.wanted).toEqual([]);
    expect(hub.current).toBeNull();
  });
  it('snaps a click to the nearest start of a shown basin map over the same domain', () => {
    const hub = new MapsHub(() => new Promise(() => undefined));
    const s = defaultState();
    const domain = { x: [-5, 5] as const, y: [-5, 5] as const };
    const job = basinJobOf({ ...s, fn: { ...s.fn, domain } }, 'adam', { lr: 0.1 }, 64);
    expect(hub.snap(domain, 0.07, -4.99)).toBeNull(); // basins off
    hub.setBasins({ on: true });
    hub.want(0, job);
    // (0.07 + 5)/10 · 63 = 31.94 → start 32: −5 + 10·32/63; (−4.99 + 5)/10 · 63 = 0.06 → start 0: −5.
    expect(hub.snap(domain, 0.07, -4.99)).toEqual([-5 + 10 * (32 / 63), -5]);
    expect(hub.snap({ x: [-4, 4], y: [-5, 5] }, 0.07, -4.99)).toBeNull(); // another domain
    hub.want(0, null);
  });
});

describe("a row's basin map honours its lr schedule and noise", () => {
  const adam = getOptimizer('adam')!;
  /** A row of the default scene: Adam with a StepLR schedule and/or seeded noise, 60 steps. */
  function scene(lab: Pick<OptimizerEntry, 'schedule' | 'noise'>): { s: AppState; row: OptimizerEntry } {
    const base = defaultState();
    const params = resolveParams(adam, { lr: 0.3 });
    if (!params.ok) throw new Error(params.error);
    const row: OptimizerEntry = { ...base.optimizers[0]!, optimizer: 'adam', params: params.value, ...lab };
    return { s: { ...base, steps: 60, optimizers: [row] }, row };
  }
  const stepLR = () => {
    const r = resolveSchedule({ name: 'StepLR', step_size: 7, gamma: 0.5 }, momentumKeyOfDef(adam));
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const cases: [string, Pick<OptimizerEntry, 'schedule' | 'noise'>][] = [
    ['a schedule', { schedule: stepLR() }],
    ['noise', { noise: { sigma: 2, seed: 5, seeds: 3 } }],
    ['both', { schedule: stepLR(), noise: { sigma: 2, seed: 4_294_967_295, seeds: 1 } }],
  ];
  for (const [name, lab] of cases) {
    it(`${name}: every cell is that start's descent run, bit for bit`, () => {
      const { s, row } = scene(lab);
      const job = basinJobOf(s, row.optimizer, row.params, 5, row);
      expect(job).toMatchObject(caseExtras(row));
      const indices = Uint32Array.from({ length: 25 }, (_, c) => c);
      const cells = computeTask({ jobId: 1, taskId: 1, job, indices });
      const xs = spaced(s.fn.domain.x[0], s.fn.domain.x[1], 5, 'linear');
      const ys = spaced(s.fn.domain.y[0], s.fn.domain.y[1], 5, 'linear');
      let unchanged = 0;
      for (let c = 0; c < 25; c++) {
        const start = [xs[Math.floor(c / 5)]!, ys[c % 5]!] as const;
        // The command line's run of that start (the row's case fields) …
        const r = runCase(
          {
            id: 'c',
            f: job.f,
            optimizer: row.optimizer,
            params: row.params,
            start,
            steps: s.steps,
            ...caseExtras(row),
          },
          0,
        );
        if ('error' in r) throw new Error(r.error);
        const last = r.trajectory.at(-1)!;
        const steps =
          r.status === 'converged' ? r.converged_at : r.status === 'diverged' ? r.diverged_at : s.steps;
        expect([cells.x[c], cells.y[c], cells.f[c], STATUSES[cells.status[c]!], cells.steps[c]]).toEqual([
          ...last,
          r.status,
          steps,
        ]);
        // … and the page's own run of the row from there.
        const fn = compile(s.fn.expression);
        if (!fn.ok) throw new Error(fn.error.message);
        const run = runOf(runSpecOf(row, { ...s, start }), fn.value).advanceTo(s.steps);
        expect(run.xyf.slice(3 * (run.rows - 1), 3 * run.rows)).toEqual(Float64Array.from(last));
        // The same start without the schedule and noise ends elsewhere: they were not ignored.
        const bare = runCase(
          { id: 'c', f: job.f, optimizer: 'adam', params: row.params, start, steps: 60 },
          0,
        );
        if ('error' in bare) throw new Error(bare.error);
        if (bare.trajectory.at(-1)![0] === last[0]) unchanged++;
      }
      expect(unchanged).toBeLessThan(25);
    });
  }
});

describe('the basins layer', () => {
  it('drapes the surface grid in 3-D, and is the four corners of the domain in a (flat) 2-D pane', () => {
    const s = defaultState();
    const derived = new Derived();
    derived.update(s);
    const grid = derived.grid!;
    const context = (kind: '2d' | '3d'): LayerContext => ({
      state: s,
      previous: null,
      derived,
      changes: { fn: false, grid: false, runs: false },
      frame: makeFrame(grid.domain, ...derived.zRange(s.view), kind === '2d' ? 0 : s.view.exaggeration),
      frameChanged: true,
      kind,
      shows: () => true,
    });
    maps.setBasins({ on: true, n: 64 });
    const layer = new BasinsLayer();
    try {
      layer.update(context('2d'));
      // The map as if its first answer were in (the pool is not needed to lay the drape).
      const entry = maps.wanted[0]!;
      const n = entry.job.kind === 'basins' ? entry.job.grid.n : 0;
      entry.map = new MapResult(n, n);
      entry.map.known[0] = 1;
      entry.done = 1;
      layer.update(context('2d'));
      const g = layer.object.geometry;
      expect(g.index!.count).toBe(6);
      const position = g.getAttribute('position') as BufferAttribute;
      const uv = g.getAttribute('uv') as BufferAttribute;
      const f = context('2d').frame;
      const { x, y } = grid.domain;
      const corners = [
        [x[0], y[0], 0, 0],
        [x[1], y[0], 1, 0],
        [x[0], y[1], 0, 1],
        [x[1], y[1], 1, 1],
      ] as const;
      corners.forEach(([cx, cy, i, j], k) => {
        expect(position.getX(k)).toBeCloseTo(worldX(f, cx), 5);
        expect(position.getY(k)).toBeCloseTo(LIFT / 2, 6);
        expect(position.getZ(k)).toBeCloseTo(worldZ(f, cy), 5);
        // Texel centres on the starts: u from ½/n to 1 − ½/n.
        expect(uv.getX(k)).toBeCloseTo((0.5 + (n - 1) * i) / n, 6);
        expect(uv.getY(k)).toBeCloseTo((0.5 + (n - 1) * j) / n, 6);
      });
      layer.update(context('3d'));
      expect(layer.object.geometry.index!.count).toBe((grid.nx - 1) * (grid.ny - 1) * 6);
    } finally {
      layer.dispose();
      maps.setBasins({ on: false });
    }
  });
});
