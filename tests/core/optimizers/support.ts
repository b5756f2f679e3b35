/**
 * Test support for the optimizer rules: hand-written gradients of the reference functions (the same
 * expressions as tests/reference/optimizers_ref.py), a trajectory runner and the fixture loader.
 */

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  type Group,
  getOptimizer,
  groupOf,
  type Objective,
  type OptimizerDef,
  type ParamValues,
  resolveParams,
} from '../../../src/core/optimizers/index.ts';

export type Gradient = (x: number, y: number) => readonly [number, number];

/** Exact gradients, written out by hand. */
export const GRADIENTS: Readonly<Record<string, Gradient>> = {
  /** f = x²/20 + y² (the book's): ∇f = (x/10, 2y). */
  quadratic: (x, y) => [x / 10, 2 * y],
  /** f = (1 − x)² + 100·(y − x²)²: ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)). */
  rosenbrock: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  /** f = (x² + y − 11)² + (x + y² − 7)²: ∇f = (4x·a + 2b, 2a + 4y·b), a = x² + y − 11, b = x + y² − 7. */
  himmelblau: (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
  },
};

/** The registry entry `id`, or a thrown error (tests only). */
export function def(id: string): OptimizerDef {
  const found = getOptimizer(id);
  if (found === undefined) throw new Error(`no optimizer ${id}`);
  return found;
}

/** f itself, written out by hand (the same expressions as tests/reference/optimizers_ref.py). */
export const VALUES: Readonly<Record<string, (x: number, y: number) => number>> = {
  quadratic: (x, y) => (x * x) / 20 + y * y,
  rosenbrock: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  himmelblau: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
};

/** Exact Hessians [fxx, fxy, fxy, fyy], written out by hand. */
export const HESSIANS: Readonly<Record<string, (x: number, y: number) => readonly number[]>> = {
  quadratic: () => [0.1, 0, 0, 2],
  rosenbrock: (x, y) => [2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200],
  himmelblau: (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * a + 8 * x * x + 2, 4 * x + 4 * y, 4 * x + 4 * y, 2 + 4 * b + 8 * y * y];
  },
};

/** The full objective of a reference function: f, ∇f and the Hessian, hand-written; counts valueGrad calls. */
export function referenceObjective(name: string): Objective & { evaluations: number } {
  const gradient = GRADIENTS[name]!;
  const value = VALUES[name]!;
  const hessian = HESSIANS[name]!;
  return {
    dim: 2,
    evaluations: 0,
    valueGrad(p, g) {
      this.evaluations += 1;
      const [gx, gy] = gradient(p[0]!, p[1]!);
      g[0] = gx;
      g[1] = gy;
      return value(p[0]!, p[1]!);
    },
    value: (p) => value(p[0]!, p[1]!),
    hessian(p, h) {
      h.set(hessian(p[0]!, p[1]!));
    },
  };
}

/** Resolved parameters of `id` with `given` on top of the defaults; throws on invalid input (tests only). */
export function params(id: string, given: Readonly<Record<string, unknown>> = {}): ParamValues {
  const resolved = resolveParams(def(id), given);
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.value;
}

/** The objective of a hand-written 2-D gradient (f itself is not needed by the per-gradient rules: 0). */
export function objectiveOf(gradient: Gradient): Objective {
  return {
    dim: 2,
    valueGrad(p, g) {
      const [gx, gy] = gradient(p[0]!, p[1]!);
      g[0] = gx;
      g[1] = gy;
      return 0;
    },
  };
}

/** An objective for rules that only use the gradient they are handed: evaluating it is a test failure. */
export function noObjective(dim: number): Objective {
  return {
    dim,
    valueGrad() {
      throw new Error('this rule should not evaluate the objective');
    },
  };
}

/** A fresh param group of `id` with `values` (lr, momentum, beta1 as resolved). */
export function groupFor(id: string, values: ParamValues): Group {
  return groupOf(def(id), values);
}

/** The path of `id` from `start` over `steps` updates on `gradient`: steps + 1 points, the start first. */
export function trajectory(
  id: string,
  values: ParamValues,
  gradient: Gradient,
  start: readonly [number, number],
  steps: number,
): [number, number][] {
  const optimizer = def(id).create(values, 2);
  const group = groupFor(id, values);
  const objective = objectiveOf(gradient);
  const p = Float64Array.from(start);
  const g = new Float64Array(2);
  const points: [number, number][] = [[p[0]!, p[1]!]];
  for (let k = 0; k < steps; k++) {
    const [gx, gy] = gradient(p[0]!, p[1]!);
    g[0] = gx;
    g[1] = gy;
    optimizer.step(p, g, group, objective);
    points.push([p[0]!, p[1]!]);
  }
  return points;
}

/** Feeds the given gradients in order to a fresh optimizer at `start` (any dimension); returns every point. */
export function feed(
  id: string,
  values: ParamValues,
  start: readonly number[],
  gradients: readonly (readonly number[])[],
): number[][] {
  const optimizer = def(id).create(values, start.length);
  const group = groupFor(id, values);
  const objective = noObjective(start.length);
  const p = Float64Array.from(start);
  const points = [Array.from(p)];
  for (const g of gradients) {
    optimizer.step(p, Float64Array.from(g), group, objective);
    points.push(Array.from(p));
  }
  return points;
}

/** Largest |a − b|/max(1, |b|) over all coordinates of two equally long paths. */
export function maxDeviation(
  actual: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k]!;
    const e = expected[k]!;
    expect(a.length).toBe(e.length);
    for (let i = 0; i < e.length; i++) {
      const d = Math.abs(a[i]! - e[i]!) / Math.max(1, Math.abs(e[i]!));
      worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(worst, d);
    }
  }
  return worst;
}

/** Asserts |actual − expected| ≤ tol·max(1, |expected|). */
export function expectNear(actual: number, expected: number, tol = 1e-14): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol * scale)) {
    expect.fail(`expected ${actual} to be within ${tol}·${scale} of ${expected}`);
  }
}

export interface FixtureCase {
  readonly name: string;
  readonly optimizer: string;
  readonly params: Readonly<Record<string, number | boolean | string>>;
  readonly function: string;
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly trajectory: readonly (readonly [number, number])[];
}

export interface Fixture {
  readonly generator: string;
  readonly defaults?: Readonly<Record<string, Readonly<Record<string, number | boolean | string>>>>;
  readonly cases: readonly FixtureCase[];
  readonly pytorch_adam?: {
    readonly params: Readonly<Record<string, number | boolean | string>>;
    readonly trajectory: readonly (readonly [number, number])[];
    readonly max_gap_to_paper: number;
  };
}

/** A fixture written by tests/reference/optimizers_ref.py. */
export function loadFixture(name: string): Fixture {
  const url = new URL(`../../reference/fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixture;
}

/** Fixture families, one JSON file each. */
export const FAMILIES = [
  'sgd',
  'adagrad',
  'rmsprop',
  'adam',
  'adamax',
  'nadam',
  'radam',
  'adadelta',
] as const;

/** A fixture case with the optimizer state after every row (lab.json, torch_states.json). */
export interface StateCase {
  readonly name: string;
  readonly optimizer: string;
  readonly params: Readonly<Record<string, number | boolean | string>>;
  readonly function: string;
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly trajectory: readonly (readonly [number, number])[];
  /** The gradient points (y) where the optimizer reports another point (Schedule-Free). */
  readonly gradient_points?: readonly (readonly [number, number])[];
  readonly state: readonly Readonly<Record<string, unknown>>[];
}

/** |a − b| ≤ tol·max(1, |b|), elementwise through numbers and arrays (null only where null is expected). */
export function closeDeep(a: unknown, b: unknown, tol = 1e-10): boolean {
  if (b === null) return a === null;
  if (typeof b === 'number')
    return typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  if (Array.isArray(b))
    return Array.isArray(a) && a.length === b.length && b.every((v, i) => closeDeep(a[i], v, tol));
  return false;
}

/** Replays `c` with hand-written f, ∇f and Hessian; returns the reported points, the gradient points and the states. */
export function replayCase(c: StateCase) {
  const d = def(c.optimizer);
  const values = params(c.optimizer, c.params);
  const optimizer = d.create(values, 2);
  const group = groupOf(d, values);
  const objective = referenceObjective(c.function);
  const gradient = GRADIENTS[c.function]!;
  const p = Float64Array.from(c.start);
  const g = new Float64Array(2);
  const q = new Float64Array(2);
  const report = () => {
    if (optimizer.reported === undefined) return [p[0]!, p[1]!];
    optimizer.reported(p, q);
    return [q[0]!, q[1]!];
  };
  const points = [report()];
  const yPoints = [[p[0]!, p[1]!]];
  const states = [optimizer.state()];
  for (let k = 0; k < c.steps; k++) {
    const [gx, gy] = gradient(p[0]!, p[1]!);
    g[0] = gx;
    g[1] = gy;
    optimizer.step(p, g, group, objective);
    points.push(report());
    yPoints.push([p[0]!, p[1]!]);
    states.push(optimizer.state());
  }
  return { points, yPoints, states };
}

/** Replays `c` and asserts every row's point, gradient point and state (names and values) to 1e-10. */
export function expectReplay(c: StateCase): void {
  const { points, yPoints, states } = replayCase(c);
  for (let k = 0; k <= c.steps; k++) {
    if (!closeDeep(points[k], c.trajectory[k])) {
      expect.fail(`row ${k}: point ${JSON.stringify(points[k])} ≠ ${JSON.stringify(c.trajectory[k])}`);
    }
    if (c.gradient_points !== undefined && !closeDeep(yPoints[k], c.gradient_points[k])) {
      expect.fail(`row ${k}: y ${JSON.stringify(yPoints[k])} ≠ ${JSON.stringify(c.gradient_points[k])}`);
    }
    const expected = c.state[k]!;
    const actual = states[k]!;
    expect(Object.keys(actual).sort(), `row ${k} state names`).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) {
      if (!closeDeep(actual[name], value)) {
        expect.fail(`row ${k}: state ${name} ${JSON.stringify(actual[name])} ≠ ${JSON.stringify(value)}`);
      }
    }
  }
}
