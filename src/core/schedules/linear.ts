/** LinearLR, ConstantLR and PolynomialLR: warm-up and decay factors (torch.optim.lr_scheduler, 2.x). */

import { intSpec, num, numberSpec } from './params.ts';
import { LRScheduler, type ScheduleDef, type TorchGroup } from './scheduler.ts';

/**
 * LinearLR(start_factor = 1/3, end_factor = 1, total_iters = 5), e = last_epoch, s, n, T as named:
 *
 *     chainable:   e = 0: lr ← lr·s
 *                  e > T (or the initial step): lr unchanged
 *                  else:  lr ← lr·(1 + (n − s) / (T·s + (e − 1)·(n − s)))
 *     closed form: lr = base_lr·(s + (n − s)·min(T, e) / T)
 */
class LinearLRScheduler extends LRScheduler {
  constructor(
    group: TorchGroup,
    private readonly startFactor: number,
    private readonly endFactor: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.start();
  }

  protected getLr(): number {
    const { startFactor: s, endFactor: n, totalIters: t } = this;
    const e = this.lastEpoch;
    if (e === 0) return this.group.lr * s;
    if (this.isInitial || e > t) return this.group.lr;
    return this.group.lr * (1.0 + (n - s) / (t * s + (e - 1) * (n - s)));
  }

  protected override closedForm(): number {
    const { startFactor: s, endFactor: n, totalIters: t } = this;
    return this.baseLr * (s + ((n - s) * Math.min(t, this.lastEpoch)) / t);
  }
}

/**
 * ConstantLR(factor = 1/3, total_iters = 5), e = last_epoch:
 *
 *     chainable:   e = 0: lr ← lr·factor;  e = total_iters: lr ← lr·(1/factor);  else unchanged
 *     closed form: lr = base_lr·(factor + (e ≥ total_iters ? 1 − factor : 0))
 */
class ConstantLRScheduler extends LRScheduler {
  constructor(
    group: TorchGroup,
    private readonly factor: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.start();
  }

  protected getLr(): number {
    const e = this.lastEpoch;
    if (e === 0) return this.group.lr * this.factor;
    if (e !== this.totalIters) return this.group.lr;
    return this.group.lr * (1.0 / this.factor);
  }

  protected override closedForm(): number {
    return this.baseLr * (this.factor + (this.lastEpoch >= this.totalIters ? 1 - this.factor : 0));
  }
}

/**
 * PolynomialLR(total_iters = 5, power = 1), e = last_epoch, T = total_iters:
 *
 *     chainable:   initial step or e > T: unchanged;  else lr ← lr·((1 − e/T) / (1 − (e − 1)/T))^power
 *     closed form: lr = base_lr·(1 − min(T, e)/T)^power
 */
class PolynomialLRScheduler extends LRScheduler {
  constructor(
    group: TorchGroup,
    private readonly totalIters: number,
    private readonly power: number,
  ) {
    super(group);
    this.start();
  }

  protected getLr(): number {
    const e = this.lastEpoch;
    const t = this.totalIters;
    if (this.isInitial || e > t) return this.group.lr;
    const decay = ((1.0 - e / t) / (1.0 - (e - 1) / t)) ** this.power;
    return this.group.lr * decay;
  }

  protected override closedForm(): number {
    const t = this.totalIters;
    return this.baseLr * (1.0 - Math.min(t, this.lastEpoch) / t) ** this.power;
  }
}

export const LINEAR_LR: ScheduleDef = {
  name: 'LinearLR',
  summary: 'scale the lr linearly from start_factor to end_factor over total_iters steps (warm-up)',
  formula: 'lr_e = base_lr·(start_factor + (end_factor − start_factor)·min(total_iters, e)/total_iters)',
  params: [
    numberSpec('start_factor', 'Factor of the lr at step 0.', 1 / 3, { min: 0, minExclusive: true, max: 1 }),
    numberSpec('end_factor', 'Factor of the lr from total_iters on.', 1, { min: 0, max: 1 }),
    intSpec('total_iters', 'Steps over which the factor changes.', 5, 1),
  ],
  create: (args, group) =>
    new LinearLRScheduler(
      group,
      num(args, 'start_factor'),
      num(args, 'end_factor'),
      num(args, 'total_iters'),
    ),
};

export const CONSTANT_LR: ScheduleDef = {
  name: 'ConstantLR',
  summary: 'multiply the lr by factor for the first total_iters steps',
  formula: 'lr_e = base_lr·(e < total_iters ? factor : 1)',
  params: [
    // torch allows factor = 0 but then divides by it at total_iters.
    numberSpec('factor', 'Factor of the lr until total_iters.', 1 / 3, {
      min: 0,
      minExclusive: true,
      max: 1,
    }),
    intSpec('total_iters', 'Steps during which the factor applies.', 5, 0),
  ],
  create: (args, group) => new ConstantLRScheduler(group, num(args, 'factor'), num(args, 'total_iters')),
};

export const POLYNOMIAL_LR: ScheduleDef = {
  name: 'PolynomialLR',
  summary: 'decay the lr polynomially to 0 over total_iters steps',
  formula: 'lr_e = base_lr·(1 − min(total_iters, e)/total_iters)^power',
  params: [
    intSpec('total_iters', 'Steps over which the lr decays to 0.', 5, 1),
    numberSpec('power', 'Power of the polynomial.', 1, { min: 0 }),
  ],
  create: (args, group) => new PolynomialLRScheduler(group, num(args, 'total_iters'), num(args, 'power')),
};
