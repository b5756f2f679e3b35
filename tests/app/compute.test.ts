import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import {
  type Background,
  type BatchRequest,
  CHUNK,
  computeBatch,
  type RunResult,
} from '../../src/app/compute.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived, SYNC_STEPS } from '../../src/app/derived.ts';

describe('computeBatch (the worker body)', () => {
  it('runs each request to its steps and reports progress in chunks', () => {
    const batch: BatchRequest = {
      id: 1,
      expression: 'x^2/20 + y^2',
      runs: [
        {
          key: 7,
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
    expect(() => computeBatch({ id: 1, expression: 'x +', runs: [] }, () => {})).toThrow();
  });
});

/** A background that runs batches when told to, like a worker would. */
function fakeBackground() {
  const queue: {
    batch: Omit<BatchRequest, 'id'>;
    progress: (d: number, t: number) => void;
    done: (r: readonly RunResult[]) => void;
  }[] = [];
  const bg: Background = {
    submit: (batch, progress, done) => {
      queue.length = 0; // a newer batch supersedes the older one
      queue.push({ batch, progress, done });
    },
    dispose: () => {},
  };
  return {
    bg,
    get queued() {
      return queue.length;
    },
    finish() {
      const job = queue.shift()!;
      job.done(computeBatch({ ...job.batch, id: 0 }, job.progress));
    },
  };
}

describe('Derived with a background', () => {
  it('computes short runs at once and long ones in the background, then reports them', () => {
    const f = fakeBackground();
    let redraws = 0;
    const d = new Derived(f.bg, () => redraws++);
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
    const f = fakeBackground();
    const d = new Derived(f.bg);
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
