/** SequentialLR: one schedule after another, switching at milestones (torch.optim.lr_scheduler, 2.x). */

import { ints, schedules as readSchedules } from './params.ts';
import { bisectRight, type ScheduleDef, type TorchGroup, type TorchScheduler } from './scheduler.ts';

/**
 * SequentialLR(schedulers, milestones): the schedulers are built in order on the same group (each with
 * its own construction step), then SequentialLR resets lr ← initial_lr, undoes every construction step
 * (last_epoch ← last_epoch − 1) and re-takes the first scheduler's initial step. Each step:
 *
 *     e ← e + 1;  i = number of milestones ≤ e
 *     e = milestones[i − 1]: schedulers[i].step(0)  (restart: closed form at 0 where it has one)
 *     else:                  schedulers[i].step()
 */
class SequentialLRScheduler implements TorchScheduler {
  lastEpoch = 0;

  constructor(
    group: TorchGroup,
    private readonly schedulers: readonly TorchScheduler[],
    private readonly milestones: readonly number[],
  ) {
    group.lr = group.initial_lr ?? group.lr;
    for (const s of schedulers) s.undo();
    schedulers[0]!.initialStep();
  }

  step(): void {
    this.lastEpoch += 1;
    const i = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[i]!;
    if (i > 0 && this.milestones[i - 1] === this.lastEpoch) scheduler.restart();
    else scheduler.step();
  }

  restart(): void {
    // Nested SequentialLR is refused by validation.
    this.lastEpoch = 0;
  }

  undo(): void {
    this.lastEpoch -= 1;
  }

  initialStep(): void {
    this.schedulers[0]!.initialStep();
  }
}

export const SEQUENTIAL_LR: ScheduleDef = {
  name: 'SequentialLR',
  summary: 'run schedulers one after another, switching at the milestones (warm-up, then decay)',
  formula: 'schedulers[i] drives steps milestones[i − 1] … milestones[i] − 1, restarted at its milestone',
  params: [
    {
      kind: 'schedules',
      name: 'schedulers',
      description: 'The schedules, each {"name": ..., its arguments}, in order.',
    },
    {
      kind: 'integers',
      name: 'milestones',
      description: 'Steps at which the next schedule takes over (one fewer than schedulers).',
      min: 1,
      increasing: true,
    },
  ],
  validate(args) {
    const list = readSchedules(args, 'schedulers');
    const milestones = ints(args, 'milestones');
    if (list.length < 1) return 'schedulers must hold at least one schedule';
    if (list.some((s) => s.name === 'SequentialLR')) return 'schedulers cannot hold another SequentialLR';
    if (milestones.length !== list.length - 1) {
      return `milestones must have one entry fewer than schedulers (got ${milestones.length} milestones for ${list.length} schedulers)`;
    }
    return undefined;
  },
  create(args, group, ctx) {
    const built = readSchedules(args, 'schedulers').map((s) => ctx.build(s));
    return new SequentialLRScheduler(group, built, ints(args, 'milestones'));
  },
};
