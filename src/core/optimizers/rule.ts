/** The registry's internal view of an optimizer definition. */

import type { OptimizerDef, ParamValues } from './types.ts';

/**
 * An `OptimizerDef` that may also reject combinations of individually valid values, the way
 * PyTorch's constructors do (e.g. SGD's nesterov needs momentum > 0 and dampening = 0).
 */
export interface OptimizerRule extends OptimizerDef {
  /** A readable reason when `values` (complete, each in range) form an invalid combination. */
  readonly validate?: (values: ParamValues) => string | undefined;
  /**
   * True when one coordinate's update depends on the others (a norm, a line search, a Hessian): the rule is
   * not a per-coordinate map, so a 2-D run is not two 1-D runs.
   */
  readonly coupled?: boolean;
  /** True when `state()` counts function evaluations in `func_evals` (L-BFGS): results report them per row. */
  readonly countsEvaluations?: boolean;
}
