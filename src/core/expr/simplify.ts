/**
 * Simplifying constructors over a {@link NodeFactory}, and the pass that turns a parsed tree into
 * the canonical form used by differentiation and code generation.
 *
 * The rewrites are deliberately light and, on finite inputs, exact: the simplified expression
 * computes bit-for-bit what the original does, with three documented exceptions that only matter at
 * ±Infinity/NaN or in the sign of a zero:
 *  - folding: an operation whose operands are all numbers is evaluated now, with the same JS
 *    operation the generated code would use;
 *  - identities: u+0 = u, u-0 = u, 0-u = -u, u*1 = u, u/1 = u, u^1 = u, u^0 = 1, --u = u, and the
 *    exact sign moves (-a)*b = -(a*b), a-(-b) = a+b, a+(-b) = a-b;
 *  - structural zeros: u*0 = 0, 0/u = 0 and u-u = 0 for a node u that is not a number literal
 *    (exact unless u is infinite or NaN). These are what keep derivatives small.
 * Operands of + and * are put in a canonical order (numbers first, then by node id): IEEE addition
 * and multiplication are commutative, and sharing improves (x*y and y*x become one node).
 *
 * The canonical form has no `const` nodes (pi → 3.14159…), no `ln` (→ `log`), no `pow` calls (→ `^`)
 * and only two-argument `min`/`max` (min(a, b, c) → min(min(a, b), c)).
 */

import { type BinaryKind, type CompareOp, type Node, type NodeFactory, topologicalOrder } from './ast.ts';
import type { FunctionName } from './names.ts';

/** JavaScript implementation of each function, used for folding (the generated code calls the same). */
export const MATH_IMPLEMENTATION: ReadonlyMap<FunctionName, (...args: number[]) => number> = new Map<
  FunctionName,
  (...args: number[]) => number
>([
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['atan', Math.atan],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
  ['exp', Math.exp],
  ['log', Math.log],
  ['ln', Math.log],
  ['log10', Math.log10],
  ['log2', Math.log2],
  ['sqrt', Math.sqrt],
  ['abs', Math.abs],
  ['sign', Math.sign],
  ['floor', Math.floor],
  ['ceil', Math.ceil],
  ['min', Math.min],
  ['max', Math.max],
  ['pow', Math.pow],
  ['hypot', Math.hypot],
  ['atan2', Math.atan2],
]);

/** True for a number literal 0 or -0. */
export const isZero = (n: Node): boolean => n.kind === 'num' && n.value === 0;
const isNum = (n: Node, v: number): boolean => n.kind === 'num' && n.value === v;

/** Canonical order of commutative operands: numbers first, then by id. */
function ordered(a: Node, b: Node): [Node, Node] {
  if (a.kind === 'num' && b.kind !== 'num') return [a, b];
  if (b.kind === 'num' && a.kind !== 'num') return [b, a];
  return a.id <= b.id ? [a, b] : [b, a];
}

/** Simplifying constructors; every method returns an interned node of `factory`. */
export class Algebra {
  readonly zero: Node;
  readonly one: Node;

  constructor(readonly factory: NodeFactory) {
    this.zero = factory.num(0);
    this.one = factory.num(1);
  }

  num(value: number): Node {
    return this.factory.num(value);
  }

  neg(a: Node): Node {
    if (a.kind === 'num') return this.num(-a.value);
    if (a.kind === 'neg') return a.arg;
    return this.factory.neg(a);
  }

  add(a: Node, b: Node): Node {
    if (a.kind === 'num' && b.kind === 'num') return this.num(a.value + b.value);
    if (isZero(a)) return b;
    if (isZero(b)) return a;
    if (b.kind === 'neg') return this.sub(a, b.arg);
    if (a.kind === 'neg') return this.sub(b, a.arg);
    if (a === b) return this.mul(this.num(2), a);
    const [l, r] = ordered(a, b);
    return this.factory.binary('add', l, r);
  }

  sub(a: Node, b: Node): Node {
    if (a.kind === 'num' && b.kind === 'num') return this.num(a.value - b.value);
    if (isZero(b)) return a;
    if (isZero(a)) return this.neg(b);
    if (a === b) return this.zero;
    if (b.kind === 'neg') return this.add(a, b.arg);
    return this.factory.binary('sub', a, b);
  }

  mul(a: Node, b: Node): Node {
    if (a.kind === 'num' && b.kind === 'num') return this.num(a.value * b.value);
    if (isZero(a) || isZero(b)) return this.zero;
    if (isNum(a, 1)) return b;
    if (isNum(b, 1)) return a;
    if (isNum(a, -1)) return this.neg(b);
    if (isNum(b, -1)) return this.neg(a);
    if (a.kind === 'neg') return this.neg(this.mul(a.arg, b));
    if (b.kind === 'neg') return this.neg(this.mul(a, b.arg));
    const [l, r] = ordered(a, b);
    return this.factory.binary('mul', l, r);
  }

  div(a: Node, b: Node): Node {
    if (a.kind === 'num' && b.kind === 'num') return this.num(a.value / b.value);
    if (isZero(a)) return this.zero;
    if (isNum(b, 1)) return a;
    if (isNum(b, -1)) return this.neg(a);
    if (a.kind === 'neg') return this.neg(this.div(a.arg, b));
    if (b.kind === 'neg') return this.neg(this.div(a, b.arg));
    return this.factory.binary('div', a, b);
  }

  pow(a: Node, b: Node): Node {
    if (a.kind === 'num' && b.kind === 'num') return this.num(a.value ** b.value);
    if (isZero(b)) return this.one;
    if (isNum(b, 1)) return a;
    return this.factory.binary('pow', a, b);
  }

  binary(kind: BinaryKind, a: Node, b: Node): Node {
    return this[kind](a, b);
  }

  /** A function call, folded when every argument is a number. */
  call(fn: FunctionName, args: readonly Node[]): Node {
    if (fn === 'ln') return this.call('log', args);
    if (fn === 'pow') return this.pow(args[0]!, args[1]!);
    if ((fn === 'min' || fn === 'max') && args.length > 2) {
      let acc = args[0]!;
      for (let k = 1; k < args.length; k++) acc = this.call(fn, [acc, args[k]!]);
      return acc;
    }
    if (args.every((a) => a.kind === 'num')) {
      const impl = MATH_IMPLEMENTATION.get(fn)!;
      return this.num(impl(...args.map((a) => (a.kind === 'num' ? a.value : Number.NaN))));
    }
    return this.factory.call(fn, args);
  }

  /** `op(l, r) ? ifTrue : ifFalse`, folded when the branches agree or the condition is known. */
  select(op: CompareOp, l: Node, r: Node, ifTrue: Node, ifFalse: Node): Node {
    if (ifTrue === ifFalse) return ifTrue;
    if (l.kind === 'num' && r.kind === 'num') {
      return (op === 'gt' ? l.value > r.value : l.value !== r.value) ? ifTrue : ifFalse;
    }
    return this.factory.select(op, l, r, ifTrue, ifFalse);
  }

  /**
   * Rebuilds every node reachable from `roots` bottom-up with these constructors (after mapping
   * children), letting `rewrite` replace a node first. Returns the new roots. Iterative.
   */
  rebuild(roots: readonly Node[], rewrite?: (node: Node, kids: readonly Node[]) => Node | undefined): Node[] {
    const image = new Map<Node, Node>();
    const get = (n: Node): Node => image.get(n)!;
    for (const node of topologicalOrder(roots)) {
      let out: Node;
      switch (node.kind) {
        case 'num':
        case 'var':
          out = node;
          break;
        case 'const':
          out = this.num(node.value);
          break;
        case 'neg':
          out = rewrite?.(node, [get(node.arg)]) ?? this.neg(get(node.arg));
          break;
        case 'call': {
          const kids = node.args.map(get);
          out = rewrite?.(node, kids) ?? this.call(node.fn, kids);
          break;
        }
        case 'select': {
          const kids = [get(node.left), get(node.right), get(node.ifTrue), get(node.ifFalse)];
          out = rewrite?.(node, kids) ?? this.select(node.op, kids[0]!, kids[1]!, kids[2]!, kids[3]!);
          break;
        }
        default: {
          const kids = [get(node.left), get(node.right)];
          out = rewrite?.(node, kids) ?? this.binary(node.kind, kids[0]!, kids[1]!);
        }
      }
      image.set(node, out);
    }
    return roots.map(get);
  }
}

/** The canonical, simplified form of a parsed expression (same factory). */
export function simplify(algebra: Algebra, root: Node): Node {
  return algebra.rebuild([root])[0]!;
}
