/** CosineAnnealingLR and CosineAnnealingWarmRestarts (torch.optim.lr_scheduler, 2.x). */

import { intSpec, num, numberSpec } from './params.ts';
import { LRScheduler, pyMod, type ScheduleDef, type TorchGroup } from './scheduler.ts';

/**
 * CosineAnnealingLR(T_max, eta_min = 0), e = last_epoch, η = eta_min, T = T_max. torch steps by the
 * recursive ("chainable") form, which follows the closed form η + (base_lr − η)(1 + cos(πe/T))/2 up to
 * rounding and keeps going past T (the lr rises again, a period of 2T):
 *
 *     initial step:                   lr unchanged
 *     first step of a resumed run:    lr ← η + (base_lr − η)·(1 + cos(e·π/T))/2
 *     (e − 1 − T) mod 2T = 0:         lr ← lr + (base_lr − η)·(1 − cos(π/T))/2
 *     else:                           lr ← (1 + cos(πe/T)) / (1 + cos(π(e − 1)/T))·(lr − η) + η
 *     closed form (SequentialLR):     lr = η + (base_lr − η)·(1 + cos(πe/T))/2
 */
class CosineAnnealingLRScheduler extends LRScheduler {
  constructor(
    group: TorchGroup,
    private readonly tMax: number,
    private readonly etaMin: number,
  ) {
    super(group);
    this.start();
  }

  protected getLr(): number {
    const { tMax: t, etaMin: eta } = this;
    const e = this.lastEpoch;
    const lr = this.group.lr;
    if (this.isInitial) return lr;
    if (this.stepCount === 1 && e > 0) {
      return eta + ((this.baseLr - eta) * (1 + Math.cos((e * Math.PI) / t))) / 2;
    }
    if (pyMod(e - 1 - t, 2 * t) === 0) {
      return lr + ((this.baseLr - eta) * (1 - Math.cos(Math.PI / t))) / 2;
    }
    return ((1 + Math.cos((Math.PI * e) / t)) / (1 + Math.cos((Math.PI * (e - 1)) / t))) * (lr - eta) + eta;
  }

  protected override closedForm(): number {
    const { tMax: t, etaMin: eta } = this;
    return eta + ((this.baseLr - eta) * (1 + Math.cos((Math.PI * this.lastEpoch) / t))) / 2;
  }
}

/**
 * CosineAnnealingWarmRestarts(T_0, T_mult = 1, eta_min = 0): a cosine from base_lr down towards η over
 * T_i steps, then a restart at base_lr with T_i ← T_i·T_mult (T_cur counts steps since the restart):
 *
 *     step():   T_cur ← T_cur + 1; if T_cur ≥ T_i: T_cur ← T_cur − T_i, T_i ← T_i·T_mult
 *     step(0):  T_i ← T_0, T_cur ← 0 (the initial step too)
 *     lr = η + (base_lr − η)·(1 + cos(π·T_cur/T_i))/2
 */
class WarmRestartsScheduler extends LRScheduler {
  private tI: number;
  private tCur: number;

  constructor(
    group: TorchGroup,
    private readonly t0: number,
    private readonly tMult: number,
    private readonly etaMin: number,
  ) {
    super(group);
    this.tI = t0;
    this.tCur = -1;
    this.start();
  }

  override step(): void {
    this.stepCount += 1;
    if (this.lastEpoch < 0) {
      this.toEpoch0();
      return;
    }
    this.lastEpoch += 1;
    this.tCur += 1;
    if (this.tCur >= this.tI) {
      this.tCur = this.tCur % this.tI;
      this.tI = this.tI * this.tMult;
    }
    this.group.lr = this.getLr();
  }

  override restart(): void {
    this.toEpoch0();
  }

  /** torch's `step(epoch=0)`: 0 < T_0, so T_i ← T_0 and T_cur ← 0. */
  private toEpoch0(): void {
    this.tI = this.t0;
    this.tCur = 0;
    this.lastEpoch = 0;
    this.group.lr = this.getLr();
  }

  protected getLr(): number {
    const eta = this.etaMin;
    return eta + ((this.baseLr - eta) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2;
  }
}

const etaMinSpec = numberSpec('eta_min', 'The lowest lr of the cosine.', 0, { min: 0 });

export const COSINE_ANNEALING_LR: ScheduleDef = {
  name: 'CosineAnnealingLR',
  summary: 'cosine from the lr down to eta_min over T_max steps (and back up after, as torch does)',
  formula: 'lr_e ≈ eta_min + (base_lr − eta_min)·(1 + cos(π·e/T_max))/2, stepped recursively',
  params: [intSpec('T_max', 'Steps from the lr down to eta_min (half a period).', 'required', 1), etaMinSpec],
  create: (args, group) => new CosineAnnealingLRScheduler(group, num(args, 'T_max'), num(args, 'eta_min')),
};

export const COSINE_ANNEALING_WARM_RESTARTS: ScheduleDef = {
  name: 'CosineAnnealingWarmRestarts',
  summary: 'cosine down to eta_min, restarting at the lr after T_0, T_0·T_mult, ... steps (SGDR)',
  formula: 'lr = eta_min + (base_lr − eta_min)·(1 + cos(π·T_cur/T_i))/2; T_i ← T_i·T_mult at each restart',
  params: [
    intSpec('T_0', 'Steps until the first restart.', 'required', 1),
    intSpec('T_mult', 'Factor by which the period grows after each restart.', 1, 1),
    etaMinSpec,
  ],
  create: (args, group) =>
    new WarmRestartsScheduler(group, num(args, 'T_0'), num(args, 'T_mult'), num(args, 'eta_min')),
};
