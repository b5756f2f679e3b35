/**
 * The optimizer lab's rules (rprop, asgd, adafactor, lion, schedulefree_sgd/adamw, muon, lbfgs, newton) against
 * tests/reference/fixtures/lab.json: numpy ports of their sources (torch/optim/{rprop,asgd,lbfgs}.py, torch ≥ 2.5
 * _adafactor.py, torch 2.9 _muon.py, google/automl lion_pytorch.py, facebookresearch/schedule_free's reference
 * implementations), written by tests/reference/optimizers_ref.py. rprop, asgd and lbfgs are also checked against
 * torch 1.13 itself by torch_crosscheck.py. Every row's point and every row's optimizer state (torch's names)
 * must agree to 1e-10 (absolute, or relative beyond 1).
 */

import { describe, expect, it } from 'vitest';
import { groupOf } from '../../../src/core/optimizers/index.ts';
import { def, GRADIENTS, loadFixture, params, referenceObjective } from './support.ts';

interface LabCase {
  readonly name: string;
  readonly optimizer: string;
  readonly params: Readonly<Record<string, number | boolean | string>>;
  readonly function: string;
  readonly start: readonly [number, number];
  readonly steps: number;
  readonly trajectory: readonly (readonly [number, number])[];
  readonly gradient_points?: readonly (readonly [number, number])[];
  readonly state: readonly Readonly<Record<string, number | readonly number[]>>[];
}

const fixture = loadFixture('lab') as unknown as { cases: readonly LabCase[] };

/** |a − b| ≤ 1e-10·max(1, |b|), elementwise through numbers and arrays. */
function close(a: unknown, b: unknown): boolean {
  if (typeof b === 'number')
    return typeof a === 'number' && Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));
  if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((v, i) => close(a[i], v));
  return false;
}

function replay(c: LabCase) {
  const d = def(c.optimizer);
  const values = params(c.optimizer, c.params);
  const optimizer = d.create(values, 2);
  const group = groupOf(d, values);
  const objective = referenceObjective(c.function);
  const gradient = GRADIENTS[c.function]!;
  const p = Float64Array.from(c.start);
  const g = new Float64Array(2);
  const q = new Float64Array(2);
  const report = () => {
    if (optimizer.reported === undefined) return [p[0]!, p[1]!];
    optimizer.reported(p, q);
    return [q[0]!, q[1]!];
  };
  const points = [report()];
  const yPoints = [[p[0]!, p[1]!]];
  const states = [optimizer.state()];
  for (let k = 0; k < c.steps; k++) {
    const [gx, gy] = gradient(p[0]!, p[1]!);
    g[0] = gx;
    g[1] = gy;
    optimizer.step(p, g, group, objective);
    points.push(report());
    yPoints.push([p[0]!, p[1]!]);
    states.push(optimizer.state());
  }
  return { points, yPoints, states };
}

describe('lab fixtures (numpy ports of the sources)', () => {
  it('cover every new rule on the three reference functions', () => {
    const ids = new Set(fixture.cases.map((c) => c.optimizer));
    expect([...ids].sort()).toEqual(
      [
        'adafactor',
        'asgd',
        'lbfgs',
        'lion',
        'muon',
        'newton',
        'rprop',
        'schedulefree_adamw',
        'schedulefree_sgd',
      ].sort(),
    );
    expect(new Set(fixture.cases.map((c) => c.function)).size).toBe(3);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { points, yPoints, states } = replay(c);
    for (let k = 0; k <= c.steps; k++) {
      if (!close(points[k], c.trajectory[k])) {
        expect.fail(`row ${k}: point ${JSON.stringify(points[k])} ≠ ${JSON.stringify(c.trajectory[k])}`);
      }
      if (c.gradient_points !== undefined && !close(yPoints[k], c.gradient_points[k])) {
        expect.fail(`row ${k}: y ${JSON.stringify(yPoints[k])} ≠ ${JSON.stringify(c.gradient_points[k])}`);
      }
      const expected = c.state[k]!;
      const actual = states[k]!;
      expect(Object.keys(actual).sort(), `row ${k} state names`).toEqual(Object.keys(expected).sort());
      for (const [name, value] of Object.entries(expected)) {
        if (!close(actual[name], value)) {
          expect.fail(`row ${k}: state ${name} ${JSON.stringify(actual[name])} ≠ ${JSON.stringify(value)}`);
        }
      }
    }
  });
});
