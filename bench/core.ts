/**
 * Core section: the gradient engine without the page.
 *
 * 1. `valueGrad`: the compiled expression against the same function hand-written in JavaScript
 *    (Rosenbrock, Rastrigin, the book's quadratic), interleaved rounds, median ns per call and the
 *    median of the paired per-round ratios.
 * 2. `Run`: optimizer steps per second (value + gradient + update + the run's bookkeeping) for every
 *    optimizer in `OPTIMIZERS` on Rosenbrock and Rastrigin, exact and numeric gradient.
 * 3. The seed: the blog post's Python loop (`bench/seed.py`, `numerical_gradient` with `np.nditer`)
 *    against `Run` on the same work, per step, with the ratio measured round by round.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  defaultParams,
  getOptimizer,
  groupOf,
  OPTIMIZERS,
  resolveParams,
} from '../src/core/optimizers/index.ts';
import type { OptimizerDef, ParamValues } from '../src/core/optimizers/types.ts';
import { type GradientMode, objectiveOf, Run } from '../src/core/runner.ts';
import {
  BENCH_FUNCTION_IDS,
  type BenchFunction,
  benchFunction,
  maxDifference,
  samplePoints,
  type ValueGrad,
} from './functions.ts';
import {
  BUDGETS,
  type Budget,
  type Check,
  check,
  ns,
  rate,
  ratio,
  type SectionResult,
  sig,
  type Table,
} from './report.ts';
import { consume, interleave, median, pairedRatio, summarize, time } from './stats.ts';

export interface CoreOptions {
  readonly quick: boolean;
  /** Progress messages (stderr). */
  readonly log: (message: string) => void;
}

// ---- 1. compiled vs hand-written valueGrad ---------------------------------------------------------------

type ValueGradLoop = (
  fn: ValueGrad,
  xs: Float64Array,
  ys: Float64Array,
  calls: number,
  out: Float64Array,
) => number;

let loopCopies = 0;

/**
 * A fresh copy of the timing loop. Each copy has its own type feedback, so the call inside stays
 * monomorphic for the one function it times (V8 may inline it), as it would be in code that uses one
 * function; a shared loop would see every variant and time the dispatch as well. The source differs
 * per copy (a comment) because V8 caches `new Function` by source text, and identical copies would
 * share their feedback after all.
 */
function freshLoop(): ValueGradLoop {
  loopCopies += 1;
  return new Function(
    'fn',
    'xs',
    'ys',
    'calls',
    'out',
    `let sum = 0;
     const mask = xs.length - 1;
     for (let i = 0; i < calls; i++) {
       const k = i & mask;
       sum += fn(xs[k], ys[k], out) + out[0] + out[1];
     }
     return sum; // copy ${loopCopies}`,
  ) as ValueGradLoop;
}

interface ValueGradResult {
  readonly id: string;
  readonly expression: string;
  /** ns per call, per round. */
  readonly handNs: number[];
  readonly compiledNs: number[];
  readonly ratio: number;
  readonly maxRelativeDifference: number;
  readonly callsPerRound: number;
}

function benchValueGrad(fn: BenchFunction, rounds: number, calls: number): ValueGradResult {
  const { xs, ys } = samplePoints(fn.domain, 1024);
  const out = new Float64Array(2);
  const handLoop = freshLoop();
  const compiledLoop = freshLoop();
  const { hand } = fn;
  const compiled = fn.compiled;
  const { times } = interleave(
    [
      { name: 'hand', run: () => consume(handLoop(hand.valueGrad, xs, ys, calls, out)) },
      { name: 'compiled', run: () => consume(compiledLoop(compiled.valueGrad, xs, ys, calls, out)) },
    ],
    { rounds, warmup: 3, reps: 1 },
  );
  const perCall = (t: number[]) => t.map((msPerRun) => (msPerRun * 1e6) / calls);
  return {
    id: fn.id,
    expression: fn.expression,
    handNs: perCall(times.hand!),
    compiledNs: perCall(times.compiled!),
    ratio: pairedRatio(times.compiled!, times.hand!),
    maxRelativeDifference: maxDifference(fn, xs, ys),
    callsPerRound: calls,
  };
}

// ---- 2. Run steps per second ------------------------------------------------------------------------------

interface RunCell {
  readonly fn: string;
  readonly gradient: GradientMode;
  readonly steps: number;
  readonly status: string;
  readonly divergedAt: number | null;
  /** Steps per second, per round. */
  readonly stepsPerSecond: number[];
}

interface RunRow {
  readonly optimizer: string;
  readonly params: ParamValues;
  readonly cells: RunCell[];
}

const MODES: readonly GradientMode[] = ['exact', 'numeric'];

function benchRuns(fns: readonly BenchFunction[], rounds: number, steps: number, log: (m: string) => void) {
  const configs = OPTIMIZERS.flatMap((def) =>
    fns.flatMap((fn) => MODES.map((gradient) => ({ def, fn, gradient, params: defaultParams(def) }))),
  );
  const make = (c: (typeof configs)[number]) =>
    new Run({
      fn: c.fn.compiled,
      optimizer: c.def,
      params: c.params,
      start: c.fn.start,
      gradient: c.gradient,
    });
  // One unmeasured run of each (warm-up, and the outcome: status, where it diverged).
  const outcome = configs.map((c) => make(c).advanceTo(steps));
  const perRound: number[][] = configs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    log(`core: Run steps/s, round ${round + 1}/${rounds}`);
    const order = configs.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      let done = 0;
      const ms = time(() => {
        done = make(configs[i]!).advanceTo(steps).steps;
      });
      perRound[i]!.push((done / ms) * 1000);
    }
  }
  const rows: RunRow[] = OPTIMIZERS.map((def) => ({
    optimizer: def.id,
    params: defaultParams(def),
    cells: [],
  }));
  configs.forEach((c, i) => {
    const run = outcome[i]!;
    rows
      .find((r) => r.optimizer === c.def.id)!
      .cells.push({
        fn: c.fn.id,
        gradient: c.gradient,
        steps: run.steps,
        status: run.status,
        divergedAt: run.divergedAt,
        stepsPerSecond: perRound[i]!,
      });
  });
  return rows;
}

/** The same SGD update in a bare loop (no Run): what the bookkeeping of `Run` costs, for reference. */
function bareSgd(vg: ValueGrad, x: number, y: number, lr: number, steps: number): number {
  const g = new Float64Array(2);
  let f = 0;
  for (let k = 0; k < steps; k++) {
    f = vg(x, y, g);
    x -= lr * g[0]!;
    y -= lr * g[1]!;
  }
  return f + x + y;
}

function benchBareSgd(fns: readonly BenchFunction[], rounds: number, steps: number) {
  const lr = defaultParams(getOptimizer('sgd')!).lr as number;
  return fns.map((fn) => {
    const { times } = interleave(
      [
        { name: 'hand', run: () => consume(bareSgd(fn.hand.valueGrad, fn.start[0], fn.start[1], lr, steps)) },
        {
          name: 'compiled',
          run: () => consume(bareSgd(fn.compiled.valueGrad, fn.start[0], fn.start[1], lr, steps)),
        },
      ],
      { rounds, warmup: 1, reps: 1 },
    );
    const perSecond = (t: number[]) => t.map((msPerRun) => (steps / msPerRun) * 1000);
    return { fn: fn.id, hand: perSecond(times.hand!), compiled: perSecond(times.compiled!) };
  });
}

// ---- where the time of a Run step goes ----------------------------------------------------------------

/**
 * SGD on `fn` from (−7, 2): `Run` against bare loops doing part of its work (exact valueGrad +
 * `optimizer.step`; plus |∇f| by Math.hypot, as `Run.record` does; plus |∇f| by Math.sqrt instead).
 * The differences show what Run's bookkeeping costs per step.
 */
function benchRunOverhead(fn: BenchFunction, rounds: number, steps: number) {
  const def = getOptimizer('sgd')!;
  const resolved = resolveParams(def, { lr: 0.9 });
  if (!resolved.ok) throw new Error(resolved.error);
  const params = resolved.value;
  const vg = fn.compiled.valueGrad;
  const bare = (norm: 'none' | 'hypot' | 'sqrt') => () => {
    const opt = def.create(params, 2);
    const group = groupOf(def, params);
    const objective = objectiveOf(vg, undefined, undefined, 0);
    const p = new Float64Array([-7, 2]);
    const g = new Float64Array(2);
    let acc = 0;
    for (let k = 0; k < steps; k++) {
      acc += vg(p[0]!, p[1]!, g);
      if (norm === 'hypot') acc += Math.hypot(g[0]!, g[1]!);
      else if (norm === 'sqrt') acc += Math.sqrt(g[0]! * g[0]! + g[1]! * g[1]!);
      opt.step(p, g, group, objective);
    }
    consume(acc);
  };
  const variants = [
    {
      name: 'Run (exact)',
      run: () =>
        consume(new Run({ fn: fn.compiled, optimizer: def, params, start: [-7, 2] }).advanceTo(steps).steps),
    },
    { name: 'bare: valueGrad + optimizer.step', run: bare('none') },
    { name: 'bare + Math.hypot(gx, gy) per step', run: bare('hypot') },
    { name: 'bare + Math.sqrt(gx² + gy²) per step', run: bare('sqrt') },
  ];
  const { times } = interleave(variants, { rounds, warmup: 2, targetMs: 10 });
  return variants.map((v) => ({ name: v.name, nsPerStep: times[v.name]!.map((t) => (t * 1e6) / steps) }));
}

// ---- a Run of Adam against a hand-written Adam loop that records the same rows ----------------------------

/** A Run of Adam may cost at most this multiple of a hand-written Adam loop recording the same rows. */
export const RUN_ADAM_BUDGET: Budget = {
  id: 'run-adam-vs-hand',
  label:
    'Run of Adam (per-step param group, recording rows) ÷ a hand-written Adam loop recording the same rows',
  op: '<=',
  limit: 1.5,
  unit: '×',
};

/**
 * PyTorch's Adam written out for two coordinates (lr 0.001, β 0.9/0.999, eps 1e-8), recording what Run records
 * per row: x, y, f, |∇f| (and the lr used), with the same divergence and convergence tests.
 */
function handAdam(vg: ValueGrad, x0: number, y0: number, steps: number): number {
  const lr = 0.001;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const xyf = new Float64Array((steps + 1) * 3);
  const gradNorm = new Float64Array(steps + 1);
  const lrs = new Float64Array(steps + 1);
  const g = new Float64Array(2);
  let x = x0;
  let y = y0;
  let mx = 0;
  let my = 0;
  let vx = 0;
  let vy = 0;
  let converged = -1;
  for (let k = 0; k <= steps; k++) {
    if (k > 0) {
      lrs[k - 1] = lr;
      const gx = g[0]!;
      const gy = g[1]!;
      const bc1 = 1 - beta1 ** k;
      const bc2 = 1 - beta2 ** k;
      const bc2Sqrt = Math.sqrt(bc2);
      const stepSize = lr / bc1;
      mx = mx + (1 - beta1) * (gx - mx);
      my = my + (1 - beta1) * (gy - my);
      vx = vx * beta2 + (1 - beta2) * gx * gx;
      vy = vy * beta2 + (1 - beta2) * gy * gy;
      x = x - (stepSize * mx) / (Math.sqrt(vx) / bc2Sqrt + eps);
      y = y - (stepSize * my) / (Math.sqrt(vy) / bc2Sqrt + eps);
    }
    const f = vg(x, y, g);
    if (!(Math.abs(x) <= 1e7 && Math.abs(y) <= 1e7 && f - f === 0)) break;
    const norm = Math.sqrt(g[0]! * g[0]! + g[1]! * g[1]!);
    xyf[3 * k] = x;
    xyf[3 * k + 1] = y;
    xyf[3 * k + 2] = f;
    gradNorm[k] = norm;
    if (norm < 1e-6) converged = converged < 0 ? k : converged;
    else converged = -1;
  }
  return xyf[3 * steps]! + gradNorm[steps]! + lrs[0]! + converged;
}

/** Run(Adam) and the hand-written loop, interleaved; their paired time ratio. */
export function benchRunAdam(fn: BenchFunction, rounds: number, steps: number) {
  const def = getOptimizer('adam')!;
  const params = defaultParams(def);
  const [x0, y0] = fn.start;
  const variants = [
    {
      name: 'Run',
      run: () =>
        consume(new Run({ fn: fn.compiled, optimizer: def, params, start: [x0, y0] }).advanceTo(steps).rows),
    },
    { name: 'hand', run: () => consume(handAdam(fn.compiled.valueGrad, x0, y0, steps)) },
  ];
  const { times } = interleave(variants, { rounds, warmup: 2, targetMs: 20 });
  const run = new Run({ fn: fn.compiled, optimizer: def, params, start: [x0, y0] }).advanceTo(steps);
  const agree = run.xyf[3 * steps] === handXAt(fn.compiled.valueGrad, x0, y0, steps);
  return {
    ratio: pairedRatio(times.Run!, times.hand!),
    runNs: times.Run!.map((t) => (t * 1e6) / steps),
    handNs: times.hand!.map((t) => (t * 1e6) / steps),
    agree,
  };
}

/** The hand loop's final x, to check that both loops compute the same path (bit for bit). */
function handXAt(vg: ValueGrad, x0: number, y0: number, steps: number): number {
  const lr = 0.001;
  const g = new Float64Array(2);
  let [x, y, mx, my, vx, vy] = [x0, y0, 0, 0, 0, 0];
  vg(x, y, g);
  for (let k = 1; k <= steps; k++) {
    const [gx, gy] = [g[0]!, g[1]!];
    const bc2Sqrt = Math.sqrt(1 - 0.999 ** k);
    const stepSize = lr / (1 - 0.9 ** k);
    mx = mx + (1 - 0.9) * (gx - mx);
    my = my + (1 - 0.9) * (gy - my);
    vx = vx * 0.999 + (1 - 0.999) * gx * gx;
    vy = vy * 0.999 + (1 - 0.999) * gy * gy;
    x = x - (stepSize * mx) / (Math.sqrt(vx) / bc2Sqrt + 1e-8);
    y = y - (stepSize * my) / (Math.sqrt(vy) / bc2Sqrt + 1e-8);
    vg(x, y, g);
  }
  return x;
}

// ---- 3. the seed's Python loop ----------------------------------------------------------------------------

const SEED_SCRIPT = fileURLToPath(new URL('./seed.py', import.meta.url));

/** The seed's settings (its `gradient_descent` calls), as Descent parameters. */
const SEED_RUNS: readonly { id: string; python: string; params: Record<string, number> }[] = [
  { id: 'sgd', python: 'sgd, lr=0.9', params: { lr: 0.9 } },
  { id: 'momentum', python: 'momentum, lr=0.2, moment=0.9', params: { lr: 0.2, momentum: 0.9 } },
  { id: 'adagrad', python: 'adagrad, lr=0.9 (eps 1e-7)', params: { lr: 0.9, eps: 1e-7 } },
];

interface SeedJson {
  python: string;
  numpy: string;
  steps: number;
  results: Record<string, { seconds: number; final: [number, number]; steps: number }>;
}

/** Why the seed comparison cannot run here, or undefined when python3 with numpy is present. */
function pythonMissing(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `python3 not found (${probe.error.message})`;
  if (probe.status !== 0) return `python3 has no numpy (${probe.stderr.trim().split('\n').pop()})`;
  return undefined;
}

/** One run of bench/seed.py: each loop timed `repeat` times, the median kept. */
function runSeed(steps: number, repeat: number): SeedJson {
  const child = spawnSync('python3', [SEED_SCRIPT, '--steps', String(steps), '--repeat', String(repeat)], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`bench/seed.py failed: ${child.stderr || child.error?.message}`);
  return JSON.parse(child.stdout) as SeedJson;
}

interface SeedRow {
  readonly optimizer: string;
  readonly settings: string;
  /** Python seconds per step, per round: the w6-9 loop (records x, y, f) and the 6-5 loop (x only). */
  readonly python3dPerStep: number[];
  readonly python2dPerStep: number[];
  /** Run seconds per step, per round. */
  readonly numericPerStep: number[];
  readonly exactPerStep: number[];
  readonly speedupNumeric: number;
  readonly speedupExact: number;
  /** |final point of Run (numeric) − final point of the Python loop|, max over x and y. */
  readonly finalDifference: number;
}

function benchSeed(
  fn: BenchFunction,
  rounds: number,
  steps: number,
  repeat: number,
  log: (m: string) => void,
) {
  const setups = SEED_RUNS.map((s) => {
    const def = getOptimizer(s.id) as OptimizerDef;
    const params = resolveParams(def, s.params);
    if (!params.ok) throw new Error(params.error);
    return { ...s, def, params: params.value };
  });
  const make = (s: (typeof setups)[number], gradient: GradientMode) =>
    new Run({ fn: fn.compiled, optimizer: s.def, params: s.params, start: [-7, 2], gradient });
  // Enough repetitions of the JS run to take ~20 ms (it is ~100× faster than one Python run).
  const reps = new Map<string, number>();
  for (const s of setups) {
    for (const g of MODES) {
      let r = 1;
      while (time(() => make(s, g).advanceTo(steps)) * r < 20) r *= 2;
      reps.set(`${s.id}/${g}`, r);
    }
  }
  const py3d: number[][] = setups.map(() => []);
  const py2d: number[][] = setups.map(() => []);
  const js: Record<GradientMode, number[][]> = { exact: setups.map(() => []), numeric: setups.map(() => []) };
  let seed: SeedJson | undefined;
  for (let round = 0; round < rounds; round++) {
    log(
      `core: seed comparison, round ${round + 1}/${rounds} (python3: 6 loops × ${repeat} × ${steps} steps)`,
    );
    seed = runSeed(steps, repeat);
    setups.forEach((s, i) => {
      py3d[i]!.push(seed!.results[`${s.id}/3d`]!.seconds / steps);
      py2d[i]!.push(seed!.results[`${s.id}/2d`]!.seconds / steps);
      for (const g of MODES) {
        const r = reps.get(`${s.id}/${g}`)!;
        const ms = time(() => {
          for (let k = 0; k < r; k++) make(s, g).advanceTo(steps);
        });
        js[g][i]!.push(ms / 1000 / r / steps);
      }
    });
  }
  const rows: SeedRow[] = setups.map((s, i) => {
    const run = make(s, 'numeric').advanceTo(steps);
    const k = run.rows - 1;
    const final = seed!.results[`${s.id}/3d`]!.final;
    return {
      optimizer: s.id,
      settings: s.python,
      python3dPerStep: py3d[i]!,
      python2dPerStep: py2d[i]!,
      numericPerStep: js.numeric[i]!,
      exactPerStep: js.exact[i]!,
      speedupNumeric: pairedRatio(py3d[i]!, js.numeric[i]!),
      speedupExact: pairedRatio(py3d[i]!, js.exact[i]!),
      finalDifference: Math.max(
        Math.abs(run.xyf[3 * k]! - final[0]),
        Math.abs(run.xyf[3 * k + 1]! - final[1]),
      ),
    };
  });
  return {
    python: seed!.python,
    numpy: seed!.numpy,
    steps,
    rows,
  };
}

// ---- the section ------------------------------------------------------------------------------------------

export function benchCore(options: CoreOptions): SectionResult {
  const t0 = performance.now();
  const { quick, log } = options;
  const rounds = quick ? 5 : 9;
  const fns = BENCH_FUNCTION_IDS.map(benchFunction);
  const byId = (id: string) => fns.find((f) => f.id === id)!;
  const checks: Check[] = [];
  const notes: string[] = [];
  const tables: Table[] = [];

  // 1. valueGrad
  const calls = quick ? 1_000_000 : 4_000_000;
  const vg = fns.map((fn) => {
    log(`core: valueGrad ${fn.id}`);
    return benchValueGrad(fn, rounds, calls);
  });
  tables.push({
    title: `valueGrad(x, y, out): compiled vs hand-written JavaScript — ns per call, median of ${rounds} interleaved rounds of ${calls.toLocaleString('en')} calls`,
    columns: ['function', 'hand-written', 'compiled', 'compiled ÷ hand', 'budget', 'max rel. diff'],
    rows: vg.map((r) => [
      byId(r.id).name,
      ns(median(r.handNs)),
      ns(median(r.compiledNs)),
      ratio(r.ratio),
      r.ratio <= BUDGETS.compiledVsHand.limit ? 'PASS' : 'FAIL',
      r.maxRelativeDifference.toExponential(1),
    ]),
  });
  for (const r of vg) {
    checks.push(
      check(
        BUDGETS.compiledVsHand,
        `valueGrad ${r.id}`,
        r.ratio,
        `${sig(median(r.compiledNs))} vs ${sig(median(r.handNs))} ns/call`,
      ),
    );
    if (r.maxRelativeDifference > 1e-9) {
      notes.push(
        `${r.id}: compiled and hand-written differ by up to ${r.maxRelativeDifference} (relative) — check HAND in bench/functions.ts`,
      );
    }
  }

  // 2. Run
  const steps = quick ? 20_000 : 100_000;
  const runRounds = quick ? 3 : 7;
  const runFns = [byId('rosenbrock'), byId('rastrigin')];
  const runRows = benchRuns(runFns, runRounds, steps, log);
  const bare = benchBareSgd(runFns, runRounds, steps);
  const cellRate = (row: RunRow, fn: string, g: GradientMode) => {
    const cell = row.cells.find((c) => c.fn === fn && c.gradient === g)!;
    const mark = cell.status === 'diverged' ? ` (diverged at ${cell.divergedAt})` : '';
    return `${rate(median(cell.stepsPerSecond))}${mark}`;
  };
  const statusOf = (row: RunRow) => {
    const counts = new Map<string, number>();
    for (const c of row.cells) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  };
  tables.push({
    title: `Run: optimizer steps per second (value + gradient + update + recording), ${steps.toLocaleString('en')} steps from the preset's start, default parameters, median of ${runRounds} rounds`,
    columns: [
      'optimizer',
      'lr',
      'Rosenbrock exact',
      'Rosenbrock numeric',
      'Rastrigin exact',
      'Rastrigin numeric',
      'end state (4 runs)',
    ],
    rows: [
      ...runRows.map((row) => [
        row.optimizer,
        String(row.params.lr),
        cellRate(row, 'rosenbrock', 'exact'),
        cellRate(row, 'rosenbrock', 'numeric'),
        cellRate(row, 'rastrigin', 'exact'),
        cellRate(row, 'rastrigin', 'numeric'),
        statusOf(row),
      ]),
      ...(['hand', 'compiled'] as const).map((v) => [
        `(bare SGD loop, ${v} valueGrad)`,
        String(defaultParams(getOptimizer('sgd')!).lr),
        rate(median(bare.find((b) => b.fn === 'rosenbrock')![v])),
        '',
        rate(median(bare.find((b) => b.fn === 'rastrigin')![v])),
        '',
        'reference: no Run',
      ]),
    ],
  });
  const diverged = runRows.flatMap((r) =>
    r.cells.filter((c) => c.status === 'diverged').map((c) => `${r.optimizer}/${c.fn}/${c.gradient}`),
  );
  notes.push(
    diverged.length === 0
      ? `No run diverged in ${steps.toLocaleString('en')} steps at the default parameters ('running' = still moving at the end, 'converged' = |∇f| < 1e-6).`
      : `Diverged (steps/s counts only the steps done before divergence): ${diverged.join(', ')}.`,
  );

  // 2b. Run of Adam vs a hand-written Adam loop recording the same rows
  const adamSteps = quick ? 20_000 : 100_000;
  const adam = benchRunAdam(byId('rosenbrock'), runRounds, adamSteps);
  tables.push({
    title: `Run of Adam vs a hand-written Adam loop recording the same rows: Rosenbrock, default parameters, ${adamSteps.toLocaleString('en')} steps, ns per step, median of ${runRounds} interleaved rounds`,
    columns: ['Run', 'hand-written', 'Run ÷ hand', 'budget', 'same path'],
    rows: [
      [
        sig(median(adam.runNs)),
        sig(median(adam.handNs)),
        ratio(adam.ratio),
        adam.ratio <= RUN_ADAM_BUDGET.limit ? 'PASS' : 'FAIL',
        adam.agree ? 'yes' : 'NO',
      ],
    ],
  });
  checks.push(
    check(
      RUN_ADAM_BUDGET,
      'Run of Adam, Rosenbrock',
      adam.ratio,
      `${sig(median(adam.runNs))} vs ${sig(median(adam.handNs))} ns/step`,
    ),
  );

  // 3. the seed
  const missing = pythonMissing();
  // 1,000 steps: the panel's slider maximum. Much longer runs of this quadratic drive x and y (with
  // the exact gradient) into subnormal numbers, which are slow on x86 and would time that instead.
  const seedSteps = 1000;
  const seedRounds = quick ? 3 : 7;
  let seedData: unknown = { skipped: missing ?? '' };
  if (missing) {
    notes.push(`Seed comparison skipped: ${missing}.`);
    for (const s of SEED_RUNS) {
      checks.push(check(BUDGETS.seedSpeedup, `seed ${s.id}, numeric gradient`, null, missing));
      checks.push(check(BUDGETS.seedSpeedup, `seed ${s.id}, exact gradient`, null, missing));
    }
  } else {
    const seed = benchSeed(byId('book'), seedRounds, seedSteps, quick ? 1 : 3, log);
    const us = (s: number) => `${sig(s * 1e6)} µs`;
    const nsStep = (s: number) => ns(s * 1e9);
    tables.push({
      title: `The seed's Python loop (bench/seed.py: np.nditer numerical_gradient, Python ${seed.python}, NumPy ${seed.numpy}) vs Run on the same work: x²/20 + y² from (−7, 2), ${seedSteps.toLocaleString('en')} steps, per step, median of ${seedRounds} interleaved rounds`,
      columns: [
        'optimizer (seed settings)',
        'Python w6-9 loop',
        'Python 6-5 loop',
        'Run numeric',
        'speed-up',
        'Run exact',
        'speed-up',
        'final Δ',
      ],
      rows: seed.rows.map((r) => [
        r.settings,
        us(median(r.python3dPerStep)),
        us(median(r.python2dPerStep)),
        nsStep(median(r.numericPerStep)),
        ratio(r.speedupNumeric),
        nsStep(median(r.exactPerStep)),
        ratio(r.speedupExact),
        r.finalDifference.toExponential(1),
      ]),
    });
    for (const r of seed.rows) {
      checks.push(
        check(
          BUDGETS.seedSpeedup,
          `seed ${r.optimizer}, numeric gradient`,
          r.speedupNumeric,
          `${sig(median(r.python3dPerStep) * 1e6)} µs vs ${sig(median(r.numericPerStep) * 1e9)} ns per step`,
        ),
      );
      checks.push(
        check(
          BUDGETS.seedSpeedup,
          `seed ${r.optimizer}, exact gradient`,
          r.speedupExact,
          `${sig(median(r.python3dPerStep) * 1e6)} µs vs ${sig(median(r.exactPerStep) * 1e9)} ns per step`,
        ),
      );
    }
    const overhead = benchRunOverhead(byId('book'), seedRounds, seedSteps);
    // The seed's SGD (w6-9 loop), the same optimizer and settings as these loops.
    const python = median(seed.rows.find((r) => r.optimizer === 'sgd')!.python3dPerStep) * 1e9;
    tables.push({
      title: `Where a Run step's time goes: SGD lr 0.9 on x²/20 + y², ${seedSteps.toLocaleString('en')} steps, ns per step, median of ${seedRounds} interleaved rounds`,
      columns: ['loop', 'ns/step', "seed's Python ÷ this"],
      rows: overhead.map((o) => [o.name, sig(median(o.nsPerStep)), ratio(python / median(o.nsPerStep))]),
    });
    seedData = { ...seed, overhead };
    notes.push(
      "Speed-up = Python time per step (the w6-9 loop, which like Run records x, y and f every step) ÷ Run's, paired by round; the Python loop runs in a subprocess between the JavaScript rounds.",
      '1,000 steps (the panel slider maximum): with 5,000 the exact-gradient runs reach subnormal numbers (y shrinks ×0.8 per SGD step) and slow down 1.5–2× for that reason alone; the numeric gradient stalls at ~1e-21 (h = 1e-4 no longer resolves it) and never gets there.',
      "Same work: same optimizer, settings, start and step count; the numeric column uses Descent's central difference (h = 1e-4, as the seed). Run also computes |∇f| and checks for divergence each step; the seed's loop does not. 'final Δ' is the largest coordinate difference of the end points (Run numeric vs Python).",
    );
  }

  return {
    name: 'core',
    tables,
    checks,
    notes,
    data: {
      valueGrad: vg.map((r) => ({ ...r, hand: summarize(r.handNs), compiled: summarize(r.compiledNs) })),
      runs: { steps, rounds: runRounds, rows: runRows, bareSgd: bare },
      seed: seedData,
    },
    seconds: (performance.now() - t0) / 1000,
  };
}
