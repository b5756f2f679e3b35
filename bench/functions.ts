/**
 * The benchmark's test functions: each preset's expression compiled by Descent, next to the same
 * function written by hand in JavaScript (value and exact gradient), the baseline the compiled code is
 * measured against.
 */
import { type CompiledFunction, compile } from '../src/core/expr/index.ts';
import { getFunctionPreset } from '../src/core/functions/presets.ts';
import type { Domain } from '../src/core/functions/types.ts';

export type Value = (x: number, y: number) => number;
export type ValueGrad = (x: number, y: number, out: Float64Array) => number;

export interface BenchFunction {
  readonly id: string;
  readonly name: string;
  readonly expression: string;
  readonly domain: Domain;
  readonly start: readonly [number, number];
  readonly compiled: CompiledFunction;
  readonly hand: { readonly value: Value; readonly valueGrad: ValueGrad };
}

const TWO_PI = 2 * Math.PI;

/** Hand-written value and gradient, as a careful programmer would write them. */
const HAND: Record<string, BenchFunction['hand']> = {
  // (1 − x)² + 100 (y − x²)²;  ∂x = −2(1 − x) − 400 x (y − x²),  ∂y = 200 (y − x²).
  rosenbrock: {
    value: (x, y) => {
      const a = 1 - x;
      const b = y - x * x;
      return a * a + 100 * b * b;
    },
    valueGrad: (x, y, out) => {
      const a = 1 - x;
      const b = y - x * x;
      out[0] = -2 * a - 400 * x * b;
      out[1] = 200 * b;
      return a * a + 100 * b * b;
    },
  },
  // 20 + x² − 10 cos 2πx + y² − 10 cos 2πy;  ∂x = 2x + 20π sin 2πx, likewise y.
  rastrigin: {
    value: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
    valueGrad: (x, y, out) => {
      const ax = TWO_PI * x;
      const ay = TWO_PI * y;
      out[0] = 2 * x + 10 * TWO_PI * Math.sin(ax);
      out[1] = 2 * y + 10 * TWO_PI * Math.sin(ay);
      return 20 + x * x - 10 * Math.cos(ax) + y * y - 10 * Math.cos(ay);
    },
  },
  // The book's x²/20 + y²;  ∂x = x/10,  ∂y = 2y.
  book: {
    value: (x, y) => (x * x) / 20 + y * y,
    valueGrad: (x, y, out) => {
      out[0] = x / 10;
      out[1] = 2 * y;
      return (x * x) / 20 + y * y;
    },
  },
};

/** The preset `id` compiled, with its hand-written twin. Throws if either is missing. */
export function benchFunction(id: string): BenchFunction {
  const preset = getFunctionPreset(id);
  const hand = HAND[id];
  if (!preset || !hand) throw new Error(`bench: no preset or hand-written version of "${id}"`);
  const compiled = compile(preset.expression);
  if (!compiled.ok) throw new Error(`bench: ${id} does not compile: ${compiled.error.message}`);
  return {
    id,
    name: preset.name,
    expression: preset.expression,
    domain: preset.domain,
    start: preset.start,
    compiled: compiled.value,
    hand,
  };
}

/** Rosenbrock, Rastrigin and the book's quadratic. */
export const BENCH_FUNCTION_IDS = ['rosenbrock', 'rastrigin', 'book'] as const;

/** `n` (a power of two) points spread over `domain`, deterministic (a fixed-seed LCG). */
export function samplePoints(domain: Domain, n: number): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    xs[i] = domain.x[0] + (domain.x[1] - domain.x[0]) * next();
    ys[i] = domain.y[0] + (domain.y[1] - domain.y[0]) * next();
  }
  return { xs, ys };
}

/**
 * Largest relative difference between the compiled and the hand-written value and gradient over the
 * points (relative to max(1, |reference|)): both must compute the same function.
 */
export function maxDifference(fn: BenchFunction, xs: Float64Array, ys: Float64Array): number {
  const a = new Float64Array(2);
  const b = new Float64Array(2);
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const fa = fn.compiled.valueGrad(xs[i]!, ys[i]!, a);
    const fb = fn.hand.valueGrad(xs[i]!, ys[i]!, b);
    const fv = fn.compiled.value(xs[i]!, ys[i]!);
    for (const [p, q] of [
      [fa, fb],
      [fv, fb],
      [a[0]!, b[0]!],
      [a[1]!, b[1]!],
    ] as const) {
      worst = Math.max(worst, Math.abs(p - q) / Math.max(1, Math.abs(q)));
    }
  }
  return worst;
}
