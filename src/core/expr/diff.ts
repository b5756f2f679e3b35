/**
 * Symbolic differentiation on the interned DAG.
 *
 * `derivative(A, f, v)` visits the nodes reachable from f in id order (children first) and builds
 * each node's derivative from its children's, through the simplifying constructors of `A`, so that
 * structural zeros vanish as they appear (∂y/∂x = 0 removes whole terms). Each node is
 * differentiated once, so the result is linear in the size of the DAG; there is no recursion.
 *
 * Rules (u, w are arguments, u' their derivatives; the chain rule multiplies by u'):
 *  - (u ± w)' = u' ± w';  (u·w)' = u'·w + u·w';  (u/w)' = (u' − (u/w)·w')/w, reusing the node u/w.
 *  - u^c, c a number: c·u^(c−1)·u'; for c < 1 guarded as (u ≠ 0 ? c·u^(c−1) : 0) so that u = 0
 *    gives 0 instead of Infinity·0.
 *  - u^w in general: [w·u^(w−1)]·u' + [u^w·ln u]·w', the first bracket guarded at u = 0 (0 if w < 1)
 *    and the second 0 at u = 0 (its limit when w > 0).
 *  - sin' = cos, cos' = −sin, tan' = 1 + tan², asin' = 1/√(1−u²), acos' = −1/√(1−u²) (both 0 where
 *    1 − u² ≤ 0, i.e. at ±1 where they are infinite), atan' = 1/(1+u²), sinh' = cosh, cosh' = sinh,
 *    tanh' = 1 − tanh², exp' = exp, log' = 1/u, log10' = 1/(u·ln 10), log2' = 1/(u·ln 2),
 *    sqrt' = (u > 0 ? 0.5/√u : 0), abs' = sign(u) (sign(0) = 0, a subgradient),
 *    sign' = floor' = ceil' = 0.
 *  - min(a, b)' = (a > b ? b' : a'), i.e. the selected branch (a' on ties); max likewise (a' on ties).
 *  - hypot(a, b)' = (a·a' + b·b')/h with h = hypot(a, b), 0 at h = 0.
 *  - atan2(a, b)' = (b·a' − a·b')/(a² + b²), 0 at the origin.
 *  - select(c, p, q)' = select(c, p', q'): the condition is held fixed.
 * No rule can throw; where the true derivative is infinite or undefined the guards give 0.
 */

import { children, type Node, topologicalOrder } from './ast.ts';
import type { VariableName } from './names.ts';
import { type Algebra, isZero } from './simplify.ts';

/** Children whose derivatives a node's rule needs (conditions and piecewise-constant args are skipped). */
function differentiatedChildren(node: Node): readonly Node[] {
  if (node.kind === 'select') return [node.ifTrue, node.ifFalse];
  if (node.kind === 'call' && (node.fn === 'sign' || node.fn === 'floor' || node.fn === 'ceil')) return [];
  return children(node);
}

/** ∂root/∂v as a node of the same factory. `root` must be in canonical (simplified) form. */
export function derivative(A: Algebra, root: Node, v: VariableName): Node {
  const d = new Map<Node, Node>();
  const D = (n: Node): Node => d.get(n)!;
  for (const node of topologicalOrder([root], differentiatedChildren)) {
    d.set(node, rule(A, node, v, D));
  }
  return D(root);
}

/** u ≠ 0 ? value : 0 */
const nonZeroOr0 = (A: Algebra, u: Node, value: Node): Node => A.select('ne', u, A.zero, value, A.zero);

function rule(A: Algebra, node: Node, v: VariableName, D: (n: Node) => Node): Node {
  switch (node.kind) {
    case 'num':
    case 'const':
      return A.zero;
    case 'var':
      return node.name === v ? A.one : A.zero;
    case 'neg':
      return A.neg(D(node.arg));
    case 'add':
      return A.add(D(node.left), D(node.right));
    case 'sub':
      return A.sub(D(node.left), D(node.right));
    case 'mul':
      return A.add(A.mul(D(node.left), node.right), A.mul(node.left, D(node.right)));
    case 'div': {
      const du = D(node.left);
      const dw = D(node.right);
      if (isZero(dw)) return A.div(du, node.right);
      return A.div(A.sub(du, A.mul(node, dw)), node.right);
    }
    case 'pow':
      return powRule(A, node, node.left, node.right, D(node.left), D(node.right));
    case 'select':
      return A.select(node.op, node.left, node.right, D(node.ifTrue), D(node.ifFalse));
    case 'call':
      return callRule(A, node, D);
  }
}

function powRule(A: Algebra, node: Node, u: Node, w: Node, du: Node, dw: Node): Node {
  if (w.kind === 'num') {
    if (isZero(du)) return A.zero;
    const c = w.value;
    const factor = A.mul(w, A.pow(u, A.num(c - 1)));
    return A.mul(c < 1 ? nonZeroOr0(A, u, factor) : factor, du);
  }
  let result = A.zero;
  if (!isZero(du)) {
    const factor = A.mul(w, A.pow(u, A.sub(w, A.one)));
    // At u = 0: w·0^(w−1) is 0 for w > 1, w for w = 1, infinite for w < 1 (→ 0).
    const guarded = A.select('ne', u, A.zero, factor, A.select('gt', A.one, w, A.zero, factor));
    result = A.mul(guarded, du);
  }
  if (!isZero(dw)) {
    const logTerm =
      u.kind === 'num' && u.value > 0
        ? A.mul(node, A.num(Math.log(u.value)))
        : nonZeroOr0(A, u, A.mul(node, A.call('log', [u])));
    result = A.add(result, A.mul(logTerm, dw));
  }
  return result;
}

function callRule(A: Algebra, node: Node & { kind: 'call' }, D: (n: Node) => Node): Node {
  const [a, b] = node.args as [Node, Node | undefined];
  if (b !== undefined) {
    const da = D(a);
    const db = D(b);
    switch (node.fn) {
      case 'min':
        return A.select('gt', a, b, db, da);
      case 'max':
        return A.select('gt', b, a, db, da);
      case 'hypot': {
        // ∂h/∂a = a/h, ∂h/∂b = b/h, both 0 at h = 0.
        const pa = A.select('gt', node, A.zero, A.div(a, node), A.zero);
        const pb = A.select('gt', node, A.zero, A.div(b, node), A.zero);
        return A.add(A.mul(pa, da), A.mul(pb, db));
      }
      case 'atan2': {
        // atan2(a, b) is the angle of (b, a): ∂/∂a = b/r², ∂/∂b = −a/r², both 0 at r² = 0.
        const r2 = A.add(A.mul(a, a), A.mul(b, b));
        const pa = A.select('gt', r2, A.zero, A.div(b, r2), A.zero);
        const pb = A.select('gt', r2, A.zero, A.neg(A.div(a, r2)), A.zero);
        return A.add(A.mul(pa, da), A.mul(pb, db));
      }
      default:
        // pow calls do not exist in canonical form; keep the value defined anyway.
        return A.zero;
    }
  }
  if (node.fn === 'sign' || node.fn === 'floor' || node.fn === 'ceil') return A.zero;
  const du = D(a);
  if (isZero(du)) return A.zero;
  switch (node.fn) {
    case 'log':
    case 'ln':
      return A.div(du, a);
    case 'log10':
      return A.div(du, A.mul(A.num(Math.LN10), a));
    case 'log2':
      return A.div(du, A.mul(A.num(Math.LN2), a));
    default:
      return A.mul(unaryFactor(A, node, a), du);
  }
}

/** f'(u) for the one-argument functions other than the logarithms and the piecewise constants. */
function unaryFactor(A: Algebra, node: Node & { kind: 'call' }, u: Node): Node {
  switch (node.fn) {
    case 'sin':
      return A.call('cos', [u]);
    case 'cos':
      return A.neg(A.call('sin', [u]));
    case 'tan':
      return A.add(A.one, A.mul(node, node));
    case 'asin':
    case 'acos': {
      const w = A.sub(A.one, A.mul(u, u));
      const f = A.select('gt', w, A.zero, A.div(A.one, A.call('sqrt', [w])), A.zero);
      return node.fn === 'asin' ? f : A.neg(f);
    }
    case 'atan':
      return A.div(A.one, A.add(A.one, A.mul(u, u)));
    case 'sinh':
      return A.call('cosh', [u]);
    case 'cosh':
      return A.call('sinh', [u]);
    case 'tanh':
      return A.sub(A.one, A.mul(node, node));
    case 'exp':
      return node;
    case 'sqrt':
      return A.select('gt', u, A.zero, A.div(A.num(0.5), node), A.zero);
    case 'abs':
      return A.call('sign', [u]);
    default:
      return A.zero;
  }
}
