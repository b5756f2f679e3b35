/**
 * CyclicLR and OneCycleLR (torch.optim.lr_scheduler, 2.x): the lr cycles between two bounds and, with
 * `cycle_momentum`, the optimizer's momentum (SGD-like) or betas[0] (Adam family) cycles inversely.
 */

import {
  bool,
  boolSpec,
  choiceSpec,
  intSpec,
  num,
  numberSpec,
  optNum,
  type ScheduleArgs,
  str,
} from './params.ts';
import {
  LRScheduler,
  type MomentumKey,
  type ScheduleDef,
  ScheduleStepError,
  type TorchGroup,
} from './scheduler.ts';

/** torch's check, shared by both: cycling needs a `momentum` or `betas` default in the optimizer. */
function checkCycleMomentum(args: ScheduleArgs, key: MomentumKey): string | undefined {
  if (!bool(args, 'cycle_momentum') || key !== null) return undefined;
  return (
    'cycle_momentum = true needs an optimizer with momentum or beta1 (torch: "optimizer must support ' +
    'momentum or beta1 with `cycle_momentum` option enabled"); set "cycle_momentum": false'
  );
}

function setMomentum(group: TorchGroup, key: MomentumKey, value: number): void {
  if (key === 'beta1') group.beta1 = value;
  else if (key === 'momentum') group.momentum = value;
}

type ScaleMode = 'cycle' | 'iterations';

/**
 * CyclicLR(base_lr, max_lr, step_size_up = 2000, step_size_down = step_size_up, mode = "triangular",
 * gamma = 1, scale_mode, cycle_momentum = true, base_momentum = 0.8, max_momentum = 0.9), e = last_epoch,
 * S = step_size_up + step_size_down, r = step_size_up / S:
 *
 *     cycle = ⌊1 + e/S⌋;  x = 1 + e/S − cycle
 *     scale = x ≤ r ? x/r : (x − 1)/(r − 1)
 *     lr = base_lr + (max_lr − base_lr)·scale·s
 *     momentum = max_momentum − (max_momentum − base_momentum)·scale·s
 *     s = 1 (triangular), 1/2^(cycle − 1) (triangular2), gamma^e (exp_range)
 *
 * Construction sets lr ← base_lr and momentum ← max_momentum (torch 2.x; `scale_mode` only matters for
 * custom scale functions, which JSON cannot carry: the mode decides it, as in torch).
 */
class CyclicLRScheduler extends LRScheduler {
  private readonly maxLr: number;
  private readonly totalSize: number;
  private readonly stepRatio: number;
  private readonly mode: string;
  private readonly gamma: number;
  private readonly scaleMode: ScaleMode;
  private readonly cycleMomentum: boolean;
  private readonly baseMomentum: number;
  private readonly maxMomentum: number;
  private readonly cyclicBaseLr: number;

  constructor(
    group: TorchGroup,
    args: ScheduleArgs,
    private readonly key: MomentumKey,
  ) {
    const baseLr = num(args, 'base_lr');
    group.lr = baseLr;
    super(group);
    this.maxLr = num(args, 'max_lr');
    const up = num(args, 'step_size_up');
    const down = optNum(args, 'step_size_down') ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = str(args, 'mode');
    this.gamma = num(args, 'gamma');
    this.scaleMode = this.mode === 'exp_range' ? 'iterations' : 'cycle';
    this.cycleMomentum = bool(args, 'cycle_momentum');
    this.baseMomentum = num(args, 'base_momentum');
    this.maxMomentum = num(args, 'max_momentum');
    if (this.cycleMomentum) {
      setMomentum(group, key, this.maxMomentum);
      group.max_momentum = this.maxMomentum;
      group.base_momentum = this.baseMomentum;
    }
    // torch's initial step uses base_lrs = [initial_lr]; base_lrs becomes [base_lr] only afterwards.
    this.cyclicBaseLr = this.baseLr;
    this.start();
    this.cyclicBaseLr = baseLr;
    this.baseLr = baseLr;
  }

  private scaleFn(x: number): number {
    if (this.mode === 'triangular') return 1.0;
    if (this.mode === 'triangular2') return 1 / 2.0 ** (x - 1);
    return this.gamma ** x;
  }

  protected getLr(): number {
    const e = this.lastEpoch;
    const cycle = Math.floor(1 + e / this.totalSize);
    const x = 1.0 + e / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this.scaleFn(this.scaleMode === 'cycle' ? cycle : e);
    const baseHeight = (this.maxLr - this.cyclicBaseLr) * scaleFactor;
    const lr = this.cyclicBaseLr + baseHeight * s;
    if (this.cycleMomentum) {
      const height = (this.maxMomentum - this.baseMomentum) * scaleFactor;
      setMomentum(this.group, this.key, this.maxMomentum - height * s);
    }
    return lr;
  }
}

type LrKey = 'initial_lr' | 'max_lr' | 'min_lr';
type MomentumGroupKey = 'max_momentum' | 'base_momentum';

interface Phase {
  readonly endStep: number;
  readonly startLr: LrKey;
  readonly endLr: LrKey;
  readonly startMomentum: MomentumGroupKey;
  readonly endMomentum: MomentumGroupKey;
}

/** OneCycleLR's phases (two, or three with `three_phase`), with torch's end steps. */
export function oneCyclePhases(totalSteps: number, pctStart: number, threePhase: boolean): readonly Phase[] {
  if (threePhase) {
    return [
      {
        endStep: pctStart * totalSteps - 1,
        startLr: 'initial_lr',
        endLr: 'max_lr',
        startMomentum: 'max_momentum',
        endMomentum: 'base_momentum',
      },
      {
        endStep: 2 * pctStart * totalSteps - 2,
        startLr: 'max_lr',
        endLr: 'initial_lr',
        startMomentum: 'base_momentum',
        endMomentum: 'max_momentum',
      },
      {
        endStep: totalSteps - 1,
        startLr: 'initial_lr',
        endLr: 'min_lr',
        startMomentum: 'max_momentum',
        endMomentum: 'max_momentum',
      },
    ];
  }
  return [
    {
      endStep: pctStart * totalSteps - 1,
      startLr: 'initial_lr',
      endLr: 'max_lr',
      startMomentum: 'max_momentum',
      endMomentum: 'base_momentum',
    },
    {
      endStep: totalSteps - 1,
      startLr: 'max_lr',
      endLr: 'min_lr',
      startMomentum: 'base_momentum',
      endMomentum: 'max_momentum',
    },
  ];
}

/** total_steps, or epochs·steps_per_epoch (torch's precedence). */
export function oneCycleTotalSteps(args: ScheduleArgs): number | null {
  const total = optNum(args, 'total_steps');
  if (total !== null) return total;
  const epochs = optNum(args, 'epochs');
  const perEpoch = optNum(args, 'steps_per_epoch');
  return epochs !== null && perEpoch !== null ? epochs * perEpoch : null;
}

/**
 * OneCycleLR(max_lr, total_steps | epochs·steps_per_epoch, pct_start = 0.3, anneal_strategy = "cos",
 * cycle_momentum = true, base_momentum = 0.85, max_momentum = 0.95, div_factor = 25,
 * final_div_factor = 1e4, three_phase = false). It overrides the optimizer's lr:
 *
 *     initial_lr = max_lr/div_factor;  min_lr = initial_lr/final_div_factor
 *     phases (end steps): pct_start·T − 1: initial_lr → max_lr (momentum max → base);
 *                         T − 1:          max_lr → min_lr     (momentum base → max)
 *       (three_phase: initial → max until pct·T − 1, max → initial until 2·pct·T − 2, initial → min)
 *     in the phase holding e (the last one past its end): pct = (e − start)/(end − start),
 *     cos: end + (start − end)/2·(cos(π·pct) + 1);  linear: (end − start)·pct + start
 *
 * torch raises at e > total_steps, i.e. in the scheduler step after update total_steps + 1… so a run
 * may take at most total_steps updates; `ScheduleStepError` reports a step past that, or one that torch
 * divides by zero on (a phase of zero length).
 */
class OneCycleLRScheduler extends LRScheduler {
  private readonly totalSteps: number;
  private readonly phases: readonly Phase[];
  private readonly linear: boolean;
  private readonly cycleMomentum: boolean;

  constructor(
    group: TorchGroup,
    args: ScheduleArgs,
    private readonly key: MomentumKey,
  ) {
    const totalSteps = oneCycleTotalSteps(args) ?? 0;
    const maxLr = num(args, 'max_lr');
    group.initial_lr = maxLr / num(args, 'div_factor');
    group.max_lr = maxLr;
    group.min_lr = group.initial_lr / num(args, 'final_div_factor');
    const cycleMomentum = bool(args, 'cycle_momentum');
    if (cycleMomentum) {
      setMomentum(group, key, num(args, 'max_momentum'));
      group.max_momentum = num(args, 'max_momentum');
      group.base_momentum = num(args, 'base_momentum');
    }
    super(group);
    this.totalSteps = totalSteps;
    this.phases = oneCyclePhases(totalSteps, num(args, 'pct_start'), bool(args, 'three_phase'));
    this.linear = str(args, 'anneal_strategy') === 'linear';
    this.cycleMomentum = cycleMomentum;
    this.start();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.linear) return (end - start) * pct + start;
    const cosOut = Math.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cosOut;
  }

  protected getLr(): number {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ScheduleStepError(
        `OneCycleLR: tried to step ${stepNum} times; total_steps is ${this.totalSteps} (torch raises ValueError)`,
      );
    }
    const group = this.group;
    let startStep = 0.0;
    const last = this.phases.length - 1;
    for (let i = 0; i <= last; i++) {
      const phase = this.phases[i]!;
      const endStep = phase.endStep;
      if (stepNum <= endStep || i === last) {
        if (endStep === startStep) {
          throw new ScheduleStepError(
            `OneCycleLR: phase ${i + 1} has zero length at step ${stepNum} (torch divides by zero); change pct_start`,
          );
        }
        const pct = (stepNum - startStep) / (endStep - startStep);
        const lr = this.anneal(group[phase.startLr] ?? Number.NaN, group[phase.endLr] ?? Number.NaN, pct);
        if (this.cycleMomentum) {
          const m = this.anneal(group[phase.startMomentum], group[phase.endMomentum], pct);
          setMomentum(group, this.key, m);
        }
        return lr;
      }
      startStep = phase.endStep;
    }
    return group.lr;
  }
}

const momentumSpecs = (base: number, max: number) => [
  boolSpec('cycle_momentum', 'Cycle the momentum (or beta1) inversely to the lr.', true),
  numberSpec('base_momentum', 'Momentum (or beta1) at the lr peak.', base, { min: 0, max: 1 }),
  numberSpec('max_momentum', 'Momentum (or beta1) at the lr trough.', max, { min: 0, max: 1 }),
];

export const CYCLIC_LR: ScheduleDef = {
  name: 'CyclicLR',
  summary: 'triangle waves of the lr between base_lr and max_lr (momentum inversely)',
  formula:
    'lr = base_lr + (max_lr − base_lr)·scale(e)·s; scale: 0 → 1 over step_size_up, 1 → 0 over step_size_down',
  params: [
    numberSpec('base_lr', 'Lower lr of the cycle (replaces the optimizer lr).', 'required', { min: 0 }),
    numberSpec('max_lr', 'Upper lr of the cycle.', 'required', { min: 0 }),
    intSpec('step_size_up', 'Steps in the rising half of a cycle.', 2000, 1),
    intSpec('step_size_down', 'Steps in the falling half (default: step_size_up).', null, 0),
    choiceSpec('mode', 'Amplitude per cycle: constant, halved each cycle, or gamma^step.', 'triangular', [
      'triangular',
      'triangular2',
      'exp_range',
    ]),
    numberSpec('gamma', 'exp_range: the amplitude is scaled by gamma^step.', 1, { min: 0 }),
    choiceSpec('scale_mode', 'Set by mode for the built-in modes (as in torch).', 'cycle', [
      'cycle',
      'iterations',
    ]),
    ...momentumSpecs(0.8, 0.9),
  ],
  validate: checkCycleMomentum,
  create: (args, group, ctx) => new CyclicLRScheduler(group, args, ctx.momentumKey),
};

export const ONE_CYCLE_LR: ScheduleDef = {
  name: 'OneCycleLR',
  summary: 'one warm-up to max_lr and a long anneal far below the start (momentum inversely)',
  formula:
    'lr: max_lr/div_factor → max_lr over pct_start·total_steps, then → max_lr/(div_factor·final_div_factor)',
  params: [
    numberSpec('max_lr', 'Peak lr (the optimizer lr is replaced).', 'required', { min: 0 }),
    intSpec('total_steps', 'Steps in the cycle (or give epochs and steps_per_epoch).', null, 1),
    intSpec('epochs', 'With steps_per_epoch: total_steps = epochs·steps_per_epoch.', null, 1),
    intSpec('steps_per_epoch', 'With epochs: total_steps = epochs·steps_per_epoch.', null, 1),
    numberSpec('pct_start', 'Fraction of the cycle spent raising the lr.', 0.3, { min: 0, max: 1 }),
    choiceSpec('anneal_strategy', 'Shape of each phase.', 'cos', ['cos', 'linear']),
    ...momentumSpecs(0.85, 0.95),
    numberSpec('div_factor', 'initial_lr = max_lr/div_factor.', 25, { min: 0, minExclusive: true }),
    numberSpec('final_div_factor', 'min_lr = initial_lr/final_div_factor.', 1e4, {
      min: 0,
      minExclusive: true,
    }),
    boolSpec('three_phase', 'Come back down to initial_lr before annealing to min_lr.', false),
  ],
  validate(args, key) {
    const total = oneCycleTotalSteps(args);
    if (total === null) return 'needs "total_steps", or both "epochs" and "steps_per_epoch"';
    // torch computes pct = (e − start)/(end − start) and raises ZeroDivisionError on an empty phase.
    let start = 0;
    const phases = oneCyclePhases(total, num(args, 'pct_start'), bool(args, 'three_phase'));
    for (let i = 0; i < phases.length; i++) {
      if (phases[i]!.endStep === start) {
        return `pct_start = ${num(args, 'pct_start')} leaves phase ${i + 1} of ${total} steps empty (torch divides by zero there)`;
      }
      start = phases[i]!.endStep;
    }
    return checkCycleMomentum(args, key);
  },
  create: (args, group, ctx) => new OneCycleLRScheduler(group, args, ctx.momentumKey),
};
