/**
 * A network's loss and gradient compiled to straight-line JavaScript for its exact shape: every
 * activation and δ a local variable, every parameter a constant index, loops only over the points.
 * Generated from the validated architecture alone (integers and fixed text; nothing typed by a user
 * reaches the code), once per shape, like the expression compiler's `new Function`.
 *
 * The maths is `Mlp.lossGrad`'s (see mlp.ts): aₗ = act(Wₗ aₗ₋₁ + bₗ), z = W_L a_{L−1} + b_L,
 * ℓ = max(z, 0) − z·y + log(1 + e^−|z|), δ_L = (σ(z) − y)/N, δₗ₋₁ = act′(aₗ₋₁) ⊙ Wₗᵀ δₗ.
 */
import type { Activation } from './mlp.ts';

/** (θ, ∇ or null, x, y, rows or undefined, from, to, features) → mean loss; ∇ overwritten when given. */
export type LossKernel = (
  theta: Float64Array,
  grad: Float64Array | null,
  x: Float64Array,
  y: Float64Array,
  rows: Int32Array | undefined,
  from: number,
  to: number,
  features: number,
) => number;

/**
 * Largest number of parameters compiled (beyond, the function would be too long for V8's optimizing
 * compiler and the generic loops are faster).
 */
export const MAX_COMPILED_PARAMETERS = 1200;

/** Kernels already built, by shape: one function per shape keeps V8's optimised code across networks. */
const CACHE = new Map<string, LossKernel | undefined>();
const CACHE_SIZE = 32;

/**
 * The kernel for this shape (built once, then shared), or undefined when it has more than
 * {@link MAX_COMPILED_PARAMETERS} parameters.
 */
export function compileKernel(layers: readonly number[], activation: Activation): LossKernel | undefined {
  const key = `${activation}:${layers.join(',')}`;
  if (CACHE.has(key)) return CACHE.get(key);
  const kernel = buildKernel(layers, activation);
  if (CACHE.size >= CACHE_SIZE) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(key, kernel);
  return kernel;
}

function buildKernel(layers: readonly number[], activation: Activation): LossKernel | undefined {
  let dim = 0;
  for (let l = 1; l < layers.length; l++) dim += layers[l - 1]! * layers[l]! + layers[l]!;
  if (dim > MAX_COMPILED_PARAMETERS) return undefined;
  const L = layers.length - 1;
  const w: number[] = [];
  const b: number[] = [];
  let offset = 0;
  for (let l = 1; l <= L; l++) {
    w[l] = offset;
    b[l] = offset + layers[l - 1]! * layers[l]!;
    offset = b[l]! + layers[l]!;
  }
  const a = (l: number, i: number) => `a${l}_${i}`;
  const d = (l: number, i: number) => `d${l}_${i}`;
  const lines: string[] = [];
  lines.push('let total = 0;', 'const inv = 1 / (to - from);', 'if (grad !== null) grad.fill(0);');
  lines.push('for (let r = from; r < to; r++) {');
  lines.push('const row = rows === undefined ? r : rows[r];', 'const at = row * features;');
  for (let i = 0; i < layers[0]!; i++) lines.push(`const ${a(0, i)} = x[at + ${i}];`);
  for (let l = 1; l <= L; l++) {
    for (let o = 0; o < layers[l]!; o++) {
      const terms = [`theta[${b[l]! + o}]`];
      for (let i = 0; i < layers[l - 1]!; i++)
        terms.push(`theta[${w[l]! + o * layers[l - 1]! + i}] * ${a(l - 1, i)}`);
      const z = terms.join(' + ');
      const value = l === L ? z : activation === 'tanh' ? `Math.tanh(${z})` : `Math.max(${z}, 0)`;
      lines.push(`const ${a(l, o)} = ${value};`);
    }
  }
  const z = a(L, 0);
  lines.push(`const t = y[row];`);
  lines.push(`total += Math.max(${z}, 0) - ${z} * t + Math.log1p(Math.exp(-Math.abs(${z})));`);
  lines.push('if (grad === null) continue;');
  lines.push(`const s = ${z} >= 0 ? 1 / (1 + Math.exp(-${z})) : Math.exp(${z}) / (1 + Math.exp(${z}));`);
  lines.push(`const ${d(L, 0)} = (s - t) * inv;`);
  for (let l = L; l >= 1; l--) {
    const nIn = layers[l - 1]!;
    for (let o = 0; o < layers[l]!; o++) {
      for (let i = 0; i < nIn; i++) {
        const k = w[l]! + o * nIn + i;
        lines.push(`grad[${k}] += ${d(l, o)} * ${a(l - 1, i)};`);
      }
      lines.push(`grad[${b[l]! + o}] += ${d(l, o)};`);
    }
    if (l === 1) break;
    for (let i = 0; i < nIn; i++) {
      const terms: string[] = [];
      for (let o = 0; o < layers[l]!; o++) terms.push(`theta[${w[l]! + o * nIn + i}] * ${d(l, o)}`);
      const sum = `(${terms.join(' + ')})`;
      const ai = a(l - 1, i);
      const value = activation === 'tanh' ? `${sum} * (1 - ${ai} * ${ai})` : `${ai} > 0 ? ${sum} : 0`;
      lines.push(`const ${d(l - 1, i)} = ${value};`);
    }
  }
  lines.push('}', 'return total * inv;');
  return new Function(
    'theta',
    'grad',
    'x',
    'y',
    'rows',
    'from',
    'to',
    'features',
    lines.join('\n'),
  ) as LossKernel;
}
