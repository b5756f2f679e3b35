/**
 * `state()` against torch.optim's own optimizer.state[p] after every step (tests/reference/fixtures/
 * torch_states.json, written by tests/reference/torch_states.py with Debian's torch 1.13 in float64): the same
 * names, the same values to 1e-10, row 0 before any step (empty where torch creates the state lazily).
 */

import { describe, it } from 'vitest';
import { expectReplay, loadFixture, type StateCase } from './support.ts';

const fixture = loadFixture('torch_states') as unknown as { cases: readonly StateCase[] };

describe('optimizer state, as torch 1.13 reports it', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expectReplay(c);
  });
});
