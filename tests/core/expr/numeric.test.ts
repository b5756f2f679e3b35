import { describe, expect, it } from 'vitest';
import { numericGradient } from '../../../src/core/expr/index.ts';
import { FUNCTION_PRESETS } from '../../../src/core/functions/presets.ts';
import { compiled } from './helpers.ts';

describe('numericGradient (central differences, h = 1e-4)', () => {
  it('gives (-0.7, 4) for x²/20 + y² at (-7, 2), as in the book', () => {
    const grad = numericGradient((x, y) => x ** 2 / 20 + y ** 2);
    const out = new Float64Array(2);
    const v = grad(-7, 2, out);
    expect(v).toBeCloseTo(49 / 20 + 4, 14);
    expect(Math.abs(out[0]! - -0.7)).toBeLessThan(1e-10);
    expect(Math.abs(out[1]! - 4)).toBeLessThan(1e-10);
  });

  it('works on a compiled function as well', () => {
    const grad = numericGradient(compiled('x^2/20 + y^2').value);
    const out = new Float64Array(2);
    grad(-7, 2, out);
    expect(Math.abs(out[0]! - -0.7)).toBeLessThan(1e-10);
    expect(Math.abs(out[1]! - 4)).toBeLessThan(1e-10);
  });

  it('evaluates exactly f(x+h, y), f(x-h, y), f(x, y+h), f(x, y-h) and divides by 2h', () => {
    const calls: [number, number][] = [];
    const grad = numericGradient((x, y) => {
      calls.push([x, y]);
      return x === 0.1 + 1e-4 ? 10 : x === 0.1 - 1e-4 ? 4 : y === 0.2 + 1e-4 ? 7 : y === 0.2 - 1e-4 ? 1 : 99;
    });
    const out = new Float64Array(2);
    expect(grad(0.1, 0.2, out)).toBe(99);
    expect(calls).toContainEqual([0.1 + 1e-4, 0.2]);
    expect(calls).toContainEqual([0.1 - 1e-4, 0.2]);
    expect(calls).toContainEqual([0.1, 0.2 + 1e-4]);
    expect(calls).toContainEqual([0.1, 0.2 - 1e-4]);
    expect(out[0]).toBe((10 - 4) / 2e-4);
    expect(out[1]).toBe((7 - 1) / 2e-4);
  });

  it('is exact up to rounding for quadratics, so it matches the symbolic gradient closely', () => {
    const f = compiled('0.26*(x^2 + y^2) - 0.48*x*y');
    const grad = numericGradient(f.value);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (const [x, y] of [
      [1, 2],
      [-3.5, 0.25],
      [10, -10],
    ] as const) {
      grad(x, y, a);
      f.valueGrad(x, y, b);
      expect(Math.abs(a[0]! - b[0]!)).toBeLessThan(1e-9);
      expect(Math.abs(a[1]! - b[1]!)).toBeLessThan(1e-9);
    }
  });
});

describe('compiled numericGrad', () => {
  it('gives the same bits as numericGradient(value) for every preset, at many points', () => {
    const out1 = new Float64Array(2);
    const out2 = new Float64Array(2);
    for (const p of FUNCTION_PRESETS) {
      const f = compiled(p.expression);
      const wrapped = numericGradient(f.value);
      for (let i = 0; i < 50; i++) {
        const x = p.domain.x[0] + ((p.domain.x[1] - p.domain.x[0]) * ((i * 37) % 50)) / 49;
        const y = p.domain.y[0] + ((p.domain.y[1] - p.domain.y[0]) * ((i * 13) % 50)) / 49;
        const v1 = f.numericGrad(x, y, out1);
        const v2 = wrapped(x, y, out2);
        expect([v1, out1[0], out1[1]]).toEqual([v2, out2[0], out2[1]]);
      }
    }
  });
});
