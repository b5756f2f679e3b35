/**
 * Lexer: turns the source text into tokens, each with its half-open character range [start, end).
 *
 * Numbers are `digits [. digits] [e|E [+|-] digits]` or `. digits [exponent]`. The exponent is taken
 * only when digits follow it, so `2e` is 2 followed by the constant e, `2e-x` is `2 e - x` and `1e-3`
 * is one number. Names are an ASCII letter followed by letters or digits (`log10`, `atan2`). Spaces,
 * tabs, newlines and no-break spaces are skipped. Any other character ends lexing with an `error`
 * token, so the parser reports problems strictly from left to right.
 */

import type { ExprError } from './types.ts';

export type Operator = '+' | '-' | '*' | '/' | '^';

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'op'; readonly op: Operator; readonly start: number; readonly end: number }
  | { readonly kind: '(' | ')' | ',' | 'end'; readonly start: number; readonly end: number }
  | { readonly kind: 'error'; readonly error: ExprError; readonly start: number; readonly end: number };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const WHITESPACE: ReadonlySet<string> = new Set([' ', '\t', '\n', '\r', '\u00a0']);
const OPERATORS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '^']);

/** Friendlier words for characters students often type; everything else gets a generic message. */
const CHARACTER_HINTS: ReadonlyMap<string, string> = new Map([
  ['π', 'write pi for π'],
  ['×', 'write * to multiply'],
  ['·', 'write * to multiply'],
  ['⋅', 'write * to multiply'],
  ['÷', 'write / to divide'],
  ['−', 'write the ASCII minus sign -'],
  ['–', 'write the ASCII minus sign -'],
  ['²', 'write ^2 for a square'],
  ['³', 'write ^3 for a cube'],
  ['√', 'write sqrt(…) for a square root'],
  ['[', 'use ( and ) for grouping'],
  [']', 'use ( and ) for grouping'],
  ['{', 'use ( and ) for grouping'],
  ['}', 'use ( and ) for grouping'],
  ['=', 'type only the right-hand side of f(x, y) = …, e.g. x^2 + y^2'],
  [';', 'write a single expression'],
  ['|', 'write abs(u) for |u|'],
  ['!', 'factorials are not supported'],
  ['<', 'comparisons are not supported'],
  ['>', 'comparisons are not supported'],
  ['_', 'names may contain only letters and digits'],
  ['.', 'a decimal point must be followed by digits, e.g. 0.5'],
]);

/** Printable form of a character inside a message (control characters are shown as U+XXXX). */
function showCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${ch}"`;
}

function unexpected(src: string, i: number): ExprError {
  const code = src.codePointAt(i) ?? 0;
  const ch = String.fromCodePoint(code);
  const hint = CHARACTER_HINTS.get(ch);
  const message = `Unexpected character ${showCharacter(ch)}${hint === undefined ? '' : `: ${hint}`}`;
  return { message, start: i, end: i + ch.length };
}

/**
 * Splits `src` into tokens. The last token is `end` at `src.length`, or `error` at the first
 * character that cannot start a token (nothing after it is examined).
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const fail = (error: ExprError): Token[] => {
    tokens.push({ kind: 'error', error, start: error.start, end: error.end });
    return tokens;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
      while (isDigit(src[i])) i++;
      if (src[i] === '.') {
        if (!isDigit(src[i + 1])) {
          return fail({
            message: 'A decimal point must be followed by digits, e.g. 2.0 or 2',
            start: i,
            end: i + 1,
          });
        }
        i++;
        while (isDigit(src[i])) i++;
      }
      if (src[i] === 'e' || src[i] === 'E') {
        const sign = src[i + 1] === '+' || src[i + 1] === '-' ? 1 : 0;
        if (isDigit(src[i + 1 + sign])) {
          i += 1 + sign;
          while (isDigit(src[i])) i++;
        }
      }
      if (src[i] === '.') {
        return fail({ message: 'A number can have only one decimal point', start, end: i + 1 });
      }
      tokens.push({ kind: 'number', value: Number(src.slice(start, i)), start, end: i });
      continue;
    }
    if (isLetter(c)) {
      while (isLetter(src[i]) || isDigit(src[i])) i++;
      tokens.push({ kind: 'name', name: src.slice(start, i), start, end: i });
      continue;
    }
    if (c === '*' && src[i + 1] === '*') {
      return fail({ message: 'Write powers with ^ (e.g. x^2), not **', start, end: i + 2 });
    }
    if (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*')) {
      return fail({ message: 'Comments are not allowed in an expression', start, end: i + 2 });
    }
    if (OPERATORS.has(c)) {
      tokens.push({ kind: 'op', op: c as Operator, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, start, end: i + 1 });
      i++;
      continue;
    }
    return fail(unexpected(src, i));
  }
  tokens.push({ kind: 'end', start: src.length, end: src.length });
  return tokens;
}
