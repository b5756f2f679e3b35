/**
 * Work off the main thread: long runs and big surfaces. `computeBatch` and `computeSurface` are the
 * pure work (compile, run or sample and mesh, report progress); `compute.worker.ts` runs them in a
 * Web Worker, and `BackgroundCompute` talks to that worker from the page, one job kind per worker.
 * A newer job supersedes an older one: the worker is restarted so stale work stops at once.
 */
import { type CompiledFunction, compile } from '../core/expr/index.ts';
import type { Domain } from '../core/functions/types.ts';
import { type SurfaceData, surfaceBuffers, surfaceData } from '../core/mesh.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import { type GradientMode, Run, type RunStatus, type Trajectory } from '../core/runner.ts';
import { type LabInputs, runCount, runExtras } from './lab.ts';

export interface RunRequest extends LabInputs {
  readonly key: number;
  readonly optimizer: string;
  readonly params: ParamValues;
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly gradient: GradientMode;
  readonly bound: number;
}

export interface BatchRequest {
  readonly id: number;
  readonly kind: 'runs';
  readonly expression: string;
  readonly runs: readonly RunRequest[];
}

/** f sampled at (resolution + 1)² points over `domain`, with its meshes. */
export interface SurfaceRequest {
  readonly id: number;
  readonly kind: 'surface';
  readonly expression: string;
  readonly domain: Domain;
  readonly resolution: number;
}

export type Job = BatchRequest | SurfaceRequest;

/** What a job gives back. */
export type ResultOf<J extends Job> = J extends BatchRequest ? readonly RunResult[] : SurfaceData;

/** A finished trajectory as plain data (its arrays are transferred, not copied). */
export interface RunResult extends Trajectory {
  readonly key: number;
  /** The other seeds of a noisy row's spread (seed + 1 … seed + K − 1); absent when K = 1. */
  readonly spread?: readonly Trajectory[];
}

/**
 * The run of request `r` (seed offset `i` of its spread), with the schedule and noise it asks for:
 * the page's own runs and its worker's are built here alike. A step the schedule refuses (torch would
 * raise) ends the run with the schedule's reason.
 */
export function requestRun(fn: CompiledFunction, r: RunRequest, i = 0): { run: Run; finish: () => void } {
  const optimizer = getOptimizer(r.optimizer);
  if (!optimizer) throw new Error(`unknown optimizer ${r.optimizer}`);
  const extras = runExtras(r.optimizer, r, i);
  const run = new Run({
    fn,
    optimizer,
    params: r.params,
    start: r.start,
    gradient: r.gradient,
    bound: r.bound,
    ...extras,
  });
  const finish = () => {
    const refused = extras.scheduler?.error;
    if (refused && run.status === 'diverged') run.reason = `the schedule stopped: ${refused}`;
  };
  return { run, finish };
}

/** The spread's other seeds of request `r`, run to its steps (empty when K = 1). */
export function spreadRuns(fn: CompiledFunction, r: RunRequest): Trajectory[] {
  return Array.from({ length: runCount(r) - 1 }, (_, j) => {
    const { run, finish } = requestRun(fn, r, j + 1);
    run.advanceTo(r.steps);
    finish();
    return plainOf(run);
  });
}

export type WorkerMessage =
  | { readonly id: number; readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly type: 'done'; readonly result: readonly RunResult[] | SurfaceData }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

/** Steps computed between two progress reports. */
export const CHUNK = 20_000;

/** Runs every request of the batch, reporting progress in steps done out of the total. */
export function computeBatch(
  batch: BatchRequest,
  progress: (done: number, total: number) => void,
): RunResult[] {
  const compiled = compile(batch.expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const total = batch.runs.reduce((n, r) => n + r.steps * runCount(r), 0);
  let done = 0;
  return batch.runs.map((r) => {
    const { run, finish } = requestRun(compiled.value, r);
    for (let k = 0; k < r.steps && run.status !== 'diverged'; k = Math.min(r.steps, k + CHUNK)) {
      run.advanceTo(Math.min(r.steps, k + CHUNK));
      progress(done + Math.min(r.steps, k + CHUNK), total);
    }
    finish();
    done += r.steps;
    const spread = spreadRuns(compiled.value, r);
    done += spread.length * r.steps;
    if (spread.length > 0) progress(done, total);
    const result = resultOf(r.key, run);
    return spread.length > 0 ? { ...result, spread } : result;
  });
}

/** Samples and meshes a surface (one sweep: no progress to report). */
export function computeSurface(job: SurfaceRequest): SurfaceData {
  const compiled = compile(job.expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return surfaceData(compiled.value.value, job.domain, job.resolution);
}

/** Runs a job of either kind (runs report progress); returns its result and the buffers to transfer back. */
export function computeJob(
  job: Job,
  progress: (done: number, total: number) => void,
): { result: readonly RunResult[] | SurfaceData; transfer: ArrayBuffer[] } {
  if (job.kind === 'surface') {
    const result = computeSurface(job);
    return { result, transfer: surfaceBuffers(result) };
  }
  const result = computeBatch(job, progress);
  return {
    result,
    transfer: result.flatMap((r) =>
      [r, ...(r.spread ?? [])].flatMap((t) => [
        t.xyf.buffer as ArrayBuffer,
        t.gradNorm.buffer as ArrayBuffer,
        ...(t.lr ? [t.lr.buffer as ArrayBuffer] : []),
        ...(t.yx ? [t.yx.buffer as ArrayBuffer] : []),
      ]),
    ),
  };
}

function resultOf(key: number, run: Run): RunResult {
  return { key, ...plainOf(run) };
}

/** A run as plain data: its rows, lr per update, Schedule-Free's y points and divergence reason. */
function plainOf(run: Run): Trajectory {
  return {
    rows: run.rows,
    xyf: run.xyf.slice(0, 3 * run.rows),
    gradNorm: run.gradNorm.slice(0, run.rows),
    status: run.status as RunStatus,
    divergedAt: run.divergedAt,
    convergedAt: run.convergedAt,
    lr: run.lr.slice(0, Math.max(0, run.rows - 1)),
    yx: run.yx === null ? null : run.yx.slice(0, 2 * run.rows),
    reason: run.reason,
  };
}

/** What `Derived` needs from a background computer (the page's worker; absent in Node). */
export interface Background {
  /**
   * Starts `job`, replacing any unfinished one; `onProgress`, `onDone` and `onError` (with a message
   * for people) fire for this job only.
   */
  submit<J extends Job>(
    job: Omit<J, 'id'>,
    onProgress: (done: number, total: number) => void,
    onDone: (result: ResultOf<J>) => void,
    onError: (message: string) => void,
  ): void;
  dispose(): void;
}

/** A `Background` backed by a module Web Worker made by `create` (restarted to cancel). */
export class BackgroundCompute implements Background {
  private worker: Worker | null = null;
  private busy = false;
  private next = 1;

  constructor(private readonly create: () => Worker) {}

  submit<J extends Job>(
    job: Omit<J, 'id'>,
    onProgress: (done: number, total: number) => void,
    onDone: (result: ResultOf<J>) => void,
    onError: (message: string) => void,
  ): void {
    if (this.busy) this.stop();
    this.worker ??= this.create();
    const id = this.next++;
    this.busy = true;
    this.worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') onProgress(m.done, m.total);
      else {
        this.busy = false;
        if (m.type === 'done') onDone(m.result as ResultOf<J>);
        else onError(m.message);
      }
    };
    // The worker itself failed (it could not load, or ran out of memory): start afresh next time.
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.stop();
      onError(e.message || 'the background worker stopped');
    };
    this.worker.postMessage({ ...job, id });
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
  }

  dispose(): void {
    this.stop();
  }
}
