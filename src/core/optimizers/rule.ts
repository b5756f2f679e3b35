/** The name the optimizer files use for their registry entry: an `OptimizerDef` (see `types.ts`). */

import type { OptimizerDef } from './types.ts';

/** One registry entry: the rule, its parameters and PyTorch's extra checks (`validate`). */
export type OptimizerRule = OptimizerDef;
