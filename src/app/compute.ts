/**
 * Long runs off the main thread. `computeBatch` is the pure work (compile, run, report progress);
 * `compute.worker.ts` runs it in a Web Worker, and `BackgroundCompute` talks to that worker from the
 * page. A newer batch supersedes an older one: the worker is restarted so stale work stops at once.
 */
import { compile } from '../core/expr/index.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import { type GradientMode, Run, type RunStatus, type Trajectory } from '../core/runner.ts';

export interface RunRequest {
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
  readonly expression: string;
  readonly runs: readonly RunRequest[];
}

/** A finished trajectory as plain data (its arrays are transferred, not copied). */
export interface RunResult extends Trajectory {
  readonly key: number;
}

export type WorkerMessage =
  | { readonly id: number; readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly type: 'done'; readonly results: readonly RunResult[] }
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
  const total = batch.runs.reduce((n, r) => n + r.steps, 0);
  let done = 0;
  return batch.runs.map((r) => {
    const optimizer = getOptimizer(r.optimizer);
    if (!optimizer) throw new Error(`unknown optimizer ${r.optimizer}`);
    const run = new Run({
      fn: compiled.value,
      optimizer,
      params: r.params,
      start: r.start,
      gradient: r.gradient,
      bound: r.bound,
    });
    for (let k = 0; k < r.steps && run.status !== 'diverged'; k = Math.min(r.steps, k + CHUNK)) {
      run.advanceTo(Math.min(r.steps, k + CHUNK));
      progress(done + Math.min(r.steps, k + CHUNK), total);
    }
    done += r.steps;
    return resultOf(r.key, run);
  });
}

function resultOf(key: number, run: Run): RunResult {
  return {
    key,
    rows: run.rows,
    xyf: run.xyf.slice(0, 3 * run.rows),
    gradNorm: run.gradNorm.slice(0, run.rows),
    status: run.status as RunStatus,
    divergedAt: run.divergedAt,
    convergedAt: run.convergedAt,
  };
}

/** What `Derived` needs from a background computer (the page's worker; absent in Node). */
export interface Background {
  /** Starts `batch`, replacing any unfinished one; `onProgress` and `onDone` fire for this batch only. */
  submit(
    batch: Omit<BatchRequest, 'id'>,
    onProgress: (done: number, total: number) => void,
    onDone: (results: readonly RunResult[]) => void,
  ): void;
  dispose(): void;
}

/** A `Background` backed by a module Web Worker made by `create` (restarted to cancel). */
export class BackgroundCompute implements Background {
  private worker: Worker | null = null;
  private busy = false;
  private next = 1;

  constructor(private readonly create: () => Worker) {}

  submit(
    batch: Omit<BatchRequest, 'id'>,
    onProgress: (done: number, total: number) => void,
    onDone: (results: readonly RunResult[]) => void,
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
        if (m.type === 'done') onDone(m.results);
        else console.error(`Descent: background computation failed: ${m.message}`);
      }
    };
    this.worker.postMessage({ ...batch, id } satisfies BatchRequest);
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
