/**
 * fma(a, b, c) = a·b + c rounded once (IEEE 754 fusedMultiplyAdd, round to nearest, ties to even).
 *
 * JavaScript has no Math.fma, but PyTorch's CPU kernels fuse `x.add_(y, alpha=a)` into fma(a, y, x) on
 * AVX2/AVX-512 machines (the vectorised kernel calls `vec::fmadd`; the scalar tail, compiled with -mfma,
 * is contracted by the compiler). Ports that must agree with torch bit for bit where it matters (L-BFGS,
 * whose inner iterations amplify a last-bit difference) use this.
 *
 * Fast path (every ordinary case): Dekker's exact product a·b = p + e (Veltkamp split), Knuth's exact
 * sums p + c = s + t and t + e = w + w', then r = s + w with s + w = r + r'. The exact result is
 * r + r' + w'; r is its correct rounding when w' = 0, or when |r'| + |w'| is below the smaller half-spacing
 * of the doubles around r. Anything else (ties blurred by w', overflow, underflow, subnormals, Infinity,
 * NaN) takes the exact path: the three doubles as BigInt multiples of powers of two, one rounding.
 */

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp)
const SAFE_MAX = 2 ** 995; // below this, splitting and the product cannot overflow
const SAFE_MIN = 2 ** -900; // above this, the product's error term is a normal double (exact)

const bits = new DataView(new ArrayBuffer(8));

/** 2^q for integer q in [-1074, 1023], exactly. */
function pow2(q: number): number {
  if (q >= -1022) {
    bits.setUint32(0, (q + 1023) << 20);
    bits.setUint32(4, 0);
    return bits.getFloat64(0);
  }
  return pow2(q + 100) * pow2(-100);
}

/** The smaller of the two half-spacings between r (normal, nonzero) and its neighbours. */
function halfSpacing(r: number): number {
  bits.setFloat64(0, r);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const exponent = ((hi >>> 20) & 0x7ff) - 1023;
  const powerOfTwo = (hi & 0xfffff) === 0 && lo === 0;
  return pow2(exponent - 53 - (powerOfTwo ? 1 : 0));
}

/** A finite double as mantissa·2^exponent (mantissa a signed BigInt). */
function decompose(v: number): { m: bigint; k: number } {
  bits.setFloat64(0, v);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const field = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let k = -1074;
  if (field !== 0) {
    m |= 1n << 52n;
    k = field - 1075;
  }
  return { m: hi >>> 31 ? -m : m, k };
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** The double nearest to n·2^k (ties to even), n ≠ 0. */
function roundScaled(n: bigint, k: number): number {
  const negative = n < 0n;
  let a = negative ? -n : n;
  const top = bitLength(a) - 1 + k; // exponent of the leading bit
  if (top > 1023) return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const q = Math.max(top - 52, -1074); // the exponent of the last kept bit
  if (k < q) {
    const shift = BigInt(q - k);
    const rest = a & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    a >>= shift;
    if (rest > half || (rest === half && (a & 1n) === 1n)) a += 1n;
    k = q;
  }
  // a < 2^54 here (2^53 after a carry); a·2^k is a double, so the products below are exact.
  const value = k >= -1022 ? Number(a) * pow2(k) : Number(a) * pow2(k + 100) * pow2(-100);
  if (!Number.isFinite(value)) return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return negative ? -value : value;
}

/** The exact path: finite a, b, c; a·b + c in BigInt, rounded once. */
function fmaExact(a: number, b: number, c: number): number {
  const x = decompose(a);
  const y = decompose(b);
  const z = decompose(c);
  const pm = x.m * y.m;
  const pk = x.k + y.k;
  const k = Math.min(pk, z.k);
  const sum = (pm << BigInt(pk - k)) + (z.m << BigInt(z.k - k));
  if (sum === 0n) {
    // An exact zero: +0 unless both addends are −0 (IEEE 754 §6.3, round to nearest).
    const productNegative = (a < 0 || Object.is(a, -0)) !== (b < 0 || Object.is(b, -0));
    return productNegative && Object.is(c, -0) ? -0 : 0;
  }
  return roundScaled(sum, k);
}

/** fma(a, b, c) = a·b + c with a single rounding, bit for bit as C's fma(). */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  if (
    ap < SAFE_MAX &&
    ap > SAFE_MIN &&
    Math.abs(a) < SAFE_MAX &&
    Math.abs(b) < SAFE_MAX &&
    Math.abs(c) < SAFE_MAX
  ) {
    // Dekker: a·b = p + e exactly.
    let h = SPLITTER * a;
    const ah = h - (h - a);
    const al = a - ah;
    h = SPLITTER * b;
    const bh = h - (h - b);
    const bl = b - bh;
    const e = al * bl - (p - ah * bh - al * bh - ah * bl);
    // Knuth: p + c = s + t and t + e = w + w2 exactly; r = s + w.
    const s = p + c;
    let v = s - p;
    const t = p - (s - v) + (c - v);
    const w = t + e;
    v = w - t;
    const w2 = t - (w - v) + (e - v);
    const r = s + w;
    if (w2 === 0) return r;
    return nearlyExact(a, b, c, s, w, w2, r);
  }
  return fmaSlow(a, b, c);
}

/** The fast path's last test: s + w = r + r2 exactly, so a·b + c = r + r2 + w2; r stands unless that nears a tie. */
function nearlyExact(a: number, b: number, c: number, s: number, w: number, w2: number, r: number): number {
  const v = r - s;
  const r2 = s - (r - v) + (w - v);
  if (Math.abs(r) > SAFE_MIN && Math.abs(r2) + Math.abs(w2) < halfSpacing(r)) return r;
  return fmaSlow(a, b, c);
}

/** Everything off the fast path: infinities, NaN, zeros, extreme exponents, blurred ties. */
function fmaSlow(a: number, b: number, c: number): number {
  if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) return a * b + c;
  if (a === 0 || b === 0) return a * b + c; // exact: ±0 + c, signs as IEEE 754 fma
  return fmaExact(a, b, c);
}
