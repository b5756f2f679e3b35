/**
 * The lab's fields of an optimizer row (`o=adam,lr=0.1,sched=…,noise=0.5,seed=3,seeds=8`): the
 * `schedule` and `noise` entries of the row's field table (`row-fields.ts`).
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
import type { OptimizerDef } from '../core/optimizers/index.ts';
import { resolveSchedule, type ScheduleSpec } from '../core/schedules/index.ts';
import { NUMBER, percentEncode } from './fields.ts';
import { momentumKeyOfDef, NOISE_LIMITS, type NoiseState, scheduleJson, validNoise } from './lab.ts';
import type { RowField } from './row-fields.ts';

/** Longest `sched` JSON a link may carry. */
export const MAX_SCHEDULE_JSON = 4000;

/** The schedule's link text: its JSON with only the arguments that differ from torch's defaults. */
const scheduleText = (spec: ScheduleSpec) => JSON.stringify(scheduleJson(spec));

/** `schedule` resolved again for optimizer `def` (its momentum key decides what may cycle). */
const resolveFor = (json: unknown, def: OptimizerDef) => resolveSchedule(json, momentumKeyOfDef(def));

function isSchedule(v: unknown): v is ScheduleSpec {
  const s = v as Partial<ScheduleSpec> | null;
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.args === 'object';
}

/** A row's lr schedule: `sched=<JSON>`, resolved against the row's optimizer when read. */
export const SCHEDULE_FIELD: RowField<ScheduleSpec | undefined> = {
  in: ['sched'],
  codec: {
    write: (v) => (v ? [`sched=${percentEncode(scheduleText(v))}`] : []),
    read: (_, text) => {
      if (text === null) return { error: 'sched has no value' };
      if (text.length > MAX_SCHEDULE_JSON)
        return { error: `sched is longer than ${MAX_SCHEDULE_JSON} characters` };
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'sched is not JSON' };
      }
    },
    build: (parts, reference, def, note) => {
      if (!parts.has('sched')) return reference;
      const resolved = resolveFor(parts.get('sched'), def);
      if (resolved.ok) return resolved.value;
      note(`${resolved.error.split('\n')[0]} — ignored`);
      return reference;
    },
    valid: (v, def) => {
      if (v === undefined) return true;
      if (!isSchedule(v)) return false;
      if (def === undefined) return true;
      const again = resolveFor(scheduleJson(v), def);
      return again.ok && JSON.stringify(again.value) === JSON.stringify(v);
    },
    same: (a, b) => (a && scheduleText(a)) === (b && scheduleText(b)),
    describe: () => 'is not a valid resolved schedule for this optimizer',
  },
  default: () => undefined,
};

/** What a row's noise has when its link gives σ only. */
const NOISE_DEFAULTS = { seed: 0, seeds: 1 } as const;
type NoiseName = 'noise' | 'seed' | 'seeds';
const NOISE_PARTS: Readonly<
  Record<NoiseName, { readonly min: number; readonly max: number; integer: boolean }>
> = {
  noise: { ...NOISE_LIMITS.sigma, integer: false },
  seed: { ...NOISE_LIMITS.seed, integer: true },
  seeds: { ...NOISE_LIMITS.seeds, integer: true },
};

/** A row's gradient noise: `noise=σ`, then `seed=n` and `seeds=K` when they are not 0 and 1. */
export const NOISE_FIELD: RowField<NoiseState | undefined> = {
  in: Object.keys(NOISE_PARTS),
  codec: {
    write: (v) => {
      if (!v) return [];
      const parts = [`noise=${String(v.sigma)}`];
      if (v.seed !== NOISE_DEFAULTS.seed) parts.push(`seed=${v.seed}`);
      if (v.seeds !== NOISE_DEFAULTS.seeds) parts.push(`seeds=${v.seeds}`);
      return parts;
    },
    read: (name, text) => {
      const limits = NOISE_PARTS[name as NoiseName];
      if (text === null || !NUMBER.test(text))
        return { error: `${name}=${JSON.stringify((text ?? '').slice(0, 40))} is not a number` };
      const v = Number(text);
      if (
        !(Number.isFinite(v) && v >= limits.min && v <= limits.max) ||
        (limits.integer && !Number.isInteger(v))
      )
        return {
          error: `${name}=${text} is out of range (${limits.min} … ${limits.max}${limits.integer ? ', an integer' : ''})`,
        };
      return { value: v + 0 };
    },
    build: (parts, reference, _def, note) => {
      const sigma = parts.get('noise') as number | undefined;
      if (sigma !== undefined) {
        const seed = (parts.get('seed') as number | undefined) ?? NOISE_DEFAULTS.seed;
        return { sigma, seed, seeds: (parts.get('seeds') as number | undefined) ?? NOISE_DEFAULTS.seeds };
      }
      if (parts.size > 0) note('seed and seeds need noise=σ — ignored');
      return reference;
    },
    valid: (v) =>
      v === undefined || (typeof v === 'object' && v !== null && validNoise(v as NoiseState) === null),
    same: (a, b) =>
      a === b ||
      (a !== undefined &&
        b !== undefined &&
        Object.is(a.sigma, b.sigma) &&
        a.seed === b.seed &&
        a.seeds === b.seeds),
    describe: (v) =>
      `is not usable: ${typeof v === 'object' && v !== null ? validNoise(v as NoiseState) : 'not an object'}`,
  },
  default: () => undefined,
};
