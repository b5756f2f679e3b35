import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centralDifference, compiled, expectNear, gradientOf, hessianOf } from './helpers.ts';

/**
 * Central differences with h = 1e-6 have truncation error ~h²·f''' and rounding error ~ε·|f|/h;
 * a wrong derivative rule is off by O(1) relative, so tolerance 1e-5 relative to
 * max(1, |f|, |∂f|) separates the two comfortably.
 */
const H = 1e-6;
const TOL = 1e-5;

interface Case {
  readonly src: string;
  /** Square domain [lo, hi]² of the random points. */
  readonly lo: number;
  readonly hi: number;
  /** Points to skip: near kinks, discontinuities or branch cuts, where differences are meaningless. */
  readonly avoid?: (x: number, y: number) => boolean;
}

const PRESETS: readonly Case[] = [
  { src: 'x^2/20 + y^2', lo: -10, hi: 10 },
  { src: '(1 - x)^2 + 100*(y - x^2)^2', lo: -2, hi: 3 },
  { src: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2', lo: -4.5, hi: 4.5 },
  { src: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', lo: -5, hi: 5 },
  { src: '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)', lo: -5.12, hi: 5.12 },
  {
    src: '-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20',
    lo: -5,
    hi: 5,
    avoid: (x, y) => Math.hypot(x, y) < 1e-3,
  },
  { src: '(x + 2*y - 7)^2 + (2*x + y - 5)^2', lo: -10, hi: 10 },
  {
    src: '(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    lo: -2,
    hi: 2,
  },
  { src: '(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2', lo: -3, hi: 3 },
  { src: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2', lo: -5, hi: 5 },
  { src: '0.26*(x^2 + y^2) - 0.48*x*y', lo: -10, hi: 10 },
  {
    src: 'sin(3*pi*x)^2 + (x - 1)^2*(1 + sin(3*pi*y)^2) + (y - 1)^2*(1 + sin(2*pi*y)^2)',
    lo: -10,
    hi: 10,
  },
  { src: '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2', lo: -5, hi: 5 },
  { src: 'x^2 - y^2', lo: -3, hi: 3 },
  { src: 'x^3 - 3*x*y^2', lo: -3, hi: 3 },
];

const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-3;
const nearInteger = (a: number): boolean => near(a, Math.round(a));

/** Every function of the language, with domains that keep away from poles and kinks. */
const FUNCTIONS: readonly Case[] = [
  { src: 'sin(x*y) + cos(x - 2*y)', lo: -3, hi: 3 },
  { src: 'tan(0.3*x + 0.2*y)', lo: -2, hi: 2 },
  { src: 'asin(0.4*x*y)', lo: -1.2, hi: 1.2 },
  { src: 'acos(0.3*(x + y)) * y', lo: -1.5, hi: 1.5 },
  { src: 'atan(x*y - 1)', lo: -3, hi: 3 },
  { src: 'sinh(x - y) + cosh(x*y/2)', lo: -2, hi: 2 },
  { src: 'tanh(2*x + y)', lo: -2, hi: 2 },
  { src: 'exp(0.5*x*y)', lo: -2, hi: 2 },
  { src: 'log(x^2 + y^2 + 1)', lo: -3, hi: 3 },
  { src: 'ln(1 + x^2) * y', lo: -3, hi: 3 },
  { src: 'log10(2 + sin(x) + y^2)', lo: -3, hi: 3 },
  { src: 'log2(x^2 + 3 + y)', lo: -2, hi: 2 },
  { src: 'sqrt(x^2 + y^2 + 0.5)', lo: -3, hi: 3 },
  { src: 'sqrt(x) * y', lo: 0.01, hi: 3 },
  { src: 'abs(x - 2*y) + abs(x)*y', lo: -3, hi: 3, avoid: (x, y) => near(x, 2 * y) || near(x, 0) },
  { src: 'sign(x - 0.3)*y^2 + x', lo: -3, hi: 3, avoid: (x) => near(x, 0.3) },
  { src: 'floor(x)*y + ceil(y)*x', lo: -3, hi: 3, avoid: (x, y) => nearInteger(x) || nearInteger(y) },
  {
    src: 'min(x, y^2) + max(x*y, x + y)',
    lo: -3,
    hi: 3,
    avoid: (x, y) => near(x, y * y) || near(x * y, x + y),
  },
  {
    src: 'min(x, y, 0.5) * max(x, -y, x*y)',
    lo: -2,
    hi: 2,
    avoid: (x, y) =>
      near(x, y) || near(x, 0.5) || near(y, 0.5) || near(x, -y) || near(x, x * y) || near(-y, x * y),
  },
  { src: 'pow(x^2 + 1, y)', lo: -2, hi: 2 },
  { src: 'x^y', lo: 0.1, hi: 3 },
  { src: '2^x * 3^-y + e^(x*y/4)', lo: -2, hi: 2 },
  { src: '(x^2 + 1)^1.5 - (x^2 + y^2 + 1)^-0.5', lo: -3, hi: 3 },
  { src: 'x^-2 + y^0.5', lo: 0.2, hi: 3 },
  { src: 'hypot(x - 1, 2*y)', lo: -3, hi: 3, avoid: (x, y) => Math.hypot(x - 1, 2 * y) < 1e-3 },
  {
    src: 'atan2(y, x)',
    lo: -3,
    hi: 3,
    avoid: (x, y) => Math.hypot(x, y) < 1e-2 || (x < 0 && Math.abs(y) < 1e-3),
  },
  { src: 'atan2(x*y + 2, x - y)', lo: -2, hi: 2, avoid: (x, y) => x - y < 0 && Math.abs(x * y + 2) < 1e-3 },
  { src: 'x/(1 + y^2) - y/(2 + sin(x))', lo: -3, hi: 3 },
  { src: '1/2x + 3(x - y)^3 - --y', lo: -3, hi: 3 },
];

/**
 * A coordinate in [lo, hi]: half the time fast-check's double (biased towards 0, integers and the
 * bounds), half the time uniform over the interval (so few points fall on a kink to be skipped).
 */
const coordinate = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.double({ min: lo, max: hi, noNaN: true }),
    fc.noBias(fc.integer({ min: 0, max: 2 ** 30 })).map((k) => lo + ((hi - lo) * k) / 2 ** 30),
  );
const point = (c: Case): fc.Arbitrary<[number, number]> =>
  fc.tuple(coordinate(c.lo, c.hi), coordinate(c.lo, c.hi));

function checkGradient(c: Case): void {
  const f = compiled(c.src);
  fc.assert(
    fc.property(point(c), ([x, y]) => {
      fc.pre(!c.avoid?.(x, y));
      const [v, gx, gy] = gradientOf(f, x, y);
      expect(v).toBe(f.value(x, y));
      const [nx, ny] = centralDifference(f.value, x, y, H);
      const scale = Math.max(1, Math.abs(v), Math.abs(gx), Math.abs(gy));
      expectNear(gx, nx, (TOL * scale) / Math.max(1, Math.abs(nx)), `∂f/∂x of ${c.src} at (${x}, ${y})`);
      expectNear(gy, ny, (TOL * scale) / Math.max(1, Math.abs(ny)), `∂f/∂y of ${c.src} at (${x}, ${y})`);
    }),
  );
}

function checkHessian(c: Case): void {
  const f = compiled(c.src);
  const gx = (x: number, y: number): number => gradientOf(f, x, y)[1];
  const gy = (x: number, y: number): number => gradientOf(f, x, y)[2];
  fc.assert(
    fc.property(point(c), ([x, y]) => {
      fc.pre(!c.avoid?.(x, y));
      const [v, hxx, hxy, hyy] = hessianOf(f, x, y);
      expect(v).toBe(f.value(x, y));
      const [nxx, nxy] = centralDifference(gx, x, y, H);
      const [nyx, nyy] = centralDifference(gy, x, y, H);
      const [, g1, g2] = gradientOf(f, x, y);
      const scale = Math.max(1, Math.abs(g1), Math.abs(g2), Math.abs(hxx), Math.abs(hxy), Math.abs(hyy));
      const at = `of ${c.src} at (${x}, ${y})`;
      expectNear(hxx, nxx, (TOL * scale) / Math.max(1, Math.abs(nxx)), `fxx ${at}`);
      expectNear(hxy, nxy, (TOL * scale) / Math.max(1, Math.abs(nxy)), `fxy ${at}`);
      expectNear(hxy, nyx, (TOL * scale) / Math.max(1, Math.abs(nyx)), `fyx ${at}`);
      expectNear(hyy, nyy, (TOL * scale) / Math.max(1, Math.abs(nyy)), `fyy ${at}`);
    }),
  );
}

describe('gradient vs central differences', () => {
  it.each(PRESETS)('preset $src', (c) => checkGradient(c));
  it.each(FUNCTIONS)('$src', (c) => checkGradient(c));
});

describe('Hessian vs central differences of the exact gradient', () => {
  it.each(PRESETS)('preset $src', (c) => checkHessian(c));
  it.each(FUNCTIONS)('$src', (c) => checkHessian(c));
});
