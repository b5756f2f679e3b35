/**
 * Central differences, as in "Deep Learning from Scratch" (`numerical_gradient`), per coordinate with
 * h = 1e-4:
 *
 *   ∂f/∂x ≈ (f(x + h, y) − f(x − h, y)) / (2h),   ∂f/∂y ≈ (f(x, y + h) − f(x, y − h)) / (2h).
 *
 * The shifted coordinate is computed first (`x + h` rounded to a double) and then evaluated, exactly
 * like the NumPy version that overwrites x[idx] = tmp_val + h before calling f. Truncation error is
 * O(h²)·f''' and rounding error about ε·|f|/h, so this is a check and a teaching device; the compiled
 * functions use exact symbolic derivatives instead.
 */

/** Step of the central difference. */
export const NUMERIC_GRADIENT_STEP = 1e-4;

/**
 * Wraps `value` into `(x, y, out) => f(x, y)` that writes the central-difference gradient to
 * out[0], out[1]. Calls `value` five times per evaluation.
 */
export function numericGradient(
  value: (x: number, y: number) => number,
): (x: number, y: number, out: Float64Array) => number {
  const h = NUMERIC_GRADIENT_STEP;
  return (x: number, y: number, out: Float64Array): number => {
    const xPlus = x + h;
    const xMinus = x - h;
    const fx1 = value(xPlus, y);
    const fx2 = value(xMinus, y);
    out[0] = (fx1 - fx2) / (2 * h);
    const yPlus = y + h;
    const yMinus = y - h;
    const fy1 = value(x, yPlus);
    const fy2 = value(x, yMinus);
    out[1] = (fy1 - fy2) / (2 * h);
    return value(x, y);
  };
}
