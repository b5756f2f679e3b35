/**
 * Training a network with any of Descent's optimizers: the network's mean loss over the training set
 * is an {@link Objective} of dimension = number of parameters, and the run is torch's loop
 *
 *     for k = 1…steps:  loss = L(θ); loss.backward(); opt.step(); sched.step()
 *
 * over the whole training set (full batch) or over seeded minibatches (each epoch a Fisher–Yates
 * permutation of the training rows, cut into batches of `size`, the last one possibly smaller, as
 * torch's `DataLoader(shuffle=True, drop_last=False)`). Every step's full training loss is recorded
 * (row 0 = the start), with the test loss and the parameters if asked.
 */

import { StepFailure } from '../optimizers/failure.ts';
import type { Group, Objective, OptimizerDef, ParamValues } from '../optimizers/index.ts';
import { groupOf } from '../optimizers/index.ts';
import type { StepScheduler } from '../runner.ts';
import type { Dataset } from './datasets.ts';
import type { Mlp } from './mlp.ts';
import { createRng, type Rng } from './random.ts';

/** The mean training loss of `net` over `data` (or a row range of it) as an optimizer's objective. */
export class NetObjective implements Objective {
  readonly dim: number;
  /** The rows the next evaluation averages over: `rows[from…to)`, or every row when `rows` is undefined. */
  rows: Int32Array | undefined = undefined;
  from = 0;
  to: number;

  constructor(
    readonly net: Mlp,
    readonly data: Dataset,
  ) {
    this.dim = net.dim;
    this.to = data.n;
  }

  valueGrad(p: Float64Array, g: Float64Array): number {
    return this.net.lossGrad(
      p,
      g,
      this.data,
      this.rows,
      this.from,
      this.rows === undefined ? this.data.n : this.to,
    );
  }
}

export interface TrainSpec {
  readonly optimizer: OptimizerDef;
  /** Complete, checked values (`resolveParams`). */
  readonly params: ParamValues;
  readonly steps: number;
  /** Changes the group after each step, as torch's scheduler. */
  readonly scheduler?: StepScheduler;
  /** Seeded minibatches; full batch when absent. */
  readonly batch?: { readonly size: number; readonly seed: number };
}

export interface TrainOptions {
  /** Record θ at every step (row k = θ after k steps). */
  readonly recordParams?: boolean;
  /** Also record the loss on this set at every step. */
  readonly test?: Dataset;
}

export interface TrainResult {
  /** Steps done (fewer than asked when the loss or the parameters stopped being finite). */
  readonly steps: number;
  /** Full training loss at θ₀…θ_steps. */
  readonly loss: Float64Array;
  /** Test loss at each step (empty without a test set). */
  readonly testLoss: Float64Array;
  /** (steps + 1) × dim, row-major (empty unless recorded). */
  readonly params: Float64Array;
  /** The step whose loss or parameters were not finite (or that could not be taken), or null. */
  readonly divergedAt: number | null;
  /** Why the run stopped early, in one sentence; null when it did not. */
  readonly reason: string | null;
  /** True when it stopped because the optimizer could not take a step (`StepFailure`: Newton without a Hessian). */
  readonly stepFailed: boolean;
  /** The last finite parameters. */
  readonly final: Float64Array;
}

function allFinite(p: Float64Array): boolean {
  for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i]!)) return false;
  return true;
}

/** Trains `net` on `data` from `theta0` (not modified) and records every step. */
export function train(
  net: Mlp,
  data: Dataset,
  theta0: Float64Array,
  spec: TrainSpec,
  options: TrainOptions = {},
): TrainResult {
  const dim = net.dim;
  const steps = spec.steps;
  const p = Float64Array.from(theta0);
  const g = new Float64Array(dim);
  const objective = new NetObjective(net, data);
  const optimizer = spec.optimizer.create(spec.params, dim);
  const group: Group = groupOf(spec.optimizer, spec.params);
  const loss = new Float64Array(steps + 1);
  const test = options.test;
  const testLoss = new Float64Array(test === undefined ? 0 : steps + 1);
  const params = new Float64Array(options.recordParams === true ? (steps + 1) * dim : 0);
  const batches =
    spec.batch === undefined
      ? undefined
      : new Minibatches(data.n, spec.batch.size, createRng(spec.batch.seed));
  const last = Float64Array.from(theta0);
  // Schedule-Free and the like report another point than the one they take gradients at.
  const reported = optimizer.reported === undefined ? null : new Float64Array(dim);
  let divergedAt: number | null = null;
  let reason: string | null = null;
  let stepFailed = false;
  spec.scheduler?.init?.(group);
  for (let k = 0; k <= steps; k++) {
    // The full-batch loss (recorded) and, for full-batch training, the gradient at θ_k.
    const value = batches === undefined ? objective.valueGrad(p, g) : net.loss(p, data);
    let q = p;
    let recorded = value;
    if (reported !== null) {
      optimizer.reported!(p, reported);
      q = reported;
      recorded = net.loss(q, data);
    }
    if (!Number.isFinite(value) || !Number.isFinite(recorded) || !allFinite(p) || !allFinite(q)) {
      divergedAt = k;
      reason = `the loss or the parameters after step ${k} are not finite`;
      break;
    }
    loss[k] = recorded;
    last.set(q);
    if (test !== undefined) testLoss[k] = net.loss(q, test);
    if (params.length > 0) params.set(q, k * dim);
    if (k === steps) break;
    if (batches !== undefined) {
      batches.next(objective);
      objective.valueGrad(p, g);
    }
    try {
      optimizer.step(p, g, group, objective);
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e;
      divergedAt = k + 1;
      reason = e.message;
      stepFailed = true;
      break;
    }
    if (spec.scheduler !== undefined) spec.scheduler.step(group);
  }
  const done = divergedAt === null ? steps : divergedAt - 1;
  return {
    steps: Math.max(0, done),
    loss: loss.subarray(0, done + 1),
    testLoss: testLoss.subarray(0, test === undefined ? 0 : done + 1),
    params: params.subarray(0, params.length > 0 ? (done + 1) * dim : 0),
    divergedAt,
    reason,
    stepFailed,
    final: last,
  };
}

/** Seeded minibatch order: each epoch a fresh permutation cut into batches of `size`. */
class Minibatches {
  private readonly order: Int32Array;
  private at: number;

  constructor(
    private readonly n: number,
    private readonly size: number,
    private readonly rng: Rng,
  ) {
    this.order = new Int32Array(n);
    this.at = n;
  }

  /** Points the objective at the next batch. */
  next(objective: NetObjective): void {
    if (this.at >= this.n) {
      const order = this.order;
      for (let i = 0; i < this.n; i++) order[i] = i;
      for (let counter = this.n; counter > 0; ) {
        const index = this.rng.int(counter);
        counter--;
        const tmp = order[counter]!;
        order[counter] = order[index]!;
        order[index] = tmp;
      }
      this.at = 0;
    }
    objective.rows = this.order;
    objective.from = this.at;
    objective.to = Math.min(this.n, this.at + Math.max(1, this.size));
    this.at = objective.to;
  }
}
