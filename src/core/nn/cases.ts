/**
 * The `descent landscape` case format: a network (widths, activation, weights in torch's `nn.Linear`
 * layout), its data, two directions and a grid; optional training runs from the same weights.
 *
 *   case:   {"id", "data": {"x": [[x1, x2], …], "y": [0 | 1, …]}, "layers": [2, 8, 8, 1],
 *            "activation": "tanh" | "relu", "loss": "bce", "weights": [{"W": [[…]…], "b": […]}, …],
 *            "directions": [d₁, d₂] (raw, the weights' layout), "normalize": "filter" | "none",
 *            "grid": {"alpha": [lo, hi], "beta": [lo, hi], "n": n},
 *            "runs": [{"id", "optimizer", "params"?, "steps", "schedule"?}]}
 *   result: {"id", "alpha": [n], "beta": [n], "loss": [[n] × n] (loss[i][j] at alpha[i], beta[j]),
 *            "runs": [{"id", "loss": [steps + 1], "params": [[dim] × (steps + 1)], "coords": [[α, β] × (steps + 1)]}]}
 *   error:  {"id", "error": "…"}
 *
 * Training is full batch, torch's loop; a run stops at its last finite step. `coords` are the least-
 * squares coordinates of θ_k − θ₀ on the normalised directions.
 */

import { MAX_ID_LENGTH, safeJson, streamResults } from '../cases.ts';
import type { OptimizerDef, ParamValues } from '../optimizers/index.ts';
import { getOptimizer, OPTIMIZERS, resolveParams } from '../optimizers/index.ts';
import { err, ok, type Result } from '../result.ts';
import { momentumKeyOf, resolveSchedule, Schedule, type ScheduleSpec } from '../schedules/index.ts';
import { quoteText } from '../text.ts';
import type { Dataset } from './datasets.ts';
import {
  linspace,
  lossGrid,
  NORMALIZATIONS,
  type Normalization,
  normalizeDirection,
  projectOntoPlane,
} from './landscape.ts';
import { ACTIVATIONS, type Activation, checkArchitecture, layerSlices, Mlp, parameterCount } from './mlp.ts';
import { train } from './train.ts';

/** Bounds of one case (each error message names the bound it broke). */
export const LANDSCAPE_LIMITS = {
  /** Points in `data`. */
  points: 10_000,
  /** Grid points per side. */
  gridN: 401,
  /** Runs per case. */
  runs: 32,
  /** Steps per run. */
  steps: 100_000,
  /** Numbers printed for the runs' parameters: Σ (steps + 1) · dim. */
  outputNumbers: 5_000_000,
  /** Arithmetic: points · parameters · (n² + Σ (steps + 1)), about a minute of work at most. */
  work: 2e10,
} as const;

export interface LandscapeRunSpec {
  readonly id: string;
  readonly optimizer: OptimizerDef;
  readonly params: ParamValues;
  readonly steps: number;
  /** A torch.optim.lr_scheduler class and its arguments, checked. */
  readonly schedule?: ScheduleSpec;
}

export interface LandscapeCase {
  readonly id: string;
  readonly data: Dataset;
  readonly layers: readonly number[];
  readonly activation: Activation;
  readonly theta0: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly normalize: Normalization;
  readonly grid: {
    readonly alpha: readonly [number, number];
    readonly beta: readonly [number, number];
    readonly n: number;
  };
  readonly runs: readonly LandscapeRunSpec[];
}

export interface LandscapeRunResult {
  readonly id: string;
  readonly loss: number[];
  readonly params: number[][];
  readonly coords: [number, number][];
}

export interface LandscapeResult {
  readonly id: string;
  readonly alpha: number[];
  readonly beta: number[];
  readonly loss: number[][];
  readonly runs: LandscapeRunResult[];
}

export interface LandscapeError {
  readonly id: string | null;
  readonly error: string;
}

export type LandscapeOutcome = LandscapeResult | LandscapeError;

export const isLandscapeError = (o: LandscapeOutcome): o is LandscapeError => 'error' in o;

const CASE_KEYS = [
  'id',
  'data',
  'layers',
  'activation',
  'loss',
  'weights',
  'directions',
  'normalize',
  'grid',
  'runs',
];
const RUN_KEYS = ['id', 'optimizer', 'params', 'steps', 'schedule'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function unknownKeys(
  raw: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
): string | undefined {
  const unknown = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (unknown.length === 0) return undefined;
  return `${where}unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => quoteText(k)).join(', ')}; allowed: ${allowed.join(', ')}`;
}

/** A finite number vector of exactly `length` entries, or the reason it is not. */
function vector(raw: unknown, length: number, what: string): Result<number[], string> {
  if (!Array.isArray(raw) || raw.length !== length)
    return err(`${what} must be an array of ${length} numbers`);
  for (let i = 0; i < length; i++) {
    if (!isFiniteNumber(raw[i])) return err(`${what}[${i}] must be a finite number`);
  }
  return ok(raw as number[]);
}

/**
 * Parameters in the `[{"W": out × in rows, "b": [out]}, …]` layout, flattened in `parameters()` order
 * (W₁ row-major, b₁, W₂, b₂, …).
 */
function flatParameters(raw: unknown, layers: readonly number[], what: string): Result<Float64Array, string> {
  const count = layers.length - 1;
  if (!Array.isArray(raw) || raw.length !== count) {
    return err(`${what} must be an array of ${count} layers {"W": [[…]], "b": […]}`);
  }
  const flat = new Float64Array(parameterCount(layers));
  const slices = layerSlices(layers);
  for (let l = 0; l < count; l++) {
    const layer: unknown = raw[l];
    const s = slices[l]!;
    const where = `${what}[${l}]`;
    if (!isRecord(layer)) return err(`${where} must be an object {"W": [[…]], "b": […]}`);
    const extra = unknownKeys(layer, ['W', 'b'], `${where}: `);
    if (extra !== undefined) return err(extra);
    if (!Array.isArray(layer.W) || layer.W.length !== s.outputs) {
      return err(
        `${where}.W must have ${s.outputs} rows of ${s.inputs} numbers (out × in, torch's nn.Linear layout)`,
      );
    }
    for (let o = 0; o < s.outputs; o++) {
      const row = vector(layer.W[o], s.inputs, `${where}.W[${o}]`);
      if (!row.ok) return row;
      flat.set(row.value, s.w + o * s.inputs);
    }
    const b = vector(layer.b, s.outputs, `${where}.b`);
    if (!b.ok) return b;
    flat.set(b.value, s.b);
  }
  return ok(flat);
}

function readData(raw: unknown, inputs: number): Result<Dataset, string> {
  if (!isRecord(raw)) return err('"data" must be an object {"x": [[x1, x2], …], "y": [0 or 1, …]}');
  const extra = unknownKeys(raw, ['x', 'y'], '"data": ');
  if (extra !== undefined) return err(extra);
  const { x, y } = raw;
  if (!Array.isArray(x) || x.length === 0 || x.length > LANDSCAPE_LIMITS.points) {
    return err(`"data.x" must hold 1 to ${LANDSCAPE_LIMITS.points} points`);
  }
  if (!Array.isArray(y) || y.length !== x.length)
    return err(`"data.y" must hold one label per point (${x.length})`);
  const n = x.length;
  const xs = new Float64Array(n * inputs);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = vector(x[i], inputs, `"data.x"[${i}]`);
    if (!row.ok) return row;
    xs.set(row.value, i * inputs);
    if (y[i] !== 0 && y[i] !== 1) return err(`"data.y"[${i}] must be 0 or 1`);
    ys[i] = y[i] as number;
  }
  return ok({ n, features: inputs, x: xs, y: ys });
}

function readRange(raw: unknown, what: string): Result<readonly [number, number], string> {
  if (!Array.isArray(raw) || raw.length !== 2 || !raw.every(isFiniteNumber)) {
    return err(`${what} must be [lo, hi] with two finite numbers`);
  }
  return ok([raw[0], raw[1]] as const);
}

function readRun(raw: unknown, index: number): Result<LandscapeRunSpec, string> {
  const where = `run #${index + 1}`;
  if (!isRecord(raw)) return err(`${where} is not an object`);
  const id = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : null;
  if (id === null) return err(`${where}: missing "id" (a string)`);
  if (id.length > MAX_ID_LENGTH) return err(`${where}: "id" is longer than ${MAX_ID_LENGTH} characters`);
  const name = `run ${quoteText(id)}`;
  const extra = unknownKeys(raw, RUN_KEYS, `${name}: `);
  if (extra !== undefined) return err(extra);
  if (typeof raw.optimizer !== 'string')
    return err(`${name}: missing "optimizer": one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`);
  const optimizer = getOptimizer(raw.optimizer);
  if (optimizer === undefined) {
    return err(
      `${name}: unknown optimizer ${quoteText(raw.optimizer)}; one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`,
    );
  }
  if (raw.params !== undefined && !isRecord(raw.params))
    return err(`${name}: "params" must be an object of parameter values`);
  const params = resolveParams(optimizer, raw.params ?? {});
  if (!params.ok) return err(`${name}: ${params.error}`);
  const steps = raw.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0 || steps > LANDSCAPE_LIMITS.steps) {
    return err(`${name}: "steps" must be an integer from 0 to ${LANDSCAPE_LIMITS.steps}`);
  }
  const spec = { id, optimizer, params: params.value, steps };
  if (raw.schedule === undefined) return ok(spec);
  const schedule = resolveSchedule(raw.schedule, momentumKeyOf(optimizer.params.map((p) => p.name)));
  if (!schedule.ok) return err(`${name}: ${schedule.error}`);
  return ok({ ...spec, schedule: schedule.value });
}

/** Checks one raw case; every message says which field is wrong and what it should be. */
export function validateLandscapeCase(raw: unknown, index: number): Result<LandscapeCase, LandscapeError> {
  if (!isRecord(raw)) return err({ id: null, error: `case #${index + 1} is not an object` });
  const id = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : null;
  if (id !== null && id.length > MAX_ID_LENGTH) {
    return err({ id: null, error: `case #${index + 1}: "id" is longer than ${MAX_ID_LENGTH} characters` });
  }
  const fail = (error: string) => err({ id, error });
  if (id === null) return fail(`case #${index + 1}: missing "id" (a string)`);
  const extra = unknownKeys(raw, CASE_KEYS, '');
  if (extra !== undefined) return fail(extra);
  if (!Array.isArray(raw.layers))
    return fail('missing "layers": the widths from the input to the output, e.g. [2, 8, 8, 1]');
  const layers = raw.layers as number[];
  const activation = raw.activation as Activation;
  if (!ACTIVATIONS.includes(activation))
    return fail(`"activation" must be ${ACTIVATIONS.map((a) => `"${a}"`).join(' or ')}`);
  const arch = checkArchitecture({ layers, activation });
  if (arch !== undefined) return fail(arch);
  if (raw.loss !== undefined && raw.loss !== 'bce')
    return fail('"loss" must be "bce" (mean binary cross-entropy with logits)');
  const data = readData(raw.data, layers[0]!);
  if (!data.ok) return fail(data.error);
  const theta0 = flatParameters(raw.weights, layers, '"weights"');
  if (!theta0.ok) return fail(theta0.error);
  if (!Array.isArray(raw.directions) || raw.directions.length !== 2) {
    return fail('"directions" must be [d1, d2], each in the layout of "weights"');
  }
  const d1 = flatParameters(raw.directions[0], layers, '"directions"[0]');
  if (!d1.ok) return fail(d1.error);
  const d2 = flatParameters(raw.directions[1], layers, '"directions"[1]');
  if (!d2.ok) return fail(d2.error);
  const normalize = raw.normalize as Normalization;
  if (!NORMALIZATIONS.includes(normalize)) {
    return fail(`"normalize" must be ${NORMALIZATIONS.map((m) => `"${m}"`).join(' or ')}`);
  }
  if (!isRecord(raw.grid)) return fail('"grid" must be {"alpha": [lo, hi], "beta": [lo, hi], "n": n}');
  const gridExtra = unknownKeys(raw.grid, ['alpha', 'beta', 'n'], '"grid": ');
  if (gridExtra !== undefined) return fail(gridExtra);
  const alpha = readRange(raw.grid.alpha, '"grid.alpha"');
  if (!alpha.ok) return fail(alpha.error);
  const beta = readRange(raw.grid.beta, '"grid.beta"');
  if (!beta.ok) return fail(beta.error);
  const n = raw.grid.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > LANDSCAPE_LIMITS.gridN) {
    return fail(`"grid.n" must be an integer from 1 to ${LANDSCAPE_LIMITS.gridN}`);
  }
  const rawRuns = raw.runs ?? [];
  if (!Array.isArray(rawRuns) || rawRuns.length > LANDSCAPE_LIMITS.runs) {
    return fail(`"runs" must be an array of at most ${LANDSCAPE_LIMITS.runs} runs`);
  }
  const runs: LandscapeRunSpec[] = [];
  const ids = new Set<string>();
  for (let r = 0; r < rawRuns.length; r++) {
    const run = readRun(rawRuns[r], r);
    if (!run.ok) return fail(run.error);
    if (ids.has(run.value.id)) return fail(`two runs have the id ${quoteText(run.value.id)}`);
    ids.add(run.value.id);
    runs.push(run.value);
  }
  const dim = parameterCount(layers);
  const rows = runs.reduce((sum, r) => sum + r.steps + 1, 0);
  if (rows * dim > LANDSCAPE_LIMITS.outputNumbers) {
    return fail(
      `the runs would print ${rows * dim} parameter values (Σ (steps + 1) × ${dim} parameters); at most ${LANDSCAPE_LIMITS.outputNumbers}`,
    );
  }
  const work = data.value.n * dim * (n * n + rows);
  if (work > LANDSCAPE_LIMITS.work) {
    return fail(
      `too much work: ${data.value.n} points × ${dim} parameters × (${n}² grid points + ${rows} training steps) = ${work.toExponential(2)} > ${LANDSCAPE_LIMITS.work.toExponential(0)}; use fewer points, grid points or steps`,
    );
  }
  return ok({
    id,
    data: data.value,
    layers,
    activation,
    theta0: theta0.value,
    d1: d1.value,
    d2: d2.value,
    normalize,
    grid: { alpha: alpha.value, beta: beta.value, n },
    runs,
  });
}

const rowsOf = (flat: Float64Array, width: number, count: number): number[][] =>
  Array.from({ length: count }, (_, k) => Array.from(flat.subarray(k * width, (k + 1) * width)));

/** Computes one validated case: the grid, then each run and its coordinates on the plane. */
export function computeLandscapeCase(c: LandscapeCase): Result<LandscapeResult, string> {
  const net = new Mlp({ layers: c.layers, activation: c.activation });
  const d1 = normalizeDirection(net.slices, c.theta0, c.d1, c.normalize);
  const d2 = normalizeDirection(net.slices, c.theta0, c.d2, c.normalize);
  const alpha = linspace(c.grid.alpha[0], c.grid.alpha[1], c.grid.n);
  const beta = linspace(c.grid.beta[0], c.grid.beta[1], c.grid.n);
  const grid = lossGrid(net, c.data, c.theta0, d1, d2, alpha, beta);
  const runs: LandscapeRunResult[] = [];
  for (const spec of c.runs) {
    const schedule =
      spec.schedule === undefined
        ? undefined
        : new Schedule(spec.schedule, momentumKeyOf(spec.optimizer.params.map((p) => p.name)));
    const result = train(
      net,
      c.data,
      c.theta0,
      {
        optimizer: spec.optimizer,
        params: spec.params,
        steps: spec.steps,
        ...(schedule === undefined ? {} : { scheduler: schedule }),
      },
      { recordParams: true },
    );
    // A step torch's scheduler refuses (OneCycleLR past total_steps) fails the case, as the script would.
    if (schedule?.error) return err(`run ${quoteText(spec.id)}: schedule: ${schedule.error}`);
    if (result.stepFailed)
      return err(`run ${quoteText(spec.id)}: step ${result.steps + 1}: ${result.reason}`);
    const count = result.loss.length;
    let coords: [number, number][];
    try {
      const projection = projectOntoPlane(c.theta0, d1, d2, result.params);
      coords = Array.from({ length: count }, (_, k) => [
        projection.coords[2 * k]!,
        projection.coords[2 * k + 1]!,
      ]);
    } catch (e) {
      return err(`run ${quoteText(spec.id)}: ${(e as Error).message}`);
    }
    runs.push({
      id: spec.id,
      loss: Array.from(result.loss),
      params: rowsOf(result.params, net.dim, count),
      coords,
    });
  }
  return ok({
    id: c.id,
    alpha: Array.from(alpha),
    beta: Array.from(beta),
    loss: rowsOf(grid, beta.length, alpha.length),
    runs,
  });
}

/** Validates and computes case `index` of the file. */
export function runLandscapeCase(raw: unknown, index: number): LandscapeOutcome {
  const checked = validateLandscapeCase(raw, index);
  if (!checked.ok) return checked.error;
  const computed = computeLandscapeCase(checked.value);
  return computed.ok ? computed.value : { id: checked.value.id, error: computed.error };
}

/** Validates and computes every case; a bad case becomes an error entry and the others still run. */
export function runLandscapeCases(raw: readonly unknown[]): LandscapeOutcome[] {
  return raw.map(runLandscapeCase);
}

/**
 * Writes `{"results": [...]}` case by case as each finishes through the shared `streamResults` (one
 * case per line, ids and messages escaped by `safeJson`; non-finite numbers print as null), one run
 * per piece of text; `onError` hears each failed case. Returns the number of failed cases.
 */
export function writeLandscapeResults(
  raw: readonly unknown[],
  write: (text: string) => void,
  onError: (e: LandscapeError) => void,
): number {
  return streamResults(raw, runLandscapeCase, resultPieces, write, onError);
}

function* resultPieces(r: LandscapeResult): Iterable<string> {
  const { runs, ...head } = r;
  const text = safeJson(head);
  yield `${text.slice(0, -1)},"runs":[`;
  for (let i = 0; i < runs.length; i++) yield `${i > 0 ? ',' : ''}${safeJson(runs[i])}`;
  yield ']}';
}
