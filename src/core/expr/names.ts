/**
 * The vocabulary of the expression language: variables, constants and functions, with the lookups the
 * parser uses and the "did you mean …?" hints it gives.
 *
 * Every lookup goes through a `Map` built from literal tables, never through a plain object, so that
 * names such as `constructor`, `toString` or `__proto__` can never be mistaken for functions.
 */

/** The two variables of f(x, y). */
export const VARIABLE_NAMES = ['x', 'y'] as const;
export type VariableName = (typeof VARIABLE_NAMES)[number];

/** Named constants: `pi` = π and `e` = Euler's number. */
export const CONSTANT_NAMES = ['pi', 'e'] as const;
export type ConstantName = (typeof CONSTANT_NAMES)[number];

/** One-argument functions. `log` and `ln` are both the natural logarithm. */
export const UNARY_FUNCTION_NAMES = [
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
] as const;

/** Functions of two arguments (`min` and `max` also accept more). */
export const BINARY_FUNCTION_NAMES = ['min', 'max', 'pow', 'hypot', 'atan2'] as const;

export type UnaryFunctionName = (typeof UNARY_FUNCTION_NAMES)[number];
export type BinaryFunctionName = (typeof BINARY_FUNCTION_NAMES)[number];
export type FunctionName = UnaryFunctionName | BinaryFunctionName;

/** Every function of the language, in the order the help text lists them. */
export const FUNCTION_NAMES: readonly FunctionName[] = [...UNARY_FUNCTION_NAMES, ...BINARY_FUNCTION_NAMES];

/** How a function is called and what it computes; drives arity checks and the help text. */
export interface FunctionSpec {
  readonly name: FunctionName;
  /** Fewest arguments accepted. */
  readonly minArgs: number;
  /** Most arguments accepted (`Infinity` for `min`/`max`). */
  readonly maxArgs: number;
  /** Call pattern shown to students, e.g. `atan2(y, x)`. */
  readonly usage: string;
  /** One short line. */
  readonly description: string;
}

const SPECS: readonly FunctionSpec[] = [
  { name: 'sin', minArgs: 1, maxArgs: 1, usage: 'sin(u)', description: 'sine (radians)' },
  { name: 'cos', minArgs: 1, maxArgs: 1, usage: 'cos(u)', description: 'cosine (radians)' },
  { name: 'tan', minArgs: 1, maxArgs: 1, usage: 'tan(u)', description: 'tangent (radians)' },
  { name: 'asin', minArgs: 1, maxArgs: 1, usage: 'asin(u)', description: 'arcsine, u in [-1, 1]' },
  { name: 'acos', minArgs: 1, maxArgs: 1, usage: 'acos(u)', description: 'arccosine, u in [-1, 1]' },
  { name: 'atan', minArgs: 1, maxArgs: 1, usage: 'atan(u)', description: 'arctangent' },
  { name: 'sinh', minArgs: 1, maxArgs: 1, usage: 'sinh(u)', description: 'hyperbolic sine' },
  { name: 'cosh', minArgs: 1, maxArgs: 1, usage: 'cosh(u)', description: 'hyperbolic cosine' },
  { name: 'tanh', minArgs: 1, maxArgs: 1, usage: 'tanh(u)', description: 'hyperbolic tangent' },
  { name: 'exp', minArgs: 1, maxArgs: 1, usage: 'exp(u)', description: 'e to the power u' },
  { name: 'log', minArgs: 1, maxArgs: 1, usage: 'log(u)', description: 'natural logarithm (same as ln)' },
  { name: 'ln', minArgs: 1, maxArgs: 1, usage: 'ln(u)', description: 'natural logarithm' },
  { name: 'log10', minArgs: 1, maxArgs: 1, usage: 'log10(u)', description: 'base-10 logarithm' },
  { name: 'log2', minArgs: 1, maxArgs: 1, usage: 'log2(u)', description: 'base-2 logarithm' },
  { name: 'sqrt', minArgs: 1, maxArgs: 1, usage: 'sqrt(u)', description: 'square root' },
  { name: 'abs', minArgs: 1, maxArgs: 1, usage: 'abs(u)', description: 'absolute value' },
  { name: 'sign', minArgs: 1, maxArgs: 1, usage: 'sign(u)', description: '-1, 0 or 1' },
  { name: 'floor', minArgs: 1, maxArgs: 1, usage: 'floor(u)', description: 'round down' },
  { name: 'ceil', minArgs: 1, maxArgs: 1, usage: 'ceil(u)', description: 'round up' },
  { name: 'min', minArgs: 2, maxArgs: Infinity, usage: 'min(a, b, …)', description: 'smallest argument' },
  { name: 'max', minArgs: 2, maxArgs: Infinity, usage: 'max(a, b, …)', description: 'largest argument' },
  { name: 'pow', minArgs: 2, maxArgs: 2, usage: 'pow(a, b)', description: 'a to the power b, same as a^b' },
  { name: 'hypot', minArgs: 2, maxArgs: 2, usage: 'hypot(a, b)', description: 'sqrt(a^2 + b^2)' },
  { name: 'atan2', minArgs: 2, maxArgs: 2, usage: 'atan2(y, x)', description: 'angle of the point (x, y)' },
];

const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((s) => [s.name, s]));
const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);
const VARIABLES: ReadonlySet<string> = new Set(VARIABLE_NAMES);

/** The spec of a function, or `undefined` if `name` is not one (safe for any string). */
export function functionSpec(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name);
}

/** Value of a named constant, or `undefined`. */
export function constantValue(name: string): number | undefined {
  return CONSTANTS.get(name);
}

export function isVariableName(name: string): name is VariableName {
  return VARIABLES.has(name);
}

export function isConstantName(name: string): name is ConstantName {
  return CONSTANTS.has(name);
}

export function isFunctionName(name: string): name is FunctionName {
  return FUNCTIONS.has(name);
}

/** "1 argument", "2 arguments", "at least 2 arguments". */
export function describeArity(spec: FunctionSpec): string {
  if (spec.maxArgs === Infinity) return `at least ${spec.minArgs} arguments`;
  return spec.minArgs === 1 ? '1 argument' : `${spec.minArgs} arguments`;
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

const SIMPLE_NAMES: readonly string[] = [...VARIABLE_NAMES, ...CONSTANT_NAMES];

/**
 * Splits `text` into a product of variables, constants and numbers (`xy` → `x*y`, `pix` → `pi*x`,
 * `2x` → `2*x`), or returns `undefined` when it cannot. Longer names are tried first.
 */
function splitIntoFactors(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  outer: while (i < text.length) {
    const digits = /^[0-9]+/.exec(text.slice(i));
    if (digits) {
      parts.push(digits[0]);
      i += digits[0].length;
      continue;
    }
    for (const name of ['pi', 'x', 'y', 'e']) {
      if (text.startsWith(name, i)) {
        parts.push(name);
        i += name.length;
        continue outer;
      }
    }
    return undefined;
  }
  return parts;
}

/** Joins factors the way a student would type them: `2x`, `x*y`. */
function joinFactors(parts: readonly string[]): string {
  let out = parts[0] ?? '';
  for (let k = 1; k < parts.length; k++) {
    const isNumber = /^[0-9]/.test(parts[k - 1]!) && !/^[0-9]/.test(parts[k]!);
    out += (isNumber ? '' : '*') + parts[k];
  }
  return out;
}

/**
 * A hint for an unknown name, written as it should be typed: `"sin"` (a quoted name) or an expression
 * such as `x*y`, `x^2` or `sin(x)`; `undefined` when nothing is close enough.
 *
 * Tried in order: a case mistake (`X` → `"x"`); a variable followed by digits (`x2` → `x^2`); a run
 * of variables/constants (`xy` → `x*y`); a function name glued to an argument containing x or y
 * (`sinx` → `sin(x)`, `sin2x` → `sin(2x)`; not before a `(`, and not `sine`, which means `sin`);
 * the closest name by edit distance (at most 1 for names up to 4 letters, 2 for longer ones, and
 * never a complete rewrite of a one-letter name; ties go to the same first letter). Functions are
 * preferred when a `(` follows.
 */
export function suggestName(name: string, beforeParen: boolean): string | undefined {
  const all: readonly string[] = beforeParen
    ? [...FUNCTION_NAMES, ...SIMPLE_NAMES]
    : [...SIMPLE_NAMES, ...FUNCTION_NAMES];
  const lower = name.toLowerCase();
  for (const known of all) if (known === lower) return `"${known}"`;

  if (/^[xy][0-9]+$/.test(name)) return `${name[0]}^${name.slice(1)}`;
  const factors = splitIntoFactors(name);
  if (factors && factors.length > 1) return joinFactors(factors);

  if (!beforeParen) {
    const byLength = [...FUNCTION_NAMES].sort((a, b) => b.length - a.length);
    for (const fn of byLength) {
      if (name.length > fn.length && name.startsWith(fn)) {
        const rest = splitIntoFactors(name.slice(fn.length));
        if (rest?.some((part) => part === 'x' || part === 'y')) return `${fn}(${joinFactors(rest)})`;
      }
    }
  }

  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = name.length <= 4 ? 1 : 2;
  for (const known of all) {
    // Ties go to a name with the same first letter (atn → atan rather than tan), then to list order.
    const d = editDistance(name, known) + (known[0] === name[0] ? 0 : 0.5);
    if (d < bestDistance && Math.floor(d) <= limit && d < name.length && d < known.length) {
      best = known;
      bestDistance = d;
    }
  }
  return best === undefined ? undefined : `"${best}"`;
}
