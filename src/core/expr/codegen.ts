/**
 * Code generation: straight-line JavaScript from canonical DAG roots.
 *
 * Every non-leaf node reachable from the roots becomes one `const tK = …;` in id order (children
 * first), so a subexpression shared by the value and its derivatives is computed once (common
 * subexpression elimination falls out of the interning). The function writes its extra results
 * into `out` and returns the first root: no allocation, one shape of arguments.
 *
 * Security: the text is assembled only from the validated tree, through fixed tables. Numbers go
 * through {@link numberLiteral}, which can only produce a numeric literal; variables come from
 * {@link VARIABLE_CODE}, functions from {@link FUNCTION_CODE}, operators from {@link OPERATOR_CODE}.
 * No substring of the user's input is ever copied into the code.
 */

import type { Node } from './ast.ts';
import { topologicalOrder } from './ast.ts';
import type { FunctionName, VariableName } from './names.ts';
import type { Algebra } from './simplify.ts';

/** Integer exponents up to this magnitude are expanded into multiplications. */
export const MAX_EXPANDED_POWER = 16;

export const VARIABLE_CODE: ReadonlyMap<VariableName, string> = new Map<VariableName, string>([
  ['x', 'x'],
  ['y', 'y'],
]);

export const FUNCTION_CODE: ReadonlyMap<FunctionName, string> = new Map<FunctionName, string>([
  ['sin', 'Math.sin'],
  ['cos', 'Math.cos'],
  ['tan', 'Math.tan'],
  ['asin', 'Math.asin'],
  ['acos', 'Math.acos'],
  ['atan', 'Math.atan'],
  ['sinh', 'Math.sinh'],
  ['cosh', 'Math.cosh'],
  ['tanh', 'Math.tanh'],
  ['exp', 'Math.exp'],
  ['log', 'Math.log'],
  ['ln', 'Math.log'],
  ['log10', 'Math.log10'],
  ['log2', 'Math.log2'],
  ['sqrt', 'Math.sqrt'],
  ['abs', 'Math.abs'],
  ['sign', 'Math.sign'],
  ['floor', 'Math.floor'],
  ['ceil', 'Math.ceil'],
  ['min', 'Math.min'],
  ['max', 'Math.max'],
  ['pow', 'Math.pow'],
  ['hypot', 'Math.hypot'],
  ['atan2', 'Math.atan2'],
]);

export const OPERATOR_CODE = { add: '+', sub: '-', mul: '*', div: '/', gt: '>', ne: '!==' } as const;

const PLAIN_NUMBER = /^[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?$/;

/**
 * JavaScript source for a number: a numeric literal (`3`, `0.5`, `1e-7`, `(-2)`), or `(-0)`,
 * `(1 / 0)`, `(-1 / 0)`, `(0 / 0)` for the special values. Throws on anything else, which cannot
 * happen for a JS number; the check makes the guarantee local and obvious.
 */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return '(0 / 0)';
  if (value === Infinity) return '(1 / 0)';
  if (value === -Infinity) return '(-1 / 0)';
  if (Object.is(value, -0)) return '(-0)';
  const text = String(Math.abs(value));
  if (!PLAIN_NUMBER.test(text)) throw new Error(`internal: ${text} is not a numeric literal`);
  return value < 0 ? `(-${text})` : text;
}

/**
 * Replaces u^n for integers 2 ≤ |n| ≤ {@link MAX_EXPANDED_POWER} by products found by repeated
 * squaring (u^6 = u^4·u^2, u^-2 = 1/(u·u)); the partial powers are interned, so u^2 inside u^4 and
 * u^6 is computed once. u^2 = u·u exactly; higher powers may differ from Math.pow in the last bit.
 */
export function expandIntegerPowers(A: Algebra, roots: readonly Node[]): Node[] {
  const f = A.factory;
  const power = (base: Node, n: number): Node => {
    let result: Node | undefined;
    let square = base;
    for (let k = n; k > 0; k >>= 1) {
      if (k & 1) result = result === undefined ? square : f.binary('mul', result, square);
      if (k > 1) square = f.binary('mul', square, square);
    }
    return result!;
  };
  return A.rebuild(roots, (node, kids) => {
    if (node.kind !== 'pow') return undefined;
    const [base, exponent] = kids as [Node, Node];
    if (exponent.kind !== 'num' || base.kind === 'num') return undefined;
    const n = exponent.value;
    if (!Number.isInteger(n) || Math.abs(n) < 2 || Math.abs(n) > MAX_EXPANDED_POWER) return undefined;
    return n > 0 ? power(base, n) : f.binary('div', A.one, power(base, -n));
  });
}

/**
 * The body of `function (x, y, out)` computing `roots[0]` (returned) and `roots[1..]` (written to
 * out[0..]). `roots` must be canonical nodes of one factory.
 */
export function generateBody(roots: readonly Node[]): string {
  const names = new Map<Node, string>();
  const ref = (n: Node): string => names.get(n)!;
  const lines: string[] = ["'use strict';"];
  let count = 0;
  for (const node of topologicalOrder(roots)) {
    let expr: string;
    switch (node.kind) {
      case 'num':
      case 'const':
        names.set(node, numberLiteral(node.value));
        continue;
      case 'var':
        names.set(node, VARIABLE_CODE.get(node.name)!);
        continue;
      case 'neg':
        expr = `-${ref(node.arg)}`;
        break;
      case 'pow':
        expr = `${FUNCTION_CODE.get('pow')!}(${ref(node.left)}, ${ref(node.right)})`;
        break;
      case 'call':
        expr = `${FUNCTION_CODE.get(node.fn)!}(${node.args.map(ref).join(', ')})`;
        break;
      case 'select':
        expr = `${ref(node.left)} ${OPERATOR_CODE[node.op]} ${ref(node.right)} ? ${ref(node.ifTrue)} : ${ref(node.ifFalse)}`;
        break;
      default:
        expr = `${ref(node.left)} ${OPERATOR_CODE[node.kind]} ${ref(node.right)}`;
    }
    const name = `t${count++}`;
    names.set(node, name);
    lines.push(`const ${name} = ${expr};`);
  }
  for (let k = 1; k < roots.length; k++) lines.push(`out[${k - 1}] = ${ref(roots[k]!)};`);
  lines.push(`return ${ref(roots[0]!)};`);
  return lines.join('\n');
}
