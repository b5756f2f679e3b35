/**
 * Parameter specs of the schedules (torch's constructor arguments, by torch's names) and their
 * resolution from JSON: defaults filled in, every value checked, errors naming the field.
 */

import { err, ok, type Result } from '../result.ts';

interface SpecBase {
  /** torch's argument name (`step_size`, `T_max`, `max_lr`, ...). */
  readonly name: string;
  /** One line for tooltips and `--help`. */
  readonly description: string;
}

/**
 * A number. `default`: a value, `'required'` (torch has no default), or `null` (torch's None: may be
 * omitted or null). Integers are torch's `int` arguments (written as Python ints in the PyTorch script).
 */
export interface ScheduleNumberSpec extends SpecBase {
  readonly kind: 'number';
  readonly default: number | 'required' | null;
  readonly integer: boolean;
  readonly min: number;
  /** When true, `min` itself is not allowed. */
  readonly minExclusive?: boolean;
  readonly max: number;
}

export interface ScheduleBooleanSpec extends SpecBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface ScheduleChoiceSpec extends SpecBase {
  readonly kind: 'choice';
  readonly default: string;
  readonly options: readonly string[];
}

/** A list of integers (MultiStepLR's and SequentialLR's `milestones`). */
export interface ScheduleIntegersSpec extends SpecBase {
  readonly kind: 'integers';
  readonly min: number;
  /** SequentialLR needs them strictly increasing. */
  readonly increasing: boolean;
}

/** SequentialLR's `schedulers`: a list of schedule objects. */
export interface ScheduleListSpec extends SpecBase {
  readonly kind: 'schedules';
}

export type ScheduleParamSpec =
  | ScheduleNumberSpec
  | ScheduleBooleanSpec
  | ScheduleChoiceSpec
  | ScheduleIntegersSpec
  | ScheduleListSpec;

/** A validated schedule: its torch class name and every argument (defaults filled in). */
export interface ScheduleSpec {
  readonly name: string;
  readonly args: ScheduleArgs;
}

export type ScheduleArg = number | boolean | string | null | readonly number[] | readonly ScheduleSpec[];
export type ScheduleArgs = Readonly<Record<string, ScheduleArg>>;

/** Largest integer a schedule argument may take (step counts, periods). */
export const MAX_SCHEDULE_INT = 1e9;
/** Longest `milestones` / `schedulers` list. */
export const MAX_SCHEDULE_LIST = 1000;

export function numberSpec(
  name: string,
  description: string,
  value: number | 'required' | null,
  range: { readonly min: number; readonly max?: number; readonly minExclusive?: boolean },
): ScheduleNumberSpec {
  return {
    kind: 'number',
    name,
    description,
    default: value,
    integer: false,
    min: range.min,
    max: range.max ?? Number.POSITIVE_INFINITY,
    minExclusive: range.minExclusive ?? false,
  };
}

export function intSpec(
  name: string,
  description: string,
  value: number | 'required' | null,
  min: number,
): ScheduleNumberSpec {
  return { kind: 'number', name, description, default: value, integer: true, min, max: MAX_SCHEDULE_INT };
}

export function boolSpec(name: string, description: string, value: boolean): ScheduleBooleanSpec {
  return { kind: 'boolean', name, description, default: value };
}

export function choiceSpec(
  name: string,
  description: string,
  value: string,
  options: readonly string[],
): ScheduleChoiceSpec {
  return { kind: 'choice', name, description, default: value, options };
}

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `"${v}"` : String(v);

function rangeText(spec: ScheduleNumberSpec): string {
  const lower = `${spec.min} ${spec.minExclusive ? '<' : '≤'} ${spec.name}`;
  const what = spec.integer ? 'an integer' : 'a number';
  return spec.max === Number.POSITIVE_INFINITY || spec.max === MAX_SCHEDULE_INT
    ? `${what}, ${lower}`
    : `${what}, ${lower} ≤ ${spec.max}`;
}

/** One argument checked against its spec (`at`: the field's path for messages, e.g. `schedule.T_max`). */
export function checkArg(
  spec: Exclude<ScheduleParamSpec, ScheduleListSpec>,
  raw: unknown,
  at: string,
): Result<ScheduleArg, string> {
  switch (spec.kind) {
    case 'number': {
      if (raw === null || raw === undefined) {
        if (spec.default === 'required') return err(`${at} is required (${rangeText(spec)})`);
        if (raw === null && spec.default !== null) return err(`${at} must be ${rangeText(spec)}, got null`);
        return ok(spec.default);
      }
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        return err(`${at} must be ${rangeText(spec)}, got ${describe(raw)}`);
      }
      const low = spec.minExclusive ? raw <= spec.min : raw < spec.min;
      if ((spec.integer && !Number.isInteger(raw)) || low || raw > spec.max) {
        return err(`${at} = ${raw} is not allowed; it must be ${rangeText(spec)}`);
      }
      return ok(raw);
    }
    case 'boolean':
      if (raw === undefined) return ok(spec.default);
      return typeof raw === 'boolean' ? ok(raw) : err(`${at} must be true or false, got ${describe(raw)}`);
    case 'choice':
      if (raw === undefined) return ok(spec.default);
      return typeof raw === 'string' && spec.options.includes(raw)
        ? ok(raw)
        : err(`${at} = ${describe(raw)} is not one of ${spec.options.map((o) => `"${o}"`).join(', ')}`);
    case 'integers': {
      if (!Array.isArray(raw)) return err(`${at} must be a list of integers, got ${describe(raw)}`);
      if (raw.length > MAX_SCHEDULE_LIST) return err(`${at} has more than ${MAX_SCHEDULE_LIST} entries`);
      for (let i = 0; i < raw.length; i++) {
        const v: unknown = raw[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > MAX_SCHEDULE_INT) {
          return err(`${at}[${i}] = ${describe(v)} is not an integer ≥ ${spec.min}`);
        }
        if (spec.increasing && i > 0 && v <= (raw[i - 1] as number)) {
          return err(`${at} must be strictly increasing (${at}[${i}] = ${v} follows ${raw[i - 1]})`);
        }
      }
      return ok(raw as number[]);
    }
  }
}

/** Typed readers of resolved arguments (resolution guarantees the types). */
export function num(args: ScheduleArgs, name: string): number {
  const v = args[name];
  if (typeof v !== 'number') throw new TypeError(`schedule argument ${name} is not a number`);
  return v;
}

export function optNum(args: ScheduleArgs, name: string): number | null {
  const v = args[name];
  return typeof v === 'number' ? v : null;
}

export function bool(args: ScheduleArgs, name: string): boolean {
  return args[name] === true;
}

export function str(args: ScheduleArgs, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new TypeError(`schedule argument ${name} is not a string`);
  return v;
}

export function ints(args: ScheduleArgs, name: string): readonly number[] {
  const v = args[name];
  if (!Array.isArray(v)) throw new TypeError(`schedule argument ${name} is not a list`);
  return v as readonly number[];
}

export function schedules(args: ScheduleArgs, name: string): readonly ScheduleSpec[] {
  const v = args[name];
  if (!Array.isArray(v)) throw new TypeError(`schedule argument ${name} is not a list`);
  return v as readonly ScheduleSpec[];
}
