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
