import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { numberLiteral } from '../../../src/core/expr/codegen.ts';
import { generateCode } from '../../../src/core/expr/compile.ts';
import { compile, FUNCTION_NAMES, parse } from '../../../src/core/expr/index.ts';

const HOSTILE = [
  "constructor.constructor('return 1')()",
  'constructor',
  'x);alert(1);(',
  '__proto__',
  'this',
  'globalThis',
  'process.exit(1)',
  'process',
  // A template string `${1}` and a bare ${x}, spelled so that the literal here holds no placeholder.
  ['`$', '{1}`'].join(''),
  ['$', '{x}'].join(''),
  'x // c',
  '/* c */ x',
  'x\n;y',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'toString(x)',
  'valueOf(x)',
  'hasOwnProperty(x)',
  'constructor(x)',
  'isPrototypeOf(x)',
  '__defineGetter__',
  'Math.sin(x)',
  'Math',
  'eval(x)',
  'Function(x)',
  'require(x)',
  'import(x)',
  'x; pwned()',
  'pwned()',
  'pwned',
  'x + pwned(1)',
  '(x) => x',
  'x ? y : 1',
  'x || pwned()',
  'x[0]',
  'out[0] = 1',
  "'use strict'",
  'x\u2028y',
  'new Function',
  'x%y',
  'x&y',
];

describe('hostile input', () => {
  const spy = vi.fn(() => 1);
  beforeEach(() => {
    spy.mockClear();
    Object.assign(globalThis, { pwned: spy, alert: spy });
    Object.defineProperty(globalThis, 'tripwire', { get: spy, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'pwned');
    Reflect.deleteProperty(globalThis, 'alert');
    Reflect.deleteProperty(globalThis, 'tripwire');
  });

  it.each(HOSTILE)('rejects %j with an error and runs nothing', (src) => {
    const parsed = parse(src);
    const built = compile(src);
    expect(parsed.ok).toBe(false);
    expect(built.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message.length).toBeGreaterThan(0);
      expect(parsed.error.start).toBeGreaterThanOrEqual(0);
      expect(parsed.error.end).toBeLessThanOrEqual(src.length);
      expect(parsed.error.start).toBeLessThanOrEqual(parsed.error.end);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('does not reach a global getter named like an input word', () => {
    expect(compile('tripwire').ok).toBe(false);
    expect(compile('x * tripwire(y)').ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });

  it('does not find Object.prototype members as names', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) continue;
      expect(parse(name).ok).toBe(false);
      expect(parse(`${name}(x)`).ok).toBe(false);
    }
  });
});

/** The identifiers and punctuation generated code may contain: nothing else, whatever the input. */
const ALLOWED_WORDS = new Set(['const', 'return', 'x', 'y', 'out', 'Math', 'use', 'strict']);
const MATH_MEMBERS = new Set([...FUNCTION_NAMES.filter((n) => n !== 'ln'), 'log']);

function expectOnlyWhitelistedCode(body: string): void {
  // Remove numeric literals, then check every remaining word and symbol.
  const withoutNumbers = body.replace(/\b[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?\b/g, ' ');
  for (const word of withoutNumbers.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) {
    const ok = ALLOWED_WORDS.has(word) || /^t[0-9]+$/.test(word) || MATH_MEMBERS.has(word);
    expect(ok, `unexpected word ${word} in\n${body}`).toBe(true);
  }
  const symbols = withoutNumbers.replace(/[A-Za-z0-9_$\s]/g, '');
  expect(symbols).toMatch(/^[-+*/=();'.,[\]?:>!]*$/);
  expect(body).not.toMatch(/\/\/|\/\*|`|"/);
  // Math is only ever used as Math.<whitelisted function>.
  for (const m of body.matchAll(/Math\.([a-z0-9]+)/g)) expect(MATH_MEMBERS.has(m[1]!)).toBe(true);
}

/** Random syntactically valid expressions over the whole language. */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', 'pi', 'e', '2', '0.5', '1e-3', '.25', '0', '1e308'),
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', ' '), tie('e'))
      .map(([a, op, b]) => (op === ' ' ? `(${a})(${b})` : `(${a})${op}(${b})`)),
    tie('e').map((a) => `-(${a})`),
    fc
      .tuple(fc.constantFrom(...FUNCTION_NAMES), tie('e'), tie('e'))
      .map(([fn, a, b]) =>
        ['min', 'max', 'pow', 'hypot', 'atan2'].includes(fn) ? `${fn}(${a}, ${b})` : `${fn}(${a})`,
      ),
  ),
})).e;

describe('generated code', () => {
  it('contains only whitelisted words, symbols and numeric literals', () => {
    fc.assert(
      fc.property(expression, (src) => {
        const code = generateCode(src);
        expect(code.ok).toBe(true);
        if (!code.ok) return;
        expectOnlyWhitelistedCode(code.value.value);
        expectOnlyWhitelistedCode(code.value.valueGrad);
        expectOnlyWhitelistedCode(code.value.hessian);
      }),
      { numRuns: 200 },
    );
  });

  it('compiled functions never throw, whatever the point', () => {
    fc.assert(
      fc.property(expression, fc.double(), fc.double(), (src, x, y) => {
        const f = compile(src);
        expect(f.ok).toBe(true);
        if (!f.ok) return;
        const out = new Float64Array(3);
        expect(typeof f.value.value(x, y)).toBe('number');
        expect(typeof f.value.valueGrad(x, y, out)).toBe('number');
        expect(typeof f.value.hessian(x, y, out)).toBe('number');
      }),
      { numRuns: 200 },
    );
  });

  it('never copies input text into the code', () => {
    // Inputs that are valid but whose spelling differs from anything the generator emits.
    const code = generateCode('ln(2.50000x) + 1E+2*pow(y, 3)');
    expect(code.ok).toBe(true);
    if (!code.ok) return;
    for (const body of [code.value.value, code.value.valueGrad, code.value.hessian]) {
      expect(body).not.toContain('ln(');
      expect(body).not.toContain('2.50000');
      expect(body).not.toContain('1E+2');
      expect(body).not.toContain('pow(y');
    }
  });
});

describe('numberLiteral', () => {
  it('writes special values without identifiers', () => {
    expect(numberLiteral(Number.NaN)).toBe('(0 / 0)');
    expect(numberLiteral(Infinity)).toBe('(1 / 0)');
    expect(numberLiteral(-Infinity)).toBe('(-1 / 0)');
    expect(numberLiteral(-0)).toBe('(-0)');
    expect(numberLiteral(-2.5)).toBe('(-2.5)');
    expect(numberLiteral(1e-7)).toBe('1e-7');
  });

  it('round-trips every double through JavaScript', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        const text = numberLiteral(v);
        expect(text).toMatch(/^\(?-?[0-9.e+\-/ ]+\)?$/);
        expect(Object.is(new Function(`return ${text};`)(), v)).toBe(true);
      }),
    );
  });
});
