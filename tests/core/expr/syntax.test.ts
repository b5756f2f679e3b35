import { describe, expect, it } from 'vitest';
import { formatNode, parse } from '../../../src/core/expr/index.ts';
import { compiled, expectNear, parseError } from './helpers.ts';

const POINTS: readonly [number, number][] = [
  [0.5, 2],
  [-1.25, 0.75],
  [3, -2],
  [1.1, 1.3],
];

/** compile(src).value must agree with the hand-written JavaScript at every point. */
function agrees(src: string, js: (x: number, y: number) => number): void {
  const f = compiled(src);
  for (const [x, y] of POINTS) expectNear(f.value(x, y), js(x, y), 1e-14, `${src} at (${x}, ${y})`);
}

/** The parsed structure, printed with explicit grouping. */
const tree = (src: string): string => {
  const r = parse(src);
  if (!r.ok) throw new Error(r.error.message);
  return formatNode(r.value);
};

describe('numbers', () => {
  it.each([
    ['3', 3],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['2.5E+4', 25000],
    ['1E2', 100],
    ['007', 7],
  ])('%s is %d', (src, value) => {
    expect(compiled(src).value(0, 0)).toBe(value);
  });

  it('reads 2e as 2*e and 2e-x as 2*e - x, but 1e-3 as one number', () => {
    expect(tree('2e')).toBe('2 * e');
    expect(tree('2e-x')).toBe('2 * e - x');
    expect(tree('1e-3')).toBe('0.001');
    agrees('2e-x', (x) => 2 * Math.E - x);
    agrees('2e+3', () => 2000);
  });

  it('knows pi and e', () => {
    agrees('pi', () => Math.PI);
    agrees('e', () => Math.E);
  });
});

describe('precedence and associativity', () => {
  it('^ binds tighter than unary minus', () => {
    agrees('-x^2', (x) => -(x ** 2));
    agrees('-2^2', () => -4);
    expect(tree('-x^2')).toBe('-(x^2)');
  });

  it('^ takes a signed exponent', () => {
    agrees('2^-x', (x) => 2 ** -x);
    agrees('(x*x)^-y', (x, y) => (x * x) ** -y);
    agrees('2^-x^2', (x) => 2 ** -(x ** 2));
    expect(tree('2^-x')).toBe('2^(-x)');
  });

  it('^ is right-associative', () => {
    agrees('2^3^2', () => 512);
    agrees('y^2^3', (_x, y) => y ** 8);
    expect(tree('x^2^3')).toBe('x^(2^3)');
  });

  it('* and / are left-associative and bind tighter than + and -', () => {
    agrees('x - y - 1', (x, y) => x - y - 1);
    agrees('x / y / 2', (x, y) => x / y / 2);
    agrees('x + y * 2', (x, y) => x + y * 2);
    agrees('x - y * 2 ^ 2', (x, y) => x - y * 4);
    agrees('1 - x / y * 3', (x, y) => 1 - (x / y) * 3);
    agrees('(x + y) * 2', (x, y) => (x + y) * 2);
  });

  it('allows unary plus and minus after operators', () => {
    agrees('2*-x', (x) => 2 * -x);
    agrees('x - -y', (x, y) => x + y);
    agrees('--x', (x) => x);
    agrees('+x', (x) => x);
    agrees('x*+y', (x, y) => x * y);
    agrees('-x*y', (x, y) => -x * y);
    agrees('-(x+y)^2', (x, y) => -((x + y) ** 2));
  });

  it('evaluates the presets like hand-written JavaScript', () => {
    agrees('(1 - x)^2 + 100*(y - x^2)^2', (x, y) => (1 - x) ** 2 + 100 * (y - x ** 2) ** 2);
    agrees('(x^2 + y - 11)^2 + (x + y^2 - 7)^2', (x, y) => (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2);
    agrees(
      '-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20',
      (x, y) =>
        -20 * Math.exp(-0.2 * Math.sqrt(0.5 * (x * x + y * y))) -
        Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y))) +
        Math.E +
        20,
    );
    agrees(
      'sin(3*pi*x)^2 + (x - 1)^2*(1 + sin(3*pi*y)^2) + (y - 1)^2*(1 + sin(2*pi*y)^2)',
      (x, y) =>
        Math.sin(3 * Math.PI * x) ** 2 +
        (x - 1) ** 2 * (1 + Math.sin(3 * Math.PI * y) ** 2) +
        (y - 1) ** 2 * (1 + Math.sin(2 * Math.PI * y) ** 2),
    );
  });

  it('accepts whitespace anywhere between tokens', () => {
    agrees(' \tx\n+\r\ny ', (x, y) => x + y);
  });
});

describe('implicit multiplication', () => {
  it('after a number', () => {
    agrees('2x', (x) => 2 * x);
    agrees('3(x+y)', (x, y) => 3 * (x + y));
    agrees('2 sin(x)', (x) => 2 * Math.sin(x));
    agrees('2pi', () => 2 * Math.PI);
    agrees('2x^2', (x) => 2 * x ** 2);
    agrees('x^2y', (x, y) => x ** 2 * y);
    agrees('.5x', (x) => 0.5 * x);
    agrees('1e-3x', (x) => 0.001 * x);
  });

  it('after a closing parenthesis', () => {
    agrees('(x+1)(x-1)', (x) => (x + 1) * (x - 1));
    agrees('(x+1)x', (x) => (x + 1) * x);
    agrees('sin(x)cos(y)', (x, y) => Math.sin(x) * Math.cos(y));
    agrees('(x)(y)(2)', (x, y) => x * y * 2);
  });

  it('after a variable or constant, before (', () => {
    agrees('x(y+1)', (x, y) => x * (y + 1));
    agrees('pi(x)', (x) => Math.PI * x);
  });

  it('has the precedence of *, so 1/2x is (1/2)*x', () => {
    agrees('1/2x', (x) => (1 / 2) * x);
    agrees('x/2y', (x, y) => (x / 2) * y);
    agrees('-2x', (x) => -2 * x);
    agrees('2x+1', (x) => 2 * x + 1);
    expect(tree('1/2x')).toBe('(1 / 2) * x');
  });

  it('rejects two names or two numbers in a row, with a hint', () => {
    expect(parseError('x y').message).toContain('write x*y');
    expect(parseError('2 3').message).toContain('write 2*3');
    expect(parseError('2x y').message).toContain('write x*y');
    expect(parseError('xy').message).toContain('did you mean x*y?');
  });
});

describe('functions', () => {
  const cases: [string, (x: number, y: number) => number][] = [
    ['sin(x)', (x) => Math.sin(x)],
    ['cos(x)', (x) => Math.cos(x)],
    ['tan(x)', (x) => Math.tan(x)],
    ['asin(x/4)', (x) => Math.asin(x / 4)],
    ['acos(x/4)', (x) => Math.acos(x / 4)],
    ['atan(x)', (x) => Math.atan(x)],
    ['sinh(x)', (x) => Math.sinh(x)],
    ['cosh(x)', (x) => Math.cosh(x)],
    ['tanh(x)', (x) => Math.tanh(x)],
    ['exp(x)', (x) => Math.exp(x)],
    ['log(y*y)', (_x, y) => Math.log(y * y)],
    ['ln(y*y)', (_x, y) => Math.log(y * y)],
    ['log10(y*y)', (_x, y) => Math.log10(y * y)],
    ['log2(y*y)', (_x, y) => Math.log2(y * y)],
    ['sqrt(x*x)', (x) => Math.sqrt(x * x)],
    ['abs(x)', (x) => Math.abs(x)],
    ['sign(x)', (x) => Math.sign(x)],
    ['floor(x)', (x) => Math.floor(x)],
    ['ceil(x)', (x) => Math.ceil(x)],
    ['min(x, y)', (x, y) => Math.min(x, y)],
    ['max(x, y)', (x, y) => Math.max(x, y)],
    ['min(x, y, 0.9)', (x, y) => Math.min(x, y, 0.9)],
    ['max(x, y, 0.9, -x)', (x, y) => Math.max(x, y, 0.9, -x)],
    ['pow(y*y, x)', (x, y) => (y * y) ** x],
    ['hypot(x, y)', (x, y) => Math.hypot(x, y)],
    ['atan2(y, x)', (x, y) => Math.atan2(y, x)],
  ];
  it.each(cases)('%s', (src, js) => agrees(src, js));

  it('covers every function of the language', async () => {
    const { FUNCTION_NAMES } = await import('../../../src/core/expr/index.ts');
    const used = new Set(cases.map(([src]) => /^[a-z0-9]+/.exec(src)![0]));
    for (const name of FUNCTION_NAMES) expect(used).toContain(name);
  });
});

describe('parse', () => {
  it('returns a faithful tree (nothing folded, pi and ln kept)', () => {
    expect(tree('ln(2*pi) + 0*x')).toBe('ln(2 * pi) + 0 * x');
  });

  it('interns equal subtrees', () => {
    const r = parse('(x+1)*(x+1)');
    expect(r.ok).toBe(true);
    if (r.ok && r.value.kind === 'mul') expect(r.value.left).toBe(r.value.right);
  });
});
