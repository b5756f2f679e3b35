/**
 * Small statistics and timing helpers shared by the benchmark sections. The machine is shared and
 * noisy, so every comparison is made side by side: variants alternate round by round (A, B, A, B, …)
 * after a warm-up, and results are medians over rounds and ratios of paired rounds.
 */

/** Median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile (0 ≤ q ≤ 1) of `values` with linear interpolation (NaN for none). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median, min and max of a sample, with its size. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    n: values.length,
  };
}

/**
 * Where results go so the optimizer cannot drop the work that produced them. Read once at the end
 * (`checksum`), so it is observable.
 */
let sink = 0;

export function consume(value: number): void {
  sink += Number.isFinite(value) ? value : 1;
}

export function checksum(): number {
  return sink;
}

/** Milliseconds `work` takes, run once. */
export function time(work: () => void): number {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

/**
 * How many repetitions of `work` take at least `targetMs` (doubling from 1). Also serves as warm-up:
 * `work` runs several times before any measured round.
 */
export function calibrate(work: () => void, targetMs: number, maxReps = 1 << 20): number {
  let reps = 1;
  for (;;) {
    const ms = time(() => {
      for (let i = 0; i < reps; i++) work();
    });
    if (ms >= targetMs || reps >= maxReps) return reps;
    reps = ms < targetMs / 8 ? reps * 4 : reps * 2;
  }
}

export interface Variant {
  readonly name: string;
  /** One unit of work; timed `reps` times per round. */
  readonly run: () => void;
}

/** Per-variant times in ms per unit of work, one entry per measured round, in round order. */
export type RoundTimes = Record<string, number[]>;

/**
 * Runs the variants interleaved: `warmup` unmeasured rounds, then `rounds` measured ones, each round
 * running every variant once in turn (the order alternates between rounds so neither variant always
 * goes first). Every variant runs `reps` units per round; `reps` is calibrated on the first variant to
 * take about `targetMs` unless given.
 */
export function interleave(
  variants: readonly Variant[],
  options: { rounds: number; warmup?: number; targetMs?: number; reps?: number },
): { times: RoundTimes; reps: number } {
  const warmup = options.warmup ?? 2;
  const reps = options.reps ?? calibrate(variants[0]!.run, options.targetMs ?? 20);
  for (const v of variants) calibrate(v.run, 1, reps);
  const times: RoundTimes = {};
  for (const v of variants) times[v.name] = [];
  for (let round = -warmup; round < options.rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const ms = time(() => {
        for (let i = 0; i < reps; i++) v.run();
      });
      if (round >= 0) times[v.name]!.push(ms / reps);
    }
  }
  return { times, reps };
}

/** Median over rounds of a/b, pairing the rounds (each round ran both side by side). */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(a[i]! / b[i]!);
  return median(ratios);
}
