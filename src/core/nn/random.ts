/**
 * A small seeded pseudo-random generator for datasets, initial weights, random directions and
 * minibatch order: the same seed gives the same numbers on every machine and in every worker.
 *
 * The generator is mulberry32 (Tommy Ettinger, 2017; public domain): a 32-bit state advanced by the
 * Weyl step s ← s + 0x6D2B79F5, output by an xorshift–multiply mix, divided by 2³² into [0, 1).
 * It is fast and passes gjrand/PractRand to a few GiB, plenty for a teaching tool; it is not
 * cryptographic. Gaussians come from Marsaglia's polar method (the one TensorFlow Playground's
 * `normalRandom` uses).
 */

export interface Rng {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform number in [a, b) (Playground's `randUniform`). */
  uniform(a: number, b: number): number;
  /** A normal sample with this mean and variance (Playground's `normalRandom(mean, variance)`). */
  normal(mean?: number, variance?: number): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

/** A generator seeded with `seed` (any number; its low 32 bits are used). */
export function createRng(seed: number): Rng {
  let s = (Math.trunc(seed) >>> 0) | 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (a, b) => next() * (b - a) + a,
    /**
     * Marsaglia's polar method: v₁, v₂ uniform in (−1, 1) until 0 < s = v₁² + v₂² < 1, then
     * v₁·√(−2 ln s / s) is standard normal; scaled by √variance and shifted by the mean.
     */
    normal(mean = 0, variance = 1) {
      let v1 = 0;
      let v2 = 0;
      let q = 0;
      do {
        v1 = 2 * next() - 1;
        v2 = 2 * next() - 1;
        q = v1 * v1 + v2 * v2;
      } while (q >= 1 || q === 0);
      return mean + Math.sqrt(variance) * Math.sqrt((-2 * Math.log(q)) / q) * v1;
    },
    int: (n) => Math.floor(next() * n),
  };
}

/** Fisher–Yates shuffle in place (Playground's `shuffle`, with this generator). */
export function shuffle<T>(items: T[], rng: Rng): void {
  for (let counter = items.length; counter > 0; ) {
    const index = rng.int(counter);
    counter--;
    const tmp = items[counter] as T;
    items[counter] = items[index] as T;
    items[index] = tmp;
  }
}
