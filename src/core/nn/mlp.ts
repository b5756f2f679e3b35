/**
 * A multilayer perceptron for binary classification over a flat float64 parameter vector, with exact
 * backpropagation: the loss surface of a real (small) network for Descent's optimizers.
 *
 * Layout (torch's `nn.Sequential(nn.Linear, act, …, nn.Linear)` and its `parameters()` order): for
 * each layer ℓ = 1…L with nₗ₋₁ inputs and nₗ outputs, Wₗ (nₗ × nₗ₋₁, row-major: W[o][i] at
 * o·nₗ₋₁ + i) then bₗ (nₗ). The hidden layers apply the activation (tanh or ReLU); the last layer
 * (one output) is the logit z.
 *
 * Loss: the mean of torch's `BCEWithLogitsLoss` over the batch, per point in its stable form
 *     ℓ(z, y) = max(z, 0) − z·y + log(1 + e^−|z|),
 * whose derivative is ∂ℓ/∂z = σ(z) − y. Backpropagation: δ_L = (σ(z) − y)/N,
 * δₗ₋₁ = act′(aₗ₋₁) ⊙ Wₗᵀ δₗ, ∂/∂Wₗ = δₗ aₗ₋₁ᵀ, ∂/∂bₗ = δₗ, summed over the batch;
 * tanh′ = 1 − a², ReLU′ = [a > 0] (torch's: 0 at 0).
 */
import type { Dataset } from './datasets.ts';
import { compileKernel, type LossKernel } from './kernel.ts';
import type { Rng } from './random.ts';

export const ACTIVATIONS = ['tanh', 'relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface Architecture {
  /** Widths from the input to the output, e.g. [2, 8, 8, 1]; the last is 1 (one logit). */
  readonly layers: readonly number[];
  readonly activation: Activation;
}

/** Where one layer's parameters sit in the flat vector. */
export interface LayerSlice {
  readonly inputs: number;
  readonly outputs: number;
  /** Offset of W (outputs × inputs, row-major). */
  readonly w: number;
  /** Offset of b (outputs). */
  readonly b: number;
}

/** Bounds on a network's shape (the command line and the page check them). */
export const MAX_LAYERS = 10;
export const MAX_WIDTH = 256;

/** Each layer's slice of the flat vector, in `parameters()` order. */
export function layerSlices(layers: readonly number[]): LayerSlice[] {
  const slices: LayerSlice[] = [];
  let offset = 0;
  for (let l = 1; l < layers.length; l++) {
    const inputs = layers[l - 1]!;
    const outputs = layers[l]!;
    slices.push({ inputs, outputs, w: offset, b: offset + inputs * outputs });
    offset += inputs * outputs + outputs;
  }
  return slices;
}

/** Number of parameters of a network with these widths. */
export function parameterCount(layers: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < layers.length; l++) count += layers[l - 1]! * layers[l]! + layers[l]!;
  return count;
}

/** A reason `arch` is unusable, or undefined. */
export function checkArchitecture(arch: Architecture): string | undefined {
  const { layers } = arch;
  if (!Array.isArray(layers) || layers.length < 2 || layers.length > MAX_LAYERS + 1) {
    return `"layers" must list 2 to ${MAX_LAYERS + 1} widths, from the input to the output`;
  }
  if (!layers.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_WIDTH)) {
    return `every width in "layers" must be an integer from 1 to ${MAX_WIDTH}`;
  }
  if (layers[layers.length - 1] !== 1) return '"layers" must end with 1: one logit for binary classification';
  if (!ACTIVATIONS.includes(arch.activation))
    return `"activation" must be ${ACTIVATIONS.map((a) => `"${a}"`).join(' or ')}`;
  return undefined;
}

/**
 * Mean BCE-with-logits of one point from its logit z and label y:
 * max(z, 0) − z·y + log(1 + e^−|z|).
 */
export function bceWithLogits(z: number, y: number): number {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

/** The logistic σ(z) = 1/(1 + e^−z), computed without overflow for either sign. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * torch's default `nn.Linear` initialisation: W and b uniform in (−1/√nₗ₋₁, 1/√nₗ₋₁) (kaiming_uniform
 * with a = √5), drawn from `rng` layer by layer, W row by row then b.
 */
export function initParameters(layers: readonly number[], rng: Rng): Float64Array {
  const theta = new Float64Array(parameterCount(layers));
  for (const s of layerSlices(layers)) {
    const bound = 1 / Math.sqrt(s.inputs);
    for (let k = 0; k < s.inputs * s.outputs + s.outputs; k++) theta[s.w + k] = rng.uniform(-bound, bound);
  }
  return theta;
}

/**
 * The network with its scratch buffers (allocated once): the loss and its gradient over a dataset,
 * or the logit at single points. Not re-entrant; make one per worker.
 */
export class Mlp {
  readonly layers: readonly number[];
  readonly activation: Activation;
  readonly slices: readonly LayerSlice[];
  /** Number of parameters. */
  readonly dim: number;
  /** Activations per layer: a[0] is the input, a[L] holds the logit. */
  private readonly a: Float64Array[];
  /** Backpropagated δ per layer (same shapes as `a`). */
  private readonly d: Float64Array[];
  /** The shape's compiled loss and gradient (kernel.ts), or undefined: the generic loops below. */
  private readonly kernel: LossKernel | undefined;

  /** `compile: false` keeps the generic loops even for a small network (tests compare the two). */
  constructor(arch: Architecture, options: { readonly compile?: boolean } = {}) {
    const reason = checkArchitecture(arch);
    if (reason !== undefined) throw new Error(reason);
    this.layers = [...arch.layers];
    this.activation = arch.activation;
    this.slices = layerSlices(this.layers);
    this.dim = parameterCount(this.layers);
    this.a = this.layers.map((w) => new Float64Array(w));
    this.d = this.layers.map((w) => new Float64Array(w));
    this.kernel = options.compile === false ? undefined : compileKernel(this.layers, this.activation);
  }

  /** The logit at input row `row` of `x` (its first `layers[0]` numbers from `row·features`). */
  logit(theta: Float64Array, x: Float64Array, offset: number): number {
    this.forward(theta, x, offset);
    return this.a[this.a.length - 1]![0]!;
  }

  /** Mean loss over `data` (or over the rows `rows[from…to)` of it). */
  loss(theta: Float64Array, data: Dataset, rows?: Int32Array, from = 0, to = rows?.length ?? data.n): number {
    return this.lossGrad(theta, null, data, rows, from, to);
  }

  /**
   * Mean BCE-with-logits over `data` (or the rows `rows[from…to)`), and when `grad` is given, its
   * gradient with respect to `theta`, written into `grad` (overwritten, not accumulated).
   */
  lossGrad(
    theta: Float64Array,
    grad: Float64Array | null,
    data: Dataset,
    rows?: Int32Array,
    from = 0,
    to = rows?.length ?? data.n,
  ): number {
    const count = to - from;
    if (count <= 0) {
      grad?.fill(0);
      return 0;
    }
    if (this.kernel !== undefined)
      return this.kernel(theta, grad, data.x, data.y, rows, from, to, data.features);
    if (grad !== null) grad.fill(0);
    const inv = 1 / count;
    const f = data.features;
    const last = this.slices.length;
    const tanh = this.activation === 'tanh';
    const out = this.a[last]!;
    let total = 0;
    for (let r = from; r < to; r++) {
      const row = rows === undefined ? r : rows[r]!;
      this.forward(theta, data.x, row * f);
      const z = out[0]!;
      const y = data.y[row]!;
      total += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      if (grad === null) continue;
      // Backward: δ_L = (σ(z) − y)/N, then down the layers.
      this.d[last]![0] = (sigmoid(z) - y) * inv;
      for (let l = last; l >= 1; l--) {
        const s = this.slices[l - 1]!;
        const delta = this.d[l]!;
        const input = this.a[l - 1]!;
        const nIn = s.inputs;
        for (let o = 0; o < s.outputs; o++) {
          const g = delta[o]!;
          const base = s.w + o * nIn;
          for (let i = 0; i < nIn; i++) grad[base + i] = grad[base + i]! + g * input[i]!;
          grad[s.b + o] = grad[s.b + o]! + g;
        }
        if (l === 1) break;
        const below = this.d[l - 1]!;
        for (let i = 0; i < nIn; i++) {
          let sum = 0;
          for (let o = 0; o < s.outputs; o++) sum += theta[s.w + o * nIn + i]! * delta[o]!;
          const ai = input[i]!;
          below[i] = tanh ? sum * (1 - ai * ai) : ai > 0 ? sum : 0;
        }
      }
    }
    return total * inv;
  }

  /** Forward pass of the input at `x[offset…]`: fills the activations `a`. */
  private forward(theta: Float64Array, x: Float64Array, offset: number): void {
    const a0 = this.a[0]!;
    for (let i = 0; i < a0.length; i++) a0[i] = x[offset + i]!;
    const last = this.slices.length;
    const tanh = this.activation === 'tanh';
    for (let l = 1; l <= last; l++) {
      const s = this.slices[l - 1]!;
      const input = this.a[l - 1]!;
      const output = this.a[l]!;
      const nIn = s.inputs;
      for (let o = 0; o < s.outputs; o++) {
        let z = theta[s.b + o]!;
        const base = s.w + o * nIn;
        for (let i = 0; i < nIn; i++) z += theta[base + i]! * input[i]!;
        output[o] = l === last ? z : tanh ? Math.tanh(z) : Math.max(z, 0);
      }
    }
  }
}
