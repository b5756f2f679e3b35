/**
 * The loss landscape of a network on a plane through weight space (Li et al. 2018, "Visualizing the
 * Loss Landscape of Neural Nets"; tomgoldstein/loss-landscape):
 *
 *     θ(α, β) = θ₀ + (α·d₁ + β·d₂),    L(α, β) = mean loss of the network at θ(α, β)
 *
 * with directions either given raw, filter-normalised (`net_plotter.normalize_directions_for_weights`
 * with norm='filter', ignore='biasbn'), or the top two principal directions of training paths
 * (`projection.setup_PCA_directions`). Training paths are drawn on the plane by their least-squares
 * coordinates (`project_2D`, proj_method='lstsq') together with their distance off the plane.
 */
import type { Dataset } from './datasets.ts';
import type { LayerSlice, Mlp } from './mlp.ts';

export const NORMALIZATIONS = ['filter', 'none'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/**
 * A direction rescaled for the plot. 'filter': each row i of each weight matrix (a "filter": the
 * weights into unit i) is multiplied by ‖θ₀ row i‖ / (‖d row i‖ + 1e-10), so it has the norm of the
 * same row of θ₀; every bias (a 1-D parameter) is set to 0 (loss-landscape's ignore='biasbn').
 * 'none': the direction as given. Returns a new vector.
 */
export function normalizeDirection(
  slices: readonly LayerSlice[],
  theta0: Float64Array,
  direction: Float64Array,
  mode: Normalization,
): Float64Array {
  const d = Float64Array.from(direction);
  if (mode === 'none') return d;
  for (const s of slices) {
    for (let o = 0; o < s.outputs; o++) {
      const base = s.w + o * s.inputs;
      let wn = 0;
      let dn = 0;
      for (let i = 0; i < s.inputs; i++) {
        wn += theta0[base + i]! * theta0[base + i]!;
        dn += d[base + i]! * d[base + i]!;
      }
      const scale = Math.sqrt(wn) / (Math.sqrt(dn) + 1e-10);
      for (let i = 0; i < s.inputs; i++) d[base + i] = d[base + i]! * scale;
    }
    d.fill(0, s.b, s.b + s.outputs);
  }
  return d;
}

/** n evenly spaced values from lo to hi, ends included, as numpy's `linspace`: lo + i·(hi − lo)/(n − 1), the last exactly hi. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = lo;
    return out;
  }
  const step = (hi - lo) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = i * step + lo;
  out[n - 1] = hi;
  return out;
}

/** θ₀ + (α·d₁ + β·d₂) into `out` (loss-landscape's `set_weights` with two directions). */
export function pointOnPlane(
  theta0: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  alpha: number,
  beta: number,
  out: Float64Array,
): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = theta0[k]! + (d1[k]! * alpha + d2[k]! * beta);
  return out;
}

/**
 * The loss on the grid alpha × beta: row-major, `loss[i·beta.length + j]` at (alpha[i], beta[j]).
 * `onRow(i)` after each row (a worker's progress).
 */
export function lossGrid(
  net: Mlp,
  data: Dataset,
  theta0: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  alpha: Float64Array,
  beta: Float64Array,
  onRow?: (row: number) => void,
): Float64Array {
  const out = new Float64Array(alpha.length * beta.length);
  const theta = new Float64Array(theta0.length);
  for (let i = 0; i < alpha.length; i++) {
    for (let j = 0; j < beta.length; j++) {
      pointOnPlane(theta0, d1, d2, alpha[i]!, beta[j]!, theta);
      out[i * beta.length + j] = net.loss(theta, data);
    }
    onRow?.(i);
  }
  return out;
}

/** Least-squares coordinates of points on the plane θ₀ + span(d₁, d₂). */
export interface Projection {
  /** [α₀, β₀, α₁, β₁, …]: argmin ‖(θ_k − θ₀) − (α·d₁ + β·d₂)‖ per point. */
  readonly coords: Float64Array;
  /** ‖(θ_k − θ₀) − (α_k·d₁ + β_k·d₂)‖: how far each point is off the plane. */
  readonly distance: Float64Array;
}

/** Smallest ‖d₂ − proj_{d₁} d₂‖ / ‖d₂‖ for which the plane counts as two-dimensional. */
const DEGENERATE = 1e-12;

/**
 * Projects the rows of `points` (count × dim, row-major) onto the plane: least squares by a QR of
 * [d₁ d₂] (Gram–Schmidt: q₁ = d₁/r₁₁, r₁₂ = q₁·d₂, q₂ = (d₂ − r₁₂q₁)/r₂₂; then β = q₂·v/r₂₂,
 * α = (q₁·v − r₁₂β)/r₁₁ for v = θ_k − θ₀). Throws when d₁ is zero or d₂ is (nearly) parallel to it.
 */
export function projectOntoPlane(
  theta0: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  points: Float64Array,
): Projection {
  const dim = theta0.length;
  const count = dim === 0 ? 0 : Math.floor(points.length / dim);
  const r11 = Math.sqrt(dot(d1, d1));
  const n2 = Math.sqrt(dot(d2, d2));
  if (!(r11 > 0) || !(n2 > 0))
    throw new Error('a direction is zero after normalisation: no plane to project on');
  const q1 = d1.map((v) => v / r11);
  const r12 = dot(q1, d2);
  const u = d2.map((v, k) => v - r12 * q1[k]!);
  const r22 = Math.sqrt(dot(u, u));
  if (!(r22 > DEGENERATE * n2)) throw new Error('the two directions are parallel: they span no plane');
  const q2 = u.map((v) => v / r22);
  const coords = new Float64Array(2 * count);
  const distance = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const base = k * dim;
    let c1 = 0;
    let c2 = 0;
    for (let i = 0; i < dim; i++) {
      const v = points[base + i]! - theta0[i]!;
      c1 += q1[i]! * v;
      c2 += q2[i]! * v;
    }
    const beta = c2 / r22;
    const alpha = (c1 - r12 * beta) / r11;
    let sq = 0;
    for (let i = 0; i < dim; i++) {
      const r = points[base + i]! - theta0[i]! - (alpha * d1[i]! + beta * d2[i]!);
      sq += r * r;
    }
    coords[2 * k] = alpha;
    coords[2 * k + 1] = beta;
    distance[k] = Math.sqrt(sq);
  }
  return { coords, distance };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** At most this many points of the paths enter the PCA (evenly thinned, ends kept). */
export const MAX_PCA_POINTS = 200;

export interface PcaDirections {
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  /** Fraction of the (thinned, centred) paths' variance along d₁ and d₂ (sklearn's explained_variance_ratio_). */
  readonly explained: readonly [number, number];
}

/**
 * The top two principal directions of training paths, as loss-landscape's `setup_PCA_directions`:
 * the rows θ_k − θ_final of every path (the anchor drops out: PCA centres the rows on their mean),
 * biases zeroed when `ignoreBias` (ignore='biasbn'), centred, and the two leading right singular
 * vectors of that matrix (sklearn's `PCA(n_components=2)`), each unit length, its largest-magnitude
 * entry positive. The eigenproblem is solved by cyclic Jacobi on the smaller of XXᵀ and XᵀX; paths
 * longer than {@link MAX_PCA_POINTS} points in all are thinned evenly first.
 */
export function pcaDirections(
  slices: readonly LayerSlice[],
  paths: readonly Float64Array[],
  dim: number,
  ignoreBias = true,
): PcaDirections {
  const rows: number[] = [];
  const pathRows: [number, number][] = [];
  paths.forEach((path, p) => {
    const count = Math.floor(path.length / dim);
    for (let k = 0; k < count; k++) pathRows.push([p, k]);
  });
  const total = pathRows.length;
  if (total < 3) throw new Error('PCA directions need at least three points on the paths');
  const m = Math.min(total, MAX_PCA_POINTS);
  for (let r = 0; r < m; r++) rows.push(m === total ? r : Math.round((r * (total - 1)) / (m - 1)));
  // X: m × dim, centred per column; bias columns zeroed.
  const x = new Float64Array(m * dim);
  rows.forEach((index, r) => {
    const [p, k] = pathRows[index]!;
    x.set(paths[p]!.subarray(k * dim, (k + 1) * dim), r * dim);
  });
  const biasColumn = new Uint8Array(dim);
  if (ignoreBias) for (const s of slices) biasColumn.fill(1, s.b, s.b + s.outputs);
  for (let c = 0; c < dim; c++) {
    let mean = 0;
    for (let r = 0; r < m; r++) mean += x[r * dim + c]!;
    mean /= m;
    for (let r = 0; r < m; r++) x[r * dim + c] = biasColumn[c] === 1 ? 0 : x[r * dim + c]! - mean;
  }
  const byRows = m <= dim;
  const size = byRows ? m : dim;
  const gram = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = a; b < size; b++) {
      let s = 0;
      if (byRows) for (let c = 0; c < dim; c++) s += x[a * dim + c]! * x[b * dim + c]!;
      else for (let r = 0; r < m; r++) s += x[r * dim + a]! * x[r * dim + b]!;
      gram[a * size + b] = s;
      gram[b * size + a] = s;
    }
  }
  const { values, vectors } = symmetricEigen(gram, size);
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => values[b]! - values[a]!);
  let trace = 0;
  for (let i = 0; i < size; i++) trace += Math.max(0, values[i]!);
  const component = (which: number): Float64Array => {
    const e = order[which]!;
    const v = new Float64Array(dim);
    if (byRows) {
      for (let r = 0; r < m; r++) {
        const u = vectors[r * size + e]!;
        for (let c = 0; c < dim; c++) v[c] = v[c]! + u * x[r * dim + c]!;
      }
    } else {
      for (let c = 0; c < dim; c++) v[c] = vectors[c * size + e]!;
    }
    const norm = Math.sqrt(dot(v, v));
    if (!(norm > 0)) throw new Error('the paths span less than a plane: no second principal direction');
    let largest = 0;
    for (let c = 0; c < dim; c++) if (Math.abs(v[c]!) > Math.abs(v[largest]!)) largest = c;
    const sign = v[largest]! < 0 ? -1 : 1;
    return v.map((w) => (sign * w) / norm);
  };
  if (!(values[order[1]!]! > 1e-12 * values[order[0]!]!)) {
    throw new Error('the paths span less than a plane: no second principal direction');
  }
  const d1 = component(0);
  const d2 = component(1);
  const ratio = (i: number) => (trace > 0 ? Math.max(0, values[order[i]!]!) / trace : 0);
  return { d1, d2, explained: [ratio(0), ratio(1)] };
}

/** Sweeps of cyclic Jacobi before giving up (it converges quadratically; 10 are usual). */
const JACOBI_SWEEPS = 60;

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major n × n) of the symmetric matrix `a`
 * by cyclic Jacobi rotations (Golub & Van Loan §8.5), until the off-diagonal mass is negligible.
 */
export function symmetricEigen(a0: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(a0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! * a[i]!;
  for (let sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}
