import { describe, expect, it } from 'vitest';
import { bookLayout } from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { getScene, SCENES, sceneState } from '../../src/app/scenes.ts';
import type { AppState } from '../../src/app/state.ts';
import { decodeState, encodeState, isValidState } from '../../src/app/url.ts';
import { compile } from '../../src/core/expr/index.ts';
import { getFunctionPreset } from '../../src/core/functions/presets.ts';
import type { Trajectory } from '../../src/core/runner.ts';

/** Each row's run, by optimizer id (every scene has at most one row per optimizer). */
function runsOf(id: string): { state: AppState; runs: Map<string, Trajectory> } {
  const state = sceneState(id);
  const derived = new Derived();
  derived.update(state);
  const runs = new Map(state.optimizers.map((e) => [e.optimizer, derived.runs.get(e.key)!]));
  return { state, runs };
}

const end = (run: Trajectory) => {
  const k = run.rows - 1;
  return { x: run.xyf[3 * k], y: run.xyf[3 * k + 1], f: run.xyf[3 * k + 2], g: run.gradNorm[k] };
};
const row = (run: Trajectory, k: number) => [run.xyf[3 * k], run.xyf[3 * k + 1]];

/** Runs `update` (book / seed code, exact gradient of x²/20 + y²) and returns the path. */
function bookPath(steps: number, update: (p: number[], g: number[]) => void): number[][] {
  const p = [-7, 2];
  const path = [[...p]];
  for (let i = 0; i < steps; i++) {
    update(p, [p[0] / 10, 2 * p[1]]);
    path.push([...p]);
  }
  return path;
}

function expectPath(run: Trajectory, path: number[][], tolerance = 1e-9): void {
  expect(run.rows).toBe(path.length);
  path.forEach(([x, y], k) => {
    const [rx, ry] = row(run, k);
    expect(Math.abs(rx - x)).toBeLessThan(tolerance);
    expect(Math.abs(ry - y)).toBeLessThan(tolerance);
  });
}

/** The book's (and the seed's) optimizers, transcribed from its Python. */
const book = {
  sgd: (lr: number) => (p: number[], g: number[]) => {
    for (let i = 0; i < 2; i++) p[i] -= lr * g[i];
  },
  momentum: (lr: number, momentum = 0.9) => {
    const v = [0, 0];
    return (p: number[], g: number[]) => {
      for (let i = 0; i < 2; i++) {
        v[i] = momentum * v[i] - lr * g[i];
        p[i] += v[i];
      }
    };
  },
  adagrad: (lr: number) => {
    const h = [0, 0];
    return (p: number[], g: number[]) => {
      for (let i = 0; i < 2; i++) {
        h[i] += g[i] * g[i];
        p[i] -= (lr * g[i]) / (Math.sqrt(h[i]) + 1e-7);
      }
    };
  },
  adam: (lr: number, beta1 = 0.9, beta2 = 0.999) => {
    const m = [0, 0];
    const v = [0, 0];
    let iter = 0;
    return (p: number[], g: number[]) => {
      iter += 1;
      const lrT = (lr * Math.sqrt(1 - beta2 ** iter)) / (1 - beta1 ** iter);
      for (let i = 0; i < 2; i++) {
        m[i] += (1 - beta1) * (g[i] - m[i]);
        v[i] += (1 - beta2) * (g[i] ** 2 - v[i]);
        p[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + 1e-7);
      }
    };
  },
};

describe('every scene', () => {
  it.each(SCENES.map((s) => [s.id, s]))(
    '%s decodes cleanly to a valid state, and its hash is canonical',
    (_, scene) => {
      const { state, ignored } = decodeState(scene.hash);
      expect(ignored).toEqual([]);
      expect(isValidState(state)).toEqual([]);
      expect(encodeState(state)).toBe(scene.hash);
      expect(sceneState(scene.id)).toEqual(state);
      expect(scene.name.length).toBeGreaterThan(0);
      expect(scene.description.length).toBeGreaterThan(40);
      // Every run stays finite, and shows the whole timeline from the start.
      const derived = new Derived();
      derived.update(state);
      expect(derived.error).toBeNull();
      expect(state.playback.step).toBe(state.steps);
      for (const e of state.optimizers) expect(derived.runs.get(e.key)!.status).not.toBe('diverged');
    },
  );

  it('ids are unique; an unknown id gives the default scene', () => {
    expect(new Set(SCENES.map((s) => s.id)).size).toBe(SCENES.length);
    expect(getScene('nope')).toBeUndefined();
    expect(sceneState('nope')).toEqual(defaultState());
  });
});

describe('Book figure 6-8', () => {
  it("is the default scene laid out as the book's four 2-D panes, with contour lines", () => {
    const s = sceneState('book-6-8');
    const layout = bookLayout(defaultState());
    expect(s.optimizers).toEqual(layout.optimizers);
    expect(s.layout).toEqual(layout.layout);
    expect(s.optimizers.map((e) => e.pane)).toEqual([0, 1, 2, 3]);
    expect(s).toMatchObject({ start: [-7, 2], steps: 30, fn: { preset: 'book' } });
    expect(s.view).toMatchObject({ filled: false, contourSpacing: 1, zMax: 7 });
  });

  it("follows the book's own code for all four optimizers", () => {
    const { runs } = runsOf('book-6-8');
    expectPath(runs.get('sgd')!, bookPath(30, book.sgd(0.95)));
    expectPath(runs.get('momentum')!, bookPath(30, book.momentum(0.1)));
    expectPath(runs.get('adagrad')!, bookPath(30, book.adagrad(1.5)));
    expectPath(runs.get('adam')!, bookPath(30, book.adam(0.3)));
    // SGD's zigzag: y ← −0.9·y flips sign every step.
    const sgd = runs.get('sgd')!;
    for (let k = 0; k < 30; k++) expect(Math.sign(row(sgd, k + 1)[1])).toBe(-Math.sign(row(sgd, k)[1]));
  });
});

describe("the seed's three experiments", () => {
  it('SGD lr 0.9 × 100, central differences: x = −7·0.91^k, y = 2·(−0.8)^k', () => {
    const { state, runs } = runsOf('seed-sgd');
    expect(state).toMatchObject({
      steps: 100,
      gradient: 'numeric',
      fn: { domain: { x: [-10, 10], y: [-10, 10] } },
    });
    expect(state.view).toMatchObject({ filled: false, contourSpacing: 1 });
    expect(state.layout.kinds[0]).toBe('2d');
    const sgd = runs.get('sgd')!;
    expect(sgd.rows).toBe(101);
    for (let k = 0; k <= 100; k++) {
      expect(row(sgd, k)[0]).toBeCloseTo(-7 * 0.91 ** k, 9);
      expect(row(sgd, k)[1]).toBeCloseTo(2 * (-0.8) ** k, 9);
    }
  });

  it("Momentum lr 0.2, momentum 0.9 × 20 follows the seed's loop and overshoots past x = 0", () => {
    const { state, runs } = runsOf('seed-momentum');
    expect(state.steps).toBe(20);
    const run = runs.get('momentum')!;
    expectPath(run, bookPath(20, book.momentum(0.2, 0.9)));
    expect(Math.max(...Array.from({ length: run.rows }, (_, k) => row(run, k)[0]))).toBeGreaterThan(1);
  });

  it("AdaGrad lr 0.9, eps 1e-7 × 100 follows the seed's loop: a first step of lr in both directions", () => {
    const { state, runs } = runsOf('seed-adagrad');
    expect(state.steps).toBe(100);
    const run = runs.get('adagrad')!;
    expect(state.optimizers[0].params).toMatchObject({ lr: 0.9, eps: 1e-7 });
    expectPath(run, bookPath(100, book.adagrad(0.9)));
    expect(row(run, 1)[0]).toBeCloseTo(-6.1, 6);
    expect(row(run, 1)[1]).toBeCloseTo(1.1, 6);
  });
});

describe("Rosenbrock's valley", () => {
  const minimum = getFunctionPreset('rosenbrock')!.critical[0];

  it('no optimizer diverges; Momentum and Adam reach the minimum, SGD and AdaGrad are still in the valley', () => {
    const { state, runs } = runsOf('rosenbrock-valley');
    expect(state.view.colorScale).toBe('log');
    expect(state.start).toEqual([-1.5, 2]);
    for (const run of runs.values()) {
      expect(run.status).not.toBe('diverged');
      expect(run.rows).toBe(state.steps + 1);
    }
    for (const id of ['momentum', 'adam']) {
      const e = end(runs.get(id)!);
      expect(Math.hypot(e.x - minimum.x, e.y - minimum.y)).toBeLessThan(0.05);
      expect(e.f).toBeLessThan(1e-3);
    }
    expect(end(runs.get('sgd')!).f).toBeCloseTo(2.8, 1);
    expect(end(runs.get('adagrad')!).f).toBeCloseTo(1, 1);
    // In the valley: y ≈ x² (f's second term is small).
    for (const id of ['sgd', 'adagrad']) {
      const e = end(runs.get(id)!);
      expect(100 * (e.y - e.x ** 2) ** 2).toBeLessThan(0.1);
    }
  });
});

describe("Himmelblau's four basins", () => {
  it('the four optimizers end at four different minima', () => {
    const minima = getFunctionPreset('himmelblau')!.critical.filter((c) => c.kind === 'global minimum');
    const { runs } = runsOf('himmelblau-basins');
    const nearest = (id: string) => {
      const e = end(runs.get(id)!);
      return minima.findIndex((m) => Math.hypot(m.x - e.x, m.y - e.y) < 1e-2);
    };
    const basins = ['sgd', 'momentum', 'nesterov', 'adam'].map(nearest);
    expect(basins).toEqual([3, 0, 1, 2]); // (3.58, −1.85), (3, 2), (−2.81, 3.13), (−3.78, −3.28)
  });
});

describe('Escaping a saddle', () => {
  it('SGD stalls at the saddle point; Momentum and Adam escape (f < −1), Adam first', () => {
    const { state, runs } = runsOf('saddle-escape');
    expect(state.start).toEqual([-1, 0.001]);
    const sgd = end(runs.get('sgd')!);
    expect(Math.hypot(sgd.x, sgd.y)).toBeLessThan(0.2);
    expect(sgd.f).toBeGreaterThan(-0.1);
    expect(end(runs.get('momentum')!).f).toBeCloseTo(-3.6, 1);
    expect(end(runs.get('adam')!).f).toBeCloseTo(-8.9, 1);
    const firstBelow = (run: Trajectory) =>
      Array.from({ length: run.rows }, (_, k) => run.xyf[3 * k + 2]).findIndex((f) => f < -1);
    expect(firstBelow(runs.get('adam')!)).toBeLessThan(firstBelow(runs.get('momentum')!));
    expect(firstBelow(runs.get('sgd')!)).toBe(-1);
  });
});

describe("Rastrigin's local minima", () => {
  it('SGD stops in a local minimum that is not the global one; Momentum and Adam end lower', () => {
    const preset = getFunctionPreset('rastrigin')!;
    const global = preset.critical[0];
    const { runs } = runsOf('rastrigin-local-minima');
    const sgd = end(runs.get('sgd')!);
    expect(sgd.g).toBeLessThan(1e-6);
    expect(Math.hypot(sgd.x - global.x, sgd.y - global.y)).toBeGreaterThan(1);
    expect(sgd.f).toBeCloseTo(12.93, 2);
    // A minimum: every neighbour 1e-3 away is higher (f compiled from the preset's text).
    const fn = compile(preset.expression);
    if (!fn.ok) throw new Error(fn.error.message);
    for (let a = 0; a < 8; a++) {
      const t = (a * Math.PI) / 4;
      expect(fn.value.value(sgd.x + 1e-3 * Math.cos(t), sgd.y + 1e-3 * Math.sin(t))).toBeGreaterThan(sgd.f);
    }
    for (const id of ['momentum', 'adam']) {
      const e = end(runs.get(id)!);
      expect(e.f).toBeCloseTo(3.98, 2);
      expect(e.f).toBeLessThan(sgd.f - 5);
    }
  });
});

describe('Beale', () => {
  it('Adam converges to (3, 0.5); all end close; SGD is the furthest', () => {
    const minimum = getFunctionPreset('beale')!.critical[0];
    const { runs } = runsOf('beale');
    const adam = end(runs.get('adam')!);
    expect(runs.get('adam')!.status).toBe('converged');
    expect(Math.hypot(adam.x - minimum.x, adam.y - minimum.y)).toBeLessThan(1e-4);
    expect(adam.f).toBeLessThan(1e-10);
    const finals = [...runs].map(([id, run]) => [id, end(run).f] as const);
    for (const [, f] of finals) expect(f).toBeLessThan(0.01);
    expect(finals.reduce((a, b) => (b[1] > a[1] ? b : a))[0]).toBe('sgd');
    expect(end(runs.get('sgd')!).f).toBeCloseTo(1.5e-3, 3);
  });
});
