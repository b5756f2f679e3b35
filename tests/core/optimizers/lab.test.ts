/**
 * The optimizer lab's rules (rprop, asgd, adafactor, lion, schedulefree_sgd/adamw, muon, lbfgs, newton) against
 * tests/reference/fixtures/lab.json: numpy ports of their sources (torch/optim/{rprop,asgd,lbfgs}.py, torch ≥ 2.5
 * _adafactor.py, torch 2.9 _muon.py, google/automl lion_pytorch.py, facebookresearch/schedule_free's reference
 * implementations), written by tests/reference/optimizers_ref.py. rprop, asgd and lbfgs are also checked against
 * torch 1.13 itself by torch_crosscheck.py. Every row's point and every row's optimizer state (torch's names)
 * must agree to 1e-10 (absolute, or relative beyond 1).
 */

import { describe, expect, it } from 'vitest';
import { expectReplay, loadFixture, type StateCase } from './support.ts';

const fixture = loadFixture('lab') as unknown as { cases: readonly StateCase[] };

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
    expectReplay(c);
  });
});
