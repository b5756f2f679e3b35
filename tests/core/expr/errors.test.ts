import { describe, expect, it } from 'vitest';
import { parseError } from './helpers.ts';

/** [input, start, end, a fragment of the message] */
type Case = readonly [string, number, number, string];

function check(cases: readonly Case[]): void {
  for (const [src, start, end, fragment] of cases) {
    const e = parseError(src);
    expect({ src, start: e.start, end: e.end }).toEqual({ src, start, end });
    expect(e.message).toContain(fragment);
  }
}

describe('error messages and ranges', () => {
  it('empty input', () => {
    check([
      ['', 0, 0, 'empty'],
      ['   ', 0, 0, 'empty'],
    ]);
  });

  it('unknown names, with "did you mean" from edit distance', () => {
    check([
      ['sine(x)', 0, 4, 'Unknown function "sine" — did you mean "sin"?'],
      ['x + sqr(y)', 4, 7, 'did you mean "sqrt"?'],
      ['2*pj', 2, 4, 'did you mean "pi"?'],
      ['atn(x)', 0, 3, 'did you mean "atan"?'],
      ['xy', 0, 2, 'did you mean x*y?'],
      ['1 + pix', 4, 7, 'did you mean pi*x?'],
      ['x2', 0, 2, 'did you mean x^2?'],
      ['sinx', 0, 4, 'did you mean sin(x)?'],
      ['z', 0, 1, 'the variables are x and y'],
      ['foo', 0, 3, 'Unknown name "foo"'],
    ]);
  });

  it('names are case-sensitive', () => {
    check([
      ['X', 0, 1, 'did you mean "x"?'],
      ['y + PI', 4, 6, 'did you mean "pi"?'],
      ['Sin(x)', 0, 3, 'did you mean "sin"?'],
    ]);
    expect(parseError('X').message).toContain('case-sensitive');
  });

  it('wrong number of arguments names the function and the expected count', () => {
    check([
      ['sin(x, y)', 0, 9, 'sin takes 1 argument'],
      ['1 + atan2(y)', 4, 12, 'atan2 takes 2 arguments'],
      ['hypot(x, y, 1)', 0, 14, 'hypot takes 2 arguments'],
      ['pow(x)', 0, 6, 'pow takes 2 arguments'],
      ['min(x)', 0, 6, 'min takes at least 2 arguments'],
      ['cos()', 0, 5, 'cos takes 1 argument'],
    ]);
    expect(parseError('sin(x, y)').message).toContain('2 were given');
  });

  it('unbalanced parentheses point at the unmatched one', () => {
    check([
      ['(x + 1', 0, 1, 'never closed'],
      ['x * (y + (1)', 4, 5, 'never closed'],
      ['sin(x', 3, 4, 'never closed'],
      ['x + 1)', 5, 6, 'no matching "("'],
      [')', 0, 1, 'no matching "("'],
      ['(x))', 3, 4, 'no matching "("'],
      ['2(', 1, 2, 'never closed'],
    ]);
  });

  it('dangling operators', () => {
    check([
      ['x +', 2, 3, '"+" is missing its right-hand side'],
      ['* x', 0, 1, '"*" is missing its left-hand side'],
      ['x ^', 2, 3, '"^" is missing its right-hand side'],
      ['-', 0, 1, '"-" is missing its right-hand side'],
      ['(x /)', 3, 4, '"/" is missing its right-hand side'],
      ['/x', 0, 1, '"/" is missing its left-hand side'],
      ['x + * y', 4, 5, '"+" cannot be followed by "*"'],
      ['(^2)', 1, 2, '"^" is missing its left-hand side'],
    ]);
  });

  it('empty parentheses and missing arguments', () => {
    check([
      ['()', 0, 2, 'Empty parentheses'],
      ['x * ( )', 4, 7, 'Empty parentheses'],
      ['min(x,)', 5, 6, 'Missing argument after ","'],
      ['min(,x)', 4, 5, 'Missing argument before ","'],
      ['x, y', 1, 2, 'comma can only separate the arguments of a function'],
      ['(x, y)', 2, 3, 'comma can only separate the arguments of a function'],
      ['x(1, 2)', 3, 4, '"x" is not a function'],
    ]);
  });

  it('unexpected characters', () => {
    check([
      ['x = 1', 2, 3, 'Unexpected character "="'],
      ['"x"', 0, 1, 'Unexpected character'],
      ["'x'", 0, 1, 'Unexpected character'],
      ['`x`', 0, 1, 'Unexpected character "`"'],
      ['x.y', 1, 2, 'Unexpected character "."'],
      ['x;y', 1, 2, 'Unexpected character ";"'],
      ['[x]', 0, 1, 'use ( and ) for grouping'],
      ['$x', 0, 1, 'Unexpected character "$"'],
      ['x_1', 1, 2, 'Unexpected character "_"'],
      ['x # y', 2, 3, 'Unexpected character "#"'],
      ['2π', 1, 2, 'write pi'],
      ['x²', 1, 2, 'write ^2'],
      ['x\u0000', 1, 2, 'U+0000'],
      ['x + 😀', 4, 6, 'Unexpected character "😀"'],
      ['x ** 2', 2, 4, 'Write powers with ^'],
      ['3.', 1, 2, 'decimal point must be followed by digits'],
      ['1.2.3', 0, 4, 'only one decimal point'],
    ]);
  });

  it('function names need parentheses', () => {
    check([
      ['sin x', 0, 3, 'write sin(x)'],
      ['1 + cos', 4, 7, 'write cos(…)'],
      ['sin^2(x)', 0, 3, 'write sin(x)^2, not sin^2(x)'],
      ['exp + 1', 0, 3, '"exp" is a function and needs parentheses'],
    ]);
  });

  it('juxtapositions that are not implicit multiplication', () => {
    check([
      ['x y', 0, 3, 'Two names in a row: write x*y'],
      ['2 3', 0, 3, 'Two numbers in a row: write 2*3'],
      ['pi e', 0, 4, 'write pi*e'],
      ['x 2', 0, 3, 'write x*2 or x^2'],
      ['(x+1)2', 4, 6, 'write )*2'],
      ['x^2 3', 2, 5, 'Two numbers in a row'],
    ]);
  });

  it('reports the leftmost problem first', () => {
    check([
      ['foo + ;', 0, 3, 'Unknown name "foo"'],
      ['x + (y ;', 7, 8, 'Unexpected character ";"'],
      ['sin(x, y) + bar', 0, 9, 'sin takes 1 argument'],
    ]);
  });
});
