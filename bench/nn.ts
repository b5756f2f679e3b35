/**
 * Network section (issue 16's budgets): a 2-8-8-1 tanh network on 200 points.
 *   - the forward/backward pass (`Mlp.lossGrad`) against a hand-written loop for exactly this shape,
 *     interleaved round by round, median paired ratio ≤ 1.5;
 *   - 500 full-batch Adam steps plus a 31² loss slice in a Node worker_thread (a proxy for the
 *     page's Web Worker: same engine, off the main thread), ≤ 1 s, timed inside the worker;
 *   - a 51² loss slice on the main thread, ≤ 2 s.
 */
import { Worker } from 'node:worker_threads';
import { linspace, lossGrid } from '../src/core/nn/landscape.ts';
import { LAYERS, POINTS, scenario, trainAndSlice } from './nn-task.ts';
import type { Budget, SectionResult, Table } from './report.ts';
import { check, ms, ratio } from './report.ts';
import { consume, interleave, median, pairedRatio } from './stats.ts';

export interface NnOptions {
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

const BUDGETS = {
  fwdBwd: {
    id: 'nn-vs-hand',
    label: 'network forward/backward ÷ hand-written loop',
    op: '<=',
    limit: 1.5,
    unit: '×',
  },
  trainSlice: {
    id: 'nn-train-slice',
    label: '500 Adam steps + 31² slice in a worker',
    op: '<=',
    limit: 1000,
    unit: 'ms',
  },
  slice51: { id: 'nn-slice-51', label: '51² loss slice', op: '<=', limit: 2000, unit: 'ms' },
} as const satisfies Record<string, Budget>;

/**
 * Mean BCE-with-logits of a 2-8-8-1 tanh network and its gradient, written out for this one shape
 * (fixed loop bounds, the same flat layout: W1 at 0, b1 at 16, W2 at 24, b2 at 88, W3 at 96, b3 at 104).
 */
function handLossGrad(
  theta: Float64Array,
  grad: Float64Array,
  x: Float64Array,
  y: Float64Array,
  n: number,
): number {
  const h1 = new Float64Array(8);
  const h2 = new Float64Array(8);
  const d2 = new Float64Array(8);
  grad.fill(0);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const x0 = x[2 * r]!;
    const x1 = x[2 * r + 1]!;
    for (let o = 0; o < 8; o++)
      h1[o] = Math.tanh(theta[16 + o]! + theta[2 * o]! * x0 + theta[2 * o + 1]! * x1);
    for (let o = 0; o < 8; o++) {
      let z = theta[88 + o]!;
      for (let i = 0; i < 8; i++) z += theta[24 + 8 * o + i]! * h1[i]!;
      h2[o] = Math.tanh(z);
    }
    let z = theta[104]!;
    for (let i = 0; i < 8; i++) z += theta[96 + i]! * h2[i]!;
    const t = y[r]!;
    total += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    const s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    const dz = (s - t) / n;
    for (let i = 0; i < 8; i++) {
      grad[96 + i] = grad[96 + i]! + dz * h2[i]!;
      d2[i] = dz * theta[96 + i]! * (1 - h2[i]! * h2[i]!);
    }
    grad[104] = grad[104]! + dz;
    for (let o = 0; o < 8; o++) {
      const g = d2[o]!;
      for (let i = 0; i < 8; i++) grad[24 + 8 * o + i] = grad[24 + 8 * o + i]! + g * h1[i]!;
      grad[88 + o] = grad[88 + o]! + g;
    }
    for (let i = 0; i < 8; i++) {
      let sum = 0;
      for (let o = 0; o < 8; o++) sum += theta[24 + 8 * o + i]! * d2[o]!;
      const g = sum * (1 - h1[i]! * h1[i]!);
      grad[2 * i] = grad[2 * i]! + g * x0;
      grad[2 * i + 1] = grad[2 * i + 1]! + g * x1;
      grad[16 + i] = grad[16 + i]! + g;
    }
  }
  return total / n;
}

function inWorker(steps: number, n: number): Promise<{ ms: number; roundTripMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // The worker loads its TypeScript through tsx's API (Node 20 does not pass tsx's loader to workers).
    const entry = new URL('./nn-worker.ts', import.meta.url).href;
    const worker = new Worker(
      `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`,
      { eval: true },
    );
    worker.once('message', (m: { ms: number; value: number }) => {
      consume(m.value);
      const roundTripMs = performance.now() - t0;
      void worker.terminate();
      resolve({ ms: m.ms, roundTripMs });
    });
    worker.once('error', reject);
    worker.postMessage({ steps, n });
  });
}

export async function benchNn(options: NnOptions): Promise<SectionResult> {
  const t0 = performance.now();
  const rounds = options.quick ? 5 : 11;
  const { data, net, theta0, d1, d2 } = scenario();
  options.log('nn: forward/backward against the hand-written loop');
  const grad = new Float64Array(net.dim);
  const handGrad = new Float64Array(net.dim);
  // The two agree before they are timed.
  const a = net.lossGrad(theta0, grad, data);
  const b = handLossGrad(theta0, handGrad, data.x, data.y, data.n);
  const agree = Math.abs(a - b) < 1e-12 && grad.every((g, k) => Math.abs(g - handGrad[k]!) < 1e-12);
  if (!agree) throw new Error('bench nn: the hand-written loop and Mlp.lossGrad disagree');
  // Both warm for ~0.3 s first: V8 optimises on a background thread, late on a loaded machine.
  for (const warm of [
    () => handLossGrad(theta0, handGrad, data.x, data.y, data.n),
    () => net.lossGrad(theta0, grad, data),
  ]) {
    const until = performance.now() + 300;
    while (performance.now() < until) consume(warm());
  }
  const { times } = interleave(
    [
      { name: 'hand', run: () => consume(handLossGrad(theta0, handGrad, data.x, data.y, data.n)) },
      { name: 'mlp', run: () => consume(net.lossGrad(theta0, grad, data)) },
    ],
    { rounds, warmup: 3, targetMs: 20 },
  );
  const fwdRatio = pairedRatio(times.mlp!, times.hand!);

  options.log('nn: 500 Adam steps + 31² slice in a worker_thread');
  const workerRuns: { ms: number; roundTripMs: number }[] = [];
  for (let i = 0; i < (options.quick ? 1 : 3); i++) workerRuns.push(await inWorker(500, 31));
  const workerMs = median(workerRuns.map((r) => r.ms));
  const roundTrip = median(workerRuns.map((r) => r.roundTripMs));
  options.log('nn: the same on the main thread, and a 51² slice');
  const mainMs: number[] = [];
  const slice51: number[] = [];
  const alpha51 = linspace(-1, 1, 51);
  for (let i = 0; i < (options.quick ? 1 : 3); i++) {
    let t = performance.now();
    consume(trainAndSlice(500, 31));
    mainMs.push(performance.now() - t);
    t = performance.now();
    const grid = lossGrid(net, data, theta0, d1, d2, alpha51, alpha51);
    slice51.push(performance.now() - t);
    consume(grid[1300]!);
  }
  const table: Table = {
    title: `${LAYERS.join('-')} tanh network, ${POINTS} points (${net.dim} parameters), medians`,
    columns: ['measurement', 'time', 'note'],
    rows: [
      ['forward+backward, hand-written loop', ms(median(times.hand!)), 'fixed 2-8-8-1 loops'],
      ['forward+backward, Mlp.lossGrad', ms(median(times.mlp!)), `${ratio(fwdRatio)} the hand loop (paired)`],
      ['500 Adam steps + 31² slice, worker', ms(workerMs), `round trip with worker start ${ms(roundTrip)}`],
      ['500 Adam steps + 31² slice, main thread', ms(median(mainMs)), ''],
      [
        '51² slice, main thread',
        ms(median(slice51)),
        `${((median(slice51) * 1e3) / 2601).toFixed(0)} µs per grid point`,
      ],
    ],
    align: ['l', 'r', 'l'],
  };
  return {
    name: 'nn',
    tables: [table],
    checks: [
      check(BUDGETS.fwdBwd, 'Mlp.lossGrad, 2-8-8-1 tanh, 200 points', fwdRatio),
      check(BUDGETS.trainSlice, 'Node worker_thread (proxy for the page worker)', workerMs),
      check(BUDGETS.slice51, 'lossGrid, main thread', median(slice51)),
    ],
    notes: [
      "The worker is a Node worker_thread standing in for the page's Web Worker (the same V8, off the main thread); its time is measured inside the worker, without its start-up.",
      'The hand-written loop is checked to give the same loss and gradient (to 1e-12) before timing.',
    ],
    data: { times, fwdRatio, workerRuns, mainMs, slice51 },
    seconds: (performance.now() - t0) / 1000,
  };
}
