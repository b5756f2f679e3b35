/**
 * Building blocks shared by the optimizer definitions: parameter specs that recur across rules
 * (learning rate, epsilon, betas, weight decay) and typed readers for a resolved `ParamValues`.
 */

import type { BooleanParam, ChoiceParam, NumberParam, ParamValues } from './types.ts';

/**
 * The largest float64 below 1 (1 − 2⁻⁵³). An inclusive `max` equal to it means "< 1" exactly:
 * PyTorch requires `0 ≤ beta < 1`, and no float64 lies strictly between this value and 1.
 */
export const BELOW_ONE = 1 - 2 ** -53;

/** The smallest float64 above 0: an inclusive `min` equal to it means "> 0" (torch's `0 < etas[0]`). */
export const ABOVE_ZERO = Number.MIN_VALUE;

/** The smallest float64 above 1 (1 + 2⁻⁵²): an inclusive `min` equal to it means "> 1" (torch's `1 < etas[1]`). */
export const ABOVE_ONE = 1 + 2 ** -52;

/** A numeric parameter spec with the common fields filled in. */
export function numberParam(
  name: string,
  description: string,
  value: number,
  range: {
    readonly min: number;
    readonly max: number;
    readonly step: number;
    readonly scale?: 'linear' | 'log';
    /** @default [min, max] */
    readonly slider?: readonly [number, number];
  },
): NumberParam {
  return {
    kind: 'number',
    name,
    description,
    default: value,
    min: range.min,
    max: range.max,
    step: range.step,
    scale: range.scale ?? 'linear',
    slider: range.slider ?? [range.min, range.max],
  };
}

export function booleanParam(name: string, description: string, value: boolean): BooleanParam {
  return { kind: 'boolean', name, description, default: value };
}

export function choiceParam(
  name: string,
  description: string,
  value: string,
  options: readonly string[],
): ChoiceParam {
  return { kind: 'choice', name, description, default: value, options };
}

/** Learning rate γ: PyTorch accepts any lr ≥ 0; the slider spans 1e-5 to 10. */
export const lrParam = (value: number): NumberParam =>
  numberParam('lr', 'Learning rate: how far each update moves the point.', value, {
    min: 0,
    max: Number.POSITIVE_INFINITY,
    step: 1e-6,
    scale: 'log',
    slider: [1e-5, 10],
  });

/** ε, added to a denominator so that it never divides by zero. */
export const epsParam = (value: number, where = 'the denominator'): NumberParam =>
  numberParam('eps', `Small constant added to ${where} so it never divides by zero.`, value, {
    min: 0,
    max: Number.POSITIVE_INFINITY,
    step: 1e-12,
    scale: 'log',
    slider: [1e-12, 1],
  });

/** L2 penalty folded into the gradient: g ← g + weight_decay·p. */
export const weightDecayParam = (value = 0): NumberParam =>
  numberParam(
    'weight_decay',
    'L2 penalty: adds weight_decay·p to the gradient, pulling the point towards the origin.',
    value,
    { min: 0, max: Number.POSITIVE_INFINITY, step: 1e-4, slider: [0, 1] },
  );

/** β₁, decay rate of the running mean of gradients (PyTorch's `betas[0]`). */
export const beta1Param = (value = 0.9): NumberParam =>
  numberParam(
    'beta1',
    'Decay rate of the running mean of gradients (momentum); closer to 1 = longer memory.',
    value,
    { min: 0, max: BELOW_ONE, step: 0.001 },
  );

/** β₂, decay rate of the running mean of squared gradients (PyTorch's `betas[1]`). */
export const beta2Param = (value = 0.999, what = 'squared gradients'): NumberParam =>
  numberParam('beta2', `Decay rate of the running average of ${what}; closer to 1 = longer memory.`, value, {
    min: 0,
    max: BELOW_ONE,
    step: 0.0001,
  });

function missing(name: string, expected: string): never {
  throw new TypeError(
    `optimizer parameter "${name}" is missing or not a ${expected}; pass create() the output of resolveParams()`,
  );
}

/** The number `values[name]`. `create` receives resolved params, so anything else is a programming error. */
export function readNumber(values: ParamValues, name: string): number {
  const value = values[name];
  return typeof value === 'number' ? value : missing(name, 'number');
}

/** The boolean `values[name]` (see `readNumber`). */
export function readBoolean(values: ParamValues, name: string): boolean {
  const value = values[name];
  return typeof value === 'boolean' ? value : missing(name, 'boolean');
}

/** The string `values[name]` (see `readNumber`). */
export function readChoice(values: ParamValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : missing(name, 'string');
}

/** A state buffer as torch reports it: a plain array copy of the per-coordinate values. */
export function copyOf(buffer: Float64Array): number[] {
  return Array.from(buffer);
}

/**
 * torch.lerp(a, b, w) = a + w·(b − a), computed as PyTorch does for accuracy:
 * `a + w·(b − a)` when |w| < 0.5, else `b − (b − a)·(1 − w)`. Used for running means,
 * `m ← lerp(m, g, 1 − β₁)` = β₁·m + (1 − β₁)·g.
 */
export function lerp(a: number, b: number, w: number): number {
  const diff = b - a;
  return Math.abs(w) < 0.5 ? a + w * diff : b - diff * (1 - w);
}

/** The first of `names` whose value is not an integer, as a reason for `validate`; undefined when all are. */
export function integerReason(values: ParamValues, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = readNumber(values, name);
    if (!Number.isInteger(value)) return `${name} = ${value} must be an integer`;
  }
  return undefined;
}

/** sign(v) as torch.sign: −1, 0 or 1 (0 for ±0; NaN stays NaN). */
export function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v;
}
