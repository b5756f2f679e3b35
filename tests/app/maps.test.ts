/**
 * The Maps hub's repaints while a basin map computes: none for a part of the coarse picture, one for the
 * whole of it, drawn with the pool held (no task in flight) and the pool released after that frame.
 */
import { describe, expect, it } from 'vitest';
import {
  type BasinJob,
  BatchPool,
  computeTask,
  type MapTask,
  type PoolMessage,
  type WorkerLike,
} from '../../src/app/batch-pool.ts';
import { MapsHub } from '../../src/app/maps.ts';

class FakeWorker implements WorkerLike {
  sent: MapTask[] = [];
  onmessage: ((e: { data: PoolMessage }) => void) | null = null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null = null;
  postMessage(task: MapTask) {
    this.sent.push(task);
  }
  terminate() {}
  answer() {
    const task = this.sent.shift()!;
    const { jobId, taskId, indices } = task;
    this.onmessage?.({ data: { type: 'cells', jobId, taskId, indices, cells: computeTask(task) } });
  }
}

const job: BasinJob = {
  kind: 'basins',
  f: 'himmelblau',
  optimizer: 'adam',
  params: { lr: 0.1 },
  steps: 1000,
  gradient: 'exact',
  tolerance: 1e-6,
  bound: 5e6,
  // Stride ⌈130/64⌉ = 3: a 44² coarse picture, two tasks of 968 cells (one per worker), then 15 of ≤ 1000.
  grid: { x: [-5, 5], y: [-5, 5], n: 130 },
};

/** Lets queued microtasks and zero-delay timers run (the hub's notify and its after-frame step in Node). */
const settle = () => new Promise((ok) => setTimeout(ok, 0));

describe('MapsHub repaints of a basin map', () => {
  it('once for the whole coarse picture, with no task in flight, then goes on', async () => {
    const workers: FakeWorker[] = [];
    const pool = new BatchPool(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, 2);
    const hub = new MapsHub(async () => pool);
    let repaints = 0;
    hub.subscribe(() => repaints++);
    hub.setBasins({ on: true });
    const entry = hub.want(0, job)!;
    await settle();
    const [a, b] = workers as [FakeWorker, FakeWorker];
    expect([a.sent.length, b.sent.length]).toEqual([2, 2]);
    repaints = 0;
    // Half the coarse picture: no repaint (it would draw stripes).
    a.answer();
    await settle();
    expect(repaints).toBe(0);
    expect(entry.coarseMs).toBeNull();
    // The whole of it: timed at once; the pool is held, the repaint waits for the tasks in flight.
    b.answer();
    expect(entry.coarseMs).not.toBeNull();
    await settle();
    expect(repaints).toBe(0);
    const inFlight = a.sent.length + b.sent.length;
    expect(inFlight).toBe(3);
    while (a.sent.length > 0) a.answer();
    while (b.sent.length > 0) b.answer();
    // Nothing was sent meanwhile; now the listeners run (the panes draw their frame) …
    expect(a.sent.length + b.sent.length).toBe(0);
    await Promise.resolve();
    expect(repaints).toBe(1);
    // … and once that frame is drawn the pool goes on.
    await settle();
    await settle();
    expect([a.sent.length, b.sent.length]).toEqual([2, 2]);
    expect(entry.done).toBeGreaterThan(44 * 44);
    expect(entry.finished).toBe(false);
    pool.dispose();
  });
});
