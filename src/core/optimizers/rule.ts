/** The registry's internal view of an optimizer definition. */

import type { OptimizerDef, ParamValues } from './types.ts';

/**
 * An `OptimizerDef` that may also reject combinations of individually valid values, the way
 * PyTorch's constructors do (e.g. SGD's nesterov needs momentum > 0 and dampening = 0).
 */
export interface OptimizerRule extends OptimizerDef {
  /** A readable reason when `values` (complete, each in range) form an invalid combination. */
  readonly validate?: (values: ParamValues) => string | undefined;
}
