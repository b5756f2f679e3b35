/**
 * Public types of the optimizer registry. Parameter specs drive the panel, the URL, the command line
 * and validation alike.
 */

export type ParamValue = number | boolean | string;
export type ParamValues = Readonly<Record<string, ParamValue>>;

interface ParamBase {
  /** PyTorch's name (`lr`, `momentum`, ...); `beta1`/`beta2` stand for PyTorch's `betas`. */
  readonly name: string;
  /** One line a student understands, shown as the control's tooltip and in `descent optimizers`. */
  readonly description: string;
}

export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly default: number;
  /** Inclusive bounds of the allowed range (PyTorch's checks; `max` may be Infinity). */
  readonly min: number;
  readonly max: number;
  /** The range a slider covers: the useful part of [min, max]; typed values may go beyond it. */
  readonly slider: readonly [number, number];
  /** Slider step (linear scale) or suggested precision. */
  readonly step: number;
  /** How a slider should move: `log` for learning rates and epsilons. */
  readonly scale: 'linear' | 'log';
}

export interface BooleanParam extends ParamBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface ChoiceParam extends ParamBase {
  readonly kind: 'choice';
  readonly default: string;
  readonly options: readonly string[];
}

export type ParamSpec = NumberParam | BooleanParam | ChoiceParam;

/**
 * One optimizer run's state for a point of any dimension. `step` applies one update in place:
 * `p` is the current point (overwritten with the next one), `g` the gradient at `p` (read only).
 * The update counter t starts at 1 on the first call.
 */
export interface Optimizer {
  step(p: Float64Array, g: Float64Array): void;
}

export interface OptimizerDef {
  /** Stable identifier used in URLs and the command line, e.g. `adam`. */
  readonly id: string;
  /** Display name, e.g. `Adam`. */
  readonly name: string;
  /** One-line summary for menus. */
  readonly summary: string;
  /** The update rule in plain text (the same formula as the implementation's doc comment). */
  readonly rule: string;
  readonly params: readonly ParamSpec[];
  /** A fresh optimizer state for a point of `dim` coordinates; `params` must be complete and valid. */
  create(params: ParamValues, dim: number): Optimizer;
}
