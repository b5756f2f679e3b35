/**
 * One network experiment, as the page runs it in a worker: Playground data, a network initialised
 * from a seed, several optimizers trained from the same initial weights, and one plane through θ₀
 * shared by all of them — filter-normalised random directions or the PCA of the paths — with the
 * loss on a grid over it and every path's least-squares coordinates and distance off the plane.
 */
import { getOptimizer, resolveParams } from '../optimizers/index.ts';
import { err, ok, type Result } from '../result.ts';
import { momentumKeyOf, resolveSchedule, Schedule } from '../schedules/index.ts';
import { type Dataset, getDataset, MAX_POINTS, makeData } from './datasets.ts';
import { linspace, lossGrid, normalizeDirection, pcaDirections, projectOntoPlane } from './landscape.ts';
import { type Activation, checkArchitecture, initParameters, Mlp } from './mlp.ts';
import { createRng } from './random.ts';
import { train } from './train.ts';

export const PLANES = ['filter', 'pca'] as const;
export type Plane = (typeof PLANES)[number];

export interface ExperimentRun {
  readonly id: string;
  readonly optimizer: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly schedule?: unknown;
}

export interface ExperimentSpec {
  readonly dataset: string;
  /** Playground's noise, 0…0.5. */
  readonly noise: number;
  readonly points: number;
  /** Fraction of the points used for training (the rest is the test set). */
  readonly trainFraction: number;
  readonly seed: number;
  readonly layers: readonly number[];
  readonly activation: Activation;
  readonly steps: number;
  /** Minibatch size; full batch when absent. */
  readonly batch?: number;
  readonly runs: readonly ExperimentRun[];
  readonly plane: Plane;
  /** Grid points per side. */
  readonly n: number;
}

export interface ExperimentPath {
  readonly id: string;
  readonly optimizer: string;
  /** Training and test loss at every step (row 0 = the start). */
  readonly loss: Float64Array;
  readonly testLoss: Float64Array;
  /** (steps + 1) × dim. */
  readonly params: Float64Array;
  /** [α, β] per step. */
  readonly coords: Float64Array;
  /** Distance of each step's θ off the plane. */
  readonly distance: Float64Array;
  readonly divergedAt: number | null;
}

export interface ExperimentResult {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly theta0: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** Row-major: loss[i·n + j] at (alpha[i], beta[j]). */
  readonly loss: Float64Array;
  readonly paths: readonly ExperimentPath[];
  /** PCA only: the fraction of the paths' variance along d₁ and d₂. */
  readonly explained: readonly [number, number] | null;
}

/** Bounds the page keeps to. */
export const EXPERIMENT_LIMITS = { runs: 8, steps: 5000, n: 101 } as const;

/** Phases and their share of the progress bar. */
export type Progress = (fraction: number, phase: 'train' | 'grid') => void;

/** Runs the experiment; a readable error for any bad field. */
export function runExperiment(spec: ExperimentSpec, onProgress?: Progress): Result<ExperimentResult, string> {
  if (getDataset(spec.dataset) === undefined) return err(`unknown dataset "${spec.dataset}"`);
  const arch = checkArchitecture({ layers: spec.layers, activation: spec.activation });
  if (arch !== undefined) return err(arch);
  if (spec.layers[0] !== 2) return err('the first width must be 2: the datasets are two-dimensional');
  if (!(Number.isInteger(spec.points) && spec.points >= 4 && spec.points <= MAX_POINTS)) {
    return err(`points must be an integer from 4 to ${MAX_POINTS}`);
  }
  if (!(spec.noise >= 0 && spec.noise <= 0.5)) return err('noise must be from 0 to 0.5');
  if (!(spec.trainFraction > 0 && spec.trainFraction < 1))
    return err('the training fraction must be between 0 and 1');
  if (!(Number.isInteger(spec.steps) && spec.steps >= 1 && spec.steps <= EXPERIMENT_LIMITS.steps)) {
    return err(`steps must be an integer from 1 to ${EXPERIMENT_LIMITS.steps}`);
  }
  if (!(Number.isInteger(spec.n) && spec.n >= 2 && spec.n <= EXPERIMENT_LIMITS.n)) {
    return err(`the grid must have 2 to ${EXPERIMENT_LIMITS.n} points per side`);
  }
  if (spec.runs.length === 0 || spec.runs.length > EXPERIMENT_LIMITS.runs) {
    return err(`1 to ${EXPERIMENT_LIMITS.runs} optimizers`);
  }
  if (spec.batch !== undefined && !(Number.isInteger(spec.batch) && spec.batch >= 1)) {
    return err('the batch size must be a positive integer');
  }
  const { train: trainSet, test } = makeData(spec.dataset, {
    count: spec.points,
    noise: spec.noise,
    trainFraction: spec.trainFraction,
    seed: spec.seed,
  });
  const net = new Mlp({ layers: spec.layers, activation: spec.activation });
  const rng = createRng(spec.seed + 1);
  const theta0 = initParameters(spec.layers, rng);

  const paths: Omit<ExperimentPath, 'coords' | 'distance'>[] = [];
  for (const [index, run] of spec.runs.entries()) {
    const def = getOptimizer(run.optimizer);
    if (def === undefined) return err(`unknown optimizer "${run.optimizer}"`);
    const params = resolveParams(def, run.params ?? {});
    if (!params.ok) return err(params.error);
    const key = momentumKeyOf(def.params.map((p) => p.name));
    let schedule: Schedule | undefined;
    if (run.schedule !== undefined) {
      const resolved = resolveSchedule(run.schedule, key);
      if (!resolved.ok) return err(`${run.id}: ${resolved.error}`);
      schedule = new Schedule(resolved.value, key);
    }
    const result = train(
      net,
      trainSet,
      theta0,
      {
        optimizer: def,
        params: params.value,
        steps: spec.steps,
        ...(schedule === undefined ? {} : { scheduler: schedule }),
        ...(spec.batch === undefined ? {} : { batch: { size: spec.batch, seed: spec.seed + 2 + index } }),
      },
      { recordParams: true, test },
    );
    if (result.stepFailed) return err(`${run.id}: ${result.reason}`);
    paths.push({
      id: run.id,
      optimizer: run.optimizer,
      loss: result.loss,
      testLoss: result.testLoss,
      params: result.params,
      divergedAt: result.divergedAt,
    });
    onProgress?.((index + 1) / spec.runs.length, 'train');
  }

  let d1: Float64Array;
  let d2: Float64Array;
  let explained: readonly [number, number] | null = null;
  if (spec.plane === 'pca') {
    try {
      const pca = pcaDirections(
        net.slices,
        paths.map((p) => p.params),
        net.dim,
      );
      d1 = pca.d1;
      d2 = pca.d2;
      explained = pca.explained;
    } catch (e) {
      return err((e as Error).message);
    }
  } else {
    const random = () => Float64Array.from({ length: net.dim }, () => rng.normal());
    d1 = normalizeDirection(net.slices, theta0, random(), 'filter');
    d2 = normalizeDirection(net.slices, theta0, random(), 'filter');
  }
  const projected = paths.map((p) => ({ ...p, ...projectOntoPlane(theta0, d1, d2, p.params) }));
  // The grid covers [−1, 1]² (Li et al.'s range) and every path, with a margin.
  let span = spec.plane === 'filter' ? 1 : 0;
  for (const p of projected) for (const c of p.coords) span = Math.max(span, 1.1 * Math.abs(c));
  if (!(span > 0)) span = 1;
  const alpha = linspace(-span, span, spec.n);
  const beta = linspace(-span, span, spec.n);
  const loss = lossGrid(net, trainSet, theta0, d1, d2, alpha, beta, (row) =>
    onProgress?.((row + 1) / spec.n, 'grid'),
  );
  return ok({ train: trainSet, test, theta0, d1, d2, alpha, beta, loss, paths: projected, explained });
}

/**
 * σ(logit) of the network with parameters `theta` on an n × n grid of inputs over
 * [lo, hi]², row-major with x₂ (rows) from hi down to lo and x₁ (columns) from lo to hi: the
 * decision boundary's picture, Playground-style.
 */
export function decisionGrid(net: Mlp, theta: Float64Array, lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  const input = new Float64Array(2);
  for (let r = 0; r < n; r++) {
    input[1] = hi - ((hi - lo) * r) / (n - 1);
    for (let c = 0; c < n; c++) {
      input[0] = lo + ((hi - lo) * c) / (n - 1);
      const z = net.logit(theta, input, 0);
      out[r * n + c] = 1 / (1 + Math.exp(-z));
    }
  }
  return out;
}
