/**
 * The command line's case format, shared with the page's exports: a case names a function, an
 * optimizer with parameters, a start and a number of steps; its result is the trajectory as JSON.
 *
 *   case:   {"id": "a", "f": "x^2/20 + y^2", "optimizer": "adam", "params": {"lr": 0.3},
 *            "start": [-7, 2], "steps": 30, "gradient": "exact",
 *            "schedule": {"name": "StepLR", "step_size": 10}, "noise": {"sigma": 0.1, "seed": 1}}
 *   result: {"id": "a", "status": "running", "steps": 30, "trajectory": [[x, y, f], ...],
 *            "grad_norm": [...], "lr": [...], "diverged_at": null, "converged_at": null}
 *   error:  {"id": "a", "error": "…"}
 */
import { type CompiledFunction, compile } from './expr/index.ts';
import { getFunctionPreset } from './functions/presets.ts';
import type { Domain } from './functions/types.ts';
import { MAX_NOISE_SEED, SeededNormal } from './noise.ts';
import { getOptimizer, OPTIMIZERS, resolveParams } from './optimizers/index.ts';
import { err, ok, type Result } from './result.ts';
import {
  DEFAULT_DOMAIN,
  DEFAULT_TOLERANCE,
  divergenceBound,
  type GradientMode,
  Run,
  type RunStatus,
  type Trajectory,
} from './runner.ts';
import { momentumKeyOf, resolveSchedule, Schedule } from './schedules/index.ts';

export interface CaseSpec {
  readonly id: string;
  /** An expression in x and y, or a preset id such as `rosenbrock`. */
  readonly f: string;
  readonly optimizer: string;
  /** Omitted parameters take the optimizer's defaults. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Optional when `f` is a preset id (its suggested start is used). */
  readonly start?: readonly [number, number];
  readonly steps: number;
  /** @default 'exact' */
  readonly gradient?: GradientMode;
  /** Gradient-norm tolerance for `converged`. @default 1e-6 */
  readonly tolerance?: number;
  /** |x| or |y| beyond this counts as divergence. @default 1e6 × the domain's largest |edge| */
  readonly bound?: number;
  /** A torch.optim.lr_scheduler class and its arguments, `{"name": "StepLR", "step_size": 10}`. */
  readonly schedule?: unknown;
  /** Gradient noise: σ·ξ added to every gradient, ξ ~ N(0, I) from `SeededNormal(seed)`. */
  readonly noise?: NoiseSpec;
}

/** `"noise": {"sigma": σ ≥ 0, "seed": 0 … 2³² − 1 (default 0)}`. */
export interface NoiseSpec {
  readonly sigma: number;
  readonly seed: number;
}

export interface CaseResult {
  readonly id: string;
  readonly status: RunStatus;
  /** Updates performed (trajectory rows − 1; fewer than asked when the run diverged). */
  readonly steps: number;
  readonly trajectory: readonly (readonly [number, number, number])[];
  readonly grad_norm: readonly number[];
  /** `lr[k]`: the learning rate of update k + 1 (row k → row k + 1), torch's param_groups[0]["lr"] then. */
  readonly lr: readonly number[];
  readonly diverged_at: number | null;
  readonly converged_at: number | null;
}

export interface CaseError {
  readonly id: string | null;
  readonly error: string;
}

export type CaseOutcome = CaseResult | CaseError;

/** Largest number of steps a case may ask for. */
export const MAX_STEPS = 10_000_000;

const CASE_KEYS = new Set([
  'id',
  'f',
  'optimizer',
  'params',
  'start',
  'steps',
  'gradient',
  'tolerance',
  'bound',
  'schedule',
  'noise',
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Accepts a JSON array of cases or `{"cases": [...]}`. */
export function casesOf(json: unknown): Result<readonly unknown[], string> {
  if (Array.isArray(json)) return ok(json);
  if (isRecord(json) && Array.isArray(json.cases)) return ok(json.cases);
  return err('expected a JSON array of cases, or an object {"cases": [...]}');
}

/** Checks one raw case's shape; the expression and the optimizer parameters are checked by `runCase`. */
export function validateCase(raw: unknown, index: number): Result<CaseSpec, CaseError> {
  if (!isRecord(raw)) return err({ id: null, error: `case #${index + 1} is not an object` });
  const id = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : null;
  const fail = (error: string) => err({ id, error });
  if (id === null) return fail(`case #${index + 1}: missing "id" (a string)`);
  const unknown = Object.keys(raw).filter((k) => !CASE_KEYS.has(k));
  if (unknown.length > 0) {
    return fail(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; allowed: ${[...CASE_KEYS].join(', ')}`,
    );
  }
  if (typeof raw.f !== 'string')
    return fail('missing "f": an expression in x and y, or a function preset id');
  if (typeof raw.optimizer !== 'string')
    return fail(`missing "optimizer": one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`);
  if (raw.params !== undefined && !isRecord(raw.params))
    return fail('"params" must be an object of parameter values');
  let start: readonly [number, number] | undefined;
  if (raw.start === undefined) {
    if (!getFunctionPreset(raw.f)) return fail('missing "start": [x, y]');
  } else if (Array.isArray(raw.start) && raw.start.length === 2 && raw.start.every(isFiniteNumber)) {
    start = [raw.start[0], raw.start[1]];
  } else {
    return fail('"start" must be [x, y] with two finite numbers');
  }
  if (raw.steps === undefined) return fail('missing "steps": the number of updates');
  if (!Number.isInteger(raw.steps) || (raw.steps as number) < 0 || (raw.steps as number) > MAX_STEPS) {
    return fail(`"steps" must be an integer from 0 to ${MAX_STEPS}`);
  }
  if (raw.gradient !== undefined && raw.gradient !== 'exact' && raw.gradient !== 'numeric') {
    return fail('"gradient" must be "exact" or "numeric"');
  }
  for (const key of ['tolerance', 'bound'] as const) {
    const v = raw[key];
    if (v !== undefined && !(isFiniteNumber(v) && v > 0)) return fail(`"${key}" must be a positive number`);
  }
  let noise: NoiseSpec | undefined;
  if (raw.noise !== undefined) {
    const checked = checkNoise(raw.noise);
    if (!checked.ok) return fail(checked.error);
    noise = checked.value;
  }
  return ok({
    id,
    f: raw.f,
    optimizer: raw.optimizer,
    params: raw.params as Record<string, unknown> | undefined,
    start,
    steps: raw.steps as number,
    gradient: raw.gradient as GradientMode | undefined,
    tolerance: raw.tolerance as number | undefined,
    bound: raw.bound as number | undefined,
    schedule: raw.schedule,
    noise,
  });
}

function checkNoise(raw: unknown): Result<NoiseSpec, string> {
  if (!isRecord(raw)) return err('"noise" must be an object {"sigma": σ, "seed": n}');
  const unknown = Object.keys(raw).filter((k) => k !== 'sigma' && k !== 'seed');
  if (unknown.length > 0) return err(`noise.${unknown[0]}: unknown field; noise takes sigma, seed`);
  if (!(isFiniteNumber(raw.sigma) && raw.sigma >= 0)) return err('noise.sigma must be a number ≥ 0');
  const seed = raw.seed ?? 0;
  if (!(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= MAX_NOISE_SEED)) {
    return err(`noise.seed must be an integer from 0 to ${MAX_NOISE_SEED}`);
  }
  return ok({ sigma: raw.sigma, seed: seed as number });
}

/** Compiles expressions once per distinct text. */
export type CompileCache = Map<string, Result<CompiledFunction, string>>;

function compileCached(source: string, cache: CompileCache): Result<CompiledFunction, string> {
  let entry = cache.get(source);
  if (!entry) {
    const compiled = compile(source);
    entry = compiled.ok
      ? compiled
      : err(`f: ${compiled.error.message} (at character ${compiled.error.start + 1} of "${source}")`);
    cache.set(source, entry);
  }
  return entry;
}

/** Runs one case; every problem becomes a `CaseError`, never an exception. */
export function runCase(raw: unknown, index: number, cache: CompileCache = new Map()): CaseOutcome {
  const checked = validateCase(raw, index);
  if (!checked.ok) return checked.error;
  const spec = checked.value;
  const preset = getFunctionPreset(spec.f);
  const compiled = compileCached(preset ? preset.expression : spec.f, cache);
  if (!compiled.ok) return { id: spec.id, error: compiled.error };
  const optimizer = getOptimizer(spec.optimizer);
  if (!optimizer) {
    return {
      id: spec.id,
      error: `unknown optimizer "${spec.optimizer}"; one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`,
    };
  }
  const params = resolveParams(optimizer, spec.params ?? {});
  if (!params.ok) return { id: spec.id, error: params.error };
  let schedule: Schedule | undefined;
  if (spec.schedule !== undefined) {
    const key = momentumKeyOf(optimizer.params.map((p) => p.name));
    const resolved = resolveSchedule(spec.schedule, key);
    if (!resolved.ok) return { id: spec.id, error: resolved.error };
    schedule = new Schedule(resolved.value, key);
  }
  const domain: Domain = preset ? preset.domain : DEFAULT_DOMAIN;
  const run = new Run({
    fn: compiled.value,
    optimizer,
    params: params.value,
    start: spec.start ?? preset?.start ?? [0, 0],
    gradient: spec.gradient ?? 'exact',
    tolerance: spec.tolerance ?? DEFAULT_TOLERANCE,
    bound: spec.bound ?? divergenceBound(domain),
    scheduler: schedule,
    noise: spec.noise && new SeededNormal(spec.noise.seed),
    noiseSigma: spec.noise?.sigma,
  }).advanceTo(spec.steps);
  // A step torch's scheduler refuses (OneCycleLR past total_steps) fails the case, as the script would.
  if (schedule?.error) return { id: spec.id, error: `schedule: ${schedule.error}` };
  return resultOf(spec.id, run);
}

/** A run in the command line's result format. */
export function resultOf(id: string, run: Trajectory): CaseResult {
  const trajectory: [number, number, number][] = [];
  const gradNorm: number[] = [];
  const lr: number[] = [];
  for (let k = 0; k < run.rows; k++) {
    trajectory.push([run.xyf[3 * k], run.xyf[3 * k + 1], run.xyf[3 * k + 2]]);
    gradNorm.push(run.gradNorm[k]);
    if (k > 0 && run.lr) lr.push(run.lr[k - 1]);
  }
  return {
    id,
    status: run.status,
    steps: Math.max(0, run.rows - 1),
    trajectory,
    grad_norm: gradNorm,
    lr,
    diverged_at: run.divergedAt,
    converged_at: run.convergedAt,
  };
}

export function runCases(cases: readonly unknown[]): CaseOutcome[] {
  const cache: CompileCache = new Map();
  return cases.map((c, i) => runCase(c, i, cache));
}

export const isCaseError = (o: CaseOutcome): o is CaseError => 'error' in o;

/**
 * `{"results": [...]}` with one result per line. Numbers keep full float64 precision (JavaScript's
 * shortest round-trip form); non-finite numbers are written as null.
 */
export function formatResults(outcomes: readonly CaseOutcome[]): string {
  if (outcomes.length === 0) return '{"results": []}\n';
  return `{"results": [\n${outcomes.map((o) => `  ${JSON.stringify(o)}`).join(',\n')}\n]}\n`;
}
