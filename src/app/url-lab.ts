/**
 * The lab's fields of an optimizer row in a link (`o=adam,lr=0.1,sched=…,noise=0.5,seed=3,seeds=8`):
 *
 * | field | value | absent means |
 * |---|---|---|
 * | `sched` | the schedule as JSON, only arguments that differ from torch's defaults (`scheduleJson`), %-encoded | no schedule |
 * | `noise` | σ ≥ 0 | no noise |
 * | `seed` | the noise seed, an integer 0 … 2³² − 1 | 0 |
 * | `seeds` | K, the seeds the spread draws, 1 … 32 | 1 |
 *
 * Written only when the row has them, so every link without them decodes exactly as before. A
 * schedule that does not parse or validate for the row's optimizer, or noise out of its limits, is
 * ignored with a note.
 */
import { getOptimizer } from '../core/optimizers/index.ts';
import { resolveSchedule } from '../core/schedules/index.ts';
import { momentumKeyOfDef, NOISE_LIMITS, type NoiseState, scheduleJson, validNoise } from './lab.ts';
import type { OptimizerEntry } from './state.ts';

export const LAB_FIELDS: readonly string[] = ['sched', 'noise', 'seed', 'seeds'];

/** Longest `sched` JSON a link may carry. */
export const MAX_SCHEDULE_JSON = 4000;

/** The raw lab fields of one `o=` value, as read. */
export interface LabFields {
  sched?: unknown;
  sigma?: number;
  seed?: number;
  seeds?: number;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The row's lab fields as `name=value` parts (`encode` %-encodes a value). */
export function encodeLab(e: OptimizerEntry, encode: (text: string) => string): string[] {
  const parts: string[] = [];
  if (e.schedule) parts.push(`sched=${encode(JSON.stringify(scheduleJson(e.schedule)))}`);
  if (e.noise) {
    parts.push(`noise=${String(e.noise.sigma)}`);
    if (e.noise.seed !== 0) parts.push(`seed=${e.noise.seed}`);
    if (e.noise.seeds !== 1) parts.push(`seeds=${e.noise.seeds}`);
  }
  return parts;
}

/** Reads one lab field (its %-decoded text) into `into`; returns why not, or null. */
export function decodeLabField(into: LabFields, name: string, text: string): string | null {
  if (name === 'sched') {
    if (text.length > MAX_SCHEDULE_JSON) return `sched is longer than ${MAX_SCHEDULE_JSON} characters`;
    try {
      into.sched = JSON.parse(text) as unknown;
      return null;
    } catch {
      return 'sched is not JSON';
    }
  }
  if (!DECIMAL.test(text)) return `${name}=${JSON.stringify(text.slice(0, 40))} is not a number`;
  const v = Number(text);
  const limits =
    name === 'noise' ? NOISE_LIMITS.sigma : name === 'seed' ? NOISE_LIMITS.seed : NOISE_LIMITS.seeds;
  if (
    !(Number.isFinite(v) && v >= limits.min && v <= limits.max) ||
    (name !== 'noise' && !Number.isInteger(v))
  )
    return `${name}=${text} is out of range (${limits.min} … ${limits.max}${name === 'noise' ? '' : ', an integer'})`;
  if (name === 'noise') into.sigma = v + 0;
  else if (name === 'seed') into.seed = v + 0;
  else into.seeds = v + 0;
  return null;
}

/** The entry fields of what was read, for optimizer `id`, and why any were left out. */
export function labOf(
  id: string,
  lab: LabFields,
): { fields: { schedule?: OptimizerEntry['schedule']; noise?: NoiseState }; problems: string[] } {
  const problems: string[] = [];
  const fields: { schedule?: OptimizerEntry['schedule']; noise?: NoiseState } = {};
  const def = getOptimizer(id);
  if (lab.sched !== undefined && def) {
    const resolved = resolveSchedule(lab.sched, momentumKeyOfDef(def));
    if (resolved.ok) fields.schedule = resolved.value;
    else problems.push(resolved.error.split('\n')[0]);
  }
  if (lab.sigma !== undefined)
    fields.noise = { sigma: lab.sigma, seed: lab.seed ?? 0, seeds: lab.seeds ?? 1 };
  else if (lab.seed !== undefined || lab.seeds !== undefined) problems.push('seed and seeds need noise=σ');
  return { fields, problems };
}

/** Whether two rows have the same schedule and noise. */
export function sameLab(a: OptimizerEntry, b: OptimizerEntry): boolean {
  const sa = a.schedule ? JSON.stringify(scheduleJson(a.schedule)) : '';
  const sb = b.schedule ? JSON.stringify(scheduleJson(b.schedule)) : '';
  const na = a.noise;
  const nb = b.noise;
  const sameNoise =
    na === nb ||
    (na !== undefined &&
      nb !== undefined &&
      Object.is(na.sigma, nb.sigma) &&
      na.seed === nb.seed &&
      na.seeds === nb.seeds);
  return sa === sb && sameNoise;
}

/** What is wrong with a row's schedule and noise as state (empty when valid). */
export function labProblems(e: OptimizerEntry): string[] {
  const problems: string[] = [];
  const def = getOptimizer(e.optimizer);
  if (e.schedule !== undefined && def) {
    const again = resolveSchedule(scheduleJson(e.schedule), momentumKeyOfDef(def));
    if (!again.ok || JSON.stringify(again.value) !== JSON.stringify(e.schedule))
      problems.push('schedule is not a valid resolved schedule for this optimizer');
  }
  if (e.noise !== undefined) {
    const why = validNoise(e.noise);
    if (why !== null) problems.push(`noise: ${why}`);
  }
  return problems;
}
