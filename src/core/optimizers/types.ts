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
  /**
   * torch accepts None here (LBFGS's `max_eval`, `line_search_fn`, Adafactor's `eps1`): a JSON null selects
   * `default`, which stands for None (the description says what None means).
   */
  readonly nullable?: boolean;
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

/** torch's param_group values that a scheduler may change between steps. */
export interface Group {
  lr: number;
  /** 0 where the optimizer has none. */
  momentum: number;
  /** 0 where the optimizer has none. */
  beta1: number;
}

/** What an optimizer may evaluate besides the gradient it is handed (LBFGS's closure, Newton's Hessian). */
export interface Objective {
  readonly dim: number;
  /** f(p); writes ∇f(p) into g (noise included when the run is noisy). */
  valueGrad(p: Float64Array, g: Float64Array): number;
  /** f(p) alone (no gradient, no noise drawn): the loss of the point a rule was handed with its gradient. */
  value?(p: Float64Array): number;
  /** Exact Hessian at p, row-major dim×dim, into h. Absent where unavailable. */
  hessian?(p: Float64Array, h: Float64Array): void;
}

/**
 * One entry of torch's optimizer.state[p]: a scalar, a per-coordinate buffer, or (L-BFGS) a list: of
 * vectors (`old_dirs`, `old_stps`), of scalars (`ro`), or of slots that may still be None (`al`: null).
 */
export type StateValue =
  | number
  | readonly number[]
  | readonly (readonly number[])[]
  | readonly (number | null)[];

/** torch's optimizer.state[p]: per-coordinate buffers and scalar counters under torch's names. */
export type OptimizerState = Record<string, StateValue>;

/**
 * One optimizer run's state for a point of any dimension (PyTorch's functional style: the
 * hyper-parameters a scheduler may change come in `group` at every call).
 */
export interface Optimizer {
  /** One update in place: p ← next point; g = ∇f(p), read only; hyper-parameters read from group at each call. */
  step(p: Float64Array, g: Float64Array, group: Group, objective: Objective): void;
  /**
   * torch's optimizer.state[p] now, under torch's names (`exp_avg`, `momentum_buffer`, `sum`, `step`, ...):
   * numbers or per-coordinate arrays; {} before a lazily created state exists.
   */
  state(): OptimizerState;
  /** Where it differs from p: the point to report (Schedule-Free's x while p holds y). */
  reported?(p: Float64Array, out: Float64Array): void;
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
  /**
   * A readable reason when `values` (complete, each in range) form a combination PyTorch's constructor
   * rejects (e.g. SGD's nesterov needs momentum > 0 and dampening = 0).
   */
  readonly validate?: (values: ParamValues) => string | undefined;
  /**
   * True when one coordinate's update depends on the others (a norm, a line search, a Hessian): the rule is
   * not a per-coordinate map, so a 2-D run is not two 1-D runs.
   */
  readonly coupled?: boolean;
  /** True when `state()` counts function evaluations in `func_evals` (L-BFGS): results report them per row. */
  readonly countsEvaluations?: boolean;
}
