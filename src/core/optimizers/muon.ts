/** Muon: PyTorch 2.9's `torch.optim.Muon` on the point as a 1×2 matrix. */

import {
  booleanParam,
  choiceParam,
  copyOf,
  epsParam,
  integerReason,
  lerp,
  lrParam,
  numberParam,
  readBoolean,
  readChoice,
  readNumber,
} from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Optimizer, OptimizerState, ParamValues } from './types.ts';

/** Keller Jordan's quintic Newton–Schulz coefficients, torch's defaults. */
export const NS_COEFFICIENTS = [3.4445, -4.775, 2.0315] as const;

/** Arithmetic of the Newton–Schulz iteration: torch casts to bfloat16; 'float64' runs the same polynomial exactly. */
export const NS_DTYPES = ['bfloat16', 'float64'] as const;

export const MUON_RULE =
  'buf ← lerp(buf, g, 1 − momentum); u = nesterov ? lerp(g, buf, momentum) : buf; ' +
  'O = NS(u): X = u/max(‖u‖, eps), ns_steps × X ← a·X + (b·XXᵀ + c·(XXᵀ)²)·X; ' +
  'p ← p·(1 − lr·weight_decay); p ← p − lr·ratio·O (ratio = 1 for a 1×2 matrix)';

/**
 * Muon (torch 2.9 `_single_tensor_muon`). In short (the registry's rule text, exact arithmetic):
 *
 *     buf ← lerp(buf, g, 1 − momentum)
 *     u = nesterov ? lerp(g, buf, momentum) : buf
 *     O = NS(u): X = u/max(‖u‖, eps), ns_steps × X ← a·X + (b·XXᵀ + c·(XXᵀ)²)·X
 *     p ← p·(1 − lr·weight_decay)
 *     p ← p − lr·ratio·O (ratio = 1 for a 1×2 matrix)
 *
 * In full, with the point p = [x y] as a 1×2 matrix and G = [gx gy]:
 *
 *     buf ← buf + (1 − momentum)·(G − buf)                 (torch.lerp; buf starts at 0)
 *     U = nesterov ? G + momentum·(buf − G) : buf           (torch.lerp)
 *     X = bf16(U);  X ← X/max(‖X‖_F, eps)
 *     ns_steps times:  A = X·Xᵀ;  B = b·A + c·A·A;  X ← a·X + B·X      (each product rounded to bfloat16)
 *     p ← p·(1 − lr·weight_decay);  p ← p − lr·ratio·X      (ratio: 'original' √max(1, 1/2) = 1,
 *                                                          'match_rms_adamw' 0.2·√max(1, 2))
 *
 * What it reduces to in 2-D: a 1×2 matrix has rank one, with the single singular value σ = ‖U‖ and
 * U = σ·[1]·vᵀ, v = U/‖U‖. Orthogonalisation (UVᵀ of the SVD) replaces σ by 1, so the exact "zeroth power" is
 * the unit vector v. Newton–Schulz acts on singular values only: after dividing by the Frobenius norm (= σ for
 * rank one) X = v·s with s₀ = 1, and each iteration maps s ↦ φ(s) = a·s + b·s³ + c·s⁵ (XXᵀ = s² is a 1×1
 * matrix). So Muon in 2-D is momentum SGD with a normalised step: p moves by lr·φ⁵(1) along −U/‖U‖, a length
 * that does not depend on the gradient's size (φ⁵(1) ≈ 0.696 in float64; torch computes it in bfloat16, which
 * also rounds the direction to 8 significant bits). The coefficients are tuned to push small singular values
 * up fast, not to converge to 1, which is why φ⁵(1) ≠ 1.
 *
 * momentum and lr come from the param group at every step. State (torch's, created by the first step):
 * `momentum_buffer` = buf.
 */
export function createMuon(values: ParamValues, dim: number): Optimizer {
  const weightDecay = readNumber(values, 'weight_decay');
  const nesterov = readBoolean(values, 'nesterov');
  const a = readNumber(values, 'ns_a');
  const b = readNumber(values, 'ns_b');
  const c = readNumber(values, 'ns_c');
  const eps = readNumber(values, 'eps');
  const steps = readNumber(values, 'ns_steps');
  const bf16 = readChoice(values, 'ns_dtype') === 'bfloat16';
  // A (1 × dim) matrix: rows ≤ columns, so torch does not transpose it. A = 1, B = dim.
  const ratio =
    readChoice(values, 'adjust_lr_fn') === 'match_rms_adamw'
      ? 0.2 * Math.sqrt(Math.max(1, dim))
      : Math.sqrt(Math.max(1, 1 / dim));
  const buf = new Float64Array(dim);
  const u = new Float64Array(dim);
  let started = false;
  return {
    step(p: Float64Array, g: Float64Array, group: Group): void {
      const lr = group.lr;
      const momentum = group.momentum;
      started = true;
      for (let i = 0; i < dim; i++) {
        const bi = lerp(buf[i]!, g[i]!, 1 - momentum);
        buf[i] = bi;
        u[i] = nesterov ? lerp(g[i]!, bi, momentum) : bi;
      }
      if (bf16) newtonSchulzBf16(u, dim, a, b, c, steps, eps);
      else newtonSchulz(u, dim, a, b, c, steps, eps);
      const decay = 1 - lr * weightDecay;
      const adjusted = lr * ratio;
      for (let i = 0; i < dim; i++) p[i] = p[i]! * decay + -adjusted * u[i]!;
    },
    state(): OptimizerState {
      return started ? { momentum_buffer: copyOf(buf) } : {};
    },
  };
}

/** Newton–Schulz on a 1 × dim matrix in float64, in place. */
function newtonSchulz(
  x: Float64Array,
  dim: number,
  a: number,
  b: number,
  c: number,
  steps: number,
  eps: number,
) {
  let sq = 0;
  for (let i = 0; i < dim; i++) sq += x[i]! * x[i]!;
  const n = Math.max(Math.sqrt(sq), eps);
  for (let i = 0; i < dim; i++) x[i] = x[i]! / n;
  for (let k = 0; k < steps; k++) {
    let gram = 0;
    for (let i = 0; i < dim; i++) gram += x[i]! * x[i]!;
    const update = b * gram + c * (gram * gram);
    for (let i = 0; i < dim; i++) x[i] = a * x[i]! + update * x[i]!;
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float64 → bfloat16 as torch converts (through float32, then round to nearest even on the top 16 bits). */
export function toBf16(v: number): number {
  f32[0] = v;
  const bits = u32[0]!;
  if (Number.isNaN(f32[0])) return v;
  u32[0] = ((bits + (((bits >>> 16) & 1) + 0x7fff)) & 0xffff0000) >>> 0;
  return f32[0]!;
}

/**
 * Newton–Schulz on a 1 × dim matrix as torch runs it on CPU in bfloat16, in place: every tensor op computes in
 * float32 (torch's opmath for bfloat16) and rounds its result to bfloat16.
 */
function newtonSchulzBf16(
  x: Float64Array,
  dim: number,
  a: number,
  b: number,
  c: number,
  steps: number,
  eps: number,
) {
  const fa = Math.fround(a);
  const fb = Math.fround(b);
  const fc = Math.fround(c);
  for (let i = 0; i < dim; i++) x[i] = toBf16(x[i]!);
  let sq = 0;
  for (let i = 0; i < dim; i++) sq = Math.fround(sq + Math.fround(x[i]! * x[i]!));
  const norm = toBf16(Math.fround(Math.sqrt(sq)));
  const n = norm >= Math.fround(eps) ? norm : toBf16(eps);
  for (let i = 0; i < dim; i++) x[i] = toBf16(Math.fround(x[i]! / n));
  for (let k = 0; k < steps; k++) {
    let dot = 0;
    for (let i = 0; i < dim; i++) dot = Math.fround(dot + Math.fround(x[i]! * x[i]!));
    const gram = toBf16(dot);
    const update = toBf16(Math.fround(Math.fround(fb * gram) + Math.fround(fc * Math.fround(gram * gram))));
    for (let i = 0; i < dim; i++) {
      x[i] = toBf16(Math.fround(Math.fround(fa * x[i]!) + Math.fround(update * x[i]!)));
    }
  }
}

export const MUON: OptimizerRule = {
  id: 'muon',
  name: 'Muon',
  summary:
    'Momentum whose update is orthogonalised by Newton–Schulz: in 2-D, a fixed-length step along the momentum.',
  rule: MUON_RULE,
  params: [
    lrParam(1e-3),
    numberParam(
      'weight_decay',
      'Decoupled weight decay: shrinks the point by p·(1 − lr·weight_decay) before each step.',
      0.1,
      { min: 0, max: Number.POSITIVE_INFINITY, step: 1e-3, slider: [0, 1] },
    ),
    numberParam('momentum', 'Momentum factor of the buffer buf ← lerp(buf, g, 1 − momentum).', 0.95, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 0.01,
      slider: [0, 1],
    }),
    booleanParam(
      'nesterov',
      'Orthogonalise the Nesterov look-ahead lerp(g, buf, momentum) instead of buf.',
      true,
    ),
    numberParam(
      'ns_a',
      'Newton–Schulz coefficient a of φ(s) = a·s + b·s³ + c·s⁵ (torch ns_coefficients[0]).',
      NS_COEFFICIENTS[0],
      {
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
        step: 1e-4,
        slider: [0, 5],
      },
    ),
    numberParam('ns_b', 'Newton–Schulz coefficient b (torch ns_coefficients[1]).', NS_COEFFICIENTS[1], {
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      step: 1e-4,
      slider: [-6, 0],
    }),
    numberParam('ns_c', 'Newton–Schulz coefficient c (torch ns_coefficients[2]).', NS_COEFFICIENTS[2], {
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      step: 1e-4,
      slider: [0, 4],
    }),
    epsParam(1e-7, 'the norm that normalises the update'),
    numberParam('ns_steps', 'Number of Newton–Schulz iterations (an integer below 100).', 5, {
      min: 0,
      max: 99,
      step: 1,
    }),
    {
      ...choiceParam(
        'adjust_lr_fn',
        "lr scaling by the matrix shape: 'original' √max(1, A/B) (= 1 here; None in torch), 'match_rms_adamw' 0.2·√max(A, B).",
        'original',
        ['original', 'match_rms_adamw'],
      ),
      nullable: true,
    },
    choiceParam(
      'ns_dtype',
      "Arithmetic of Newton–Schulz: 'bfloat16' as torch does it, 'float64' for the exact polynomial (Descent's switch).",
      'bfloat16',
      NS_DTYPES,
    ),
  ],
  create: createMuon,
  validate: (values) => integerReason(values, ['ns_steps']),
  coupled: true,
};
