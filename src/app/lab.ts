/**
 * The optimizer lab in the page: a row's learning-rate schedule (torch.optim.lr_scheduler, from
 * `core/schedules`) and its seeded gradient noise (`core/noise`), as state, as run inputs (the page's
 * run and its worker build them from the same plain request), as the command line's case fields, and
 * the K-seeds spread (seeds `seed`, `seed + 1`, …, `seed + K − 1` mod 2³² of one row).
 *
 * Schedules are stored resolved (every argument present, defaults filled in); links and cases carry
 * only what differs from the defaults (`scheduleJson`), and `resolveSchedule` fills it back in.
 */

import { MAX_NOISE_SEED, SeededNormal } from '../core/noise.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { groupOf } from '../core/optimizers/registry.ts';
import type { OptimizerDef } from '../core/optimizers/types.ts';
import type { Result } from '../core/result.ts';
import type { NoiseSource, StepScheduler } from '../core/runner.ts';
import {
  getSchedule,
  type MomentumKey,
  momentumKeyOf,
  resolveSchedule,
  Schedule,
  type ScheduleSpec,
  type ScheduleTrace,
  traceSchedule,
} from '../core/schedules/index.ts';
import type { AppState, OptimizerEntry } from './state.ts';

/** A row's gradient noise: σ·ξ added to every gradient, ξ ~ N(0, I) from `SeededNormal(seed)`. */
export interface NoiseState {
  /** σ ≥ 0; 0 is noiseless. */
  readonly sigma: number;
  /** 0 … 2³² − 1. */
  readonly seed: number;
  /** K: how many seeds of this row the spread draws (1: the row alone). */
  readonly seeds: number;
}

/** Bounds the panel and the URL codec enforce on noise (K runs K trajectories: bounded). */
export const NOISE_LIMITS = {
  sigma: { min: 0, max: 1e6 },
  seed: { min: 0, max: MAX_NOISE_SEED },
  seeds: { min: 1, max: 32 },
} as const;

/** The momentum entry a schedule may cycle for optimizer `def` (torch's `betas` first, then `momentum`). */
export function momentumKeyOfDef(def: OptimizerDef): MomentumKey {
  return momentumKeyOf(def.params.map((p) => p.name));
}

/**
 * A schedule as JSON with only the arguments that differ from torch's defaults (nested schedules
 * too): what links and case files carry. `resolveSchedule` of it gives `spec` back.
 */
export function scheduleJson(spec: ScheduleSpec): Record<string, unknown> {
  const def = getSchedule(spec.name);
  const out: Record<string, unknown> = { name: spec.name };
  for (const p of def?.params ?? []) {
    const v = spec.args[p.name];
    if (v === undefined) continue;
    if (p.kind === 'schedules') out[p.name] = (v as readonly ScheduleSpec[]).map(scheduleJson);
    else if (p.kind === 'integers') out[p.name] = v;
    else if (!Object.is(v, p.default)) out[p.name] = v;
  }
  return out;
}

/** `schedule` checked again for optimizer `id` (momentum cycling depends on it); an error says why not. */
export function scheduleFor(id: string, spec: ScheduleSpec): Result<ScheduleSpec, string> {
  const def = getOptimizer(id);
  return resolveSchedule(scheduleJson(spec), def ? momentumKeyOfDef(def) : null);
}

/** Sets (or with null removes) row `key`'s schedule; a schedule invalid for the row leaves it unchanged. */
export function setOptimizerSchedule(s: AppState, key: number, spec: ScheduleSpec | null): AppState {
  return withEntry(s, key, (e) => {
    if (spec === null) {
      if (e.schedule === undefined) return e;
      const { schedule: _, ...rest } = e;
      return rest;
    }
    const checked = scheduleFor(e.optimizer, spec);
    return checked.ok ? { ...e, schedule: checked.value } : e;
  });
}

/** Sets (or with null removes) row `key`'s noise; values out of `NOISE_LIMITS` leave it unchanged. */
export function setOptimizerNoise(s: AppState, key: number, noise: NoiseState | null): AppState {
  if (noise !== null && validNoise(noise) !== null) return s;
  return withEntry(s, key, (e) => {
    if (noise === null) {
      if (e.noise === undefined) return e;
      const { noise: _, ...rest } = e;
      return rest;
    }
    return { ...e, noise };
  });
}

/** Why `noise` is not usable, or null. */
export function validNoise(noise: NoiseState): string | null {
  const { sigma, seed, seeds } = NOISE_LIMITS;
  if (!(Number.isFinite(noise.sigma) && noise.sigma >= sigma.min && noise.sigma <= sigma.max))
    return `σ must be a number from ${sigma.min} to ${sigma.max}`;
  if (!(Number.isInteger(noise.seed) && noise.seed >= seed.min && noise.seed <= seed.max))
    return `seed must be an integer from 0 to ${seed.max}`;
  if (!(Number.isInteger(noise.seeds) && noise.seeds >= seeds.min && noise.seeds <= seeds.max))
    return `K must be an integer from ${seeds.min} to ${seeds.max}`;
  return null;
}

function withEntry(s: AppState, key: number, f: (e: OptimizerEntry) => OptimizerEntry): AppState {
  let changed = false;
  const optimizers = s.optimizers.map((e) => {
    if (e.key !== key) return e;
    const next = f(e);
    changed ||= next !== e;
    return next;
  });
  return changed ? { ...s, optimizers } : s;
}

/** The i-th seed of a spread from `seed` (wrapping past 2³² − 1). */
export const spreadSeed = (seed: number, i: number): number => (seed + i) % (MAX_NOISE_SEED + 1);

/** The run inputs of a schedule and noise (plain data: the worker's request carries them as they are). */
export interface LabInputs {
  readonly schedule?: ScheduleSpec | null;
  readonly noise?: NoiseState | null;
}

/**
 * The scheduler and noise of a run of optimizer `id` with `inputs`, seed offset `i` of its spread
 * (0: the row's own run). A schedule that does not fit the optimizer is left out.
 */
export function runExtras(
  id: string,
  inputs: LabInputs,
  i = 0,
): { scheduler?: Schedule & StepScheduler; noise?: NoiseSource; noiseSigma?: number } {
  const out: { scheduler?: Schedule; noise?: NoiseSource; noiseSigma?: number } = {};
  if (inputs.schedule) {
    const checked = scheduleFor(id, inputs.schedule);
    const def = getOptimizer(id);
    if (checked.ok && def) out.scheduler = new Schedule(checked.value, momentumKeyOfDef(def));
  }
  if (inputs.noise && inputs.noise.sigma > 0) {
    out.noise = new SeededNormal(spreadSeed(inputs.noise.seed, i));
    out.noiseSigma = inputs.noise.sigma;
  }
  return out;
}

/** Runs a row computes: its own, and K − 1 more seeds when it is noisy and K > 1. */
export function runCount(entry: LabInputs): number {
  return entry.noise && entry.noise.sigma > 0 ? entry.noise.seeds : 1;
}

/**
 * What the row's schedule gives its first `steps` updates (lr, momentum, beta1 of update k + 1 at
 * [k]), or null without a schedule; a constant schedule is not traced.
 */
export function entryTrace(entry: OptimizerEntry, steps: number): ScheduleTrace | null {
  const def = getOptimizer(entry.optimizer);
  if (!def || !entry.schedule) return null;
  const checked = scheduleFor(entry.optimizer, entry.schedule);
  if (!checked.ok) return null;
  return traceSchedule(checked.value, momentumKeyOfDef(def), groupOf(def, entry.params), steps);
}

/** The case fields of a row's schedule and noise (`descent run`'s `schedule` and `noise`). */
export function caseExtras(entry: Pick<OptimizerEntry, 'schedule' | 'noise'>): {
  schedule?: Record<string, unknown>;
  noise?: { sigma: number; seed: number };
} {
  return {
    ...(entry.schedule ? { schedule: scheduleJson(entry.schedule) } : {}),
    ...(entry.noise && entry.noise.sigma > 0
      ? { noise: { sigma: entry.noise.sigma, seed: entry.noise.seed } }
      : {}),
  };
}

/**
 * Required arguments a schedule picked from the menu starts with, sized to the scene: a StepLR that
 * decays twice in `steps`, a cosine over all of them, a one-cycle peaking at the row's lr, a warm-up
 * over the first tenth then a cosine. Cycling momentum is switched off for optimizers without one
 * (torch refuses it there).
 */
export function starterSchedule(
  name: string,
  steps: number,
  lr: number,
  momentumKey: MomentumKey,
): Record<string, unknown> {
  const third = Math.max(1, Math.round(steps / 3));
  const tenth = Math.max(1, Math.round(steps / 10));
  const peak = lr > 0 && Number.isFinite(lr) ? lr : 0.1;
  const cycled = momentumKey === null ? { cycle_momentum: false } : {};
  const starters: Record<string, Record<string, unknown>> = {
    StepLR: { step_size: third, gamma: 0.5 },
    MultiStepLR: { milestones: [third, Math.max(third + 1, 2 * third)], gamma: 0.5 },
    ExponentialLR: { gamma: 0.95 },
    CosineAnnealingLR: { T_max: Math.max(1, steps) },
    CosineAnnealingWarmRestarts: { T_0: third },
    OneCycleLR: { max_lr: peak, total_steps: Math.max(1, steps), ...cycled },
    CyclicLR: {
      base_lr: peak / 10,
      max_lr: peak,
      step_size_up: Math.max(1, Math.round(steps / 4)),
      ...cycled,
    },
    SequentialLR: {
      schedulers: [
        { name: 'LinearLR', start_factor: 0.1, total_iters: tenth },
        { name: 'CosineAnnealingLR', T_max: Math.max(1, steps - tenth) },
      ],
      milestones: [tenth],
    },
  };
  return { name, ...(starters[name] ?? {}) };
}

const traces = new WeakMap<OptimizerEntry, ScheduleTrace | null>();

/**
 * The learning rate row `entry` uses for the update out of step `step` (torch's
 * `param_groups[0]["lr"]` then): the schedule's at that step, or the lr parameter without one.
 */
export function lrAt(entry: OptimizerEntry, step: number, steps: number): number | null {
  if (!entry.schedule) return typeof entry.params.lr === 'number' ? entry.params.lr : null;
  let trace = traces.get(entry);
  if (trace === undefined || (trace !== null && trace.lr.length < steps + 1)) {
    trace = entryTrace(entry, steps + 1);
    traces.set(entry, trace);
  }
  if (trace === null) return null;
  const k = Math.max(0, Math.min(step, trace.lr.length - 1));
  return trace.lr.length > 0 ? trace.lr[k] : null;
}
