/**
 * Public types of the expression language. The implementation (lexer, parser, differentiation,
 * compiler) lives beside this file; everything outside `src/core/expr/` imports from `./index.ts`.
 */

/** A parse or validation error, with the half-open character range [start, end) it refers to. */
export interface ExprError {
  /** A sentence a student understands, e.g. `Unknown name "sine" — did you mean "sin"?`. */
  readonly message: string;
  /** 0-based index of the first offending character in the input. */
  readonly start: number;
  /** 0-based index one past the last offending character (start === end for "at end of input"). */
  readonly end: number;
}

/**
 * f(x, y) compiled to plain JavaScript functions. All three are exact (symbolic derivatives), never
 * finite differences. Where a derivative does not exist (abs at 0, sqrt at 0, Ackley's origin) they
 * return a defined value (a subgradient or 0), never throw.
 */
export interface CompiledFunction {
  /** The expression text as the user typed it. */
  readonly source: string;
  /** f(x, y). */
  readonly value: (x: number, y: number) => number;
  /** Writes ∂f/∂x to out[0] and ∂f/∂y to out[1]; returns f(x, y). */
  readonly valueGrad: (x: number, y: number, out: Float64Array) => number;
  /** Writes ∂²f/∂x² to out[0], ∂²f/∂x∂y to out[1], ∂²f/∂y² to out[2]; returns f(x, y). */
  readonly hessian: (x: number, y: number, out: Float64Array) => number;
  /**
   * The seed's central-difference gradient (h = 1e-4), for comparing with the exact one: the same
   * numbers as `numericGradient(value)`, compiled per expression so that it runs as fast.
   */
  readonly numericGrad: (x: number, y: number, out: Float64Array) => number;
}
