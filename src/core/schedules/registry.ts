/**
 * The schedule registry: torch.optim.lr_scheduler's classes by name, their argument specs, validation
 * of a run's `"schedule": {"name": ..., <arguments>}`, and the scheduler a run steps.
 */

import { err, ok, type Result } from '../result.ts';
import { COSINE_ANNEALING_LR, COSINE_ANNEALING_WARM_RESTARTS } from './cosine.ts';
import { CYCLIC_LR, ONE_CYCLE_LR } from './cyclic.ts';
import { EXPONENTIAL_LR } from './exponential.ts';
import { CONSTANT_LR, LINEAR_LR, POLYNOMIAL_LR } from './linear.ts';
import { checkArg, type ScheduleArg, type ScheduleSpec } from './params.ts';
import {
  type BuildContext,
  type MomentumKey,
  type ScheduleDef,
  ScheduleStepError,
  type TorchGroup,
  type TorchScheduler,
} from './scheduler.ts';
import { SEQUENTIAL_LR } from './sequential.ts';
import { MULTI_STEP_LR, STEP_LR } from './step.ts';

/** Every schedule, in menu order. */
export const SCHEDULES: readonly ScheduleDef[] = [
  STEP_LR,
  MULTI_STEP_LR,
  EXPONENTIAL_LR,
  COSINE_ANNEALING_LR,
  COSINE_ANNEALING_WARM_RESTARTS,
  LINEAR_LR,
  CONSTANT_LR,
  POLYNOMIAL_LR,
  ONE_CYCLE_LR,
  CYCLIC_LR,
  SEQUENTIAL_LR,
];

const BY_NAME: ReadonlyMap<string, ScheduleDef> = new Map(SCHEDULES.map((d) => [d.name, d]));

export function getSchedule(name: string): ScheduleDef | undefined {
  return BY_NAME.get(name);
}

/** The optimizer's entries a schedule reads and writes (structurally the runner's param group). */
export interface ScheduleGroup {
  lr: number;
  momentum: number;
  beta1: number;
}

/**
 * torch's choice for momentum cycling from an optimizer's parameter names: `betas` (our `beta1`) first,
 * as torch checks `"betas" in optimizer.defaults`, then `momentum`; null with neither.
 */
export function momentumKeyOf(paramNames: readonly string[]): MomentumKey {
  if (paramNames.includes('beta1')) return 'beta1';
  if (paramNames.includes('momentum')) return 'momentum';
  return null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deepest SequentialLR nesting accepted while parsing (nesting itself is then refused). */
const MAX_DEPTH = 2;

/**
 * A validated schedule from JSON `{"name": <torch class>, <arguments by torch's names>}`. Errors name
 * the field (`at`, e.g. `schedule.T_max` or `schedule.schedulers[1].gamma`), one per line.
 */
export function resolveSchedule(
  raw: unknown,
  momentumKey: MomentumKey,
  at = 'schedule',
  depth = 0,
): Result<ScheduleSpec, string> {
  if (!isRecord(raw)) return err(`${at} must be an object {"name": ..., <arguments>}`);
  const names = SCHEDULES.map((d) => d.name).join(', ');
  if (typeof raw.name !== 'string') return err(`${at}.name is missing; one of ${names}`);
  const def = BY_NAME.get(raw.name);
  if (!def) return err(`${at}.name = "${raw.name}" is not a schedule; one of ${names}`);
  const errors: string[] = [];
  const known = def.params.map((p) => p.name);
  for (const key of Object.keys(raw)) {
    if (key !== 'name' && !known.includes(key)) {
      errors.push(`${at}.${key}: ${def.name} has no argument "${key}" (it takes ${known.join(', ')})`);
    }
  }
  const args: Record<string, ScheduleArg> = {};
  for (const spec of def.params) {
    const value = Object.hasOwn(raw, spec.name) ? raw[spec.name] : undefined;
    const field = `${at}.${spec.name}`;
    if (spec.kind === 'schedules') {
      if (!Array.isArray(value) || value.length === 0) {
        errors.push(`${field} must be a non-empty list of schedules`);
        continue;
      }
      if (depth >= MAX_DEPTH || value.length > 100) {
        errors.push(`${field}: too many or too deeply nested schedules`);
        continue;
      }
      const list: ScheduleSpec[] = [];
      value.forEach((item: unknown, i) => {
        const sub = resolveSchedule(item, momentumKey, `${field}[${i}]`, depth + 1);
        if (sub.ok) list.push(sub.value);
        else errors.push(sub.error);
      });
      args[spec.name] = list;
      continue;
    }
    if (spec.kind === 'integers' && value === undefined) {
      errors.push(`${field} is required (a list of integers)`);
      continue;
    }
    const checked = checkArg(spec, value, field);
    if (checked.ok) args[spec.name] = checked.value;
    else errors.push(checked.error);
  }
  if (errors.length === 0) {
    const reason = def.validate?.(args, momentumKey);
    if (reason !== undefined) errors.push(`${at}: ${def.name}: ${reason}`);
  }
  return errors.length > 0 ? err(errors.join('\n')) : ok({ name: def.name, args });
}

function build(spec: ScheduleSpec, group: TorchGroup, momentumKey: MomentumKey): TorchScheduler {
  const def = BY_NAME.get(spec.name);
  if (!def) throw new TypeError(`unknown schedule ${spec.name}; pass the output of resolveSchedule()`);
  const ctx: BuildContext = { momentumKey, build: (sub) => build(sub, group, momentumKey) };
  return def.create(spec.args, group, ctx);
}

/**
 * A validated schedule driving a run's param group, as torch's scheduler drives `param_groups[0]`:
 * `init(group)` is torch's construction (it may set lr, and momentum or beta1, before the first update);
 * `step(group)` is `sched.step()` after every `opt.step()`. A step torch refuses (OneCycleLR past
 * total_steps, a division by zero) sets `error` and lr to NaN, so the run stops there; `checkSchedule`
 * finds these before a run.
 */
export class Schedule {
  /** Why torch would have raised, once it would have. */
  error: string | null = null;
  private readonly torchGroup: TorchGroup = {
    lr: 0,
    initial_lr: undefined,
    momentum: 0,
    beta1: 0,
    max_lr: 0,
    min_lr: 0,
    max_momentum: 0,
    base_momentum: 0,
  };
  private scheduler: TorchScheduler | null = null;

  constructor(
    readonly spec: ScheduleSpec,
    readonly momentumKey: MomentumKey,
  ) {}

  /** torch's construction on `group` (once; later calls do nothing). */
  init(group: ScheduleGroup): void {
    if (this.scheduler !== null || this.error !== null) return;
    this.read(group);
    try {
      this.scheduler = build(this.spec, this.torchGroup, this.momentumKey);
    } catch (e) {
      this.fail(e);
    }
    this.write(group);
  }

  /** torch's `sched.step()`. */
  step(group: ScheduleGroup): void {
    if (this.scheduler === null) this.init(group);
    const scheduler = this.scheduler;
    if (scheduler === null || this.error !== null) {
      group.lr = Number.NaN;
      return;
    }
    this.read(group);
    try {
      scheduler.step();
    } catch (e) {
      this.fail(e);
    }
    this.write(group);
  }

  private fail(e: unknown): void {
    if (!(e instanceof ScheduleStepError)) throw e;
    this.error = e.message;
  }

  private read(group: ScheduleGroup): void {
    this.torchGroup.lr = group.lr;
    this.torchGroup.momentum = group.momentum;
    this.torchGroup.beta1 = group.beta1;
  }

  private write(group: ScheduleGroup): void {
    group.lr = this.error === null ? this.torchGroup.lr : Number.NaN;
    group.momentum = this.torchGroup.momentum;
    group.beta1 = this.torchGroup.beta1;
  }
}

/** What a schedule gives the first `steps` updates: lr (and momentum, beta1) of update k + 1 at [k]. */
export interface ScheduleTrace {
  readonly lr: Float64Array;
  readonly momentum: Float64Array;
  readonly beta1: Float64Array;
  /** Set when torch would raise at the scheduler step after update `steps` or earlier. */
  readonly error: string | null;
}

/** Largest number of steps `traceSchedule` walks (the lr preview and the pre-run check). */
export const MAX_TRACE_STEPS = 10_000_000;

/**
 * The schedule alone, stepped as in a run of `steps` updates from `start` (lr, momentum, beta1 of the
 * optimizer's parameters): what each update would use, and whether torch would raise on the way.
 * Schedules never read the trajectory, so this is exactly what the run sees.
 */
export function traceSchedule(
  spec: ScheduleSpec,
  momentumKey: MomentumKey,
  start: ScheduleGroup,
  steps: number,
): ScheduleTrace {
  const n = Math.max(0, Math.min(Math.floor(steps), MAX_TRACE_STEPS));
  const lr = new Float64Array(n);
  const momentum = new Float64Array(n);
  const beta1 = new Float64Array(n);
  const group: ScheduleGroup = { lr: start.lr, momentum: start.momentum, beta1: start.beta1 };
  const schedule = new Schedule(spec, momentumKey);
  schedule.init(group);
  for (let k = 0; k < n && schedule.error === null; k++) {
    lr[k] = group.lr;
    momentum[k] = group.momentum;
    beta1[k] = group.beta1;
    schedule.step(group);
  }
  return { lr, momentum, beta1, error: schedule.error };
}
