import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { computeBatch } from '../../src/app/compute-work.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { type PlainRunSpec, runSpecOf, samePlain, sameRunSpec } from '../../src/app/run-spec.ts';

describe('runSpecOf', () => {
  const s = defaultState();
  const entry = s.optimizers[0]!;
  const spec = runSpecOf(entry, s);

  it('is plain, serializable data: a JSON round trip gives an equal spec', () => {
    expect(sameRunSpec(JSON.parse(JSON.stringify(spec)), spec)).toBe(true);
    expect(structuredClone(spec)).toEqual(spec);
    expect(spec).toEqual({
      expression: 'x^2/20 + y^2',
      optimizer: 'sgd',
      params: entry.params,
      start: [-7, 2],
      steps: 30,
      gradient: 'exact',
      bound: spec.bound,
    });
  });

  it('every field is part of the cache key, compared by value', () => {
    const changes: Partial<Record<keyof PlainRunSpec, unknown>> = {
      expression: 'x^2',
      optimizer: 'adam',
      params: { ...spec.params, lr: 0.5 },
      start: [-7, 2.5],
      steps: 31,
      gradient: 'numeric',
      bound: spec.bound * 2,
    };
    expect(Object.keys(changes).sort()).toEqual(Object.keys(spec).sort());
    for (const [k, v] of Object.entries(changes)) {
      expect(sameRunSpec(spec, { ...spec, [k]: v }), k).toBe(false);
    }
    // Equal values in new objects are the same spec (no stale identity comparisons).
    expect(sameRunSpec(spec, { ...spec, params: { ...spec.params }, start: [-7, 2] })).toBe(true);
    // A field added later (a schedule) is compared without listing it anywhere.
    expect(
      sameRunSpec(spec, { ...spec, schedule: { name: 'StepLR', args: { step_size: 1, gamma: 0.1 } } }),
    ).toBe(false);
  });

  it('samePlain: −0 is not 0, NaN is NaN, arrays are not objects', () => {
    expect(samePlain(-0, 0)).toBe(false);
    expect(samePlain(Number.NaN, Number.NaN)).toBe(true);
    expect(samePlain([1], { 0: 1 })).toBe(false);
  });

  it('the page and the worker build the same run from the same spec', () => {
    const d = new Derived();
    d.update(s);
    const [r] = computeBatch({ id: 1, kind: 'runs', runs: [{ ...spec, key: entry.key }] }, () => {});
    const page = d.runs.get(entry.key)!;
    expect(r!.rows).toBe(page.rows);
    expect(Array.from(r!.xyf)).toEqual(Array.from(page.xyf.slice(0, 3 * page.rows)));
  });

  it('Derived reruns an entry when its spec changes, and only then', () => {
    const d = new Derived();
    d.update(s);
    const before = d.runs.get(1);
    // A new domain with the same divergence bound: the same spec, the same run.
    d.update(A.setDomain(s, { x: [-10, 10], y: [-4, 4] }));
    expect(d.runs.get(1)).toBe(before);
    d.update(A.setOptimizerParam(s, 1, 'lr', 0.5));
    expect(d.runs.get(1)).not.toBe(before);
  });
});
