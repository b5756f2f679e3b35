/**
 * Batch section: many runs at once (`src/core/batch`, `src/app/batch-pool.ts`).
 *
 * 1. Kernel throughput, one core: `runStarts` (Adam stacked into one optimizer per block of cells, the
 *    compiled Himmelblau gradient, Run's bookkeeping) against a hand-written structure-of-arrays loop of
 *    the same Adam on the same function (gradient written by hand, the same bookkeeping), interleaved
 *    rounds timed in CPU time (the machine is shared), the median of paired ratios. Both give the same
 *    end points (checked: max |Δf|).
 * 2. A basin map of 256² starts × 500 Adam steps on Himmelblau through `BatchPool` with one
 *    worker_thread per core — Node's workers as a proxy for the page's Web Workers: the same pool, the
 *    same worker body. Workers are started and warmed once (as the page keeps its pool); the cold start is
 *    reported beside. Wall time to the first coarse 64² picture and to the whole map, and the longest
 *    main-thread message handler (the page's longest task while the map computes).
 * 3. Memory against the step count: the peak live heap + array buffers (after a collection, sampled
 *    after every block) during `runStarts` of 128² cells at 50 and at 5000 steps.
 */
import { cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import {
  type BasinJob,
  BatchPool,
  type MapTask,
  type PoolMessage,
  type WorkerLike,
} from '../src/app/batch-pool.ts';
import { runStarts } from '../src/core/batch/engine.ts';
import { compile } from '../src/core/expr/index.ts';
import { getFunctionPreset } from '../src/core/functions/presets.ts';
import { getOptimizer, resolveParams } from '../src/core/optimizers/index.ts';
import { divergenceBound } from '../src/core/runner.ts';
import { type Budget, type Check, check, ms, ratio, type SectionResult, sig, type Table } from './report.ts';
import { consume, median, pairedRatio } from './stats.ts';

export interface BatchOptions {
  readonly quick: boolean;
  readonly log: (message: string) => void;
}

/** The budgets of the batch issue. */
export const BATCH_BUDGETS = {
  kernelVsHand: {
    id: 'batch-kernel-vs-hand',
    label: 'batch kernel throughput ÷ hand-written SoA loop (Adam on Himmelblau, one core)',
    op: '>=',
    limit: 0.8,
    unit: '×',
  },
  basinMap: {
    id: 'basin-map-256',
    label: 'basin map 256² × 500 Adam steps on Himmelblau, wall (worker_threads, one per core)',
    op: '<=',
    limit: 2500,
    unit: 'ms',
  },
  coarse: {
    id: 'basin-map-coarse',
    label: 'first coarse 64² picture of that map, wall',
    op: '<=',
    limit: 150,
    unit: 'ms',
  },
  longestTask: {
    id: 'basin-map-main-thread',
    label: 'longest main-thread message handler while the map computes',
    op: '<=',
    limit: 50,
    unit: 'ms',
  },
  memory: {
    id: 'batch-memory-steps',
    label: 'peak memory of a batch at 100× the steps ÷ at 1×',
    op: '<=',
    limit: 1.25,
    unit: '×',
  },
} as const satisfies Record<string, Budget>;

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
const LR = 0.05;

/**
 * Hand-written structure-of-arrays Adam (torch form, defaults but lr) on Himmelblau with Run's
 * bookkeeping (bound and finiteness, |∇f| < tolerance from that row on): every cell per step.
 * Returns the end points' f.
 */
export function handAdamHimmelblau(
  xs: Float64Array,
  ys: Float64Array,
  steps: number,
  bound: number,
): Float64Array {
  const n = xs.length;
  const tolerance = 1e-6;
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const gx = new Float64Array(n);
  const gy = new Float64Array(n);
  const mx = new Float64Array(n);
  const my = new Float64Array(n);
  const vx = new Float64Array(n);
  const vy = new Float64Array(n);
  const ef = new Float64Array(n);
  const ex = new Float64Array(n);
  const ey = new Float64Array(n);
  const alive = new Uint8Array(n).fill(1);
  const convergedAt = new Int32Array(n).fill(-1);
  for (let k = 0; k <= steps; k++) {
    let stepSize = 0;
    let bc2Sqrt = 1;
    if (k > 0) {
      stepSize = LR / (1 - BETA1 ** k);
      bc2Sqrt = Math.sqrt(1 - BETA2 ** k);
    }
    for (let i = 0; i < n; i++) {
      if (alive[i] === 0) continue;
      let px = x[i]!;
      let py = y[i]!;
      if (k > 0) {
        const dx = gx[i]!;
        const dy = gy[i]!;
        const mxi = mx[i]! + (dx - mx[i]!) * (1 - BETA1);
        const myi = my[i]! + (dy - my[i]!) * (1 - BETA1);
        const vxi = vx[i]! * BETA2 + (1 - BETA2) * dx * dx;
        const vyi = vy[i]! * BETA2 + (1 - BETA2) * dy * dy;
        mx[i] = mxi;
        my[i] = myi;
        vx[i] = vxi;
        vy[i] = vyi;
        px = px - (stepSize * mxi) / (Math.sqrt(vxi) / bc2Sqrt + EPS);
        py = py - (stepSize * myi) / (Math.sqrt(vyi) / bc2Sqrt + EPS);
        x[i] = px;
        y[i] = py;
      }
      const a = px * px + py - 11;
      const b = px + py * py - 7;
      const f = a * a + b * b;
      if (!(Math.abs(px) <= bound && Math.abs(py) <= bound && f - f === 0)) {
        alive[i] = 0;
        continue;
      }
      const dfx = 4 * px * a + 2 * b;
      const dfy = 2 * a + 4 * py * b;
      gx[i] = dfx;
      gy[i] = dfy;
      // |∇f| as Run computes it (Math.hypot where the square over- or underflows).
      const sq = dfx * dfx + dfy * dfy;
      const norm =
        sq === Number.POSITIVE_INFINITY || (sq < 1e-300 && sq !== 0) ? Math.hypot(dfx, dfy) : Math.sqrt(sq);
      ex[i] = px;
      ey[i] = py;
      ef[i] = f;
      if (norm < tolerance) {
        if (convergedAt[i]! < 0) convergedAt[i] = k;
      } else convergedAt[i] = -1;
    }
  }
  return ef;
}

/** CPU milliseconds (user + system) of this process while `work` runs. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function himmelblau() {
  const preset = getFunctionPreset('himmelblau')!;
  const fn = compile(preset.expression);
  if (!fn.ok) throw new Error(fn.error.message);
  const optimizer = getOptimizer('adam')!;
  const params = resolveParams(optimizer, { lr: LR });
  if (!params.ok) throw new Error(params.error);
  return { fn: fn.value, optimizer, params: params.value, bound: divergenceBound(preset.domain) };
}

function gridStarts(n: number) {
  const xs = new Float64Array(n * n);
  const ys = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      xs[i * n + j] = -5 + (10 * i) / (n - 1);
      ys[i * n + j] = -5 + (10 * j) / (n - 1);
    }
  return { xs, ys };
}

function benchKernel(quick: boolean) {
  const h = himmelblau();
  const n = quick ? 32 : 64;
  const steps = 500;
  const { xs, ys } = gridStarts(n);
  const spec = { ...h, steps };
  // Same work, same answers: the hand loop's f against the kernel's (the gradient formulas differ in
  // association, so allow rounding).
  const kernelF = runStarts(spec, xs, ys).f;
  const handF = handAdamHimmelblau(xs, ys, steps, h.bound);
  let maxDiff = 0;
  for (let i = 0; i < kernelF.length; i++) maxDiff = Math.max(maxDiff, Math.abs(kernelF[i]! - handF[i]!));
  // CPU time, not wall time: the machine is shared, and a round descheduled by another process would
  // count against whichever variant it hit. Rounds alternate the order (A B, B A, …) after a warm-up.
  const variants = {
    kernel: () => consume(runStarts(spec, xs, ys).f[0]!),
    hand: () => consume(handAdamHimmelblau(xs, ys, steps, h.bound)[0]!),
  };
  const times: Record<keyof typeof variants, number[]> = { kernel: [], hand: [] };
  const rounds = quick ? 7 : 21;
  for (let round = -3; round < rounds; round++) {
    const order: (keyof typeof variants)[] = round % 2 === 0 ? ['kernel', 'hand'] : ['hand', 'kernel'];
    for (const name of order) {
      const ms = cpuMs(variants[name]);
      if (round >= 0) times[name].push(ms);
    }
  }
  const cellSteps = n * n * steps;
  return {
    cells: n * n,
    steps,
    // million cell-steps per second (times are in ms)
    kernelRate: median(times.kernel!.map((t) => cellSteps / t / 1000)),
    handRate: median(times.hand!.map((t) => cellSteps / t / 1000)),
    // throughput ratio = time(hand) / time(kernel), paired per round
    ratio: pairedRatio(times.hand!, times.kernel!),
    maxDiff,
  };
}

/** A worker_threads Worker behind the page's `WorkerLike`. */
function nodeWorker(): WorkerLike {
  const target = new URL('./batch-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(target)}, ${JSON.stringify(import.meta.url)}));`;
  const w = new Worker(code, { eval: true });
  const like: WorkerLike = {
    postMessage: (task: MapTask, transfer: Transferable[]) => w.postMessage(task, transfer as never),
    onmessage: null,
    onerror: null,
    terminate: () => void w.terminate(),
  };
  w.on('message', (data: PoolMessage) => like.onmessage?.({ data }));
  w.on('error', (e: Error) => like.onerror?.({ message: e.message }));
  return like;
}

interface MapTiming {
  readonly coarseMs: number;
  readonly totalMs: number;
  readonly longestHandlerMs: number;
}

function timeMap(pool: BatchPool, job: BasinJob): Promise<MapTiming> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let coarseMs = Number.NaN;
    pool.submit(job, {
      onUpdate: (_done, _total, coarse) => {
        if (coarse && Number.isNaN(coarseMs)) coarseMs = performance.now() - t0;
      },
      // The longest handler is measured by the wrapper of `timedWorkers`.
      onDone: () => resolve({ coarseMs, totalMs: performance.now() - t0, longestHandlerMs: Number.NaN }),
      onError: (message) => reject(new Error(message)),
    });
  });
}

/** Wraps each worker's onmessage to time the main thread's handling of every answer. */
function timedWorkers(longest: { ms: number }): () => WorkerLike {
  return () => {
    const w = nodeWorker();
    let inner: WorkerLike['onmessage'] = null;
    return {
      postMessage: (task, transfer) => w.postMessage(task, transfer),
      get onmessage() {
        return inner;
      },
      set onmessage(handler) {
        inner = handler;
        w.onmessage = (e) => {
          const t0 = performance.now();
          handler?.(e);
          longest.ms = Math.max(longest.ms, performance.now() - t0);
        };
      },
      get onerror() {
        return w.onerror;
      },
      set onerror(handler) {
        w.onerror = handler;
      },
      terminate: () => w.terminate(),
    };
  };
}

async function benchMap(quick: boolean, log: (m: string) => void) {
  const cores = cpus().length;
  const h = himmelblau();
  const job: BasinJob = {
    kind: 'basins',
    f: 'himmelblau',
    optimizer: 'adam',
    params: { lr: LR },
    steps: 500,
    gradient: 'exact',
    tolerance: 1e-6,
    bound: h.bound,
    grid: { x: [-5, 5], y: [-5, 5], n: 256 },
  };
  const longest = { ms: 0 };
  const pool = new BatchPool(timedWorkers(longest), cores);
  try {
    const t0 = performance.now();
    await timeMap(pool, { ...job, grid: { ...job.grid, n: 8 }, steps: 10 });
    const coldMs = performance.now() - t0;
    log(`batch: ${cores} workers started in ${coldMs.toFixed(0)} ms`);
    // Warm-up: the workers compile the kernel (the page's pool stays warm between maps).
    await timeMap(pool, { ...job, grid: { ...job.grid, n: 64 } });
    const runs: MapTiming[] = [];
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      longest.ms = 0;
      const t = await timeMap(pool, job);
      runs.push({ ...t, longestHandlerMs: longest.ms });
      log(`batch: map ${r + 1}: coarse ${t.coarseMs.toFixed(0)} ms, all ${t.totalMs.toFixed(0)} ms`);
    }
    return {
      cores,
      coldMs,
      coarseMs: median(runs.map((r) => r.coarseMs)),
      totalMs: median(runs.map((r) => r.totalMs)),
      longestHandlerMs: Math.max(...runs.map((r) => r.longestHandlerMs)),
      runs,
    };
  } finally {
    pool.dispose();
  }
}

/** V8's garbage collector as a function (`--expose-gc` set at run time), to measure live memory only. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function benchMemory(quick: boolean) {
  const h = himmelblau();
  const n = quick ? 64 : 128;
  const { xs, ys } = gridStarts(n);
  const gc = collector();
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  /** The largest live memory above the start, collected and sampled after every block. */
  const peak = (steps: number) => {
    const base = live();
    let max = 0;
    const sample = () => {
      max = Math.max(max, live() - base);
      return true;
    };
    const cells = runStarts({ ...h, steps }, xs, ys, undefined, 0, xs.length, sample);
    consume(cells.f[0]!);
    return max;
  };
  peak(50); // warm-up
  const few = median([peak(50), peak(50), peak(50)]);
  const many = median([peak(5000), peak(5000), peak(5000)]);
  return { cells: n * n, few, many, ratio: many / few };
}

export async function benchBatch(options: BatchOptions): Promise<SectionResult> {
  const t0 = performance.now();
  const { quick, log } = options;
  log('batch: kernel vs hand-written SoA loop');
  const kernel = benchKernel(quick);
  log('batch: basin map through the worker pool');
  const map = await benchMap(quick, log);
  log('batch: memory against steps');
  const memory = benchMemory(quick);
  const mb = (b: number) => `${sig(b / 1e6)} MB`;
  // What the map costs without the machine's other load: its cell-steps at the kernel's measured
  // CPU rate (million cell-steps per second), shared by the cores.
  const perCoreMs = (cellSteps: number) => cellSteps / (kernel.kernelRate * 1000) / map.cores;
  const estimate = { coarseMs: perCoreMs(64 * 64 * 500), totalMs: perCoreMs(256 * 256 * 500) };
  const tables: Table[] = [
    {
      title: `Adam on Himmelblau, ${kernel.cells} cells × ${kernel.steps} steps, one core — million cell-steps per CPU second (median of interleaved rounds)`,
      columns: ['hand-written SoA loop', 'batch kernel', 'kernel ÷ hand', 'max |Δf|'],
      rows: [
        [sig(kernel.handRate), sig(kernel.kernelRate), ratio(kernel.ratio), kernel.maxDiff.toExponential(1)],
      ],
    },
    {
      title: `Basin map 256² × 500 Adam steps on Himmelblau, ${map.cores} worker_threads (median of ${map.runs.length})`,
      columns: ['', 'workers cold start', 'coarse 64²', 'whole map', 'longest main-thread handler'],
      rows: [
        ['measured (wall)', ms(map.coldMs), ms(map.coarseMs), ms(map.totalMs), ms(map.longestHandlerMs)],
        ['CPU work ÷ cores', '', ms(estimate.coarseMs), ms(estimate.totalMs), ''],
      ],
    },
    {
      title: `Peak heap + array buffers during runStarts of ${memory.cells} cells`,
      columns: ["the cells' arrays (33 B each)", '50 steps', '5000 steps', 'ratio'],
      rows: [[mb(memory.cells * 33), mb(memory.few), mb(memory.many), ratio(memory.ratio)]],
    },
  ];
  const checks: Check[] = [
    check(BATCH_BUDGETS.kernelVsHand, 'runStarts, Adam, Himmelblau', kernel.ratio),
    check(BATCH_BUDGETS.basinMap, `${map.cores} workers`, map.totalMs),
    check(BATCH_BUDGETS.coarse, `${map.cores} workers`, map.coarseMs),
    check(BATCH_BUDGETS.longestTask, 'BatchPool.receive', map.longestHandlerMs),
    check(BATCH_BUDGETS.memory, `${memory.cells} cells`, memory.ratio),
  ];
  return {
    name: 'batch',
    tables,
    checks,
    notes: [
      "The basin map runs in Node worker_threads as a proxy for the page: the same BatchPool and the same computeTask as the page's Web Workers, one per core.",
      'Workers are started and warmed once before the timed maps, as the page keeps its pool; their cold start is reported separately.',
      "The row 'CPU work ÷ cores' is the map's cell-steps at the kernel's CPU rate shared by the cores: the wall time on an idle machine, without messages; the measured wall time includes the machine's other load (see the load average).",
      'Memory is the peak of live heap + array buffers above the start: collected (gc) and sampled after every block of cells.',
      'The hand-written loop has the gradient written out by hand; the kernel uses the compiled expression (the same numbers up to rounding, see max |Δf|).',
    ],
    data: { kernel, map, estimate, memory },
    seconds: (performance.now() - t0) / 1000,
  };
}
