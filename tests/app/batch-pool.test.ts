import { describe, expect, it } from 'vitest';
import {
  answerTask,
  type BasinJob,
  BatchPool,
  COARSE,
  computeTask,
  IN_FLIGHT,
  MapResult,
  type MapTask,
  type PoolMessage,
  planTasks,
  type SweepJob,
  TASK_WORK,
  type WorkerLike,
} from '../../src/app/batch-pool.ts';
import { runBasinsCase, runSweepCase } from '../../src/core/batch/cases.ts';
import { STATUSES } from '../../src/core/batch/engine.ts';
import { newCompileCache } from '../../src/core/cases.ts';

const job: BasinJob = {
  kind: 'basins',
  f: 'himmelblau',
  optimizer: 'adam',
  params: { lr: 0.1 },
  steps: 40,
  gradient: 'exact',
  tolerance: 1e-6,
  bound: 5e6,
  grid: { x: [-5, 5], y: [-5, 5], n: 20 },
};

/** The map as `descent basins` prints it for the same case. */
function cliBasins(j: BasinJob) {
  const { kind: _, ...rest } = j;
  const r = runBasinsCase({ id: 'b', ...rest }, 0, newCompileCache());
  if ('error' in r) throw new Error(r.error);
  return r.cells.flat();
}

function cellsOf(map: MapResult) {
  const { cells } = map;
  return Array.from({ length: cells.count }, (_, i) => ({
    end: [cells.x[i], cells.y[i]],
    f: cells.f[i],
    status: STATUSES[cells.status[i]!],
    steps: cells.steps[i],
    label: cells.label[i]! < 0 ? null : cells.label[i],
  }));
}

class FakeWorker implements WorkerLike {
  static made: FakeWorker[] = [];
  sent: MapTask[] = [];
  terminated = false;
  onmessage: ((e: { data: PoolMessage }) => void) | null = null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(task: MapTask) {
    this.sent.push(task);
  }
  terminate() {
    this.terminated = true;
  }
  /** Answers the oldest unanswered task as the real worker would. */
  answer() {
    const task = this.sent.shift()!;
    this.onmessage?.({
      data: {
        type: 'cells',
        jobId: task.jobId,
        taskId: task.taskId,
        indices: task.indices,
        cells: computeTask(task),
      },
    });
  }
}

function pool(size = 2) {
  FakeWorker.made = [];
  return new BatchPool(() => new FakeWorker(), size);
}

/** Answers tasks round-robin until no worker has one. */
function drain() {
  for (let busy = true; busy; ) {
    busy = false;
    for (const w of FakeWorker.made) {
      if (w.sent.length > 0) {
        w.answer();
        busy = true;
      }
    }
  }
}

describe('planTasks', () => {
  it('sends the coarse 64² cells of a 256² map first, split between the workers, then the rest', () => {
    const tasks = planTasks(256, 256, 500, 2);
    const perTask = TASK_WORK / 500;
    const all = tasks.flatMap((t) => [...t]);
    expect(all).toHaveLength(256 * 256);
    expect(new Set(all).size).toBe(256 * 256);
    for (const t of tasks) expect(t.length).toBeLessThanOrEqual(perTask);
    // The first 64² = 4096 cells are exactly those with i and j multiples of 4.
    const first = all.slice(0, COARSE * COARSE);
    expect(first.every((c) => Math.floor(c / 256) % 4 === 0 && (c % 256) % 4 === 0)).toBe(true);
    // …in at least two tasks, so both workers draw the first picture.
    let cells = 0;
    let k = 0;
    while (cells < 4096) cells += tasks[k++]!.length;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(cells).toBe(4096);
  });

  it('a small map is its own coarse picture', () => {
    const tasks = planTasks(20, 20, 40, 2);
    expect(tasks.flatMap((t) => [...t])).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });
});

describe('computeTask (the worker body)', () => {
  it('gives the cells of descent basins for the same case', () => {
    const indices = Uint32Array.from({ length: 400 }, (_, i) => i);
    const cells = computeTask({ jobId: 1, taskId: 1, job, indices });
    const map = new MapResult(20, 20);
    map.cells.x.set(cells.x);
    map.cells.y.set(cells.y);
    map.cells.f.set(cells.f);
    map.cells.status.set(cells.status);
    map.cells.steps.set(cells.steps);
    map.cells.label.set(cells.label);
    expect(cellsOf(map)).toEqual(cliBasins(job));
  });

  it('takes a schedule and seeded noise as descent basins does', () => {
    const noisy: BasinJob = {
      ...job,
      optimizer: 'momentum',
      params: { lr: 0.01 },
      schedule: { name: 'StepLR', step_size: 5, gamma: 0.5 },
      noise: { sigma: 0.5, seed: 11 },
      grid: { ...job.grid, n: 6 },
    };
    const indices = Uint32Array.from({ length: 36 }, (_, i) => i);
    const cells = computeTask({ jobId: 1, taskId: 1, job: noisy, indices });
    const map = new MapResult(6, 6);
    for (const key of ['x', 'y', 'f', 'status', 'steps', 'label'] as const) map.cells[key].set(cells[key]);
    expect(cellsOf(map)).toEqual(cliBasins(noisy));
    expect(() =>
      computeTask({ jobId: 1, taskId: 1, job: { ...noisy, schedule: { name: 'NoSuchLR' } }, indices }),
    ).toThrow();
  });

  it('runs sweep cells as descent sweep does', () => {
    const sweep: SweepJob = {
      kind: 'sweep',
      f: 'x^2/20 + y^2',
      optimizer: 'momentum',
      params: {},
      steps: 50,
      gradient: 'exact',
      tolerance: 1e-6,
      bound: 1e7,
      start: [-7, 2],
      axes: [
        { name: 'lr', values: [0.01, 0.1, 1.5] },
        { name: 'momentum', values: [0, 0.9] },
      ],
    };
    const cells = computeTask({ jobId: 1, taskId: 1, job: sweep, indices: Uint32Array.from([5, 0]) });
    const cli = runSweepCase(
      {
        id: 's',
        f: 'x^2/20 + y^2',
        optimizer: 'momentum',
        start: [-7, 2],
        steps: 50,
        sweep: { lr: { range: [0.01, 1.5], n: 3 }, momentum: { range: [0, 0.9], n: 2 } },
      },
      0,
      newCompileCache(),
    );
    if ('error' in cli) throw new Error(cli.error);
    // Cell 5 = (lr index 2, momentum index 1) — but the sweep's middle lr is log-spaced, so compare the ends only.
    expect([cells.x[0], cells.f[0], STATUSES[cells.status[0]!]]).toEqual([
      cli.cells[2]![1]!.end[0],
      cli.cells[2]![1]!.f,
      cli.cells[2]![1]!.status,
    ]);
    expect([cells.x[1], cells.f[1]]).toEqual([cli.cells[0]![0]!.end[0], cli.cells[0]![0]!.f]);
  });

  it('throws on a bad job (the worker reports it)', () => {
    expect(() =>
      computeTask({ jobId: 1, taskId: 1, job: { ...job, f: 'x +' }, indices: Uint32Array.of(0) }),
    ).toThrow(/f:/);
    expect(() =>
      computeTask({ jobId: 1, taskId: 1, job: { ...job, params: { lr: -1 } }, indices: Uint32Array.of(0) }),
    ).toThrow(/lr/);
  });

  it("answerTask: the worker's message — cells with their 7 buffers to transfer, or the error", () => {
    const indices = Uint32Array.of(0, 1);
    const ok = answerTask({ jobId: 3, taskId: 4, job, indices });
    expect(ok.message).toMatchObject({ type: 'cells', jobId: 3, taskId: 4, indices });
    expect(ok.transfer).toHaveLength(7);
    expect(ok.transfer).toContain(indices.buffer);
    const bad = answerTask({ jobId: 3, taskId: 5, job: { ...job, f: 'x +' }, indices: Uint32Array.of(0) });
    expect(bad.message).toMatchObject({ type: 'error', jobId: 3, taskId: 5 });
    expect((bad.message as { message: string }).message).toMatch(/f:/);
    expect(bad.transfer).toEqual([]);
  });
});

describe('BatchPool', () => {
  it('keeps every worker busy, reports progress, the coarse picture, and ends with the full map', () => {
    const p = pool(2);
    const big: BasinJob = { ...job, grid: { ...job.grid, n: 130 }, steps: 200 };
    const updates: [number, boolean][] = [];
    let finished: MapResult | null = null;
    /** Whether every coarse cell (i and j multiples of the stride 3) is in. */
    const coarseIn = (m: MapResult) => {
      for (let i = 0; i < 130; i += 3)
        for (let j = 0; j < 130; j += 3) if (m.known[i * 130 + j] === 0) return false;
      return true;
    };
    const map: MapResult = p.submit(big, {
      onUpdate: (done, total, coarse) => {
        expect(total).toBe(130 * 130);
        // The coarse flag says exactly that the first picture is complete.
        expect(coarse).toBe(coarseIn(map));
        updates.push([done, coarse]);
      },
      onDone: (m) => {
        finished = m;
      },
    });
    expect(FakeWorker.made).toHaveLength(2);
    // Each worker holds IN_FLIGHT (2) tasks: its next one waits in its queue.
    expect(IN_FLIGHT).toBe(2);
    expect(FakeWorker.made.map((w) => w.sent.length)).toEqual([2, 2]);
    // stride ⌈130/64⌉ = 3: a 44 × 44 coarse picture.
    expect(map.stride).toBe(3);
    // Only the first answer: not yet the whole coarse pass (44² cells in at least two tasks).
    FakeWorker.made[0]!.answer();
    expect(updates.at(-1)![1]).toBe(false);
    // The answer is read: worker 0 is topped up to two tasks again, worker 1 still has its two.
    expect(FakeWorker.made.map((w) => w.sent.length)).toEqual([2, 2]);
    expect(map.known[0]).toBe(1);
    // A cell not yet computed shows its coarse cell.
    expect(map.coarseSource(4, 5)).toBe(3 * 130 + 3);
    drain();
    expect(updates.some(([, c]) => c)).toBe(true);
    expect(updates.at(-1)![0]).toBe(130 * 130);
    expect(finished).toBe(map);
    expect(p.running).toBe(false);
  }, 60_000);

  it('fills the map with the cells of descent basins', () => {
    const p = pool(3);
    let done = false;
    const map = p.submit(job, { onDone: () => (done = true) });
    FakeWorker.made[0]!.answer();
    // Filling in: the answer is listed for the layers to paint, the map not relabelled.
    expect([map.written.length, map.relabelled]).toEqual([1, 0]);
    drain();
    expect(done).toBe(true);
    expect(cellsOf(map)).toEqual(cliBasins(job));
    // Complete: the answers' indices are dropped, and the layers told to repaint it whole.
    expect([map.written.length, map.relabelled]).toEqual([0, 1]);
  });

  it('labels an expression by clustering once complete, as descent basins does', () => {
    const p = pool(2);
    const typed: BasinJob = {
      ...job,
      f: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
      grid: { ...job.grid, n: 90 },
      steps: 300,
    };
    const map = p.submit(typed);
    drain();
    expect(cellsOf(map)).toEqual(cliBasins(typed));
  }, 60_000);

  it('a new submit cancels the old map: its unsent tasks are dropped, its late answers ignored', () => {
    const p = pool(2);
    const a: BasinJob = { ...job, grid: { ...job.grid, n: 200 } };
    const old = p.submit(a);
    const sentBefore = FakeWorker.made.map((w) => w.sent.length);
    expect(sentBefore).toEqual([2, 2]);
    const b: BasinJob = { ...job, optimizer: 'sgd', params: { lr: 0.01 } };
    let done = false;
    const map = p.submit(b, { onDone: () => (done = true) });
    // Both workers still hold a's tasks: nothing of b is sent yet.
    expect(FakeWorker.made.map((w) => w.sent.length)).toEqual([2, 2]);
    drain();
    expect(done).toBe(true);
    // a got no further cells after the first four tasks, which were written nowhere.
    expect(old.done).toBe(0);
    expect(cellsOf(map)).toEqual(cliBasins(b));
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('cancel() stops sending; a worker error fails the map and the worker is replaced', () => {
    const p = pool(1);
    const m = p.submit({ ...job, grid: { ...job.grid, n: 100 }, steps: 20_000 });
    p.cancel();
    // Its two tasks in flight are answered; nothing more is sent.
    FakeWorker.made[0]!.answer();
    FakeWorker.made[0]!.answer();
    expect(FakeWorker.made[0]!.sent).toHaveLength(0);
    expect(m.done).toBe(0);
    const errors: string[] = [];
    p.submit(job, { onError: (message) => errors.push(message) });
    const w = FakeWorker.made[0]!;
    w.onerror?.({ message: 'out of memory' });
    expect(errors).toEqual(['out of memory']);
    expect(w.terminated).toBe(true);
    expect(p.running).toBe(false);
    p.submit(job);
    expect(FakeWorker.made).toHaveLength(2);
    p.dispose();
    expect(FakeWorker.made[1]!.terminated).toBe(true);
  });

  it('hold: sends nothing more, says when the tasks in flight are in; release goes on', () => {
    const p = pool(2);
    const big: BasinJob = { ...job, grid: { ...job.grid, n: 60 }, steps: 2_000 };
    let done = false;
    const map = p.submit(big, { onDone: () => (done = true) });
    const [a, b] = FakeWorker.made as [FakeWorker, FakeWorker];
    expect([a.sent.length, b.sent.length]).toEqual([2, 2]);
    let idle = 0;
    p.hold(() => idle++);
    a.answer();
    a.answer();
    b.answer();
    // Nothing new was sent; one task is still in flight.
    expect([a.sent.length, b.sent.length, idle]).toEqual([0, 1, 0]);
    b.answer();
    expect(idle).toBe(1);
    expect([a.sent.length, b.sent.length]).toEqual([0, 0]);
    p.release();
    expect([a.sent.length, b.sent.length]).toEqual([2, 2]);
    // Held with nothing in flight: idle at once. A new submit releases the pool.
    drain();
    expect(done).toBe(true);
    p.hold(() => idle++);
    expect(idle).toBe(2);
    const again = p.submit(job);
    expect([a.sent.length, b.sent.length]).toEqual([1, 1]);
    drain();
    expect(again.done).toBe(20 * 20);
    expect(map.done).toBe(60 * 60);
  });

  it('hold: the answer that completes the map still says the pool is idle', () => {
    const p = pool(2);
    let done = false;
    const map = p.submit(job, { onDone: () => (done = true) });
    const [a, b] = FakeWorker.made as [FakeWorker, FakeWorker];
    // The 20² map is two tasks, both in flight.
    expect([a.sent.length, b.sent.length]).toEqual([1, 1]);
    let idle = 0;
    p.hold(() => idle++);
    a.answer();
    expect(idle).toBe(0);
    b.answer();
    expect([done, map.done, idle]).toEqual([true, 20 * 20, 1]);
    p.release();
    const again = p.submit(job);
    expect([a.sent.length, b.sent.length]).toEqual([1, 1]);
    drain();
    expect(again.done).toBe(20 * 20);
  });

  it("passes a task's error on and stops the map", () => {
    const p = pool(2);
    const errors: string[] = [];
    p.submit({ ...job, optimizer: 'nope' }, { onError: (message) => errors.push(message) });
    const w = FakeWorker.made[0]!;
    const task = w.sent.shift()!;
    w.onmessage?.({
      data: { type: 'error', jobId: task.jobId, taskId: task.taskId, message: 'unknown optimizer "nope"' },
    });
    expect(errors).toEqual(['unknown optimizer "nope"']);
    expect(p.running).toBe(false);
  });
});
