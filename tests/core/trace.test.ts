/** `"trace": true` on a case: the optimizer state after every row, under torch's names (issue #14). */

import { describe, expect, it } from 'vitest';
import { type CaseResult, MAX_TRACE_STEPS, runCase, writeResults } from '../../src/core/cases.ts';

const traced = (extra: Record<string, unknown>) => runCase({ id: 't', steps: 2, trace: true, ...extra }, 0);

describe('trace', () => {
  it('Adam: row 0 is empty (torch creates the state lazily), then step, exp_avg, exp_avg_sq per row', () => {
    // f = x² + y² from (1, −2), lr 0.1: g = (2, −4); m = 0.1·g, v = 0.001·g² after step 1.
    const r = traced({
      f: 'x^2 + y^2',
      optimizer: 'adam',
      params: { lr: 0.1 },
      start: [1, -2],
    }) as CaseResult;
    expect(r.state).toHaveLength(3);
    expect(r.state![0]).toEqual({});
    const s1 = r.state![1]!;
    expect(s1.step).toBe(1);
    expect((s1.exp_avg as number[])[0]).toBeCloseTo(0.2, 15);
    expect((s1.exp_avg as number[])[1]).toBeCloseTo(-0.4, 15);
    expect((s1.exp_avg_sq as number[])[0]).toBeCloseTo(0.004, 15);
    expect((s1.exp_avg_sq as number[])[1]).toBeCloseTo(0.016, 15);
    expect(r.state![2]!.step).toBe(2);
    expect(r.evals).toBeUndefined();
  });

  it('Adagrad has its state from construction: row 0 holds step 0 and sum = initial_accumulator_value', () => {
    const r = traced({
      f: 'x^2',
      optimizer: 'adagrad',
      params: { initial_accumulator_value: 0.5 },
      start: [1, 0],
    });
    expect((r as CaseResult).state![0]).toEqual({ step: 0, sum: [0.5, 0.5] });
    // Step 1: g = (2, 0) → sum = (4.5, 0.5).
    expect((r as CaseResult).state![1]).toEqual({ step: 1, sum: [4.5, 0.5] });
  });

  it('L-BFGS adds evals: the function evaluations each row cost (the difference of func_evals)', () => {
    // x² + y² from (1, 1) with strong Wolfe: step 1 lands on 0 with 3 evaluations (see lab_hand.test.ts);
    // step 2 evaluates once, finds ∇f = 0 and returns.
    const r = traced({
      f: 'x^2 + y^2',
      optimizer: 'lbfgs',
      params: { line_search_fn: 'strong_wolfe' },
      start: [1, 1],
    }) as CaseResult;
    expect(r.evals).toEqual([0, 3, 1]);
    expect(r.state![2]!.func_evals).toBe(4);
  });

  it('L-BFGS reports evals without a trace too, and no state', () => {
    const r = runCase(
      {
        id: 'e',
        f: 'x^2 + y^2',
        optimizer: 'lbfgs',
        params: { line_search_fn: 'strong_wolfe' },
        start: [1, 1],
        steps: 2,
      },
      0,
    ) as CaseResult;
    expect(r.evals).toEqual([0, 3, 1]);
    expect(r.state).toBeUndefined();
  });

  it('the streamed JSON carries the same trace', () => {
    const cases = [{ id: 't', f: 'x^2', optimizer: 'momentum', start: [1, 0], steps: 2, trace: true }];
    let text = '';
    writeResults(cases, (t) => {
      text += t;
    });
    const parsed = JSON.parse(text) as { results: CaseResult[] };
    expect(parsed.results[0]!.state).toEqual(
      runCase(cases[0], 0) && (runCase(cases[0], 0) as CaseResult).state,
    );
    expect(parsed.results[0]!.state![1]).toEqual({ momentum_buffer: [2, 0] });
  });

  it('stops with the rows of a diverging run and rejects bad values', () => {
    const r = traced({ f: 'x^2', optimizer: 'newton', start: [1, 1], steps: 3 }) as CaseResult;
    expect(r.status).toBe('diverged');
    expect(r.state).toHaveLength(r.trajectory.length);
    expect(
      runCase({ id: 'b', f: 'x^2', optimizer: 'sgd', start: [1, 0], steps: 1, trace: 'yes' }, 0),
    ).toEqual({
      id: 'b',
      error: '"trace" must be true or false',
    });
    const tooLong = runCase(
      { id: 'c', f: 'x^2', optimizer: 'sgd', start: [1, 0], steps: MAX_TRACE_STEPS + 1, trace: true },
      0,
    );
    expect('error' in tooLong && tooLong.error).toMatch(/at most/);
  });
});
