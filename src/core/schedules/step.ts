/** StepLR and MultiStepLR: multiply the lr by gamma at fixed epochs (torch.optim.lr_scheduler, 2.x). */

import { intSpec, ints, num, numberSpec } from './params.ts';
import { bisectRight, LRScheduler, type ScheduleDef, type TorchGroup } from './scheduler.ts';

/**
 * StepLR(step_size, gamma = 0.1), e = last_epoch:
 *
 *     chainable:   lr ← (e = 0 or e mod step_size ≠ 0) ? lr : lr·gamma
 *     closed form: lr = base_lr·gamma^⌊e / step_size⌋
 */
class StepLRScheduler extends LRScheduler {
  constructor(
    group: TorchGroup,
    private readonly stepSize: number,
    private readonly gamma: number,
  ) {
    super(group);
    this.start();
  }

  protected getLr(): number {
    const e = this.lastEpoch;
    if (e === 0 || e % this.stepSize !== 0) return this.group.lr;
    return this.group.lr * this.gamma;
  }

  protected override closedForm(): number {
    return this.baseLr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize);
  }
}

/**
 * MultiStepLR(milestones, gamma = 0.1), e = last_epoch, c(e) = how often e occurs in milestones:
 *
 *     chainable:   lr ← c(e) = 0 ? lr : lr·gamma^c(e)
 *     closed form: lr = base_lr·gamma^(number of milestones ≤ e)
 */
class MultiStepLRScheduler extends LRScheduler {
  private readonly counts = new Map<number, number>();
  private readonly sorted: readonly number[];

  constructor(
    group: TorchGroup,
    milestones: readonly number[],
    private readonly gamma: number,
  ) {
    super(group);
    for (const m of milestones) this.counts.set(m, (this.counts.get(m) ?? 0) + 1);
    this.sorted = [...milestones].sort((a, b) => a - b);
    this.start();
  }

  protected getLr(): number {
    const c = this.counts.get(this.lastEpoch);
    return c === undefined ? this.group.lr : this.group.lr * this.gamma ** c;
  }

  protected override closedForm(): number {
    return this.baseLr * this.gamma ** bisectRight(this.sorted, this.lastEpoch);
  }
}

const gammaSpec = numberSpec('gamma', 'Multiplicative factor of the lr at each decay.', 0.1, { min: 0 });

export const STEP_LR: ScheduleDef = {
  name: 'StepLR',
  summary: 'multiply the lr by gamma every step_size steps',
  formula: 'lr_e = base_lr·gamma^⌊e / step_size⌋',
  params: [intSpec('step_size', 'Period of the decay, in steps.', 'required', 1), gammaSpec],
  create: (args, group) => new StepLRScheduler(group, num(args, 'step_size'), num(args, 'gamma')),
};

export const MULTI_STEP_LR: ScheduleDef = {
  name: 'MultiStepLR',
  summary: 'multiply the lr by gamma at each milestone',
  formula: 'lr_e = base_lr·gamma^(number of milestones ≤ e)',
  params: [
    {
      kind: 'integers',
      name: 'milestones',
      description: 'Steps at which the lr is multiplied by gamma.',
      min: 0,
      increasing: false,
    },
    gammaSpec,
  ],
  create: (args, group) => new MultiStepLRScheduler(group, ints(args, 'milestones'), num(args, 'gamma')),
};
