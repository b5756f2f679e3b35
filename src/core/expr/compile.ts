/**
 * The pipeline from text to fast functions: parse → simplify → differentiate (twice) → expand small
 * integer powers → generate straight-line JavaScript → `new Function`, once per expression.
 *
 * All roots live in one interned DAG, so `valueGrad` computes f, ∂f/∂x and ∂f/∂y sharing every common
 * subexpression, and `hessian` likewise for f, fxx, fxy, fyy (fxy is ∂/∂y of ∂f/∂x).
 */

import { err, ok, type Result } from '../result.ts';
import { NodeFactory } from './ast.ts';
import { expandIntegerPowers, generateBody } from './codegen.ts';
import { derivative } from './diff.ts';
import { NUMERIC_GRADIENT_STEP } from './numeric.ts';
import { parseInto } from './parser.ts';
import { Algebra, simplify } from './simplify.ts';
import type { CompiledFunction, ExprError } from './types.ts';

/** Bodies of the three generated functions: `value(x, y)`, `valueGrad(x, y, out)`, `hessian(x, y, out)`. */
export interface GeneratedCode {
  readonly value: string;
  readonly valueGrad: string;
  readonly hessian: string;
}

/**
 * Parses `src` and generates the JavaScript bodies (without compiling them). Exposed for tests and
 * debugging; {@link compile} is the way to get functions.
 */
export function generateCode(src: string): Result<GeneratedCode, ExprError> {
  const factory = new NodeFactory();
  const parsed = parseInto(factory, src);
  if (!parsed.ok) return parsed;
  const A = new Algebra(factory);
  const f = simplify(A, parsed.value);
  const fx = derivative(A, f, 'x');
  const fy = derivative(A, f, 'y');
  const fxx = derivative(A, fx, 'x');
  const fxy = derivative(A, fx, 'y');
  const fyy = derivative(A, fy, 'y');
  const [v, gx, gy, hxx, hxy, hyy] = expandIntegerPowers(A, [f, fx, fy, fxx, fxy, fyy]);
  return ok({
    value: generateBody([v!]),
    valueGrad: generateBody([v!, gx!, gy!]),
    hessian: generateBody([v!, hxx!, hxy!, hyy!]),
  });
}

/**
 * Source of the central-difference gradient with the value body inlined as a local function: one
 * function per expression (not a shared wrapper), so the engine can inline f into it. The arithmetic
 * is `numericGradient`'s exactly (see numeric.ts).
 */
function numericGradSource(valueBody: string): string {
  const h = NUMERIC_GRADIENT_STEP;
  return `function f(x, y) {\n${valueBody}\n}
return function numericGrad(x, y, out) {
  const fx1 = f(x + ${h}, y);
  const fx2 = f(x - ${h}, y);
  out[0] = (fx1 - fx2) / (2 * ${h});
  const fy1 = f(x, y + ${h});
  const fy2 = f(x, y - ${h});
  out[1] = (fy1 - fy2) / (2 * ${h});
  return f(x, y);
};`;
}

/** Parses and compiles `src`; returns the first syntax error instead when there is one. */
export function compile(src: string): Result<CompiledFunction, ExprError> {
  let code: Result<GeneratedCode, ExprError>;
  try {
    code = generateCode(src);
  } catch {
    // Not expected: every stage is total and iterative. Still, errors are values here.
    return err({ message: 'The expression could not be compiled', start: 0, end: src.length });
  }
  if (!code.ok) return code;
  // The bodies are generated from the validated tree only (see codegen.ts), never from the text.
  const compiled: CompiledFunction = {
    source: src,
    value: new Function('x', 'y', code.value.value) as (x: number, y: number) => number,
    valueGrad: new Function('x', 'y', 'out', code.value.valueGrad) as CompiledFunction['valueGrad'],
    hessian: new Function('x', 'y', 'out', code.value.hessian) as CompiledFunction['hessian'],
    numericGrad: new Function(numericGradSource(code.value.value))() as CompiledFunction['numericGrad'],
  };
  return ok(Object.freeze(compiled));
}
