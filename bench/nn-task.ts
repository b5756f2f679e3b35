/**
 * The network section's workload, shared by the main thread and the worker: a 2-8-8-1 tanh network on
 * Playground's XOR (200 points, noise 0.1, seed 1), torch's default initialisation (seed 2),
 * filter-normalised random directions (seed 3).
 */
import { makeData } from '../src/core/nn/datasets.ts';
import { linspace, lossGrid, normalizeDirection } from '../src/core/nn/landscape.ts';
import { initParameters, Mlp } from '../src/core/nn/mlp.ts';
import { createRng } from '../src/core/nn/random.ts';
import { train } from '../src/core/nn/train.ts';
import { defaultParams, getOptimizer, resolveParams } from '../src/core/optimizers/index.ts';

export const LAYERS = [2, 8, 8, 1] as const;
export const POINTS = 200;

export function scenario() {
  const data = makeData('xor', { count: POINTS, noise: 0.1, trainFraction: 1, seed: 1 }).train;
  const net = new Mlp({ layers: LAYERS, activation: 'tanh' });
  const theta0 = initParameters(LAYERS, createRng(2));
  const rng = createRng(3);
  const raw = () => Float64Array.from({ length: net.dim }, () => rng.normal());
  const d1 = normalizeDirection(net.slices, theta0, raw(), 'filter');
  const d2 = normalizeDirection(net.slices, theta0, raw(), 'filter');
  return { data, net, theta0, d1, d2 };
}

/** `steps` full-batch Adam steps (lr 0.01) then an n × n slice over [−1, 1]²; returns a checksum. */
export function trainAndSlice(steps: number, n: number): number {
  const { data, net, theta0, d1, d2 } = scenario();
  const adam = getOptimizer('adam')!;
  const params = resolveParams(adam, { ...defaultParams(adam), lr: 0.01 });
  if (!params.ok) throw new Error(params.error);
  const run = train(net, data, theta0, { optimizer: adam, params: params.value, steps });
  const grid = lossGrid(net, data, theta0, d1, d2, linspace(-1, 1, n), linspace(-1, 1, n));
  return run.loss[run.loss.length - 1]! + grid[grid.length >> 1]!;
}
