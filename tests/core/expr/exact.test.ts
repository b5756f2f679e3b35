import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Node, parse } from '../../../src/core/expr/index.ts';
import { compiled, expectNear, gradientOf, hessianOf } from './helpers.ts';

/** |a − b| ≤ tol · max(1, |b|) for each pair. */
function expectAll(actual: readonly number[], expected: readonly number[], tol: number, label: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => {
    expectNear(a, expected[k]!, tol, `${label}[${k}]`);
  });
}

const coordinate = fc.double({ min: -3, max: 3, noNaN: true });

describe('hand-computed derivatives', () => {
  it('Rosenbrock at (-1.5, 2)', () => {
    // 1 - x = 2.5, y - x² = -0.25: f = 6.25 + 100·0.0625 = 12.5,
    // fx = -2(1 - x) - 400x(y - x²) = -5 - 150 = -155, fy = 200(y - x²) = -50,
    // fxx = 2 - 400(y - x²) + 800x² = 2 + 100 + 1800 = 1902, fxy = -400x = 600, fyy = 200.
    const f = compiled('(1 - x)^2 + 100*(y - x^2)^2');
    expect(gradientOf(f, -1.5, 2)).toEqual([12.5, -155, -50]);
    expect(hessianOf(f, -1.5, 2)).toEqual([12.5, 1902, 600, 200]);
  });

  it('Himmelblau vanishes with its gradient at (3, 2)', () => {
    const f = compiled('(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
    expect(gradientOf(f, 3, 2)).toEqual([0, 0, 0]);
    // fxx = 12x² + 4y - 42 = 74, fxy = 4x + 4y = 20, fyy = 4x + 12y² - 26 = 34.
    expect(hessianOf(f, 3, 2)).toEqual([0, 74, 20, 34]);
  });

  it('Booth and Beale minima', () => {
    expectAll(gradientOf(compiled('(x + 2*y - 7)^2 + (2*x + y - 5)^2'), 1, 3), [0, 0, 0], 0, 'Booth');
    const beale = compiled('(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2');
    expectAll(gradientOf(beale, 3, 0.5), [0, 0, 0], 0, 'Beale');
  });

  const handGradients: [string, (x: number, y: number) => number[], (x: number, y: number) => number[]][] = [
    ['x^2/20 + y^2', (x, y) => [x / 10, 2 * y], () => [0.1, 0, 2]],
    [
      '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
      (x, y) => [
        4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
        2 * (x * x + y - 11) + 4 * y * (x + y * y - 7),
      ],
      (x, y) => [12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y * y - 26],
    ],
    [
      '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
      (x, y) => [2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5), 4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5)],
      () => [10, 8, 10],
    ],
    [
      '0.26*(x^2 + y^2) - 0.48*x*y',
      (x, y) => [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x],
      () => [0.52, -0.48, 0.52],
    ],
    ['x^2 - y^2', (x, y) => [2 * x, -2 * y], () => [2, 0, -2]],
    ['x^3 - 3*x*y^2', (x, y) => [3 * x * x - 3 * y * y, -6 * x * y], (x, y) => [6 * x, -6 * y, -6 * x]],
    [
      '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)',
      (x, y) => [
        2 * x + 20 * Math.PI * Math.sin(2 * Math.PI * x),
        2 * y + 20 * Math.PI * Math.sin(2 * Math.PI * y),
      ],
      (x, y) => [
        2 + 40 * Math.PI ** 2 * Math.cos(2 * Math.PI * x),
        0,
        2 + 40 * Math.PI ** 2 * Math.cos(2 * Math.PI * y),
      ],
    ],
    [
      '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2',
      (x, y) => [(4 * x ** 3 - 32 * x + 5) / 2, (4 * y ** 3 - 32 * y + 5) / 2],
      (x, y) => [(12 * x * x - 32) / 2, 0, (12 * y * y - 32) / 2],
    ],
    [
      '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2',
      (x, y) => [4 * x - 4.2 * x ** 3 + x ** 5 + y, x + 2 * y],
      (x) => [4 - 12.6 * x * x + 5 * x ** 4, 1, 2],
    ],
  ];

  it.each(handGradients)('%s matches the derivative worked out by hand', (src, grad, hess) => {
    const f = compiled(src);
    fc.assert(
      fc.property(coordinate, coordinate, (x, y) => {
        const [, gx, gy] = gradientOf(f, x, y);
        const [, hxx, hxy, hyy] = hessianOf(f, x, y);
        expectAll([gx, gy], grad(x, y), 1e-12, `∇ ${src}`);
        expectAll([hxx, hxy, hyy], hess(x, y), 1e-12, `H ${src}`);
      }),
    );
  });
});

describe('derivatives of each function agree with their textbook formulas', () => {
  const s = (u: number) => Math.sqrt(u);
  const cases: [string, number, (t: number) => number, (t: number) => number][] = [
    // [f(x) as text, a point, f'(x), f''(x)]
    ['sin(x)', 0.7, Math.cos, (t) => -Math.sin(t)],
    ['cos(x)', 0.7, (t) => -Math.sin(t), (t) => -Math.cos(t)],
    ['tan(x)', 0.7, (t) => 1 / Math.cos(t) ** 2, (t) => (2 * Math.sin(t)) / Math.cos(t) ** 3],
    ['asin(x)', 0.3, (t) => 1 / s(1 - t * t), (t) => t / (1 - t * t) ** 1.5],
    ['acos(x)', 0.3, (t) => -1 / s(1 - t * t), (t) => -t / (1 - t * t) ** 1.5],
    ['atan(x)', 0.7, (t) => 1 / (1 + t * t), (t) => (-2 * t) / (1 + t * t) ** 2],
    ['sinh(x)', 0.7, Math.cosh, Math.sinh],
    ['cosh(x)', 0.7, Math.sinh, Math.cosh],
    ['tanh(x)', 0.7, (t) => 1 / Math.cosh(t) ** 2, (t) => (-2 * Math.sinh(t)) / Math.cosh(t) ** 3],
    ['exp(x)', 0.7, Math.exp, Math.exp],
    ['log(x)', 0.7, (t) => 1 / t, (t) => -1 / (t * t)],
    ['ln(x)', 0.7, (t) => 1 / t, (t) => -1 / (t * t)],
    ['log10(x)', 0.7, (t) => 1 / (t * Math.LN10), (t) => -1 / (t * t * Math.LN10)],
    ['log2(x)', 0.7, (t) => 1 / (t * Math.LN2), (t) => -1 / (t * t * Math.LN2)],
    ['sqrt(x)', 0.7, (t) => 0.5 / s(t), (t) => -0.25 / t ** 1.5],
    ['abs(x)', -0.7, () => -1, () => 0],
    ['sign(x)', -0.7, () => 0, () => 0],
    ['floor(x)', 0.7, () => 0, () => 0],
    ['ceil(x)', 0.7, () => 0, () => 0],
    ['x^6', 1.1, (t) => 6 * t ** 5, (t) => 30 * t ** 4],
    ['x^-3', 1.1, (t) => -3 * t ** -4, (t) => 12 * t ** -5],
    ['x^2.5', 1.1, (t) => 2.5 * t ** 1.5, (t) => 3.75 * t ** 0.5],
    ['2^x', 1.1, (t) => 2 ** t * Math.LN2, (t) => 2 ** t * Math.LN2 ** 2],
    ['x^x', 1.1, (t) => t ** t * (Math.log(t) + 1), (t) => t ** t * ((Math.log(t) + 1) ** 2 + 1 / t)],
    ['pow(x, 3)', 1.1, (t) => 3 * t * t, (t) => 6 * t],
  ];

  it.each(cases)('%s at x = %d', (src, x, d1, d2) => {
    const f = compiled(src);
    const [, gx, gy] = gradientOf(f, x, 0.4);
    const [, hxx, hxy, hyy] = hessianOf(f, x, 0.4);
    expectAll([gx, gy, hxx, hxy, hyy], [d1(x), 0, d2(x), 0, 0], 1e-13, src);
  });

  it('two-argument functions', () => {
    // hypot: (x/r, y/r); atan2(y, x): (-y/r², x/r²); at (3, 4): r = 5.
    expectAll(gradientOf(compiled('hypot(x, y)'), 3, 4), [5, 0.6, 0.8], 1e-15, 'hypot');
    expectAll(gradientOf(compiled('atan2(y, x)'), 3, 4), [Math.atan2(4, 3), -4 / 25, 3 / 25], 1e-15, 'atan2');
    // hypot Hessian: (y²/r³, -xy/r³, x²/r³); atan2: (2xy/r⁴, (y² - x²)/r⁴, -2xy/r⁴).
    expectAll(
      hessianOf(compiled('hypot(x, y)'), 3, 4).slice(1),
      [16 / 125, -12 / 125, 9 / 125],
      1e-15,
      'hypot H',
    );
    expectAll(
      hessianOf(compiled('atan2(y, x)'), 3, 4).slice(1),
      [24 / 625, 7 / 625, -24 / 625],
      1e-15,
      'atan2 H',
    );
    expectAll(gradientOf(compiled('x/y'), 3, 2), [1.5, 0.5, -0.75], 1e-15, 'x/y');
    expectAll(hessianOf(compiled('x/y'), 3, 2), [1.5, 0, -0.25, 0.75], 1e-15, 'x/y H');
    expectAll(gradientOf(compiled('x^y'), 2, 3), [8, 12, 8 * Math.LN2], 1e-15, 'x^y');
    expectAll(gradientOf(compiled('pow(x, y)'), 2, 3), [8, 12, 8 * Math.LN2], 1e-15, 'pow');
    expectAll(gradientOf(compiled('min(x, y)'), 2, 1), [1, 0, 1], 0, 'min');
    expectAll(gradientOf(compiled('max(x, y)'), 2, 1), [2, 1, 0], 0, 'max');
    expectAll(gradientOf(compiled('min(x, y, 2*x)'), -1, 1), [-2, 2, 0], 0, 'min3');
  });
});

describe('defined values where the derivative does not exist', () => {
  const finite = (values: readonly number[]): void => {
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
  };
  const zeros = (values: readonly number[]): void => {
    for (const v of values) expect(Math.abs(v)).toBe(0);
  };

  it('abs at 0 has subgradient sign(0) = 0', () => {
    const f = compiled('abs(x) + abs(y)');
    zeros(gradientOf(f, 0, 0));
    zeros(hessianOf(f, 0, 0));
  });

  it('sqrt at 0 gives 0, not Infinity', () => {
    zeros(gradientOf(compiled('sqrt(x)'), 0, 0));
    zeros(hessianOf(compiled('sqrt(x)'), 0, 0));
    const cone = compiled('sqrt(x^2 + y^2)');
    zeros(gradientOf(cone, 0, 0));
    finite(hessianOf(cone, 0, 0));
    zeros(gradientOf(compiled('x^0.5'), 0, 1));
    zeros(gradientOf(compiled('x^-1 * 0 + x^0.3'), 0, 1).slice(1));
  });

  it('Ackley at its minimum (0, 0): value 0, gradient 0, finite Hessian', () => {
    const f = compiled('-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20');
    const [v, gx, gy] = gradientOf(f, 0, 0);
    expect(Math.abs(v)).toBeLessThan(1e-14);
    zeros([gx, gy]);
    const h = hessianOf(f, 0, 0);
    finite(h);
    // Only the cosine term is twice differentiable there: fxx = fyy = 2π²·e (the cone tip contributes 0).
    expectNear(h[1], 2 * Math.PI ** 2 * Math.E, 1e-12, 'fxx');
    expect(Math.abs(h[2])).toBe(0);
  });

  it('hypot and atan2 at the origin', () => {
    zeros(gradientOf(compiled('hypot(x, y)'), 0, 0));
    finite(hessianOf(compiled('hypot(x, y)'), 0, 0));
    zeros(gradientOf(compiled('atan2(y, x)'), 0, 0));
    finite(hessianOf(compiled('atan2(y, x)'), 0, 0));
  });

  it('asin and acos at ±1', () => {
    expectAll(gradientOf(compiled('asin(x)'), 1, 0), [Math.PI / 2, 0, 0], 0, 'asin(1)');
    expectAll(gradientOf(compiled('acos(x)'), -1, 0), [Math.PI, 0, 0], 0, 'acos(-1)');
    finite(hessianOf(compiled('asin(x) + acos(y)'), 1, -1));
  });

  it('powers at a zero base', () => {
    // d/dx x^y = y·x^(y-1): 0 for y > 1, 1 for y = 1, infinite for y < 1 (→ 0); d/dy x^y at x = 0 → 0.
    expectAll(gradientOf(compiled('x^y'), 0, 2), [0, 0, 0], 0, 'x^y at (0, 2)');
    expectAll(gradientOf(compiled('x^y'), 0, 1), [0, 1, 0], 0, 'x^y at (0, 1)');
    expectAll(gradientOf(compiled('x^y'), 0, 0.5), [0, 0, 0], 0, 'x^y at (0, 0.5)');
    finite(hessianOf(compiled('x^y'), 0, 2));
  });

  it('min/max take the first branch on ties; sign, floor, ceil have derivative 0', () => {
    expectAll(gradientOf(compiled('min(x, y)'), 1, 1), [1, 1, 0], 0, 'min tie');
    expectAll(gradientOf(compiled('max(x, y)'), 1, 1), [1, 1, 0], 0, 'max tie');
    zeros(gradientOf(compiled('sign(x) + floor(y) + ceil(x)'), 0, 0).slice(1));
  });
});

/**
 * An independent second-order forward-mode evaluator: each subexpression is a truncated Taylor
 * polynomial [f, fx, fy, fxx, fxy, fyy] and the rules are the textbook ones for sums, products,
 * quotients and φ(u) (φ' and φ'' given). It walks the tree from `parse` directly.
 */
type Jet = [number, number, number, number, number, number];
const mulJ = (u: Jet, w: Jet): Jet => [
  u[0] * w[0],
  u[1] * w[0] + u[0] * w[1],
  u[2] * w[0] + u[0] * w[2],
  u[3] * w[0] + 2 * u[1] * w[1] + u[0] * w[3],
  u[4] * w[0] + u[1] * w[2] + u[2] * w[1] + u[0] * w[4],
  u[5] * w[0] + 2 * u[2] * w[2] + u[0] * w[5],
];
const chain = (u: Jet, f: number, d1: number, d2: number): Jet => [
  f,
  d1 * u[1],
  d1 * u[2],
  d2 * u[1] * u[1] + d1 * u[3],
  d2 * u[1] * u[2] + d1 * u[4],
  d2 * u[2] * u[2] + d1 * u[5],
];
const constJ = (c: number): Jet => [c, 0, 0, 0, 0, 0];

/** Largest |value| of any subexpression seen by `jet` (to skip ill-conditioned samples such as sin(1e8)). */
let largest = 0;

function jet(node: Node, x: number, y: number): Jet {
  const j = jetOf(node, x, y);
  largest = Math.max(largest, Math.abs(j[0]));
  return j;
}

function jetOf(node: Node, x: number, y: number): Jet {
  switch (node.kind) {
    case 'num':
    case 'const':
      return constJ(node.value);
    case 'var':
      return node.name === 'x' ? [x, 1, 0, 0, 0, 0] : [y, 0, 1, 0, 0, 0];
    case 'neg':
      return jet(node.arg, x, y).map((c) => -c) as Jet;
    case 'add':
    case 'sub': {
      const u = jet(node.left, x, y);
      const w = jet(node.right, x, y);
      const s = node.kind === 'add' ? 1 : -1;
      return u.map((c, k) => c + s * w[k]!) as Jet;
    }
    case 'mul':
      return mulJ(jet(node.left, x, y), jet(node.right, x, y));
    case 'div': {
      const w = jet(node.right, x, y);
      const u = jet(node.left, x, y);
      const r = 1 / w[0];
      const q = mulJ(u, chain(w, r, -r * r, 2 * r * r * r));
      q[0] = u[0] / w[0];
      return q;
    }
    case 'pow': {
      const n = (node.right as { value: number }).value;
      const u = jet(node.left, x, y);
      return chain(u, u[0] ** n, n * u[0] ** (n - 1), n * (n - 1) * u[0] ** (n - 2));
    }
    case 'call': {
      const u = jet(node.args[0]!, x, y);
      const t = u[0];
      switch (node.fn) {
        case 'sin':
          return chain(u, Math.sin(t), Math.cos(t), -Math.sin(t));
        case 'cos':
          return chain(u, Math.cos(t), -Math.sin(t), -Math.cos(t));
        case 'exp':
          return chain(u, Math.exp(t), Math.exp(t), Math.exp(t));
        case 'atan':
          return chain(u, Math.atan(t), 1 / (1 + t * t), (-2 * t) / (1 + t * t) ** 2);
        case 'tanh': {
          const th = Math.tanh(t);
          return chain(u, th, 1 - th * th, -2 * th * (1 - th * th));
        }
        default:
          throw new Error(`jet: ${node.fn} not supported`);
      }
    }
    default:
      throw new Error(`jet: ${node.kind} not supported`);
  }
}

/** Random smooth expressions (no poles: divisions are by 1 + u², exp only of sin). */
const smooth: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', 'pi', '0.5', '2', '3', '1.25'),
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*', ''), tie('e'))
      .map(([a, op, b]) => (op === '' ? `(${a})(${b})` : `(${a}) ${op} (${b})`)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) / (1 + (${b})^2)`),
    fc.tuple(tie('e'), fc.constantFrom('2', '3')).map(([a, n]) => `(${a})^${n}`),
    tie('e').map((a) => `-(${a})`),
    fc.tuple(fc.constantFrom('sin', 'cos', 'atan', 'tanh'), tie('e')).map(([fn, a]) => `${fn}(${a})`),
    tie('e').map((a) => `exp(sin(${a}))`),
  ),
})).e;

describe('symbolic derivatives agree with an independent forward-mode evaluator', () => {
  it('on random smooth expressions', () => {
    const small = fc.double({ min: -1.5, max: 1.5, noNaN: true });
    fc.assert(
      fc.property(smooth, small, small, (src, x, y) => {
        const tree = parse(src);
        expect(tree.ok).toBe(true);
        if (!tree.ok) return;
        largest = 0;
        const expected = jet(tree.value, x, y);
        // Large intermediates make the result ill-conditioned (sin of 1e8 depends on its last bits).
        fc.pre(largest < 100 && expected.every((c) => Math.abs(c) < 1e6));
        const f = compiled(src);
        const [v, gx, gy] = gradientOf(f, x, y);
        const [, hxx, hxy, hyy] = hessianOf(f, x, y);
        expectAll([v, gx, gy, hxx, hxy, hyy], expected, 1e-9, src);
      }),
      { numRuns: 300 },
    );
  });
});
