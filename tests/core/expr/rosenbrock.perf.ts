/**
 * Not a test: a side-by-side timing of the compiled Rosenbrock `valueGrad` against the same value and
 * gradient written by hand. Run with `npx tsx tests/core/expr/rosenbrock.perf.ts`; prints the ratio
 * (target: at most 1.5).
 */

import { compile } from '../../../src/core/expr/index.ts';

type ValueGrad = (x: number, y: number, out: Float64Array) => number;

/** f = (1 - x)^2 + 100 (y - x^2)^2, ∂f/∂x = -2(1 - x) - 400 x (y - x^2), ∂f/∂y = 200 (y - x^2). */
const handWritten: ValueGrad = (x, y, out) => {
  const a = 1 - x;
  const b = y - x * x;
  out[0] = -2 * a - 400 * x * b;
  out[1] = 200 * b;
  return a * a + 100 * b * b;
};

const compiled = compile('(1 - x)^2 + 100*(y - x^2)^2');
if (!compiled.ok) throw new Error(compiled.error.message);
const generated: ValueGrad = compiled.value.valueGrad;

const N = 5_000_000;
const xs = new Float64Array(1024);
const ys = new Float64Array(1024);
for (let i = 0; i < 1024; i++) {
  xs[i] = -2 + (4 * i) / 1024;
  ys[i] = -1 + (3 * ((i * 37) % 1024)) / 1024;
}

function run(fn: ValueGrad): { ms: number; sum: number } {
  const out = new Float64Array(2);
  let sum = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const k = i & 1023;
    sum += fn(xs[k]!, ys[k]!, out) + out[0]! + out[1]!;
  }
  return { ms: performance.now() - t0, sum };
}

// Warm up both, then alternate rounds and keep each one's best time.
run(handWritten);
run(generated);
let bestHand = Infinity;
let bestGen = Infinity;
let checksum = 0;
for (let round = 0; round < 7; round++) {
  const h = run(handWritten);
  const g = run(generated);
  bestHand = Math.min(bestHand, h.ms);
  bestGen = Math.min(bestGen, g.ms);
  checksum += h.sum - g.sum;
}
console.log(`hand-written: ${bestHand.toFixed(1)} ms per ${N} calls`);
console.log(`compiled:     ${bestGen.toFixed(1)} ms per ${N} calls`);
console.log(
  `ratio compiled/hand = ${(bestGen / bestHand).toFixed(3)} (checksum difference ${checksum.toExponential(2)})`,
);
