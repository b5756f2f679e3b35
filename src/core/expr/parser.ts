/**
 * Recursive-descent parser for f(x, y). Grammar, loosest binding first:
 *
 * ```
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary | implicit-factor)*      left-associative
 * unary   := ('-' | '+') unary | power
 * power   := primary ('^' unary)?                              right-associative
 * primary := number | variable | constant | function '(' expr (',' expr)* ')' | '(' expr ')'
 * ```
 *
 * So `^` binds tighter than unary minus (`-x^2` = -(x^2)) and its exponent may carry a sign
 * (`2^-x` = 2^(-x)); `x^2^3` = x^(2^3).
 *
 * Implicit multiplication has the precedence of `*` (hence `1/2x` = (1/2)*x) and is allowed only
 * where it cannot be misread: after a number, before a name or `(` (`2x`, `2pi`, `2 sin(x)`,
 * `3(x+y)`); after `)`, before `(` or a name (`(x+1)(x-1)`, `(x+1)x`); after a variable or constant,
 * before `(` (`x(y+1)` = x*(y+1)). Two names (`x y`) or two numbers (`2 3`) in a row are errors.
 *
 * Limits: at most {@link MAX_SOURCE_LENGTH} characters and {@link MAX_DEPTH} levels of nesting
 * (parentheses, signs and exponents), counted explicitly so that no input can exhaust the stack.
 * The first problem from the left is reported, as an {@link ExprError} value.
 */

import { err, ok, type Result } from '../result.ts';
import { type Node, NodeFactory } from './ast.ts';
import { type Token, tokenize } from './lexer.ts';
import {
  constantValue,
  describeArity,
  functionSpec,
  isConstantName,
  isVariableName,
  suggestName,
} from './names.ts';
import type { ExprError } from './types.ts';

/** Longest accepted input, in UTF-16 code units. */
export const MAX_SOURCE_LENGTH = 4000;
/** Deepest accepted nesting of parentheses, signs and exponents. */
export const MAX_DEPTH = 200;

/** Thrown inside the parser only; `parseInto` turns it into an `err` value. */
class ParseFailure {
  constructor(readonly error: ExprError) {}
}

const fail = (message: string, start: number, end: number): never => {
  throw new ParseFailure({ message, start, end });
};

/** How a token reads inside a message. */
function describe(token: Token): string {
  switch (token.kind) {
    case 'number':
      return 'a number';
    case 'name':
      return `"${token.name}"`;
    case 'op':
      return `"${token.op}"`;
    case 'end':
      return 'the end';
    case 'error':
      return 'an invalid character';
    default:
      return `"${token.kind}"`;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly src: string,
    private readonly f: NodeFactory,
  ) {}

  /** The next token; reaching a lexer error reports it. */
  private peek(): Token {
    const token = this.tokens[this.pos]!;
    if (token.kind === 'error') throw new ParseFailure(token.error);
    return token;
  }

  private previous(): Token | undefined {
    return this.tokens[this.pos - 1];
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      fail(`The expression is nested too deeply (more than ${MAX_DEPTH} levels)`, token.start, token.end);
    }
  }

  private leave(): void {
    this.depth--;
  }

  parseAll(): Node {
    const first = this.peek();
    if (first.kind === 'end')
      fail('The expression is empty: type a function of x and y, e.g. x^2 + y^2', 0, 0);
    const node = this.parseExpression();
    const t = this.peek();
    if (t.kind === ')') fail('This ")" has no matching "("', t.start, t.end);
    if (t.kind === ',')
      fail('A comma can only separate the arguments of a function, e.g. min(x, y)', t.start, t.end);
    if (t.kind !== 'end') fail(`Unexpected ${describe(t)}`, t.start, t.end);
    return node;
  }

  private parseExpression(): Node {
    let left = this.parseTerm();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.op !== '+' && t.op !== '-')) return left;
      this.pos++;
      const right = this.parseTerm();
      left = this.f.binary(t.op === '+' ? 'add' : 'sub', left, right);
    }
  }

  private parseTerm(): Node {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.op === '*' || t.op === '/')) {
        this.pos++;
        const right = this.parseUnary();
        left = this.f.binary(t.op === '*' ? 'mul' : 'div', left, right);
      } else if (t.kind === 'number' || t.kind === 'name' || t.kind === '(') {
        this.checkImplicit(this.previous()!, t);
        const right = this.parseUnary();
        left = this.f.binary('mul', left, right);
      } else {
        return left;
      }
    }
  }

  /** Rejects juxtapositions that are not implicit multiplications (`prev` ends an operand). */
  private checkImplicit(prev: Token, next: Token): void {
    if (next.kind === '(') return;
    const a = this.src.slice(prev.start, prev.end);
    const b = this.src.slice(next.start, next.end);
    if (next.kind === 'name') {
      if (prev.kind === 'number' || prev.kind === ')') return;
      fail(`Two names in a row: write ${a}*${b} to multiply`, prev.start, next.end);
    }
    if (prev.kind === 'number') {
      fail(`Two numbers in a row: write ${a}*${b} to multiply`, prev.start, next.end);
    }
    if (prev.kind === ')') {
      fail(`A number cannot follow ")" directly: write )*${b} to multiply`, prev.start, next.end);
    }
    fail(`A number cannot follow "${a}" directly: write ${a}*${b} or ${a}^${b}`, prev.start, next.end);
  }

  private parseUnary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && (t.op === '-' || t.op === '+')) {
      this.pos++;
      this.enter(t);
      const arg = this.parseUnary();
      this.leave();
      return t.op === '-' ? this.f.neg(arg) : arg;
    }
    return this.parsePower();
  }

  private parsePower(): Node {
    const base = this.parsePrimary();
    const t = this.peek();
    if (t.kind !== 'op' || t.op !== '^') return base;
    this.pos++;
    this.enter(t);
    const exponent = this.parseUnary();
    this.leave();
    return this.f.binary('pow', base, exponent);
  }

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.pos++;
        return this.f.num(t.value);
      case 'name':
        this.pos++;
        return this.parseName(t);
      case '(': {
        this.pos++;
        this.enter(t);
        const inner = this.parseExpression();
        this.expectGroupClose(t);
        this.leave();
        return inner;
      }
      default:
        return this.missingOperand(t);
    }
  }

  /** After `(` expr: consume `)` or explain what is wrong. */
  private expectGroupClose(open: Token): void {
    const t = this.peek();
    if (t.kind === ')') {
      this.pos++;
      return;
    }
    if (t.kind === ',') {
      const before = this.tokens[this.tokens.indexOf(open) - 1];
      if (before?.kind === 'name') {
        fail(
          `"${before.name}" is not a function, so ${before.name}(…) means ${before.name}*(…) and cannot take several arguments`,
          t.start,
          t.end,
        );
      }
      fail('A comma can only separate the arguments of a function, e.g. min(x, y)', t.start, t.end);
    }
    fail('This "(" is never closed', open.start, open.end);
  }

  private parseName(t: Token & { kind: 'name' }): Node {
    const name = t.name;
    if (isVariableName(name)) return this.f.variable(name);
    if (isConstantName(name)) return this.f.constant(name, constantValue(name)!);
    const spec = functionSpec(name);
    // Not `peek()`: a bad character right after the name must not hide the earlier name error.
    const next = this.tokens[this.pos]!;
    if (spec === undefined) {
      const hint = suggestName(name, next.kind === '(');
      let message = next.kind === '(' ? `Unknown function "${name}"` : `Unknown name "${name}"`;
      if (hint !== undefined) message += ` — did you mean ${hint}?`;
      else if (name.length === 1) message += ': the variables are x and y';
      if (hint !== undefined && hint.toLowerCase() === `"${name.toLowerCase()}"`)
        message += ' Names are case-sensitive.';
      return fail(message, t.start, t.end);
    }
    if (next.kind !== '(') {
      let example = `${name}(…)`;
      if (next.kind === 'name' || next.kind === 'number') {
        example = `${name}(${this.src.slice(next.start, next.end)})`;
      } else if (next.kind === 'op' && next.op === '^') {
        const after = this.tokens[this.pos + 1];
        const power = after?.kind === 'number' ? this.src.slice(after.start, after.end) : '2';
        example = `${name}(x)^${power}, not ${name}^${power}(x)`;
      }
      return fail(`"${name}" is a function and needs parentheses: write ${example}`, t.start, t.end);
    }
    // A call: name '(' args ')'.
    const open = this.peek();
    this.pos++;
    this.enter(open);
    const args: Node[] = [];
    let close: Token;
    if (this.peek().kind === ')') {
      close = this.peek();
      this.pos++;
    } else {
      for (;;) {
        args.push(this.parseExpression());
        const sep = this.peek();
        this.pos++;
        if (sep.kind === ',') continue;
        if (sep.kind === ')') {
          close = sep;
          break;
        }
        return fail(`The "(" of ${name}( is never closed`, open.start, open.end);
      }
    }
    this.leave();
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const given = args.length === 1 ? '1 was given' : `${args.length} were given`;
      fail(`${name} takes ${describeArity(spec)}, as in ${spec.usage}, but ${given}`, t.start, close.end);
    }
    return this.f.call(spec.name, args);
  }

  /** Called where an operand must start but `t` cannot start one. */
  private missingOperand(t: Token): never {
    const prev = this.previous();
    if (prev?.kind === 'op') {
      if (t.kind === 'end' || t.kind === ')' || t.kind === ',') {
        return fail(`"${prev.op}" is missing its right-hand side`, prev.start, prev.end);
      }
      return fail(`"${prev.op}" cannot be followed by ${describe(t)}`, t.start, t.end);
    }
    if (t.kind === 'op') return fail(`"${t.op}" is missing its left-hand side`, t.start, t.end);
    if (prev?.kind === '(' && t.kind === ')') {
      return fail('Empty parentheses: put an expression inside', prev.start, t.end);
    }
    if (prev?.kind === '(' && t.kind === 'end') return fail('This "(" is never closed', prev.start, prev.end);
    if (prev?.kind === ',') return fail('Missing argument after ","', prev.start, prev.end);
    if (prev?.kind === '(' && t.kind === ',') return fail('Missing argument before ","', t.start, t.end);
    if (t.kind === ')') return fail('This ")" has no matching "("', t.start, t.end);
    if (t.kind === ',') {
      return fail('A comma can only separate the arguments of a function, e.g. min(x, y)', t.start, t.end);
    }
    return fail(`Unexpected ${describe(t)}`, t.start, t.end);
  }
}

/**
 * Parses `src` into a tree of nodes created by `factory` (faithful to the text: `ln` stays `ln`,
 * `pi` stays a named constant, nothing is folded), or returns the first error.
 */
export function parseInto(factory: NodeFactory, src: string): Result<Node, ExprError> {
  if (src.length > MAX_SOURCE_LENGTH) {
    return err({
      message: `The expression is too long (${src.length} characters; the limit is ${MAX_SOURCE_LENGTH})`,
      start: MAX_SOURCE_LENGTH,
      end: src.length,
    });
  }
  try {
    return ok(new Parser(tokenize(src), src, factory).parseAll());
  } catch (e) {
    if (e instanceof ParseFailure) return err(e.error);
    // Not expected (the parser's recursion is bounded by MAX_DEPTH); still never throw.
    return err({ message: 'The expression could not be read', start: 0, end: src.length });
  }
}

/** Parses `src` into a validated syntax tree. See the module comment for the grammar. */
export function parse(src: string): Result<Node, ExprError> {
  return parseInto(new NodeFactory(), src);
}
