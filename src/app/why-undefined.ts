/**
 * Why f cannot be evaluated at a point, in words a student reads: "log(x) needs x > 0". The
 * expression is parsed and evaluated node by node (children first, in the nodes' id order — no
 * recursion), and the first node whose value stops being a finite number while its operands are
 * finite is the culprit: a logarithm of a number ≤ 0, a square root of a negative number, a division
 * by zero, an arcsine outside [−1, 1], a fractional power of a negative number. Null when f is
 * finite there or the expression does not parse.
 */
import { formatNode, type Node, parse } from '../core/expr/index.ts';

const UNARY: Readonly<Record<string, (v: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  ln: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  ceil: Math.ceil,
};

/** An operand's text, in parentheses unless it is a single name, number or call. */
const group = (n: Node): string =>
  n.kind === 'var' || n.kind === 'num' || n.kind === 'const' || n.kind === 'call'
    ? formatNode(n)
    : `(${formatNode(n)})`;

/** What the culprit node needs, given its operands' text. */
function requirement(node: Node, arg: (i: number) => string): string {
  if (node.kind === 'call') {
    const a = arg(0);
    if (['log', 'ln', 'log10', 'log2'].includes(node.fn)) return `${node.fn}(${a}) needs ${a} > 0`;
    if (node.fn === 'sqrt') return `sqrt(${a}) needs ${a} ≥ 0`;
    if (node.fn === 'asin' || node.fn === 'acos') return `${node.fn}(${a}) needs −1 ≤ ${a} ≤ 1`;
    return `${node.fn}(${a}) is not a finite number there`;
  }
  if (node.kind === 'div') return `${group(node.left)} / ${group(node.right)} divides by zero`;
  if (node.kind === 'pow')
    return `${group(node.left)}^${group(node.right)} needs ${arg(0)} ≥ 0 for a fractional power`;
  return `${formatNode(node)} is not a finite number there`;
}

/** Every node under `root`, children before parents (ascending id). */
function nodesOf(root: Node): Node[] {
  const seen = new Set<Node>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'neg') stack.push(n.arg);
    else if (n.kind === 'call') stack.push(...n.args);
    else if (n.kind === 'select') stack.push(n.left, n.right, n.ifTrue, n.ifFalse);
    else if ('left' in n) stack.push(n.left, n.right);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}

const children = (n: Node): readonly Node[] =>
  n.kind === 'neg'
    ? [n.arg]
    : n.kind === 'call'
      ? n.args
      : n.kind === 'select'
        ? [n.left, n.right, n.ifTrue, n.ifFalse]
        : 'left' in n
          ? [n.left, n.right]
          : [];

/** The reason f(x, y) is not a finite number, or null. */
export function whyUndefined(expression: string, x: number, y: number): string | null {
  const parsed = parse(expression);
  if (!parsed.ok) return null;
  const value = new Map<Node, number>();
  for (const n of nodesOf(parsed.value)) {
    const c = children(n).map((k) => value.get(k)!);
    let v: number;
    switch (n.kind) {
      case 'num':
      case 'const':
        v = n.value;
        break;
      case 'var':
        v = n.name === 'x' ? x : y;
        break;
      case 'neg':
        v = -c[0];
        break;
      case 'add':
        v = c[0] + c[1];
        break;
      case 'sub':
        v = c[0] - c[1];
        break;
      case 'mul':
        v = c[0] * c[1];
        break;
      case 'div':
        v = c[0] / c[1];
        break;
      case 'pow':
        v = c[0] ** c[1];
        break;
      case 'select':
        v = (n.op === 'gt' ? c[0] > c[1] : c[0] !== c[1]) ? c[2] : c[3];
        break;
      case 'call': {
        const unary = UNARY[n.fn];
        if (unary) v = unary(c[0]);
        else if (n.fn === 'min') v = Math.min(...c);
        else if (n.fn === 'max') v = Math.max(...c);
        else if (n.fn === 'pow') v = c[0] ** c[1];
        else if (n.fn === 'hypot') v = Math.hypot(c[0], c[1]);
        else v = Math.atan2(c[0], c[1]);
        break;
      }
    }
    value.set(n, v);
    if (!Number.isFinite(v) && c.every(Number.isFinite)) {
      const args = children(n);
      return requirement(n, (i) => formatNode(args[i]));
    }
  }
  return null;
}
