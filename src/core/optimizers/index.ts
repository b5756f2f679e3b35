/** Optimizer rules and their registry: the public surface of `src/core/optimizers`. */

export { StepFailure } from './failure.ts';
export {
  closest,
  defaultParams,
  formatRange,
  getOptimizer,
  groupOf,
  OPTIMIZERS,
  resolveParams,
} from './registry.ts';
export type {
  BooleanParam,
  ChoiceParam,
  Group,
  NumberParam,
  Objective,
  Optimizer,
  OptimizerDef,
  OptimizerState,
  ParamSpec,
  ParamValue,
  ParamValues,
} from './types.ts';
