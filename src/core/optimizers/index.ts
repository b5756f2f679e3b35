/** Optimizer rules and their registry: the public surface of `src/core/optimizers`. */

export { defaultParams, formatRange, getOptimizer, OPTIMIZERS, resolveParams } from './registry.ts';
export type {
  BooleanParam,
  ChoiceParam,
  NumberParam,
  Optimizer,
  OptimizerDef,
  ParamSpec,
  ParamValue,
  ParamValues,
} from './types.ts';
