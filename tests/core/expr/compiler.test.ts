import { describe, expect, it } from 'vitest';
import { formatNode, NodeFactory } from '../../../src/core/expr/ast.ts';
import { generateCode } from '../../../src/core/expr/compile.ts';
import { CONSTANT_NAMES, describeLanguage, FUNCTION_NAMES } from '../../../src/core/expr/index.ts';
import { parseInto } from '../../../src/core/expr/parser.ts';
import { Algebra, simplify } from '../../../src/core/expr/simplify.ts';

function code(src: string): { value: string; valueGrad: string; hessian: string } {
  const r = generateCode(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

/** Canonical form of `src`, printed. */
function simplified(src: string): string {
  const f = new NodeFactory();
  const r = parseInto(f, src);
  if (!r.ok) throw new Error(r.error.message);
  return formatNode(simplify(new Algebra(f), r.value));
}

describe('interning', () => {
  it('returns the same node for the same structure', () => {
    const f = new NodeFactory();
    const x = f.variable('x');
    const a = f.binary('add', x, f.num(1));
    const b = f.binary('add', f.variable('x'), f.num(1));
    expect(a).toBe(b);
    expect(f.num(0)).not.toBe(f.num(-0));
    expect(f.num(Number.NaN)).toBe(f.num(Number.NaN));
    expect(f.size).toBe(6); // x, 1, x + 1, 0, -0, NaN
  });
});

describe('simplification', () => {
  it.each([
    ['x + 0', 'x'],
    ['0 + x', 'x'],
    ['x - 0', 'x'],
    ['0 - x', '-x'],
    ['x * 1', 'x'],
    ['1 * x', 'x'],
    ['x * 0', '0'],
    ['0 / x', '0'],
    ['x / 1', 'x'],
    ['x^1', 'x'],
    ['x^0', '1'],
    ['--x', 'x'],
    ['-(-(x))', 'x'],
    ['x - x', '0'],
    ['x + -y', 'x - y'],
    ['x - -y', 'x + y'],
    ['(-x)*(-y)', 'x * y'],
    ['2*3 + x', '6 + x'],
    ['y * 2', '2 * y'],
    ['2^10', '1024'],
    ['sin(0) + cos(0)*x', 'x'],
    ['ln(x)', 'log(x)'],
    ['pow(x, y)', 'x^y'],
    ['min(x, y, 1)', 'min(min(x, y), 1)'],
    ['2*pi', String(2 * Math.PI)],
  ])('%s → %s', (src, expected) => {
    expect(simplified(src)).toBe(expected);
  });
});

describe('code generation', () => {
  it('computes shared subexpressions once', () => {
    const c = code('sin(x + y) * sin(x + y) + exp(x + y)');
    expect(count(c.value, 'Math.sin(')).toBe(1);
    expect(count(c.value, 'x + y')).toBe(1);
    // d/dx exp(u) = exp(u): the gradient reuses the value's exp.
    expect(count(c.valueGrad, 'Math.exp(')).toBe(1);
    expect(count(c.valueGrad, 'Math.cos(')).toBe(1);
  });

  it('expands small integer powers into multiplications', () => {
    const c = code('x^2 + y^6');
    expect(c.value).not.toContain('Math.pow');
    expect(c.valueGrad).not.toContain('Math.pow');
    expect(code('x^2.5').value).toContain('Math.pow');
  });

  it('writes gradients and Hessians into out and returns the value, without allocating', () => {
    const c = code('x*y');
    expect(c.valueGrad).toMatch(/out\[0\] = .*;\nout\[1\] = .*;\nreturn /);
    expect(c.hessian).toMatch(/out\[0\] = .*;\nout\[1\] = .*;\nout\[2\] = .*;\nreturn /);
    for (const body of Object.values(c)) expect(body).not.toMatch(/new |\[\]|\{/);
  });
});

describe('language description', () => {
  it('lists the functions and constants', () => {
    expect(FUNCTION_NAMES).toEqual([
      'sin',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'sinh',
      'cosh',
      'tanh',
      'exp',
      'log',
      'ln',
      'log10',
      'log2',
      'sqrt',
      'abs',
      'sign',
      'floor',
      'ceil',
      'min',
      'max',
      'pow',
      'hypot',
      'atan2',
    ]);
    expect(CONSTANT_NAMES).toEqual(['pi', 'e']);
    const help = describeLanguage();
    for (const name of [...FUNCTION_NAMES, ...CONSTANT_NAMES]) expect(help).toContain(name);
    expect(help).toContain('1/2x = (1/2)*x');
  });
});
