/**
 * The optimizer registry: one table feeding the panel, the URL, the command line and the tests,
 * plus parameter resolution (defaults filled, every value checked against its spec).
 */

import { err, ok, type Result } from '../result.ts';
import { ADADELTA } from './adadelta.ts';
import { ADAFACTOR } from './adafactor.ts';
import { ADAGRAD } from './adagrad.ts';
import { ADAM, ADAMW } from './adam.ts';
import { ADAMAX } from './adamax.ts';
import { ASGD } from './asgd.ts';
import { LBFGS } from './lbfgs.ts';
import { LION } from './lion.ts';
import { MUON } from './muon.ts';
import { NADAM } from './nadam.ts';
import { NEWTON } from './newton.ts';
import { ABOVE_ONE, ABOVE_ZERO, BELOW_ONE } from './params.ts';
import { RADAM } from './radam.ts';
import { RMSPROP } from './rmsprop.ts';
import { RPROP } from './rprop.ts';
import { SCHEDULEFREE_ADAMW } from './schedulefree_adamw.ts';
import { SCHEDULEFREE_SGD } from './schedulefree_sgd.ts';
import { MOMENTUM, NESTEROV, SGD } from './sgd.ts';
import type { Group, NumberParam, OptimizerDef, ParamSpec, ParamValue, ParamValues } from './types.ts';

/** Every optimizer, in menu order. */
export const OPTIMIZERS: readonly OptimizerDef[] = [
  SGD,
  MOMENTUM,
  NESTEROV,
  ADAGRAD,
  RMSPROP,
  ADAM,
  ADAMW,
  ADAMAX,
  NADAM,
  RADAM,
  ADADELTA,
  RPROP,
  ASGD,
  ADAFACTOR,
  LION,
  SCHEDULEFREE_SGD,
  SCHEDULEFREE_ADAMW,
  MUON,
  LBFGS,
  NEWTON,
];

const BY_ID: ReadonlyMap<string, OptimizerDef> = new Map(OPTIMIZERS.map((def) => [def.id, def]));

/** The optimizer with this id, or undefined. */
export function getOptimizer(id: string): OptimizerDef | undefined {
  return BY_ID.get(id);
}

/**
 * The param_group a run starts with: `lr`, `momentum` and `beta1` from `values` (resolved parameters of
 * `def`), 0 where the optimizer has no such parameter. A scheduler may change it between steps.
 */
export function groupOf(def: OptimizerDef, values: ParamValues): Group {
  const read = (name: string): number => {
    if (!def.params.some((spec) => spec.name === name)) return 0;
    const value = values[name];
    return typeof value === 'number' ? value : 0;
  };
  return { lr: read('lr'), momentum: read('momentum'), beta1: read('beta1') };
}

/** Every parameter at its default, in spec order. */
export function defaultParams(def: OptimizerDef): ParamValues {
  const values: Record<string, ParamValue> = {};
  for (const spec of def.params) values[spec.name] = spec.default;
  return Object.freeze(values);
}

/**
 * Complete, checked parameter values for `def`: `given` overrides the defaults (an `undefined`
 * entry counts as absent). Errors, one per line, name the optimizer and the parameter: unknown
 * names (with the known ones and a "did you mean"), wrong types, non-finite numbers, values
 * outside the spec's range (shown as `0 ≤ beta1 < 1`), and combinations PyTorch rejects.
 */
export function resolveParams(
  def: OptimizerDef,
  given: Readonly<Record<string, unknown>>,
): Result<ParamValues, string> {
  const errors: string[] = [];
  const names = def.params.map((spec) => spec.name);
  for (const key of Object.keys(given)) {
    if (given[key] === undefined || names.includes(key)) continue;
    const guess = closest(key, names);
    errors.push(
      `${def.id}: unknown parameter "${key}"${guess === undefined ? '' : `; did you mean "${guess}"?`}` +
        ` (${def.id} takes ${names.join(', ')})`,
    );
  }
  const values: Record<string, ParamValue> = {};
  for (const spec of def.params) {
    const raw = Object.hasOwn(given, spec.name) ? given[spec.name] : undefined;
    const checked =
      raw === undefined || (raw === null && spec.nullable === true)
        ? ok(spec.default)
        : checkValue(spec, raw);
    if (checked.ok) values[spec.name] = checked.value;
    else errors.push(`${def.id}: ${checked.error}`);
  }
  if (errors.length === 0) {
    const reason = def.validate?.(values);
    if (reason !== undefined) errors.push(`${def.id}: ${reason}`);
  }
  return errors.length === 0 ? ok(Object.freeze(values)) : err(errors.join('\n'));
}

function checkValue(spec: ParamSpec, raw: unknown): Result<ParamValue, string> {
  switch (spec.kind) {
    case 'number':
      if (typeof raw !== 'number') return err(`${spec.name} must be a number, got ${describe(raw)}`);
      if (!Number.isFinite(raw)) return err(`${spec.name} = ${raw} is not a finite number`);
      if (raw < spec.min || raw > spec.max) {
        return err(`${spec.name} = ${raw} is out of range; allowed ${formatRange(spec)}`);
      }
      return ok(raw);
    case 'boolean':
      return typeof raw === 'boolean'
        ? ok(raw)
        : err(`${spec.name} must be true or false, got ${describe(raw)}`);
    case 'choice': {
      if (typeof raw === 'string' && spec.options.includes(raw)) return ok(raw);
      const options = spec.options.map((o) => `"${o}"`).join(', ');
      const guess = typeof raw === 'string' ? closest(raw, spec.options) : undefined;
      return err(
        `${spec.name} = ${describe(raw)} is not one of ${options}` +
          (guess === undefined ? '' : `; did you mean "${guess}"?`),
      );
    }
  }
}

/**
 * `0 ≤ lr ≤ 10`; `0 ≤ beta1 < 1` when the max is the largest float64 below 1; `0 < eta_minus` when the min is
 * the smallest float64 above 0 (or `1 < eta_plus` above 1); `beta2_decay ≤ 0` without a lower bound.
 */
export function formatRange(spec: NumberParam): string {
  const lower =
    spec.min === ABOVE_ZERO
      ? '0 <'
      : spec.min === ABOVE_ONE
        ? '1 <'
        : spec.min === Number.NEGATIVE_INFINITY
          ? ''
          : `${spec.min} ≤`;
  const upper = spec.max === Number.POSITIVE_INFINITY ? '' : spec.max === BELOW_ONE ? '< 1' : `≤ ${spec.max}`;
  if (lower === '' && upper === '') return `${spec.name} any finite number`;
  if (lower === '') return `${spec.name} ${upper}`;
  if (upper === '')
    return lower.endsWith('≤') ? `${spec.name} ≥ ${spec.min}` : `${spec.name} > ${lower.slice(0, -2)}`;
  return `${lower} ${spec.name} ${upper}`;
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return `string "${raw}"`;
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  return `${typeof raw} ${String(raw)}`;
}

/** The candidate nearest to `word` (case-insensitive edit distance ≤ 2, or one contains the other). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = c.includes(w) || w.includes(c) ? 1 : editDistance(w, c);
    if (distance <= 2 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
