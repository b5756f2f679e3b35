import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { type Background, BackgroundCompute } from '../../src/app/compute.ts';
import type {
  BatchRequest,
  Job,
  ResultOf,
  SurfaceRequest,
  WorkerMessage,
} from '../../src/app/compute-messages.ts';
import { CHUNK, computeBatch, computeJob } from '../../src/app/compute-work.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived, SYNC_SAMPLES, SYNC_STEPS } from '../../src/app/derived.ts';
import type { SurfaceData } from '../../src/core/mesh.ts';

describe('computeBatch (the worker body)', () => {
  it('runs each request to its steps and reports progress in chunks', () => {
    const batch: BatchRequest = {
      id: 1,
      kind: 'runs',
      runs: [
        {
          key: 7,
          expression: 'x^2/20 + y^2',
          optimizer: 'sgd',
          params: { lr: 0.95, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
          start: [-7, 2],
          steps: 2 * CHUNK + 5,
          gradient: 'exact',
          bound: 1e7,
        },
      ],
    };
    const reports: number[] = [];
    const [r] = computeBatch(batch, (done, total) => {
      expect(total).toBe(2 * CHUNK + 5);
      reports.push(done);
    });
    expect(reports).toEqual([CHUNK, 2 * CHUNK, 2 * CHUNK + 5]);
    expect(r.key).toBe(7);
    expect(r.rows).toBe(2 * CHUNK + 6);
    // SGD closed form: x_k = −7·0.905^k.
    expect(r.xyf[3]).toBeCloseTo(-7 * 0.905, 14);
    expect(r.xyf.length).toBe(3 * r.rows); // trimmed, ready to transfer
  });

  it('throws on an expression that does not compile (the worker reports it)', () => {
    const run = {
      key: 1,
      expression: 'x +',
      optimizer: 'sgd',
      params: { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
      start: [0, 0] as const,
      steps: 1,
      gradient: 'exact' as const,
      bound: 1e7,
    };
    expect(() => computeBatch({ id: 1, kind: 'runs', runs: [run] }, () => {})).toThrow();
  });
});

/** A background that runs jobs when told to, like a worker would. */
function fakeBackground() {
  const queue: {
    job: Omit<Job, 'id'>;
    progress: (d: number, t: number) => void;
    done: (r: ResultOf<Job>) => void;
    error: (message: string) => void;
  }[] = [];
  const bg: Background = {
    submit: <J extends Job>(
      job: Omit<J, 'id'>,
      progress: (d: number, t: number) => void,
      done: (r: ResultOf<J>) => void,
      error: (message: string) => void,
    ) => {
      queue.length = 0; // a newer job supersedes the older one
      queue.push({
        job: job as Omit<Job, 'id'>,
        progress,
        done: done as (r: ResultOf<Job>) => void,
        error,
      });
    },
    dispose: () => {},
  };
  return {
    bg,
    get queued() {
      return queue.length;
    },
    finish() {
      const { job, progress, done } = queue.shift()!;
      done(computeJob({ ...job, id: 0 } as Job, progress).result);
    },
    fail(message: string) {
      queue.shift()!.error(message);
    },
  };
}

/** A fake background per job kind, as the page has one worker per kind. */
function fakeBackgrounds() {
  const runs = fakeBackground();
  const surface = fakeBackground();
  return { runs, surface, bg: { runs: runs.bg, surface: surface.bg } };
}

describe('computeJob (the worker body) for a surface', () => {
  it('samples and meshes the surface, transferring each buffer once', () => {
    const job: SurfaceRequest = {
      id: 1,
      kind: 'surface',
      expression: 'x^2/20 + y^2',
      domain: { x: [-10, 10], y: [-5, 5] },
      resolution: 40,
    };
    const { result, transfer } = computeJob(job, () => {});
    const data = result as SurfaceData;
    expect([data.grid.nx, data.grid.ny]).toEqual([41, 41]);
    // The corner (−10, −5): 100/20 + 25 = 30.
    expect(data.grid.heights[0]).toBe(30);
    expect(new Set(transfer).size).toBe(transfer.length);
    expect(transfer).toContain(data.mesh.vertices.buffer);
  });
});

describe('Derived with a background', () => {
  it('computes short runs at once and long ones in the background, then reports them', () => {
    const { runs: f, bg } = fakeBackgrounds();
    let redraws = 0;
    const d = new Derived(bg, () => redraws++);
    const s = defaultState();
    expect(d.update(s).runs).toBe(true); // 4 × 30 steps: at once
    expect(f.queued).toBe(0);
    const long = A.setSteps(s, SYNC_STEPS);
    const old = d.runs.get(1);
    expect(d.update(long).runs).toBe(false); // sent away; the old trails stay meanwhile
    expect(f.queued).toBe(1);
    expect(d.pending).toEqual({ done: 0, total: 4 * SYNC_STEPS });
    expect(d.runs.get(1)).toBe(old);
    f.finish();
    expect(redraws).toBeGreaterThan(1); // progress and the result
    expect(d.pending).toBeNull();
    expect(d.update(long).runs).toBe(true);
    expect(d.runs.get(1)!.rows).toBe(SYNC_STEPS + 1);
  });

  it('a newer change supersedes a batch still computing', () => {
    const { runs: f, bg } = fakeBackgrounds();
    const d = new Derived(bg);
    const s = A.setSteps(defaultState(), 100_000);
    d.update(s);
    const t = A.setOptimizerParam(s, 1, 'lr', 0.5);
    d.update(t);
    expect(f.queued).toBe(1);
    f.finish();
    d.update(t);
    // SGD lr 0.5 on x²/20: x_1 = −7·(1 − 0.05) = −6.65.
    expect(d.runs.get(1)!.xyf[3]).toBeCloseTo(-6.65, 14);
    expect(d.runs.get(2)!.rows).toBe(100_001);
  });
});

describe('Derived surfaces with a background', () => {
  it('builds small surfaces at once and big ones in the background, keeping the last one meanwhile', () => {
    const f = fakeBackgrounds();
    let redraws = 0;
    const d = new Derived(f.bg, () => redraws++);
    const s = defaultState(); // resolution 128: 129² samples
    expect(129 * 129).toBeLessThanOrEqual(SYNC_SAMPLES);
    expect(d.update(s).grid).toBe(true);
    expect(f.surface.queued).toBe(0);
    const small = d.surface;
    const big = A.setResolution(s, 512);
    expect(d.update(big).grid).toBe(false); // sent away
    expect(f.surface.queued).toBe(1);
    expect(d.surfacePending).toEqual({ side: 513 });
    expect(d.surface).toBe(small); // the last picture stays
    f.surface.finish();
    expect(redraws).toBe(1);
    expect(d.surfacePending).toBeNull();
    expect(d.update(big).grid).toBe(true);
    expect(d.grid!.nx).toBe(513);
    // f(x, y) = x²/20 + y² at the corner (10, 5): 5 + 25.
    expect(d.grid!.heights[513 * 513 - 1]).toBe(30);
    expect(d.update(big).grid).toBe(false); // nothing new
  });

  it('drops a background result that a newer change has overtaken', () => {
    const f = fakeBackgrounds();
    const d = new Derived(f.bg);
    const s = defaultState();
    d.update(s);
    d.update(A.setResolution(s, 512));
    const back = A.setResolution(s, 64); // built at once while the big one computes
    d.update(back);
    f.surface.finish();
    expect(d.update(back).grid).toBe(false);
    expect(d.grid!.nx).toBe(65);
  });
});

describe('background failures', () => {
  /** A Derived on fake backgrounds that records the failure messages it gives. */
  const failing = () => {
    const f = fakeBackgrounds();
    const messages: string[] = [];
    const d = new Derived(
      f.bg,
      () => {},
      (m) => messages.push(m),
    );
    return { f, d, messages };
  };

  it('a failed batch of runs clears the progress, says why, and keeps the last trails', () => {
    const { f, d, messages } = failing();
    const s = defaultState();
    d.update(s);
    const old = d.runs.get(1);
    d.update(A.setSteps(s, SYNC_STEPS));
    expect(d.pending).not.toBeNull();
    f.runs.fail('out of memory');
    expect(d.pending).toBeNull();
    expect(messages).toEqual([
      `Computing ${(4 * SYNC_STEPS).toLocaleString('en')} steps failed (out of memory); the last trails stay.`,
    ]);
    expect(d.runs.get(1)).toBe(old);
  });

  it('a failed surface clears the progress, says why, and keeps the last surface', () => {
    const { f, d, messages } = failing();
    const s = defaultState();
    d.update(s);
    const old = d.surface;
    d.update(A.setResolution(s, 512));
    f.surface.fail('out of memory');
    expect(d.surfacePending).toBeNull();
    expect(messages).toEqual([
      'Sampling f at 513 × 513 points failed (out of memory); the last surface stays.',
    ]);
    expect(d.surface).toBe(old);
  });
});

/** A stand-in for a Web Worker: records what it is sent; the test plays the worker's side. */
class FakeWorker {
  static made: FakeWorker[] = [];
  sent: { id: number }[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(m: { id: number }) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: WorkerMessage) {
    this.onmessage?.({ data: m } as MessageEvent<WorkerMessage>);
  }
}

describe('BackgroundCompute', () => {
  const job: Omit<SurfaceRequest, 'id'> = {
    kind: 'surface',
    expression: 'x + y',
    domain: { x: [0, 1], y: [0, 1] },
    resolution: 2,
  };

  it('passes progress, the result and errors of its own job on; a new job replaces a busy worker', () => {
    FakeWorker.made = [];
    const bg = new BackgroundCompute(() => new FakeWorker() as unknown as Worker);
    const seen: string[] = [];
    const submit = (name: string) =>
      bg.submit<SurfaceRequest>(
        job,
        (done, total) => seen.push(`${name} progress ${done}/${total}`),
        () => seen.push(`${name} done`),
        (message) => seen.push(`${name} error ${message}`),
      );
    submit('a');
    const first = FakeWorker.made[0];
    const a = first.sent[0].id;
    first.reply({ id: a, type: 'progress', done: 1, total: 2 });
    submit('b'); // a is still busy: its worker is terminated, b gets a new one
    expect(first.terminated).toBe(true);
    const second = FakeWorker.made[1];
    const b = second.sent[0].id;
    expect(b).not.toBe(a);
    second.reply({ id: a, type: 'progress', done: 2, total: 2 }); // stale id: ignored
    second.reply({ id: b, type: 'error', message: 'bad' });
    submit('c'); // b ended: the same worker takes c
    expect(FakeWorker.made).toHaveLength(2);
    const c = second.sent[1].id;
    second.reply({ id: c, type: 'done', result: [] });
    expect(seen).toEqual(['a progress 1/2', 'b error bad', 'c done']);
  });

  it('a worker that dies reports an error and is replaced on the next job', () => {
    FakeWorker.made = [];
    const bg = new BackgroundCompute(() => new FakeWorker() as unknown as Worker);
    const errors: string[] = [];
    bg.submit<SurfaceRequest>(
      job,
      () => {},
      () => {},
      (m) => errors.push(m),
    );
    let prevented = false;
    FakeWorker.made[0].onerror?.({
      message: '',
      preventDefault: () => (prevented = true),
    } as unknown as ErrorEvent);
    expect(prevented).toBe(true);
    expect(errors).toEqual(['the background worker stopped']);
    expect(FakeWorker.made[0].terminated).toBe(true);
    bg.submit<SurfaceRequest>(
      job,
      () => {},
      () => {},
      () => {},
    );
    expect(FakeWorker.made).toHaveLength(2);
  });
});
