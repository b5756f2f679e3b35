/** ExponentialLR: multiply the lr by gamma every step (torch.optim.lr_scheduler, 2.x). */

import { num, numberSpec } from './params.ts';
import { LRScheduler, type ScheduleDef, type TorchGroup } from './scheduler.ts';

/**
 * ExponentialLR(gamma), e = last_epoch:
 *
 *     chainable:   lr ← initial step ? lr : lr·gamma
 *     closed form: lr = base_lr·gamma^e
 */
class ExponentialLRScheduler extends LRScheduler {
  constructor(
    group: TorchGroup,
    private readonly gamma: number,
  ) {
    super(group);
    this.start();
  }

  protected getLr(): number {
    return this.isInitial ? this.group.lr : this.group.lr * this.gamma;
  }

  protected override closedForm(): number {
    return this.baseLr * this.gamma ** this.lastEpoch;
  }
}

export const EXPONENTIAL_LR: ScheduleDef = {
  name: 'ExponentialLR',
  summary: 'multiply the lr by gamma every step',
  formula: 'lr_e = base_lr·gamma^e',
  params: [numberSpec('gamma', 'Multiplicative factor of the lr at every step.', 'required', { min: 0 })],
  create: (args, group) => new ExponentialLRScheduler(group, num(args, 'gamma')),
};
