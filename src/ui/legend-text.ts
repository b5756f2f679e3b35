/**
 * The words of the legend and the readout, as pure functions of the state (no DOM): an entry's name
 * with the parameter that tells it from rows of the same optimizer ("Momentum β 0.5"), its learning
 * rate, its status at the current step, and one formatting of numbers for both.
 */

import { tableNumber as formatNumber, paramValue as formatParam } from '../app/format.ts';
import type { OptimizerEntry } from '../app/state.ts';
import { whyUndefined } from '../app/why-undefined.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { Trajectory } from '../core/runner.ts';

export { formatNumber, formatParam };

/** The symbol a parameter goes by in the legend (its PyTorch name otherwise). */
const SYMBOLS: Readonly<Record<string, string>> = {
  momentum: 'β',
  beta1: 'β₁',
  beta2: 'β₂',
  eps: 'ε',
  alpha: 'α',
  rho: 'ρ',
  weight_decay: 'wd',
  dampening: 'dampening',
  lr_decay: 'lr decay',
};

const display = (entry: OptimizerEntry) => getOptimizer(entry.optimizer)?.name ?? entry.optimizer;

/**
 * The entry's name, followed by every parameter other than lr whose value differs among the rows of
 * the same optimizer: "Momentum β 0.5" beside "Momentum β 0.9". A row alone of its kind is just
 * its name.
 */
export function legendName(entry: OptimizerEntry, entries: readonly OptimizerEntry[]): string {
  const same = entries.filter((e) => e.optimizer === entry.optimizer);
  const name = display(entry);
  if (same.length < 2) return name;
  const def = getOptimizer(entry.optimizer);
  const parts: string[] = [];
  for (const spec of def?.params ?? []) {
    if (spec.name === 'lr') continue;
    const values = new Set(same.map((e) => String(e.params[spec.name])));
    if (values.size < 2) continue;
    const v = entry.params[spec.name];
    const shown = typeof v === 'number' ? formatParam(v) : String(v);
    parts.push(`${SYMBOLS[spec.name] ?? spec.name} ${shown}`);
  }
  return parts.length > 0 ? `${name} ${parts.join(', ')}` : name;
}

/** "lr 0.95". */
export function lrText(entry: OptimizerEntry): string {
  const lr = entry.params.lr;
  return typeof lr === 'number' ? `lr ${formatParam(lr)}` : '';
}

/** A point as "(−7, 2)". */
export function pointText(x: number, y: number): string {
  const f = (v: number) => formatParam(Number(v.toPrecision(4)));
  return `(${f(x)}, ${f(y)})`;
}

/** The last reason computed (the legend asks every step; the answer changes only with f or the start). */
let lastWhy: { key: string; why: string | null } | null = null;

/** "f is not defined at the start (−7, 2): log(x) needs x > 0" (the reason when one is found). */
export function undefinedAtStart(start: readonly [number, number], expression?: string): string {
  const where = `f is not defined at the start ${pointText(...start)}`;
  if (expression === undefined) return where;
  const key = `${start[0]} ${start[1]} ${expression}`;
  if (lastWhy?.key !== key) lastWhy = { key, why: whyUndefined(expression, start[0], start[1]) };
  return lastWhy.why ? `${where}: ${lastWhy.why}` : where;
}

/**
 * "converged at 212", "diverged at 8", "still moving" (the results table's words), or — when f
 * cannot be evaluated where the run starts — "f is not defined at the start (−7, 2): log(x) needs
 * x > 0" (the reason given when `expression` is).
 */
export function statusText(
  run: Trajectory | undefined,
  step: number,
  start: readonly [number, number],
  expression?: string,
): string {
  if (!run) return '—';
  if (run.divergedAt === 0 || run.rows === 0) return undefinedAtStart(start, expression);
  if (run.divergedAt !== null && step >= run.divergedAt) return `diverged at ${run.divergedAt}`;
  if (run.convergedAt !== null && step >= run.convergedAt) return `converged at ${run.convergedAt}`;
  return 'still moving';
}
