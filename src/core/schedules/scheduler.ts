/**
 * The machinery every learning-rate schedule shares: a port of torch.optim.lr_scheduler's `LRScheduler`
 * (torch 2.x) for the one parameter group a Descent run has.
 *
 * torch keeps a scheduler's inputs in the optimizer's param_group dict (`lr`, `initial_lr`, OneCycleLR's
 * `max_lr`/`min_lr`, the cycled `momentum` or `betas[0]`); `TorchGroup` is that dict. Several schedulers
 * built on one optimizer (SequentialLR's) share it, exactly as in torch.
 *
 * Life cycle (torch's, with `last_epoch = -1`):
 *   construction: `initial_lr` ← lr unless already set; base_lr ← initial_lr; last_epoch ← −1; then one
 *                 "initial step": last_epoch ← 0 and lr ← get_lr(). The first optimizer step uses that lr.
 *   step():       last_epoch ← last_epoch + 1; lr ← get_lr()   (the chainable, recursive form)
 *   step(0):      last_epoch ← 0; lr ← the closed form at 0 when the schedule has one, else get_lr()
 *                 (SequentialLR's call at a milestone).
 */

import type { ScheduleArgs, ScheduleParamSpec, ScheduleSpec } from './params.ts';

/** torch's param_group, as far as schedules read and write it. */
export interface TorchGroup {
  lr: number;
  /** Set by the first scheduler built on the group (or by OneCycleLR, which overrides it). */
  initial_lr: number | undefined;
  /** The optimizer's momentum (SGD-like) — cycled by OneCycleLR/CyclicLR when `momentumKey` is `momentum`. */
  momentum: number;
  /** The optimizer's betas[0] (Adam family) — cycled when `momentumKey` is `beta1`. */
  beta1: number;
  /** OneCycleLR's group entries. */
  max_lr: number;
  min_lr: number;
  /** OneCycleLR/CyclicLR's group entries. */
  max_momentum: number;
  base_momentum: number;
}

/**
 * Which group entry a momentum-cycling schedule drives: torch checks `"betas" in optimizer.defaults`
 * (then betas[0]) and `"momentum" in optimizer.defaults`; null when the optimizer has neither.
 */
export type MomentumKey = 'momentum' | 'beta1' | null;

/** A schedule step that torch refuses (raises): the run stops with this message. */
export class ScheduleStepError extends Error {}

/** A constructed scheduler, driven by `SequentialLR` or by the run. */
export interface TorchScheduler {
  /** torch's `last_epoch`. */
  lastEpoch: number;
  /** torch's `scheduler.step()`. */
  step(): void;
  /** torch's `scheduler.step(0)` / `_update_lr(0)`: restart at epoch 0 (closed form where there is one). */
  restart(): void;
  /** SequentialLR's "undo" of the construction step: last_epoch ← last_epoch − 1. */
  undo(): void;
  /** torch's `_initial_step()`: step count ← 0, then one step in "initial" mode. */
  initialStep(): void;
}

/**
 * torch's `LRScheduler` base for one group. Subclasses implement `getLr()` (the chainable form, reading
 * `group.lr`) and optionally `closedForm()`; both see `lastEpoch`, `stepCount`, `baseLr` and `isInitial`.
 */
export abstract class LRScheduler implements TorchScheduler {
  lastEpoch = -1;
  /** torch's `_step_count`: steps taken since the last `_initial_step` (1 right after construction). */
  stepCount = 0;
  /** torch's `base_lrs[0]`: the group's `initial_lr` at construction. */
  baseLr: number;
  /** True only during the step taken by `_initial_step` (torch's `_is_initial`). */
  isInitial = false;

  constructor(readonly group: TorchGroup) {
    group.initial_lr ??= group.lr;
    this.baseLr = group.initial_lr;
  }

  /** Subclasses call this at the end of their constructor (torch's `super().__init__` does it there). */
  protected start(): void {
    this.initialStep();
  }

  initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    this.group.lr = this.getLr();
  }

  restart(): void {
    this.lastEpoch = 0;
    this.group.lr = this.closedForm?.() ?? this.getLr();
  }

  undo(): void {
    this.lastEpoch -= 1;
  }

  /** The chainable form: the next lr from `group.lr`. */
  protected abstract getLr(): number;
  /** The closed form at `lastEpoch`, where torch defines `_get_closed_form_lr`. */
  protected closedForm?(): number;
}

/** Python's `a % b` for b > 0 (the result has the divisor's sign), used where torch's test relies on it. */
export function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's `bisect.bisect_right(sorted, x)`: how many entries are ≤ x. */
export function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What a schedule's `create` may use besides its own arguments. */
export interface BuildContext {
  /** Which optimizer entry momentum cycling drives (from the optimizer's parameters). */
  readonly momentumKey: MomentumKey;
  /** Builds a nested schedule on the same group (SequentialLR's `schedulers`). */
  build(spec: ScheduleSpec): TorchScheduler;
}

/** One torch scheduler class: its name, arguments, the maths, and its construction. */
export interface ScheduleDef {
  /** torch's class name, e.g. `CosineAnnealingLR`. */
  readonly name: string;
  /** One line for menus. */
  readonly summary: string;
  /** The rule in plain text (as the implementation's doc comment). */
  readonly formula: string;
  readonly params: readonly ScheduleParamSpec[];
  /** Combinations of individually valid arguments that torch rejects (or divides by zero on). */
  readonly validate?: (args: ScheduleArgs, momentumKey: MomentumKey) => string | undefined;
  /** Constructs it on `group` (torch's constructor, including its initial step). */
  readonly create: (args: ScheduleArgs, group: TorchGroup, ctx: BuildContext) => TorchScheduler;
}
