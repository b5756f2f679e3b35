/**
 * The command line's batch cases: `descent basins` (a grid of starts) and `descent sweep` (a grid of
 * parameter values). A case is a `descent run` case plus one field, and every cell equals `descent run`
 * of that start or setting, bit for bit.
 *
 *   basins: {"id", "f", "optimizer", "params", "steps", …, "grid": {"x": [lo, hi], "y": [lo, hi], "n": n}}
 *           (no "start") → {"id", "x": [n values], "y": [n values], "cells": [[cell, …], …]},
 *           cells[i][j] the run from (x[i], y[j])
 *   sweep:  {…a run case…, "sweep": {"lr": {"range": [lo, hi], "n": n, "scale": "log"}, "momentum": {…}}}
 *           → {"id", "axes": {"lr": [values], "momentum": [values]}, "cells": [[cell, …], …]},
 *           cells[i][j] at the first parameter's i-th value and the second's j-th (one parameter: cells[i][0])
 *   cell:   {"end": [x, y], "f", "status", "steps", "label"}
 *
 * Axis values follow `spaced` (ends included, the last one exactly hi). `steps` of a cell is the run's
 * converged_at when converged, its diverged_at when diverged, else the steps asked; `end` and `f` are the
 * run's last trajectory row (null when not even the start was finite); `label` follows `labels.ts`.
 */

import {
  type CaseError,
  type CompileCache,
  compileCached,
  MAX_ERROR_LENGTH,
  MAX_STEPS,
  newCompileCache,
  safeJson,
  validateCase,
} from '../cases.ts';
import type { CompiledFunction } from '../expr/index.ts';
import { getFunctionPreset } from '../functions/presets.ts';
import type { Domain, FunctionPreset } from '../functions/types.ts';
import { SeededNormal } from '../noise.ts';
import { getOptimizer, OPTIMIZERS, resolveParams } from '../optimizers/index.ts';
import type { NumberParam, OptimizerDef, ParamValues } from '../optimizers/types.ts';
import { err, ok, type Result } from '../result.ts';
import { DEFAULT_DOMAIN, DEFAULT_TOLERANCE, divergenceBound, type GradientMode } from '../runner.ts';
import { momentumKeyOf, resolveSchedule, Schedule } from '../schedules/index.ts';
import { clipText, quoteText } from '../text.ts';
import { SCALES, type Scale, spaced } from './axes.ts';
import { type BatchCells, type BatchSpec, runSettings, runStarts, type Setting, STATUSES } from './engine.ts';
import { labelByClusters, labelByMinima, labelRadius } from './labels.ts';
import { METRICS, type Metric, TUNE_DEFAULTS, type TuneOptions, tune, tuneRuns } from './tune.ts';

/** Largest grid of starts: n × n with n ≤ this. */
export const MAX_GRID_N = 512;
/** Largest number of values on one sweep axis. */
export const MAX_SWEEP_N = 256;
/** Most learning rates on a tune's first grid, and most refinement rounds. */
export const MAX_TUNE_N = 64;
export const MAX_TUNE_ROUNDS = 5;
/** Largest total work of one case, in cell-steps (cells × steps): about half a minute of one core. */
export const MAX_WORK = 1e9;

/** The fields of a run case that batch cases accept (a field `descent run` learns later is refused here until supported). */
const RUN_KEYS = [
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
];

/** A validated, resolved case: what every cell of it shares. */
export interface BatchCase {
  readonly id: string;
  readonly fn: CompiledFunction;
  readonly preset: FunctionPreset | undefined;
  /** The preset's domain, or DEFAULT_DOMAIN for expressions (the default bound and label radius). */
  readonly domain: Domain;
  readonly optimizer: OptimizerDef;
  /** The case's "params" as given (defaults not filled). */
  readonly given: Readonly<Record<string, unknown>>;
  readonly params: ParamValues;
  /** The case's start, or the preset's; undefined for basins. */
  readonly start: readonly [number, number] | undefined;
  readonly steps: number;
  readonly gradient: GradientMode;
  readonly tolerance: number;
  readonly bound: number;
  /** A fresh lr schedule per run (or per block of cells sharing an optimizer); undefined without one. */
  readonly scheduler: (() => Schedule) | undefined;
  /** The schedules made so far, to ask afterwards whether torch would have refused a step. */
  readonly schedules: Schedule[];
  readonly noise: BatchSpec['noise'];
  /** The batch-specific field ("grid", "sweep", "tune"), unchecked. */
  readonly extra: unknown;
}

/** The JSON of one cell. */
export interface CellJson {
  readonly end: readonly [number, number];
  readonly f: number;
  readonly status: string;
  readonly steps: number;
  readonly label: number | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a batch case: a run case (`validateCase`) plus the field `extra`; `start` is refused when
 * `startless` (basins: the grid gives the starts). Resolves the function, the optimizer and its params.
 */
export function prepareCase(
  raw: unknown,
  index: number,
  extra: 'grid' | 'sweep' | 'tune',
  startless: boolean,
  cache: CompileCache,
): Result<BatchCase, CaseError> {
  if (!isRecord(raw)) return err({ id: null, error: `case #${index + 1} is not an object` });
  const rawId = typeof raw.id === 'string' ? raw.id : typeof raw.id === 'number' ? String(raw.id) : null;
  const id = rawId === null ? null : clipText(rawId);
  const fail = (error: string) => err({ id, error });
  const allowed = [...RUN_KEYS.filter((k) => !(startless && k === 'start')), extra];
  const unknown = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const why = startless && unknown.includes('start') ? ' ("start" comes from the grid)' : '';
    const shown = unknown.slice(0, 3).map((k) => quoteText(k));
    if (unknown.length > 3) shown.push(`and ${unknown.length - 3} more`);
    return fail(
      `unknown field${unknown.length > 1 ? 's' : ''} ${shown.join(', ')}${why}; allowed: ${allowed.join(', ')}`,
    );
  }
  const { [extra]: extraValue, ...runCase } = raw;
  const checked = validateCase(startless ? { ...runCase, start: [0, 0] } : runCase, index);
  if (!checked.ok) return err(checked.error);
  if (extraValue === undefined && extra !== 'tune') return fail(`missing "${extra}"`);
  const spec = checked.value;
  const preset = getFunctionPreset(spec.f);
  const fn = compileCached(preset ? preset.expression : spec.f, cache);
  if (!fn.ok) return fail(fn.error);
  const optimizer = getOptimizer(spec.optimizer);
  if (!optimizer) {
    return fail(
      `unknown optimizer ${quoteText(spec.optimizer)}; one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`,
    );
  }
  const given = spec.params ?? {};
  const params = resolveParams(optimizer, given);
  if (!params.ok) return fail(params.error);
  const domain = preset ? preset.domain : DEFAULT_DOMAIN;
  const schedules: Schedule[] = [];
  let scheduler: (() => Schedule) | undefined;
  if (spec.schedule !== undefined) {
    const key = momentumKeyOf(optimizer.params.map((p) => p.name));
    const resolved = resolveSchedule(spec.schedule, key);
    if (!resolved.ok) return fail(resolved.error);
    scheduler = () => {
      const schedule = new Schedule(resolved.value, key);
      schedules.push(schedule);
      return schedule;
    };
  }
  const noise = spec.noise;
  return ok({
    id: spec.id,
    fn: fn.value,
    preset,
    domain,
    optimizer,
    given,
    params: params.value,
    start: startless ? undefined : (spec.start ?? preset?.start ?? [0, 0]),
    steps: spec.steps,
    gradient: spec.gradient ?? 'exact',
    tolerance: spec.tolerance ?? DEFAULT_TOLERANCE,
    bound: spec.bound ?? divergenceBound(domain),
    scheduler,
    schedules,
    noise: noise && { sigma: noise.sigma, source: () => new SeededNormal(noise.seed) },
    extra: extraValue,
  });
}

/** What every cell of the case shares, for the engine. */
export function batchSpecOf(c: BatchCase): BatchSpec {
  return {
    fn: c.fn,
    optimizer: c.optimizer,
    steps: c.steps,
    gradient: c.gradient,
    tolerance: c.tolerance,
    bound: c.bound,
    scheduler: c.scheduler,
    noise: c.noise,
  };
}

/** A step torch's scheduler refused in any run of the case (OneCycleLR past total_steps) fails the case. */
function scheduleError(c: BatchCase): CaseError | undefined {
  const failed = c.schedules.find((s) => s.error !== null);
  return failed ? { id: c.id, error: `schedule: ${failed.error}` } : undefined;
}

/** Labels the cells: by the preset's minima, else by clustering (radius from the case's domain). */
export function labelCells(c: BatchCase, cells: BatchCells): void {
  const radius = labelRadius(c.domain);
  if (c.preset) labelByMinima(cells, c.preset.critical, radius);
  else labelByClusters(cells, radius);
}

export function cellJson(cells: BatchCells, i: number): CellJson {
  const label = cells.label[i]!;
  return {
    end: [cells.x[i]!, cells.y[i]!],
    f: cells.f[i]!,
    status: STATUSES[cells.status[i]!]!,
    steps: cells.steps[i]!,
    label: label < 0 ? null : label,
  };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function rangeOf(v: unknown, name: string): Result<readonly [number, number], string> {
  if (Array.isArray(v) && v.length === 2 && v.every(isFiniteNumber) && v[0] < v[1]) return ok([v[0], v[1]]);
  return err(`${name} must be [lo, hi] with finite numbers lo < hi`);
}

function countOf(v: unknown, name: string, max: number): Result<number, string> {
  if (Number.isInteger(v) && (v as number) >= 2 && (v as number) <= max) return ok(v as number);
  return err(`${name} must be an integer from 2 to ${max}`);
}

function workCheck(cells: number, steps: number): string | undefined {
  const work = cells * steps;
  return work > MAX_WORK
    ? `${cells} cells × ${steps} steps = ${work.toExponential(2)} cell-steps is more than the ${MAX_WORK.toExponential(0)} allowed; use fewer cells or steps`
    : undefined;
}

// ---- basins ------------------------------------------------------------------------------------------

export interface BasinsResult {
  readonly id: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly cells: readonly (readonly CellJson[])[];
}

export interface Grid {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly n: number;
}

export function gridOf(raw: unknown): Result<Grid, string> {
  if (!isRecord(raw)) return err('"grid" must be {"x": [lo, hi], "y": [lo, hi], "n": n}');
  const unknown = Object.keys(raw).filter((k) => !['x', 'y', 'n'].includes(k));
  if (unknown.length > 0) return err(`grid: unknown field ${quoteText(unknown[0]!)}; allowed: x, y, n`);
  const x = rangeOf(raw.x, 'grid.x');
  if (!x.ok) return x;
  const y = rangeOf(raw.y, 'grid.y');
  if (!y.ok) return y;
  const n = countOf(raw.n, 'grid.n', MAX_GRID_N);
  if (!n.ok) return n;
  return ok({ x: x.value, y: y.value, n: n.value });
}

/** The starts of a grid, cell i·n + j at (xs[i], ys[j]), and its axes. */
export function gridStarts(grid: Grid): { xs: Float64Array; ys: Float64Array; x: number[]; y: number[] } {
  const x = spaced(grid.x[0], grid.x[1], grid.n, 'linear');
  const y = spaced(grid.y[0], grid.y[1], grid.n, 'linear');
  const xs = new Float64Array(grid.n * grid.n);
  const ys = new Float64Array(grid.n * grid.n);
  for (let i = 0; i < grid.n; i++) {
    for (let j = 0; j < grid.n; j++) {
      xs[i * grid.n + j] = x[i]!;
      ys[i * grid.n + j] = y[j]!;
    }
  }
  return { xs, ys, x, y };
}

function rows(cells: BatchCells, n: number, m: number): CellJson[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => cellJson(cells, i * m + j)));
}

interface BasinsCells {
  readonly id: string;
  readonly x: number[];
  readonly y: number[];
  readonly n: number;
  readonly cells: BatchCells;
}

function computeBasins(raw: unknown, index: number, cache: CompileCache): BasinsCells | CaseError {
  const prepared = prepareCase(raw, index, 'grid', true, cache);
  if (!prepared.ok) return prepared.error;
  const c = prepared.value;
  const grid = gridOf(c.extra);
  if (!grid.ok) return { id: c.id, error: grid.error };
  const tooMuch = workCheck(grid.value.n * grid.value.n, c.steps);
  if (tooMuch) return { id: c.id, error: tooMuch };
  const { xs, ys, x, y } = gridStarts(grid.value);
  const cells = runStarts({ ...batchSpecOf(c), params: c.params }, xs, ys);
  const refused = scheduleError(c);
  if (refused) return refused;
  labelCells(c, cells);
  return { id: c.id, x, y, n: grid.value.n, cells };
}

export function runBasinsCase(raw: unknown, index: number, cache: CompileCache): BasinsResult | CaseError {
  const r = computeBasins(raw, index, cache);
  if (isBatchError(r)) return r;
  return { id: r.id, x: r.x, y: r.y, cells: rows(r.cells, r.n, r.n) };
}

/** A result written in pieces (a big map row by row, never as one string). */
export interface BatchPieces {
  pieces(): Iterable<string>;
}

/** `descent basins`' case: the same text as `safeJson(runBasinsCase(…))`, one row of cells per piece. */
export function streamBasinsCase(raw: unknown, index: number, cache: CompileCache): BatchPieces | CaseError {
  const r = computeBasins(raw, index, cache);
  if (isBatchError(r)) return r;
  return {
    *pieces() {
      yield `{"id":${safeJson(r.id)},"x":${safeJson(r.x)},"y":${safeJson(r.y)},"cells":[`;
      for (let i = 0; i < r.n; i++) {
        const row = Array.from({ length: r.n }, (_, j) => cellJson(r.cells, i * r.n + j));
        yield `${i > 0 ? ',' : ''}${safeJson(row)}`;
      }
      yield ']}';
    },
  };
}

// ---- sweep -------------------------------------------------------------------------------------------

/** One swept parameter: a number parameter of the optimizer, or `steps` (values rounded to integers). */
export interface Axis {
  readonly name: string;
  readonly values: readonly number[];
}

export interface SweepResult {
  readonly id: string;
  readonly axes: Readonly<Record<string, readonly number[]>>;
  readonly cells: readonly (readonly CellJson[])[];
}

/** The axes of a "sweep" field, in the order given; each value checked later with the case's params. */
export function axesOf(raw: unknown, optimizer: OptimizerDef): Result<Axis[], string> {
  const numbers = optimizer.params.filter((p): p is NumberParam => p.kind === 'number');
  const names = [...numbers.map((p) => p.name), 'steps'];
  const shape = '"sweep" must be {"<param>": {"range": [lo, hi], "n": n, "scale": "log" | "linear"}, …}';
  if (!isRecord(raw)) return err(shape);
  const keys = Object.keys(raw);
  if (keys.length < 1 || keys.length > 2) return err(`${shape} with one or two parameters`);
  const axes: Axis[] = [];
  for (const name of keys) {
    if (!names.includes(name)) {
      return err(
        `sweep: ${quoteText(name)} is not a number parameter of ${optimizer.id}; one of ${names.join(', ')}`,
      );
    }
    const spec = raw[name];
    if (!isRecord(spec)) return err(`sweep.${name}: ${shape}`);
    const unknown = Object.keys(spec).filter((k) => !['range', 'n', 'scale'].includes(k));
    if (unknown.length > 0)
      return err(`sweep.${name}: unknown field "${unknown[0]}"; allowed: range, n, scale`);
    const range = rangeOf(spec.range, `sweep.${name}.range`);
    if (!range.ok) return range;
    const n = countOf(spec.n, `sweep.${name}.n`, MAX_SWEEP_N);
    if (!n.ok) return n;
    const param = numbers.find((p) => p.name === name);
    const scale = spec.scale ?? param?.scale ?? 'linear';
    if (!SCALES.includes(scale as Scale)) return err(`sweep.${name}.scale must be "log" or "linear"`);
    if (scale === 'log' && !(range.value[0] > 0)) return err(`sweep.${name}: a log range needs lo > 0`);
    let values = spaced(range.value[0], range.value[1], n.value, scale as Scale);
    if (name === 'steps') {
      if (range.value[0] < 0 || range.value[1] > MAX_STEPS) {
        return err(`sweep.steps: the range must lie within 0 to ${MAX_STEPS}`);
      }
      values = values.map(Math.round);
    }
    axes.push({ name, values });
  }
  return ok(axes);
}

/** Every setting of the sweep, row-major (first axis outer), each resolved like a run case's params. */
export function settingsOf(c: BatchCase, axes: readonly Axis[]): Result<Setting[], string> {
  const [first, second] = axes;
  const inner = second?.values ?? [Number.NaN];
  const settings: Setting[] = [];
  for (const a of first!.values) {
    for (const b of inner) {
      const given: Record<string, unknown> = { ...c.given };
      let steps = c.steps;
      const assign = (axis: Axis, v: number) => {
        if (axis.name === 'steps') steps = v;
        else given[axis.name] = v;
      };
      assign(first!, a);
      if (second) assign(second, b);
      const params = resolveParams(c.optimizer, given);
      if (!params.ok) return err(`sweep: ${params.error}`);
      settings.push({ params: params.value, steps });
    }
  }
  return ok(settings);
}

export function runSweepCase(raw: unknown, index: number, cache: CompileCache): SweepResult | CaseError {
  const prepared = prepareCase(raw, index, 'sweep', false, cache);
  if (!prepared.ok) return prepared.error;
  const c = prepared.value;
  const axes = axesOf(c.extra, c.optimizer);
  if (!axes.ok) return { id: c.id, error: axes.error };
  const settings = settingsOf(c, axes.value);
  if (!settings.ok) return { id: c.id, error: settings.error };
  const work = settings.value.reduce((sum, s) => sum + (s.steps ?? c.steps), 0);
  if (work > MAX_WORK) {
    return {
      id: c.id,
      error: `the sweep's ${work.toExponential(2)} cell-steps are more than the ${MAX_WORK.toExponential(0)} allowed`,
    };
  }
  const cells = runSettings(batchSpecOf(c), settings.value, c.start!);
  const refused = scheduleError(c);
  if (refused) return refused;
  labelCells(c, cells);
  const axesJson: Record<string, readonly number[]> = {};
  for (const axis of axes.value) axesJson[axis.name] = axis.values;
  const m = axes.value[1]?.values.length ?? 1;
  return { id: c.id, axes: axesJson, cells: rows(cells, axes.value[0]!.values.length, m) };
}

// ---- tune --------------------------------------------------------------------------------------------

export interface TunePointJson extends CellJson {
  readonly lr: number;
  /** The metric's value; null when the run failed it (diverged, or never converged for "steps"). */
  readonly value: number | null;
}

export interface TuneResult {
  readonly id: string;
  readonly optimizer: string;
  readonly metric: Metric;
  readonly best: TunePointJson | null;
  readonly curve: readonly TunePointJson[];
}

/** The "tune" field: every key optional, defaults `TUNE_DEFAULTS`. */
export function tuneOptionsOf(raw: unknown): Result<TuneOptions, string> {
  if (raw === undefined) return ok(TUNE_DEFAULTS);
  const shape = '"tune" must be {"range": [lo, hi], "n": n, "metric": "final_f" | "steps", "rounds": r}';
  if (!isRecord(raw)) return err(shape);
  const unknown = Object.keys(raw).filter((k) => !['range', 'n', 'metric', 'rounds'].includes(k));
  if (unknown.length > 0)
    return err(`tune: unknown field "${unknown[0]}"; allowed: range, n, metric, rounds`);
  let range = TUNE_DEFAULTS.range;
  if (raw.range !== undefined) {
    const r = rangeOf(raw.range, 'tune.range');
    if (!r.ok) return r;
    if (!(r.value[0] > 0)) return err('tune.range: learning rates are searched on a log scale, so lo > 0');
    range = r.value;
  }
  let n = TUNE_DEFAULTS.n;
  if (raw.n !== undefined) {
    const c = countOf(raw.n, 'tune.n', MAX_TUNE_N);
    if (!c.ok) return c;
    n = c.value;
  }
  const metric = raw.metric ?? TUNE_DEFAULTS.metric;
  if (!METRICS.includes(metric as Metric)) return err('tune.metric must be "final_f" or "steps"');
  const rounds = raw.rounds ?? TUNE_DEFAULTS.rounds;
  if (!(Number.isInteger(rounds) && (rounds as number) >= 0 && (rounds as number) <= MAX_TUNE_ROUNDS)) {
    return err(`tune.rounds must be an integer from 0 to ${MAX_TUNE_ROUNDS}`);
  }
  return ok({ range, n, metric: metric as Metric, rounds: rounds as number });
}

export function runTuneCase(raw: unknown, index: number, cache: CompileCache): TuneResult | CaseError {
  const prepared = prepareCase(raw, index, 'tune', false, cache);
  if (!prepared.ok) return prepared.error;
  const c = prepared.value;
  if (!c.optimizer.params.some((p) => p.name === 'lr')) {
    return { id: c.id, error: `${c.optimizer.id} has no learning rate to tune` };
  }
  const options = tuneOptionsOf(c.extra);
  if (!options.ok) return { id: c.id, error: options.error };
  const tooMuch = workCheck(tuneRuns(options.value), c.steps);
  if (tooMuch) return { id: c.id, error: tooMuch };
  const curve = tune(batchSpecOf(c), c.given, c.start!, options.value);
  if (!curve.ok) return { id: c.id, error: `tune: ${curve.error}` };
  const refused = scheduleError(c);
  if (refused) return refused;
  const { lr, value, cells, best } = curve.value;
  labelCells(c, cells);
  const points = lr.map((rate, i) => ({
    lr: rate,
    value: Number.isFinite(value[i]!) ? value[i]! : null,
    ...cellJson(cells, i),
  }));
  return {
    id: c.id,
    optimizer: c.optimizer.id,
    metric: options.value.metric,
    best: best < 0 ? null : points[best]!,
    curve: points,
  };
}

/** One case of a batch command: its JSON result, or an error. */
export type BatchRunner = (raw: unknown, index: number, cache: CompileCache) => object;

/**
 * Runs `cases` one at a time and writes `{"results": [...]}` as it goes, one result per line (numbers in
 * full precision, non-finite as null, unsafe characters escaped as `descent run` does). Every problem,
 * even an unexpected exception, becomes `{"id", "error"}` for that case. Returns the errors.
 */
export function writeBatchResults(
  cases: readonly unknown[],
  runOne: BatchRunner,
  write: (text: string) => void,
): CaseError[] {
  if (cases.length === 0) {
    write('{"results": []}\n');
    return [];
  }
  const cache = newCompileCache();
  const errors: CaseError[] = [];
  write('{"results": [\n');
  cases.forEach((raw, i) => {
    let outcome: object;
    try {
      outcome = runOne(raw, i, cache);
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      const id = isRecord(raw) && typeof raw.id === 'string' ? clipText(raw.id) : null;
      outcome = { id, error: `case #${i + 1} failed: ${message}` };
    }
    if (isBatchError(outcome)) {
      outcome = { id: outcome.id, error: clipText(outcome.error, MAX_ERROR_LENGTH) };
      errors.push(outcome as CaseError);
    }
    write(i > 0 ? ',\n  ' : '  ');
    const { pieces } = outcome as Partial<BatchPieces>;
    if (typeof pieces === 'function') for (const piece of pieces()) write(piece);
    else write(safeJson(outcome));
  });
  write('\n]}\n');
  return errors;
}

export const isBatchError = (o: object): o is CaseError => 'error' in o;
