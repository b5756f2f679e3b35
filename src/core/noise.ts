/**
 * Seeded standard normals for gradient noise, the same bits in every JavaScript engine (the page, its
 * worker, the command line) and in a Python port (the PyTorch script): the generator uses only 32-bit
 * integer operations, IEEE-754 +, −, ×, ÷ and √ (correctly rounded everywhere) and exact power-of-two
 * scaling — no Math.log/sin/cos, whose last bits differ between libraries.
 *
 * 1. Seed (an integer 0 ≤ seed < 2³²) → state by SplitMix32, four times:
 *        x ← (x + 0x9E3779B9) mod 2³²;  z ← x;  z ← (z ⊕ (z ≫ 16))·0x85EBCA6B mod 2³²;
 *        z ← (z ⊕ (z ≫ 13))·0xC2B2AE35 mod 2³²;  z ← z ⊕ (z ≫ 16)          → s0, s1, s2, s3
 *    (x starts at the seed; an all-zero state, which cannot occur, would become s0 = 1.)
 * 2. 32-bit outputs by xoshiro128** (Blackman & Vigna 2018):
 *        out = rotl(s1·5 mod 2³², 7)·9 mod 2³²;  t = s1 ≪ 9 mod 2³²;
 *        s2 ⊕= s0;  s3 ⊕= s1;  s1 ⊕= s2;  s0 ⊕= s3;  s2 ⊕= t;  s3 = rotl(s3, 11)
 * 3. A uniform u in [0, 1) from two outputs a, b: u = ((a ≫ 5)·2²⁶ + (b ≫ 6)) / 2⁵³ (exact).
 * 4. Marsaglia's polar method: v1 = 2u₁ − 1, v2 = 2u₂ − 1 (exact), s = v1·v1 + v2·v2; draw again while
 *    s ≥ 1 or s = 0; m = √((−2·ln s) / s); the normals are v1·m, then v2·m (`next()` returns them in
 *    that order).
 * 5. ln s by arithmetic alone: s = f·2ᵏ with f in [1, 2) (exact, from the exponent bits); if f > √2
 *    (the double 1.4142135623730951): f ← f/2, k ← k + 1. r = (f − 1)/(f + 1), r2 = r·r,
 *    p = 1/25, then for j = 11, 10, …, 0: p ← p·r2 + 1/(2j + 1)  (each 1/(2j + 1) a rounded division);
 *    ln s = k·LN2 + (2·r)·p with LN2 = 0.6931471805599453. (|r| ≤ 0.172, so the series' tail is below
 *    10⁻¹⁹ relative: ln is accurate to a few ulps; what matters is that it is the same everywhere.)
 *
 * Deterministic sequences: the same seed gives the same normals, in the same order, wherever it runs.
 */

/** Largest seed: seeds are integers 0 … 2³² − 1. */
export const MAX_NOISE_SEED = 0xffffffff;

/** A source of standard normals (the runner's `NoiseSource`). */
export interface NormalSource {
  next(): number;
}

/** The doubles nearest ln 2 and √2 (0.6931471805599453, 1.4142135623730951: the Python port writes them out). */
const LN2 = Math.LN2;
const SQRT2 = Math.SQRT2;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
/** 1/(2j + 1) for j = 0 … 12, each a correctly rounded division. */
const ODD_RECIPROCALS = Array.from({ length: 13 }, (_, j) => 1 / (2 * j + 1));

const bits = new DataView(new ArrayBuffer(8));

/**
 * ln s for a positive normal double s, by the arithmetic of step 5 above.
 * @internal exported for tests
 */
export function portableLog(s: number): number {
  bits.setFloat64(0, s);
  const hi = bits.getUint32(0);
  let k = ((hi >>> 20) & 0x7ff) - 1023;
  // f = s·2⁻ᵏ in [1, 2): the same mantissa with the exponent field of 1.
  bits.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let f = bits.getFloat64(0);
  if (f > SQRT2) {
    f = f / 2;
    k = k + 1;
  }
  const r = (f - 1) / (f + 1);
  const r2 = r * r;
  let p = ODD_RECIPROCALS[12]!;
  for (let j = 11; j >= 0; j--) p = p * r2 + ODD_RECIPROCALS[j]!;
  return k * LN2 + 2 * r * p;
}

/** The seeded generator of steps 1–4; `next()` gives standard normals. */
export class SeededNormal implements NormalSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The second normal of the last polar pair, when `hasSpare`. */
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_NOISE_SEED) {
      throw new RangeError(`noise seed must be an integer from 0 to ${MAX_NOISE_SEED}, got ${seed}`);
    }
    let x = seed >>> 0;
    const state: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      state.push((z ^ (z >>> 16)) >>> 0);
    }
    [this.s0, this.s1, this.s2, this.s3] = state as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit output of xoshiro128** (step 2), as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const rotated = Math.imul(s1, 5);
    const out = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return out;
  }

  /** A uniform double in [0, 1) with 53 random bits (step 3). */
  nextUniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** The next standard normal (step 4). */
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // Acceptance is π/4 per try; 10⁴ rejections in a row have probability (1 − π/4)^10⁴ ≈ 0.
    for (let tries = 0; tries < 10_000; tries++) {
      const v1 = 2 * this.nextUniform() - 1;
      const v2 = 2 * this.nextUniform() - 1;
      const s = v1 * v1 + v2 * v2;
      if (s >= 1 || s === 0) continue;
      const m = Math.sqrt((-2 * portableLog(s)) / s);
      this.spare = v2 * m;
      this.hasSpare = true;
      return v1 * m;
    }
    throw new Error('SeededNormal: no sample in 10 000 tries (the generator is broken)');
  }
}
