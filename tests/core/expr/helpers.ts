/** Shared helpers for the expression-language tests (not a test file itself). */

import { expect } from 'vitest';
import { type CompiledFunction, compile, type ExprError, parse } from '../../../src/core/expr/index.ts';

/** Compiles or fails the test with the parser's message. */
export function compiled(src: string): CompiledFunction {
  const r = compile(src);
  if (!r.ok) throw new Error(`compile(${JSON.stringify(src)}) failed: ${r.error.message}`);
  return r.value;
}

/** The error of an input that must not parse (and must not compile either). */
export function parseError(src: string): ExprError {
  const r = parse(src);
  if (r.ok) throw new Error(`parse(${JSON.stringify(src)}) unexpectedly succeeded`);
  const c = compile(src);
  expect(c.ok).toBe(false);
  if (!c.ok) expect(c.error).toEqual(r.error);
  return r.error;
}

/** |actual − expected| ≤ tol · max(1, |expected|): relative for large values, absolute near 0. */
export function expectNear(actual: number, expected: number, tol: number, label = ''): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol * scale)) {
    throw new Error(`${label} expected ${expected}, got ${actual} (tolerance ${tol} × ${scale})`);
  }
}

/** Value and gradient through `valueGrad`. */
export function gradientOf(f: CompiledFunction, x: number, y: number): [number, number, number] {
  const out = new Float64Array(2);
  const v = f.valueGrad(x, y, out);
  return [v, out[0]!, out[1]!];
}

/** Value and Hessian (fxx, fxy, fyy) through `hessian`. */
export function hessianOf(f: CompiledFunction, x: number, y: number): [number, number, number, number] {
  const out = new Float64Array(3);
  const v = f.hessian(x, y, out);
  return [v, out[0]!, out[1]!, out[2]!];
}

/** Central difference of `g` along x and y with step h. */
export function centralDifference(
  g: (x: number, y: number) => number,
  x: number,
  y: number,
  h: number,
): [number, number] {
  return [(g(x + h, y) - g(x - h, y)) / (2 * h), (g(x, y + h) - g(x, y - h)) / (2 * h)];
}
