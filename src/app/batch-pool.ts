/**
 * Maps of many runs (basins of attraction, hyperparameter sweeps) computed by a pool of workers, one per
 * core, for the page. A map is an n × m grid of cells (`src/core/batch`); the pool cuts it into tasks,
 * hands them to idle workers and writes each answer into the map in place:
 *
 * - progressive: first a coarse pass — every s-th row and column, s = ⌈max(n, m)/COARSE⌉, so a 256² map
 *   shows a 64² picture first — then the remaining cells, row by row; `BasinMap.known` says which cells
 *   are in, and `coarseSource` which computed cell stands in for one that is not yet;
 * - progress: `onUpdate` after every task with the cells done and the total;
 * - cancel: `cancel()`, or a new `submit`, drops the tasks not yet sent; answers to tasks of an older job
 *   are ignored when they arrive. A task is at most `TASK_WORK` cell-steps (tens of milliseconds), so a
 *   worker is free again soon after a change (after at most `IN_FLIGHT` stale tasks);
 * - never idle for the page: each worker holds `IN_FLIGHT` tasks, so that while the main thread is
 *   busy (a frame waiting for software WebGL can take 100 ms and more) the worker goes on with its
 *   next task instead of waiting for the answer to its last one to be read;
 *
 * `computeTask` is the worker's whole body (pure, tested in Node); `batch.worker.ts` wraps it.
 * Cells of an expression are labelled by clustering once the map is complete (on the main thread, in
 * cell order, as `descent basins` does); a preset's cells are labelled by the worker.
 */

import { spaced } from '../core/batch/axes.ts';
import { type Axis, type Grid, gridOf } from '../core/batch/cases.ts';
import {
  allocateCells,
  type BatchCells,
  runSettings,
  runStarts,
  type Setting,
} from '../core/batch/engine.ts';
import { labelByClusters, labelByMinima, labelRadius } from '../core/batch/labels.ts';
import { type CompiledFunction, compile } from '../core/expr/index.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';
import { SeededNormal } from '../core/noise.ts';
import { getOptimizer, resolveParams } from '../core/optimizers/index.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import { DEFAULT_DOMAIN, type GradientMode, type StepScheduler } from '../core/runner.ts';
import { momentumKeyOf, resolveSchedule, Schedule } from '../core/schedules/index.ts';

/** Side of the first, coarse picture. */
export const COARSE = 64;
/** Most cell-steps per task: about 25 ms of Adam on Himmelblau on one core of the bench machine. */
export const TASK_WORK = 1_000_000;
/** Fewest cells per task (a task also pays a message and a compile-cache lookup). */
export const MIN_TASK_CELLS = 64;
/** Tasks sent to a worker and not yet answered, at most: one computing, one waiting in its queue. */
export const IN_FLIGHT = 2;

/** What every cell of a map shares. */
export interface MapCommon {
  /** f as an expression, or a preset id (its minima then label the cells). */
  readonly f: string;
  readonly optimizer: string;
  /** Parameters as given (defaults filled and checked in the worker). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly steps: number;
  readonly gradient: GradientMode;
  readonly tolerance: number;
  readonly bound: number;
  /** A torch lr schedule as in a case file, `{"name": "StepLR", "step_size": 10}`; none when absent. */
  readonly schedule?: unknown;
  /** Seeded gradient noise as in a case file. */
  readonly noise?: { readonly sigma: number; readonly seed: number };
}

/** Basins: cell i·n + j runs from (x[i], y[j]) of the grid. */
export interface BasinJob extends MapCommon {
  readonly kind: 'basins';
  readonly grid: Grid;
}

/** A sweep: cell i·m + j runs from `start` with the first axis at its i-th value and the second at its j-th. */
export interface SweepJob extends MapCommon {
  readonly kind: 'sweep';
  readonly start: readonly [number, number];
  /** One or two axes (a missing second axis counts as one value). */
  readonly axes: readonly Axis[];
}

export type MapJob = BasinJob | SweepJob;

/** A task: some cells of a job. */
export interface MapTask {
  readonly jobId: number;
  readonly taskId: number;
  readonly job: MapJob;
  /** Cell indices (row-major). */
  readonly indices: Uint32Array;
}

export type PoolMessage =
  | {
      readonly type: 'cells';
      readonly jobId: number;
      readonly taskId: number;
      readonly indices: Uint32Array;
      readonly cells: BatchCells;
    }
  | { readonly type: 'error'; readonly jobId: number; readonly taskId: number; readonly message: string };

/** Rows × columns of a job's map. */
export function shapeOf(job: MapJob): readonly [number, number] {
  if (job.kind === 'basins') return [job.grid.n, job.grid.n];
  return [job.axes[0]!.values.length, job.axes[1]?.values.length ?? 1];
}

/** The coarse pass's stride for an n × m map. */
export const strideOf = (n: number, m: number) => Math.max(1, Math.ceil(Math.max(n, m) / COARSE));

/** The label radius of a job: 1% of the preset's domain, or of the default domain (as the command line). */
function radiusOf(f: string): number {
  return labelRadius(getFunctionPreset(f)?.domain ?? DEFAULT_DOMAIN);
}

const compiled = new Map<string, CompiledFunction>();

/** The worker's body: runs the task's cells (labelled when f is a preset). Throws on a bad job. */
export function computeTask(task: MapTask): BatchCells {
  const { job, indices } = task;
  const preset = getFunctionPreset(job.f);
  const source = preset ? preset.expression : job.f;
  let fn = compiled.get(source);
  if (!fn) {
    const c = compile(source);
    if (!c.ok) throw new Error(`f: ${c.error.message}`);
    fn = c.value;
    compiled.set(source, fn);
  }
  const optimizer = getOptimizer(job.optimizer);
  if (!optimizer) throw new Error(`unknown optimizer "${job.optimizer}"`);
  const resolve = (given: Readonly<Record<string, unknown>>): ParamValues => {
    const r = resolveParams(optimizer, given);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  let scheduler: (() => StepScheduler) | undefined;
  const schedules: Schedule[] = [];
  if (job.schedule !== undefined) {
    const key = momentumKeyOf(optimizer.params.map((p) => p.name));
    const resolved = resolveSchedule(job.schedule, key);
    if (!resolved.ok) throw new Error(resolved.error);
    scheduler = () => {
      const schedule = new Schedule(resolved.value, key);
      schedules.push(schedule);
      return schedule;
    };
  }
  const { noise } = job;
  const spec = {
    fn,
    optimizer,
    steps: job.steps,
    gradient: job.gradient,
    tolerance: job.tolerance,
    bound: job.bound,
    scheduler,
    noise: noise && { sigma: noise.sigma, source: () => new SeededNormal(noise.seed) },
  };
  const [, m] = shapeOf(job);
  let cells: BatchCells;
  if (job.kind === 'basins') {
    const grid = gridOf(job.grid);
    if (!grid.ok) throw new Error(grid.error);
    const x = spaced(job.grid.x[0], job.grid.x[1], job.grid.n, 'linear');
    const y = spaced(job.grid.y[0], job.grid.y[1], job.grid.n, 'linear');
    const xs = new Float64Array(indices.length);
    const ys = new Float64Array(indices.length);
    indices.forEach((c, k) => {
      xs[k] = x[Math.floor(c / m)]!;
      ys[k] = y[c % m]!;
    });
    cells = runStarts({ ...spec, params: resolve(job.params) }, xs, ys);
  } else {
    const [first, second] = job.axes;
    const settings: Setting[] = Array.from(indices, (c) => {
      const given: Record<string, unknown> = { ...job.params };
      let steps = job.steps;
      const set = (axis: Axis, v: number) => {
        if (axis.name === 'steps') steps = v;
        else given[axis.name] = v;
      };
      set(first!, first!.values[Math.floor(c / m)]!);
      if (second) set(second, second.values[c % m]!);
      return { params: resolve(given), steps };
    });
    cells = runSettings(spec, settings, job.start);
  }
  // A step torch's scheduler refuses (OneCycleLR past total_steps) fails the map, as it fails the case.
  const refused = schedules.find((sch) => sch.error !== null);
  if (refused) throw new Error(`schedule: ${refused.error}`);
  if (preset) labelByMinima(cells, preset.critical, radiusOf(job.f));
  return cells;
}

/** The buffers of a task's answer, to transfer rather than copy. */
export function cellBuffers(cells: BatchCells, indices: Uint32Array): ArrayBuffer[] {
  return [cells.x, cells.y, cells.f, cells.status, cells.steps, cells.label, indices].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/**
 * A worker's answer to `task`: its cells (with the buffers to transfer), or the error that stopped
 * it. The page's worker (batch.worker.ts) and the bench's worker_threads twin both post this.
 */
export function answerTask(task: MapTask): { message: PoolMessage; transfer: ArrayBuffer[] } {
  const { jobId, taskId } = task;
  try {
    const cells = computeTask(task);
    return {
      message: { type: 'cells', jobId, taskId, indices: task.indices, cells },
      transfer: cellBuffers(cells, task.indices),
    };
  } catch (error) {
    return { message: { type: 'error', jobId, taskId, message: (error as Error).message }, transfer: [] };
  }
}

/**
 * The task list of an n × m map: the coarse cells (every s-th row and column) first, then the rest,
 * in row-major order, cut into tasks of at most `TASK_WORK` cell-steps; the coarse pass into a multiple
 * of `workers` tasks of equal size, so that every worker has an equal share of the first picture.
 */
export function planTasks(n: number, m: number, steps: number, workers: number): Uint32Array[] {
  const s = strideOf(n, m);
  const coarse: number[] = [];
  const fine: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) (i % s === 0 && j % s === 0 ? coarse : fine).push(i * m + j);
  }
  const perTask = Math.max(MIN_TASK_CELLS, Math.floor(TASK_WORK / Math.max(1, steps)));
  const cut = (list: number[], size: number) => {
    const tasks: Uint32Array[] = [];
    for (let k = 0; k < list.length; k += size) tasks.push(Uint32Array.from(list.slice(k, k + size)));
    return tasks;
  };
  // The coarse pass in a multiple of `workers` tasks of equal size (at most perTask each): balanced.
  const w = Math.max(1, workers);
  const coarseTasks = w * Math.ceil(coarse.length / (w * perTask));
  const coarseSize = Math.max(1, Math.ceil(coarse.length / coarseTasks));
  return [...cut(coarse, coarseSize), ...cut(fine, perTask)];
}

/** A map being filled in: its cells, which are in, and the coarse pass's stride. */
export class MapResult {
  readonly cells: BatchCells;
  /** 1 where the cell has been computed. */
  readonly known: Uint8Array;
  readonly stride: number;
  done = 0;
  /** The coarse pass is complete. */
  coarseDone = false;
  /**
   * The cell indices of every answer written so far, in order: a layer paints only what is new. Emptied
   * when the map is complete (nothing is painted answer by answer any more; `relabelled` is bumped).
   */
  readonly written: Uint32Array[] = [];
  /**
   * Bumped when cells already written change (an expression's labels, once complete) and when
   * `written` is emptied at completion: a layer repaints the map whole.
   */
  relabelled = 0;

  constructor(
    readonly n: number,
    readonly m: number,
  ) {
    this.cells = allocateCells(n * m);
    this.known = new Uint8Array(n * m);
    this.stride = strideOf(n, m);
  }

  /** The cell to show for cell (i, j): itself once known, else its coarse cell (s·⌊i/s⌋, s·⌊j/s⌋). */
  coarseSource(i: number, j: number): number {
    const c = i * this.m + j;
    if (this.known[c] === 1) return c;
    const s = this.stride;
    return Math.floor(i / s) * s * this.m + Math.floor(j / s) * s;
  }
}

export interface MapHandlers {
  /** After each task's cells were written: cells done of total; `coarse` once the first picture is complete. */
  onUpdate?(done: number, total: number, coarse: boolean): void;
  /** Every cell is in (and labelled). */
  onDone?(map: MapResult): void;
  onError?(message: string): void;
}

/** What the pool needs of a Worker (a browser `Worker`, or an adapter over Node's worker_threads). */
export interface WorkerLike {
  postMessage(message: MapTask, transfer: Transferable[]): void;
  onmessage: ((e: { data: PoolMessage }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null;
  terminate(): void;
}

interface Current {
  readonly id: number;
  readonly job: MapJob;
  readonly map: MapResult;
  readonly handlers: MapHandlers;
  readonly pending: Uint32Array[];
  /** The first `coarseTasks` tasks of `pending` make the coarse pass. */
  readonly coarseTasks: number;
  coarseLeft: number;
  /** Tasks sent so far. */
  taken: number;
}

/** One worker per core; one map at a time (a new submit cancels the last). */
export class BatchPool {
  private readonly workers: WorkerLike[] = [];
  /** Tasks sent to each worker and not yet answered (a worker answers in the order it was sent). */
  private readonly busy = new Map<WorkerLike, number>();
  private current: Current | null = null;
  private nextJob = 1;
  private nextTask = 1;
  /** Held (`hold`): the callback waiting for the tasks in flight, then `holding` until released. */
  private held: (() => void) | null = null;
  private holding = false;
  /** Tasks in flight that belong to a coarse pass. */
  private readonly coarseTask = new Set<number>();

  constructor(
    private readonly create: () => WorkerLike,
    readonly size: number,
  ) {}

  /** Starts a map, cancelling any other; the returned map fills in as tasks finish. */
  submit(job: MapJob, handlers: MapHandlers = {}): MapResult {
    this.cancel();
    const [n, m] = shapeOf(job);
    const map = new MapResult(n, m);
    const pending = planTasks(n, m, job.steps, this.size);
    const s = map.stride;
    const coarseCells = Math.ceil(n / s) * Math.ceil(m / s);
    let coarseTasks = 0;
    for (let k = 0, cells = 0; cells < coarseCells; k++, coarseTasks++) cells += pending[k]!.length;
    this.current = {
      id: this.nextJob++,
      job,
      map,
      handlers,
      pending,
      coarseTasks,
      coarseLeft: coarseTasks,
      taken: 0,
    };
    while (this.workers.length < this.size) this.workers.push(this.spawn());
    this.dispatch();
    return map;
  }

  /** Drops the current map's unsent tasks; answers still on their way are ignored. */
  cancel(): void {
    this.current = null;
    this.release();
  }

  /**
   * Sends no more tasks until `release()`; `idle` runs once no task is in flight any more (at once when
   * none is). The page holds the pool while it draws a frame of the map: a software renderer then has
   * the cores to itself, and the main thread waits for it the shortest time.
   */
  hold(idle: () => void): void {
    this.held = idle;
    if (this.busy.size === 0) this.idle();
  }

  /** Sends tasks again after `hold`. */
  release(): void {
    if (this.held === null && !this.holding) return;
    this.held = null;
    this.holding = false;
    this.dispatch();
  }

  private idle(): void {
    const idle = this.held;
    if (idle === null) return;
    this.held = null;
    this.holding = true;
    idle();
  }

  /** Whether a map is being computed. */
  get running(): boolean {
    return this.current !== null;
  }

  dispose(): void {
    this.cancel();
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
    this.busy.clear();
  }

  private spawn(): WorkerLike {
    const worker = this.create();
    worker.onmessage = (e) => this.receive(worker, e.data);
    // The worker itself failed (it could not load, or ran out of memory): replace it and fail the map.
    worker.onerror = (e) => {
      e.preventDefault?.();
      worker.terminate();
      this.busy.delete(worker);
      const i = this.workers.indexOf(worker);
      if (i >= 0) this.workers.splice(i, 1);
      this.fail(e.message || 'a batch worker stopped');
    };
    return worker;
  }

  private fail(message: string): void {
    const current = this.current;
    this.current = null;
    current?.handlers.onError?.(message);
  }

  /** Tops every worker up to `IN_FLIGHT` tasks, one round over the workers at a time (the coarse pass shared). */
  private dispatch(): void {
    const current = this.current;
    if (!current || this.held !== null || this.holding) return;
    for (let round = 0; round < IN_FLIGHT; round++) {
      for (const worker of this.workers) {
        if (current.pending.length === 0) return;
        const held = this.busy.get(worker) ?? 0;
        if (held > round) continue;
        const indices = current.pending.shift()!;
        const taskId = this.nextTask++;
        if (current.taken < current.coarseTasks) this.coarseTask.add(taskId);
        current.taken++;
        this.busy.set(worker, held + 1);
        const task: MapTask = { jobId: current.id, taskId, job: current.job, indices };
        worker.postMessage(task, []);
      }
    }
  }

  private receive(worker: WorkerLike, m: PoolMessage): void {
    const left = (this.busy.get(worker) ?? 1) - 1;
    if (left > 0) this.busy.set(worker, left);
    else this.busy.delete(worker);
    const current = this.current;
    const coarse = this.coarseTask.delete(m.taskId);
    if (current && m.jobId === current.id) {
      if (m.type === 'error') {
        this.fail(m.message);
        return;
      }
      this.write(current, m.indices, m.cells);
      if (coarse) current.coarseLeft--;
      const { map } = current;
      map.coarseDone = current.coarseLeft === 0;
      current.handlers.onUpdate?.(map.done, map.n * map.m, map.coarseDone);
      if (map.done === map.n * map.m) {
        if (!getFunctionPreset(current.job.f)) labelByClusters(map.cells, radiusOf(current.job.f));
        // The answers' index arrays are not kept for the life of the map: the complete map is repainted
        // whole once (with an expression's labels, it would be anyway).
        map.written.length = 0;
        map.relabelled++;
        this.current = null;
        current.handlers.onDone?.(map);
      }
    }
    // Also after the answer that completes a map: a hold waiting for it must hear that the pool is idle.
    if (this.held !== null && this.busy.size === 0) this.idle();
    this.dispatch();
  }

  private write(current: Current, indices: Uint32Array, cells: BatchCells): void {
    const { map } = current;
    const out = map.cells;
    indices.forEach((c, k) => {
      out.x[c] = cells.x[k]!;
      out.y[c] = cells.y[k]!;
      out.f[c] = cells.f[k]!;
      out.status[c] = cells.status[k]!;
      out.steps[c] = cells.steps[k]!;
      out.label[c] = cells.label[k]!;
      if (map.known[c] === 0) {
        map.known[c] = 1;
        map.done++;
      }
    });
    map.written.push(indices);
  }
}

/** The page's pool: module workers from `batch.worker.ts`, one per core. */
export function createBatchPool(): BatchPool {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return new BatchPool(
    () =>
      new Worker(new URL('./batch.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    cores,
  );
}
