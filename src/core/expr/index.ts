/**
 * The expression language of f(x, y): parsing with student-friendly errors, exact derivatives, and
 * compilation to fast JavaScript. Everything outside `src/core/expr/` imports from here.
 */

import { CONSTANT_NAMES as CONSTANTS, FUNCTION_NAMES as FUNCTIONS, functionSpec } from './names.ts';
import { MAX_DEPTH, MAX_SOURCE_LENGTH } from './parser.ts';

export type { Node } from './ast.ts';
export { formatNode } from './ast.ts';
export { compile } from './compile.ts';
export { numericGradient } from './numeric.ts';
export { MAX_DEPTH, MAX_SOURCE_LENGTH, parse } from './parser.ts';
export type { CompiledFunction, ExprError } from './types.ts';

/** Every function name of the language (`sin`, …, `atan2`), for docs and autocomplete. */
export const FUNCTION_NAMES: readonly string[] = Object.freeze([...FUNCTIONS]);

/** The named constants: `pi`, `e`. */
export const CONSTANT_NAMES: readonly string[] = Object.freeze([...CONSTANTS]);

/** A short help text: syntax, precedence, implicit multiplication, functions, constants, limits. */
export function describeLanguage(): string {
  const functions = FUNCTIONS.map((name) => {
    const spec = functionSpec(name)!;
    return `  ${spec.usage.padEnd(14)} ${spec.description}`;
  });
  return [
    'Write f(x, y) with the variables x and y, e.g. (1 - x)^2 + 100*(y - x^2)^2.',
    '',
    'Numbers: 3, 0.5, .5, 1e-3, 2.5E+4.   Constants: pi, e.',
    'Operators, loosest first: + -, then * / (and implicit multiplication), then unary -, then ^.',
    '  ^ is right-associative: x^2^3 = x^(2^3); -x^2 = -(x^2); 2^-x = 2^(-x).',
    '  * and / go left to right: 1/2x = (1/2)*x, not 1/(2x).',
    'Implicit multiplication: 2x, 2pi, 3(x + y), 2 sin(x), (x + 1)(x - 1), (x + 1)x, x(y + 1).',
    '  Between two names or two numbers write *: x*y, not x y or xy.',
    'Functions (arguments in parentheses: sin(x), not sin x):',
    ...functions,
    `Names are case-sensitive. At most ${MAX_SOURCE_LENGTH} characters and ${MAX_DEPTH} levels of nesting.`,
  ].join('\n');
}
