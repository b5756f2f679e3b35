import { describe, expect, it } from 'vitest';
import { addOptimizer } from '../../src/app/actions.ts';
import { logSpaced, visibleLr, withVisibleLr } from '../../src/app/auto-lr.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { compile } from '../../src/core/expr/index.ts';
import { FUNCTION_PRESETS } from '../../src/core/functions/presets.ts';
import { defaultParams, OPTIMIZERS, resolveParams } from '../../src/core/optimizers/index.ts';
import { divergenceBound, run } from '../../src/core/runner.ts';

/** The step counts a new row meets: the book's 30, a medium and a long scene. */
const STEPS = [30, 200];

describe('a learning rate that shows something', () => {
  it('sweeps log-spaced rates, ends included', () => {
    expect(logSpaced(1e-5, 10, 7)).toEqual([1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  it("Adam added to the book's scene moves visibly, not 0.03 in 30 steps as with lr 0.001", () => {
    const compiled = compile('x^2/20 + y^2');
    if (!compiled.ok) throw new Error('compile');
    const added = addOptimizer(defaultState(), 'adam');
    const key = added.optimizers[4].key;
    const s = withVisibleLr(added, key, compiled.value);
    const lr = s.optimizers[4].params.lr as number;
    expect(lr).toBeGreaterThan(0.01);
    // The row keeps its other parameters.
    expect(s.optimizers[4].params.beta1).toBe(0.9);
    expect(withVisibleLr(added, key, null)).toBe(added);
  });

  for (const preset of FUNCTION_PRESETS) {
    it(`${preset.name}: every optimizer moves at least 2 % of the diagonal and does not diverge`, () => {
      const compiled = compile(preset.expression);
      if (!compiled.ok) throw new Error(preset.expression);
      const fn = compiled.value;
      const d = preset.domain;
      const diagonal = Math.hypot(d.x[1] - d.x[0], d.y[1] - d.y[0]);
      const failures: string[] = [];
      for (const steps of STEPS) {
        for (const def of OPTIMIZERS) {
          const params = defaultParams(def);
          const lr = visibleLr(def.id, params, {
            fn,
            domain: d,
            start: preset.start,
            steps,
            gradient: 'exact',
          });
          if (lr === null) {
            failures.push(`${def.id} @${steps}: no rate`);
            continue;
          }
          const resolved = resolveParams(def, { ...params, lr });
          if (!resolved.ok) throw new Error(resolved.error);
          // An independent check of the chosen rate: run it and measure the path directly.
          const r = run(
            { fn, optimizer: def, params: resolved.value, start: preset.start, bound: divergenceBound(d) },
            steps,
          );
          let moved = 0;
          for (let k = 0; k < r.rows; k++) {
            moved = Math.max(
              moved,
              Math.hypot(r.xyf[3 * k] - preset.start[0], r.xyf[3 * k + 1] - preset.start[1]),
            );
          }
          if (r.divergedAt !== null)
            failures.push(`${def.id} @${steps}: lr ${lr} diverged at ${r.divergedAt}`);
          if (moved < 0.02 * diagonal)
            failures.push(
              `${def.id} @${steps}: lr ${lr} moved ${moved.toPrecision(3)} < ${(0.02 * diagonal).toPrecision(3)}`,
            );
        }
      }
      expect(failures).toEqual([]);
      // 20 optimizers × 2 step counts × a 37-rate sweep (L-BFGS evaluates f up to 25 times a step).
    }, 60_000);
  }
});
