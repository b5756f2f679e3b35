/**
 * Expression nodes and their interning (hash-consing).
 *
 * A `NodeFactory` returns the same object for structurally equal nodes, so an expression is a DAG in
 * which every distinct subexpression exists once: `(x+1)^2 * (x+1)` holds one `x+1`. Structural
 * equality is then pointer equality, common subexpressions are shared for free (the code generator
 * emits each node once), and derivatives can be memoized per node.
 *
 * Each node carries an `id`, increasing in creation order within its factory. A node's children are
 * always created before it, so sorting nodes by `id` is a topological order (children first): every
 * pass over a DAG (simplify, differentiate, generate code, print) is a loop in id order, with no
 * recursion, so no input can overflow the stack.
 */

import type { ConstantName, FunctionName, VariableName } from './names.ts';

/** Binary arithmetic: `+ - * / ^`. */
export type BinaryKind = 'add' | 'sub' | 'mul' | 'div' | 'pow';

/** Comparison of a `select` node: `gt` is l > r, `ne` is l !== r. */
export type CompareOp = 'gt' | 'ne';

interface NodeBase {
  /** Position in creation order within the node's factory (children have smaller ids). */
  readonly id: number;
}

/** A number literal or a folded constant. */
export interface NumNode extends NodeBase {
  readonly kind: 'num';
  readonly value: number;
}

/** A named constant as the user wrote it (`pi`, `e`); the simplifier turns it into a `num`. */
export interface ConstNode extends NodeBase {
  readonly kind: 'const';
  readonly name: ConstantName;
  readonly value: number;
}

export interface VarNode extends NodeBase {
  readonly kind: 'var';
  readonly name: VariableName;
}

/** Unary minus. */
export interface NegNode extends NodeBase {
  readonly kind: 'neg';
  readonly arg: Node;
}

export interface BinaryNode extends NodeBase {
  readonly kind: BinaryKind;
  readonly left: Node;
  readonly right: Node;
}

/** A call of a function of the language, e.g. `sin(u)` or `atan2(y, x)`. */
export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly Node[];
}

/**
 * Internal guard, never produced by the parser: `op(left, right) ? ifTrue : ifFalse`, e.g.
 * `u > 0 ? 0.5/sqrt(u) : 0` for the derivative of sqrt. It differentiates branch-wise (the
 * condition is held fixed), which is how kinks get a defined one-sided value or subgradient.
 */
export interface SelectNode extends NodeBase {
  readonly kind: 'select';
  readonly op: CompareOp;
  readonly left: Node;
  readonly right: Node;
  readonly ifTrue: Node;
  readonly ifFalse: Node;
}

export type Node = NumNode | ConstNode | VarNode | NegNode | BinaryNode | CallNode | SelectNode;

/** Key of a number that tells 0 from -0 (String(-0) is "0"); NaN has a single key. */
function numberKey(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Creates interned nodes: asking twice for the same structure returns the same object. The
 * constructors here build exactly what they are asked for; simplification lives in `simplify.ts`.
 */
export class NodeFactory {
  private readonly table = new Map<string, Node>();
  private nextId = 0;

  /** Number of distinct nodes created so far. */
  get size(): number {
    return this.nextId;
  }

  private intern<T extends Node>(key: string, make: (id: number) => T): T {
    const found = this.table.get(key);
    if (found !== undefined) return found as T;
    const node = make(this.nextId++);
    this.table.set(key, node);
    return node;
  }

  num(value: number): NumNode {
    return this.intern(`n${numberKey(value)}`, (id) => ({ id, kind: 'num', value }));
  }

  constant(name: ConstantName, value: number): ConstNode {
    return this.intern(`c${name}`, (id) => ({ id, kind: 'const', name, value }));
  }

  variable(name: VariableName): VarNode {
    return this.intern(`v${name}`, (id) => ({ id, kind: 'var', name }));
  }

  neg(arg: Node): NegNode {
    return this.intern(`neg ${arg.id}`, (id) => ({ id, kind: 'neg', arg }));
  }

  binary(kind: BinaryKind, left: Node, right: Node): BinaryNode {
    return this.intern(`${kind} ${left.id} ${right.id}`, (id) => ({ id, kind, left, right }));
  }

  call(fn: FunctionName, args: readonly Node[]): CallNode {
    const key = `${fn}(${args.map((a) => a.id).join(' ')})`;
    return this.intern(key, (id) => ({ id, kind: 'call', fn, args: Object.freeze([...args]) }));
  }

  select(op: CompareOp, left: Node, right: Node, ifTrue: Node, ifFalse: Node): SelectNode {
    const key = `?${op} ${left.id} ${right.id} ${ifTrue.id} ${ifFalse.id}`;
    return this.intern(key, (id) => ({ id, kind: 'select', op, left, right, ifTrue, ifFalse }));
  }
}

/** The direct children of a node, in evaluation order. */
export function children(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'num':
    case 'const':
    case 'var':
      return [];
    case 'neg':
      return [node.arg];
    case 'call':
      return node.args;
    case 'select':
      return [node.left, node.right, node.ifTrue, node.ifFalse];
    default:
      return [node.left, node.right];
  }
}

/**
 * All nodes reachable from `roots` (each once), sorted by id, hence children before parents.
 * `follow` may prune edges (e.g. not descending into a select's condition). Iterative.
 */
export function topologicalOrder(
  roots: readonly Node[],
  follow: (node: Node) => readonly Node[] = children,
): Node[] {
  const seen = new Set<Node>();
  const stack: Node[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const child of follow(node)) if (!seen.has(child)) stack.push(child);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}

const PRECEDENCE = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4, atom: 5 } as const;
const SYMBOL = { add: '+', sub: '-', mul: '*', div: '/', pow: '^' } as const;

/**
 * Prints a node as text the parser reads back to the same tree, with the fewest parentheses that
 * keep the structure visible: `-(x^2)`, `x^(2^3)`, `(1 / 2) * x`. Intended for tests, debugging and
 * display; the text of a shared subexpression is repeated at each use, so printing a large
 * derivative DAG can be long. Internal `select` nodes print as `(l > r ? a : b)`.
 */
export function formatNode(root: Node): string {
  const text = new Map<Node, { s: string; p: number }>();
  const wrap = (child: Node, needParens: (p: number) => boolean): string => {
    const t = text.get(child)!;
    return needParens(t.p) ? `(${t.s})` : t.s;
  };
  for (const node of topologicalOrder([root])) {
    let entry: { s: string; p: number };
    switch (node.kind) {
      case 'num': {
        const v = node.value;
        const s = Number.isNaN(v)
          ? '0/0'
          : v === Infinity
            ? '1/0'
            : v === -Infinity
              ? '-1/0'
              : Object.is(v, -0)
                ? '-0'
                : String(v);
        // Anything but a plain non-negative literal gets parentheses wherever it is an operand.
        entry = { s, p: Number.isFinite(v) && /^[0-9]/.test(s) ? PRECEDENCE.atom : 0 };
        break;
      }
      case 'const':
      case 'var':
        entry = { s: node.name, p: PRECEDENCE.atom };
        break;
      case 'neg':
        entry = { s: `-${wrap(node.arg, (p) => p < PRECEDENCE.atom)}`, p: PRECEDENCE.neg };
        break;
      case 'call':
        entry = { s: `${node.fn}(${node.args.map((a) => text.get(a)!.s).join(', ')})`, p: PRECEDENCE.atom };
        break;
      case 'select': {
        const op = node.op === 'gt' ? '>' : '!=';
        const parts = [node.left, node.right, node.ifTrue, node.ifFalse].map((c) => text.get(c)!.s);
        entry = { s: `(${parts[0]} ${op} ${parts[1]} ? ${parts[2]} : ${parts[3]})`, p: PRECEDENCE.atom };
        break;
      }
      case 'pow':
        entry = {
          s: `${wrap(node.left, (p) => p <= PRECEDENCE.pow)}^${wrap(node.right, (p) => p <= PRECEDENCE.pow)}`,
          p: PRECEDENCE.pow,
        };
        break;
      default: {
        const p = PRECEDENCE[node.kind];
        // Mixed operators of one level show their grouping: (1 / 2) * x, (x - y) + z.
        const left = wrap(node.left, (q) => q < p || (q === p && node.left.kind !== node.kind));
        const right = wrap(node.right, (q) => q <= p);
        entry = { s: `${left} ${SYMBOL[node.kind]} ${right}`, p };
      }
    }
    text.set(node, entry);
  }
  return text.get(root)!.s;
}
