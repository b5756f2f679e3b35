/**
 * Every rule against the independent numpy reference (tests/reference/optimizers_ref.py, written from the
 * PyTorch 2.x documentation): whole trajectories on the book quadratic, Rosenbrock and Himmelblau, each
 * coordinate within 1e-10 (absolute, or relative above 1). Regenerate: python3 tests/reference/optimizers_ref.py
 */

import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/optimizers/index.ts';
import { def, FAMILIES, GRADIENTS, loadFixture, maxDeviation, params, trajectory } from './support.ts';

const TOLERANCE = 1e-10;

describe.each(FAMILIES)('%s against the numpy reference', (family) => {
  const fixture = loadFixture(family);

  it('has cases on all three functions', () => {
    expect(new Set(fixture.cases.map((c) => c.function))).toEqual(
      new Set(['quadratic', 'rosenbrock', 'himmelblau']),
    );
  });

  it.each(Object.entries(fixture.defaults ?? {}))('%s defaults match the reference table', (id, expected) => {
    expect(defaultParams(def(id))).toEqual(expected);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const gradient = GRADIENTS[c.function];
    if (gradient === undefined) throw new Error(`no gradient for ${c.function}`);
    // The fixture's parameters pass validation as they are: same names, in range.
    const values = params(c.optimizer, c.params);
    expect(values).toEqual(c.params);
    const path = trajectory(c.optimizer, values, gradient, c.start, c.steps);
    expect(maxDeviation(path, c.trajectory)).toBeLessThanOrEqual(TOLERANCE);
  });
});
