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
import { eigenSym2, type Vec2 } from './curvature.ts';
import { type CompiledFunction, compile } from './expr/index.ts';
import { getFunctionPreset } from './functions/presets.ts';
import type { Domain } from './functions/types.ts';
import { LruCache } from './lru.ts';
import { MAX_NOISE_SEED, SeededNormal } from './noise.ts';
import { getOptimizer, OPTIMIZERS, type OptimizerState, resolveParams } from './optimizers/index.ts';
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
import { clipText, excerptText, MESSAGE_TEXT_LIMIT, quoteText } from './text.ts';

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
  /** Adds `state` (and `evals` for L-BFGS) to the result: the optimizer state after every row. */
  readonly trace?: boolean;
  /** A torch.optim.lr_scheduler class and its arguments, `{"name": "StepLR", "step_size": 10}` (null: none). */
  readonly schedule?: unknown;
  /** Gradient noise: σ·ξ added to every gradient, ξ ~ N(0, I) from `SeededNormal(seed)` (null: none). */
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
  /** With `"trace": true`: torch's optimizer.state after each row's update (row 0: before any step). */
  readonly state?: readonly OptimizerState[];
  /** For optimizers that count function evaluations (L-BFGS): the evaluations each row's step cost (row 0: 0). */
  readonly evals?: readonly number[];
}

export interface CaseError {
  readonly id: string | null;
  readonly error: string;
}

export type CaseOutcome = CaseResult | CaseError;

/** Largest number of steps a case may ask for. */
export const MAX_STEPS = 10_000_000;

/** Largest number of steps a traced case may ask for (every row keeps a copy of the optimizer state). */
export const MAX_TRACE_STEPS = 100_000;

/** Longest id a case may have (an id is echoed in every result and message). */
export const MAX_ID_LENGTH = 256;

/** Most entries a case's "params" may have (every optimizer takes far fewer). */
export const MAX_PARAMS = 32;

/** Longest error message a result carries; user text inside is cut shorter (see `text.ts`). */
export const MAX_ERROR_LENGTH = 1000;

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
  'trace',
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
  const rawId = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : null;
  if (rawId !== null && rawId.length > MAX_ID_LENGTH) {
    return err({
      id: clipText(rawId),
      error: `case #${index + 1}: "id" is longer than ${MAX_ID_LENGTH} characters`,
    });
  }
  const id = rawId;
  const fail = (error: string) => err({ id, error });
  if (id === null) return fail(`case #${index + 1}: missing "id" (a string)`);
  const unknown = Object.keys(raw).filter((k) => !CASE_KEYS.has(k));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((k) => quoteText(k));
    if (unknown.length > 3) shown.push(`and ${unknown.length - 3} more`);
    return fail(
      `unknown field${unknown.length > 1 ? 's' : ''} ${shown.join(', ')}; allowed: ${[...CASE_KEYS].join(', ')}`,
    );
  }
  if (typeof raw.f !== 'string')
    return fail('missing "f": an expression in x and y, or a function preset id');
  if (typeof raw.optimizer !== 'string')
    return fail(`missing "optimizer": one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`);
  if (raw.params !== undefined) {
    if (!isRecord(raw.params)) return fail('"params" must be an object of parameter values');
    const entries = Object.entries(raw.params);
    if (entries.length > MAX_PARAMS) return fail(`"params" has more than ${MAX_PARAMS} entries`);
    // No optimizer has a parameter name or a choice this long: refuse before anything quotes it.
    for (const [k, v] of entries) {
      if (k.length > MESSAGE_TEXT_LIMIT) return fail(`"params": unknown parameter ${quoteText(k)}`);
      if (typeof v === 'string' && v.length > MESSAGE_TEXT_LIMIT) {
        return fail(`"params": ${quoteText(k)} = ${quoteText(v)} is not one of its choices`);
      }
    }
  }
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
  if (raw.trace !== undefined && typeof raw.trace !== 'boolean') return fail('"trace" must be true or false');
  let noise: NoiseSpec | undefined;
  if (raw.noise !== undefined && raw.noise !== null) {
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
    schedule: raw.schedule ?? undefined,
    noise,
    trace: raw.trace as boolean | undefined,
  });
}

function checkNoise(raw: unknown): Result<NoiseSpec, string> {
  if (!isRecord(raw)) return err('"noise" must be an object {"sigma": σ, "seed": n}');
  const unknown = Object.keys(raw).filter((k) => k !== 'sigma' && k !== 'seed');
  if (unknown.length > 0)
    return err(`noise: unknown field ${quoteText(unknown[0]!)}; noise takes sigma, seed`);
  if (!(isFiniteNumber(raw.sigma) && raw.sigma >= 0)) return err('noise.sigma must be a number ≥ 0');
  const seed = raw.seed ?? 0;
  if (!(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= MAX_NOISE_SEED)) {
    return err(`noise.seed must be an integer from 0 to ${MAX_NOISE_SEED}`);
  }
  return ok({ sigma: raw.sigma, seed: seed as number });
}

/** How many compiled expressions a {@link CompileCache} keeps (the least recently used go first). */
export const COMPILE_CACHE_SIZE = 256;

/** Compiles expressions once per distinct text, keeping the {@link COMPILE_CACHE_SIZE} most recent. */
export type CompileCache = LruCache<string, Result<CompiledFunction, string>>;

export const newCompileCache = (): CompileCache => new LruCache(COMPILE_CACHE_SIZE);

/** Compiles `source` (cached); a syntax error quotes at most an excerpt around the error. */
export function compileCached(source: string, cache: CompileCache): Result<CompiledFunction, string> {
  let entry = cache.get(source);
  if (!entry) {
    const compiled = compile(source);
    entry = compiled.ok
      ? compiled
      : err(
          `f: ${clipText(compiled.error.message, 2 * MESSAGE_TEXT_LIMIT)} (at character ${compiled.error.start + 1} of ${
            source.length <= MESSAGE_TEXT_LIMIT ? '' : `${source.length} characters, near `
          }"${excerptText(source, compiled.error.start)}")`,
        );
    cache.set(source, entry);
  }
  return entry;
}

/** A case that ran: its id and its path, not yet turned into JSON. */
export interface CaseRun {
  readonly id: string;
  readonly run: Trajectory;
  /** With `"trace": true`: the optimizer state after each row (row 0 before any step). */
  readonly states?: readonly OptimizerState[];
  /** For optimizers that count function evaluations (L-BFGS): the evaluations each row cost. */
  readonly evals?: readonly number[];
}

/** What running a case gives: its path, or an error. */
export type CaseComputed = CaseRun | CaseError;

/** Runs one case; every problem becomes a `CaseError`, never an exception. */
export function runCase(raw: unknown, index: number, cache: CompileCache = newCompileCache()): CaseOutcome {
  const computed = computeCase(raw, index, cache);
  return isCaseError(computed)
    ? computed
    : resultOf(computed.id, computed.run, computed.states, computed.evals);
}

/** The id of a raw case for an error message, when it has a usable one. */
function rawIdOf(raw: unknown): string | null {
  try {
    if (!isRecord(raw)) return null;
    if (typeof raw.id === 'number') return String(raw.id);
    return typeof raw.id === 'string' ? clipText(raw.id) : null;
  } catch {
    return null;
  }
}

/**
 * Runs one case and keeps its path as typed arrays (32 bytes per row), without building the
 * result's nested arrays. Every problem, even an unexpected exception (say memory for a long
 * path), becomes a `CaseError` whose message is cut short and escaped.
 */
export function computeCase(
  raw: unknown,
  index: number,
  cache: CompileCache = newCompileCache(),
): CaseComputed {
  let computed: CaseComputed;
  try {
    computed = computeUnchecked(raw, index, cache);
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    computed = { id: rawIdOf(raw), error: `case #${index + 1} failed: ${message}` };
  }
  return isCaseError(computed)
    ? { id: computed.id, error: clipText(computed.error, MAX_ERROR_LENGTH) }
    : computed;
}

function computeUnchecked(raw: unknown, index: number, cache: CompileCache): CaseComputed {
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
      error: `unknown optimizer ${quoteText(spec.optimizer)}; one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`,
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
  if (spec.trace === true && spec.steps > MAX_TRACE_STEPS) {
    return {
      id: spec.id,
      error: `"trace": true allows at most ${MAX_TRACE_STEPS} steps (got ${spec.steps})`,
    };
  }
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
  });
  const counts = optimizer.countsEvaluations === true;
  // A step torch's scheduler refuses (OneCycleLR past total_steps) fails the case, as the script would.
  const refused = () => (schedule?.error ? { id: spec.id, error: `schedule: ${schedule.error}` } : undefined);
  if (spec.trace !== true && !counts) {
    run.advanceTo(spec.steps);
    return refused() ?? { id: spec.id, run };
  }
  // Row by row, reading the state after each update: torch's state, and its evaluation counter `func_evals`.
  const states: OptimizerState[] | undefined = spec.trace === true ? [run.optimizerState()] : undefined;
  const evals: number[] | undefined = counts ? [0] : undefined;
  let before = 0;
  for (let k = 1; k <= spec.steps && run.rows === k; k++) {
    run.advanceTo(k);
    if (run.rows <= k) break;
    const state = run.optimizerState();
    states?.push(state);
    if (evals !== undefined) {
      const now = typeof state.func_evals === 'number' ? state.func_evals : before;
      evals.push(now - before);
      before = now;
    }
  }
  return refused() ?? { id: spec.id, run, states, evals };
}

/** A run in the command line's result format. */
export function resultOf(
  id: string,
  run: Trajectory,
  states?: readonly OptimizerState[],
  evals?: readonly number[],
): CaseResult {
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
    ...(states === undefined ? {} : { state: states }),
    ...(evals === undefined ? {} : { evals }),
  };
}

export function runCases(cases: readonly unknown[]): CaseOutcome[] {
  const cache = newCompileCache();
  return cases.map((c, i) => runCase(c, i, cache));
}

export const isCaseError = <T extends object>(o: T | CaseError): o is CaseError => 'error' in o;

/** Rows of a trajectory written per piece of JSON text by {@link caseJsonPieces}. */
export const ROWS_PER_PIECE = 4096;

/**
 * `JSON.stringify(value)` with the characters a terminal may act on written as `\uXXXX` escapes
 * (DEL, C1 controls, line/paragraph separators, bidirectional controls, BOM): the same JSON
 * value, but safe to print. JSON.stringify escapes C0 controls and lone surrogates already.
 */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value);
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x7f) continue;
    const unsafe =
      code <= 0x9f ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069) ||
      code === 0xfeff;
    if (unsafe) {
      out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

const jsonNumber = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');

/**
 * One case's result as JSON text in pieces of at most {@link ROWS_PER_PIECE} rows: the same text as
 * `JSON.stringify(resultOf(id, run))` (keys in the same order, numbers in JavaScript's shortest
 * round-trip form, non-finite as null), but never one string the size of the whole path.
 */
export function* caseJsonPieces(computed: CaseComputed): Generator<string> {
  if (isCaseError(computed)) {
    yield safeJson(computed);
    return;
  }
  const { id, run } = computed;
  yield `{"id":${safeJson(id)},"status":${JSON.stringify(run.status)},"steps":${Math.max(0, run.rows - 1)},"trajectory":[`;
  const { xyf, gradNorm, rows } = run;
  for (let k0 = 0; k0 < rows; k0 += ROWS_PER_PIECE) {
    const k1 = Math.min(rows, k0 + ROWS_PER_PIECE);
    let piece = k0 > 0 ? ',' : '';
    for (let k = k0; k < k1; k++) {
      piece += `${k > k0 ? ',' : ''}[${jsonNumber(xyf[3 * k])},${jsonNumber(xyf[3 * k + 1])},${jsonNumber(xyf[3 * k + 2])}]`;
    }
    yield piece;
  }
  yield '],"grad_norm":[';
  for (let k0 = 0; k0 < rows; k0 += ROWS_PER_PIECE) {
    const k1 = Math.min(rows, k0 + ROWS_PER_PIECE);
    let piece = k0 > 0 ? ',' : '';
    for (let k = k0; k < k1; k++) piece += `${k > k0 ? ',' : ''}${jsonNumber(gradNorm[k])}`;
    yield piece;
  }
  yield '],"lr":[';
  const lr = run.lr;
  const updates = lr ? rows - 1 : 0;
  for (let k0 = 0; k0 < updates; k0 += ROWS_PER_PIECE) {
    const k1 = Math.min(updates, k0 + ROWS_PER_PIECE);
    let piece = k0 > 0 ? ',' : '';
    for (let k = k0; k < k1; k++) piece += `${k > k0 ? ',' : ''}${jsonNumber(lr![k])}`;
    yield piece;
  }
  yield `],"diverged_at":${JSON.stringify(run.divergedAt)},"converged_at":${JSON.stringify(run.convergedAt)}`;
  if (computed.states !== undefined) yield `,"state":${JSON.stringify(computed.states)}`;
  if (computed.evals !== undefined) yield `,"evals":${JSON.stringify(computed.evals)}`;
  yield '}';
}

/**
 * Runs `cases` one at a time and writes `{"results": [...]}` as it goes (compute one, write one), one
 * result per line, so memory does not grow with the number of cases. `compute` turns a raw case
 * into a result or a `CaseError` (it must not throw); `pieces` writes a result as JSON text in
 * pieces. `onError` hears each failed case as soon as it is written. Returns how many failed.
 * Every case-file command writes through this (`descent run`, `descent curvature`, …).
 */
export function streamResults<T extends object>(
  cases: readonly unknown[],
  compute: (raw: unknown, index: number) => T | CaseError,
  pieces: (result: T) => Iterable<string>,
  write: (text: string) => void,
  onError: (error: CaseError) => void = () => {},
): number {
  if (cases.length === 0) {
    write('{"results": []}\n');
    return 0;
  }
  let failed = 0;
  write('{"results": [\n');
  for (let i = 0; i < cases.length; i++) {
    const result = compute(cases[i], i);
    write(i > 0 ? ',\n  ' : '  ');
    if (isCaseError(result)) {
      write(safeJson(result));
      failed++;
      onError(result);
    } else {
      for (const piece of pieces(result)) write(piece);
    }
  }
  write('\n]}\n');
  return failed;
}

/**
 * `descent run`: the text {@link formatResults} gives for the same outcomes, streamed by
 * {@link streamResults}.
 */
export function writeResults(
  cases: readonly unknown[],
  write: (text: string) => void,
  onError: (error: CaseError) => void = () => {},
): number {
  const cache = newCompileCache();
  return streamResults(cases, (raw, i) => computeCase(raw, i, cache), caseJsonPieces, write, onError);
}

/**
 * `{"results": [...]}` with one result per line. Numbers keep full float64 precision (JavaScript's
 * shortest round-trip form); non-finite numbers are written as null.
 */
export function formatResults(outcomes: readonly CaseOutcome[]): string {
  if (outcomes.length === 0) return '{"results": []}\n';
  return `{"results": [\n${outcomes.map((o) => `  ${JSON.stringify(o)}`).join(',\n')}\n]}\n`;
}

// ------------------------------------------------------------------------------------------------
// `descent curvature`: the exact Hessian and its eigen-decomposition at given points.

/** Most points a curvature case may ask for. */
export const MAX_POINTS = 100_000;

const CURVATURE_KEYS = new Set(['id', 'f', 'points']);

/** The curvature at one point, as `descent curvature` prints it. */
export interface CurvaturePoint {
  readonly point: Vec2;
  readonly f: number;
  readonly gradient: Vec2;
  readonly hessian: readonly [Vec2, Vec2];
  /** Ascending. */
  readonly eigenvalues: Vec2;
  /** Unit; `eigenvectors[i]` belongs to `eigenvalues[i]`. */
  readonly eigenvectors: readonly [Vec2, Vec2];
}

export interface CurvatureResult {
  readonly id: string;
  readonly points: readonly CurvaturePoint[];
}

const formatPoint = (p: unknown) =>
  Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number')
    ? `(${p[0]}, ${p[1]})`
    : clipText(JSON.stringify(p) ?? String(p));

/** The curvature of `fn` at (x, y), or why there is none (a value that is not finite). */
export function curvatureAt(fn: CompiledFunction, x: number, y: number): Result<CurvaturePoint, string> {
  const g = new Float64Array(2);
  const h = new Float64Array(3);
  const f = fn.valueGrad(x, y, g);
  fn.hessian(x, y, h);
  if (!Number.isFinite(f)) return err(`f is ${f} there`);
  if (!(Number.isFinite(g[0]) && Number.isFinite(g[1]))) return err(`the gradient is not finite there`);
  if (!(Number.isFinite(h[0]) && Number.isFinite(h[1]) && Number.isFinite(h[2]))) {
    return err('the Hessian is not finite there');
  }
  const eig = eigenSym2({ xx: h[0], xy: h[1], yy: h[2] });
  return ok({
    point: [x, y],
    f,
    gradient: [g[0], g[1]],
    hessian: [
      [h[0], h[1]],
      [h[1], h[2]],
    ],
    eigenvalues: eig.values,
    eigenvectors: eig.vectors,
  });
}

function curvatureUnchecked(raw: unknown, index: number, cache: CompileCache): CurvatureResult | CaseError {
  if (!isRecord(raw)) return { id: null, error: `case #${index + 1} is not an object` };
  const id = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : null;
  if (id !== null && id.length > MAX_ID_LENGTH) {
    return { id: clipText(id), error: `case #${index + 1}: "id" is longer than ${MAX_ID_LENGTH} characters` };
  }
  const fail = (error: string): CaseError => ({ id, error });
  if (id === null) return fail(`case #${index + 1}: missing "id" (a string)`);
  const unknown = Object.keys(raw).filter((k) => !CURVATURE_KEYS.has(k));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((k) => quoteText(k));
    if (unknown.length > 3) shown.push(`and ${unknown.length - 3} more`);
    return fail(`unknown field${unknown.length > 1 ? 's' : ''} ${shown.join(', ')}; allowed: id, f, points`);
  }
  if (typeof raw.f !== 'string')
    return fail('missing "f": an expression in x and y, or a function preset id');
  if (!Array.isArray(raw.points)) return fail('missing "points": [[x, y], ...]');
  if (raw.points.length > MAX_POINTS) return fail(`"points" has more than ${MAX_POINTS} points`);
  const preset = getFunctionPreset(raw.f);
  const compiled = compileCached(preset ? preset.expression : raw.f, cache);
  if (!compiled.ok) return fail(compiled.error);
  const points: CurvaturePoint[] = [];
  for (let k = 0; k < raw.points.length; k++) {
    const p: unknown = raw.points[k];
    if (!(Array.isArray(p) && p.length === 2 && p.every(isFiniteNumber))) {
      return fail(`point #${k + 1} ${formatPoint(p)} is not [x, y] with two finite numbers`);
    }
    const at = curvatureAt(compiled.value, p[0], p[1]);
    if (!at.ok) return fail(`point #${k + 1} ${formatPoint(p)}: ${at.error}`);
    points.push(at.value);
  }
  return { id, points };
}

/** One `descent curvature` case; every problem, even an exception, becomes a `CaseError`. */
export function curvatureCase(
  raw: unknown,
  index: number,
  cache: CompileCache = newCompileCache(),
): CurvatureResult | CaseError {
  let result: CurvatureResult | CaseError;
  try {
    result = curvatureUnchecked(raw, index, cache);
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    result = { id: rawIdOf(raw), error: `case #${index + 1} failed: ${message}` };
  }
  return isCaseError(result) ? { id: result.id, error: clipText(result.error, MAX_ERROR_LENGTH) } : result;
}

/** Points written per piece of JSON text by {@link writeCurvatureResults}. */
const POINTS_PER_PIECE = 1024;

/** Curvature results as JSON text, {@link POINTS_PER_PIECE} points per piece. */
function* curvatureJsonPieces(result: CurvatureResult): Generator<string> {
  yield `{"id":${safeJson(result.id)},"points":[`;
  for (let k0 = 0; k0 < result.points.length; k0 += POINTS_PER_PIECE) {
    const piece = result.points.slice(k0, k0 + POINTS_PER_PIECE).map((p) => JSON.stringify(p));
    yield `${k0 > 0 ? ',' : ''}${piece.join(',')}`;
  }
  yield ']}';
}

/** `descent curvature`: runs the cases one at a time through {@link streamResults}. */
export function writeCurvatureResults(
  cases: readonly unknown[],
  write: (text: string) => void,
  onError: (error: CaseError) => void = () => {},
): number {
  const cache = newCompileCache();
  return streamResults(cases, (raw, i) => curvatureCase(raw, i, cache), curvatureJsonPieces, write, onError);
}
