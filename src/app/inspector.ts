/**
 * The step inspector's pure derivations: one optimizer update taken apart, and the local quadratic
 * model at a point. No DOM, no three.js: the card (ui/inspector.ts) and the scene layers
 * (scene/layers/step-arrows.ts, scene/layers/curvature.ts) only draw what these return.
 *
 * "Step k" is the point of row k; the update inspected is the one that leaves it, update k + 1:
 * the gradient ∇f(p_k) the optimizer is handed, torch's `optimizer.state[p]` after that
 * `step()` (its names: `momentum_buffer`, `exp_avg`, `step`, …), and Δ = p_{k+1} − p_k.
 */
import {
  type CurvatureKind,
  conditionNumber,
  criticalMomentum,
  curvatureKind,
  eigenSym2,
  negativeCurvatureDirection,
  newtonStep,
  type SymEigen2,
  sgdFactor,
  sgdStabilityBound,
  type Vec2,
} from '../core/curvature.ts';
import type { CompiledFunction } from '../core/expr/index.ts';
import type { Domain } from '../core/functions/types.ts';
import type { Group, OptimizerState, ParamValues } from '../core/optimizers/types.ts';
import { gradientOf, Run, type RunSpec } from '../core/runner.ts';

// ---- the decomposition of an update ---------------------------------------------------------

/**
 * How a rule builds its update, for drawing it:
 * - `gradient`: Δ = −lr·g (plain SGD); any remainder (weight decay) is a second part.
 * - `momentum`: Δ = −lr·g + the momentum part (heavy ball: −lr·μ·buf_{k}; with dampening or
 *   Nesterov the remainder is whatever the rule adds beyond −lr·g). The parts sum to Δ.
 * - `adaptive`: the raw gradient step −lr·g against the rescaled step Δ the rule takes
 *   (per-coordinate denominators, signs, normalised updates). Two alternatives, not a sum.
 * - `curvature`: −lr·g against Δ shaped by curvature (Newton's −H⁻¹g, L-BFGS's line search).
 */
export type StepFamily = 'gradient' | 'momentum' | 'adaptive' | 'curvature';

/** The family of each optimizer id; SGD-like ids become `momentum` when their momentum is > 0. */
const FAMILIES: Readonly<Record<string, StepFamily>> = {
  sgd: 'gradient',
  momentum: 'gradient',
  nesterov: 'gradient',
  asgd: 'gradient',
  schedulefree_sgd: 'gradient',
  adagrad: 'adaptive',
  rmsprop: 'adaptive',
  adadelta: 'adaptive',
  adam: 'adaptive',
  adamw: 'adaptive',
  adamax: 'adaptive',
  nadam: 'adaptive',
  radam: 'adaptive',
  adafactor: 'adaptive',
  lion: 'adaptive',
  rprop: 'adaptive',
  muon: 'adaptive',
  schedulefree_adamw: 'adaptive',
  newton: 'curvature',
  lbfgs: 'curvature',
};

export function stepFamily(optimizer: string, group: Group): StepFamily {
  const family = FAMILIES[optimizer] ?? 'adaptive';
  return family === 'gradient' && group.momentum > 0 && optimizer !== 'asgd' ? 'momentum' : family;
}

export type PartRole = 'gradient' | 'momentum' | 'rest' | 'update';

/** One arrow: `vector` in the function's coordinates, drawn from `from` (relative to the point). */
export interface StepPart {
  readonly role: PartRole;
  readonly label: string;
  readonly vector: Vec2;
  /** Where the arrow starts, relative to the point (tip-to-tail for parts of a sum). */
  readonly from: Vec2;
}

export interface Decomposition {
  readonly family: StepFamily;
  /** The arrows to draw; the last is always the update Δ itself. */
  readonly parts: readonly StepPart[];
}

const add = (a: Vec2, b: Vec2): Vec2 => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Vec2, b: Vec2): Vec2 => [a[0] - b[0], a[1] - b[1]];
const ORIGIN: Vec2 = [0, 0];

/**
 * Update Δ taken apart the way the rule builds it (see `StepFamily`), with `lr` the learning rate
 * the update used and `g` the gradient it was handed. For `gradient` and `momentum` the parts are
 * −lr·g and the remainder Δ − (−lr·g), drawn tip to tail, so they add up to Δ exactly; for heavy
 * ball (no dampening, no Nesterov) the remainder is −lr·μ·buf of the step before (0 on the first
 * step, where torch sets buf = g). For `adaptive` and `curvature`, −lr·g and Δ both start at the point.
 */
export function decomposeUpdate(family: StepFamily, lr: number, g: Vec2, update: Vec2): Decomposition {
  const raw: Vec2 = [-lr * g[0], -lr * g[1]];
  const total: StepPart = { role: 'update', label: 'update Δ', vector: update, from: ORIGIN };
  if (family === 'adaptive' || family === 'curvature') {
    const label = family === 'adaptive' ? 'raw gradient step −lr·∇f' : 'gradient step −lr·∇f';
    return { family, parts: [{ role: 'gradient', label, vector: raw, from: ORIGIN }, total] };
  }
  const rest = sub(update, raw);
  const gradient: StepPart = { role: 'gradient', label: '−lr·∇f', vector: raw, from: ORIGIN };
  const second: StepPart =
    family === 'momentum'
      ? { role: 'momentum', label: 'momentum part', vector: rest, from: raw }
      : { role: 'rest', label: 'other terms', vector: rest, from: raw };
  const negligible = Math.hypot(...rest) <= 1e-12 * Math.max(Math.hypot(...update), Number.MIN_VALUE);
  return {
    family,
    parts: family === 'gradient' && negligible ? [gradient, total] : [gradient, second, total],
  };
}

/** The shortest the longest arrow of a step is drawn, as a fraction of the domain's diagonal. */
export const MIN_ARROW = 0.1;

/**
 * How much the step's arrows are magnified when drawn, so that a step much shorter than the domain
 * (near a minimum, most of a run) is not hidden under its marker: 1 when the longest part is at
 * least `MIN_ARROW` of the domain's diagonal, else the smallest of 2, 5, 10, 20, 50, … (at most
 * 10⁶) that makes it so. Every part is magnified alike, so their proportions hold; the card's key
 * says the factor.
 */
export function arrowScale(parts: readonly StepPart[], domain: Domain): number {
  const reach = Math.hypot(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
  const longest = Math.max(0, ...parts.map((p) => Math.hypot(p.vector[0], p.vector[1])));
  if (!(longest > 0) || !Number.isFinite(longest)) return 1;
  const need = (MIN_ARROW * reach) / longest;
  if (!(need > 1)) return 1;
  for (let decade = 1; decade <= 1e5; decade *= 10)
    for (const m of [2, 5, 10]) if (m * decade >= need) return m * decade;
  return 1e6;
}

// ---- the effective per-coordinate step size -------------------------------------------------

export interface EffectiveStep {
  /** How it is formed, in the rule's terms. */
  readonly formula: string;
  /** What it multiplies (the gradient, Adam's m̂, the momentum buffer). */
  readonly times: string;
  readonly values: Vec2;
}

const num = (params: ParamValues, name: string, fallback: number): number => {
  const v = params[name];
  return typeof v === 'number' ? v : fallback;
};
const vec = (state: OptimizerState, name: string): Vec2 | null => {
  const v = state[name];
  return Array.isArray(v) && v.length >= 2 ? [v[0] as number, v[1] as number] : null;
};

type EffectiveRule = (params: ParamValues, lr: number, state: OptimizerState) => EffectiveStep | null;

/**
 * Adam/AdamW: Δ = −lr/(√v̂ + eps) · m̂ with v̂ = v/(1 − β₂ᵗ), m̂ = m/(1 − β₁ᵗ) (torch's order). The
 * paper's form (`eps_mode: 'paper'`, the book's), Δ = −lr_t·m/(√v + eps) with
 * lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), is the same with eps/√(1 − β₂ᵗ) in place of eps.
 */
const adamRule: EffectiveRule = (params, lr, state) => {
  const t = state.step;
  const v = vec(state, params.amsgrad === true ? 'max_exp_avg_sq' : 'exp_avg_sq');
  if (typeof t !== 'number' || v === null) return null;
  const bc2 = 1 - num(params, 'beta2', 0.999) ** t;
  const eps = num(params, 'eps', 1e-8);
  const paper = params.eps_mode === 'paper';
  const at = (vi: number) =>
    paper ? lr / ((Math.sqrt(vi) + eps) / Math.sqrt(bc2)) : lr / (Math.sqrt(vi) / Math.sqrt(bc2) + eps);
  const formula = paper ? 'lr/(√v̂ + eps/√(1 − β₂ᵗ))' : 'lr/(√v̂ + eps)';
  return { formula, times: 'm̂', values: [at(v[0]), at(v[1])] };
};

/** Per-optimizer effective step sizes from torch's state after the update. */
const EFFECTIVE: Readonly<Record<string, EffectiveRule>> = {
  adam: adamRule,
  adamw: adamRule,
  /** Adagrad: Δ = −clr/(√sum + eps)·g, clr = lr/(1 + (t − 1)·lr_decay). */
  adagrad: (params, lr, state) => {
    const t = state.step;
    const s = vec(state, 'sum');
    if (typeof t !== 'number' || s === null) return null;
    const clr = lr / (1 + (t - 1) * num(params, 'lr_decay', 0));
    const eps = num(params, 'eps', 1e-10);
    return {
      formula: 'clr/(√sum + eps)',
      times: '∇f',
      values: [clr / (Math.sqrt(s[0]) + eps), clr / (Math.sqrt(s[1]) + eps)],
    };
  },
  /** RMSprop: lr/(√square_avg + eps), centred: √(square_avg − grad_avg²). */
  rmsprop: (params, lr, state) => {
    const sq = vec(state, 'square_avg');
    if (sq === null) return null;
    const ga = vec(state, 'grad_avg');
    const eps = num(params, 'eps', 1e-8);
    const at = (i: 0 | 1) => lr / (Math.sqrt(ga ? sq[i] - ga[i] * ga[i] : sq[i]) + eps);
    const times = num(params, 'momentum', 0) > 0 ? '∇f (into momentum_buffer)' : '∇f';
    const formula = ga ? 'lr/(√(square_avg − grad_avg²) + eps)' : 'lr/(√square_avg + eps)';
    return { formula, times, values: [at(0), at(1)] };
  },
};

/**
 * The per-coordinate step size of the update: the rule's own (Adam's lr/(√v̂ + eps), Adagrad's,
 * RMSprop's) where the table has it; SGD and its momentum variants step lr times their direction;
 * otherwise what the step amounts to, −Δᵢ/gᵢ (NaN where gᵢ = 0).
 */
export function effectiveStep(
  optimizer: string,
  params: ParamValues,
  lr: number,
  family: StepFamily,
  state: OptimizerState,
  g: Vec2,
  update: Vec2,
): EffectiveStep {
  const rule = EFFECTIVE[optimizer]?.(params, lr, state);
  if (rule) return rule;
  if (family === 'gradient' && optimizer !== 'asgd' && optimizer !== 'schedulefree_sgd')
    return { formula: 'lr', times: '∇f', values: [lr, lr] };
  if (family === 'momentum') return { formula: 'lr', times: 'momentum_buffer', values: [lr, lr] };
  const ratio = (i: 0 | 1) => (g[i] === 0 ? Number.NaN : -update[i] / g[i]);
  return { formula: '−Δ/∇f', times: '∇f', values: [ratio(0), ratio(1)] };
}

// ---- torch's state, sorted for the card ------------------------------------------------------

/**
 * The state entries that are lists over remembered steps, not per-coordinate buffers (L-BFGS:
 * `old_dirs`/`old_stps` hold one vector per step, `ro` one number per step, `al` history_size slots),
 * by optimizer id: a list of two happens to have a coordinate buffer's shape.
 */
const HISTORY_LISTS: Readonly<Record<string, readonly string[]>> = {
  lbfgs: ['old_dirs', 'old_stps', 'ro', 'al'],
};

/** torch's `optimizer.state[p]` sorted for the card, each part in the state's own order. */
export interface StateParts {
  /** Per-coordinate buffers (`exp_avg`, `momentum_buffer`, `d`, …): [x, y]. */
  readonly vectors: readonly (readonly [string, Vec2])[];
  /** Scalars (`step`, `mu_product`, `H_diag`, …). */
  readonly scalars: readonly (readonly [string, number])[];
  /** History lists (`HISTORY_LISTS`) and anything else not one number per coordinate: their lengths. */
  readonly lists: readonly (readonly [string, number])[];
}

export function stateParts(optimizer: string, state: OptimizerState): StateParts {
  const history = HISTORY_LISTS[optimizer] ?? [];
  const vectors: [string, Vec2][] = [];
  const scalars: [string, number][] = [];
  const lists: [string, number][] = [];
  for (const [name, value] of Object.entries(state)) {
    if (typeof value === 'number') scalars.push([name, value]);
    else if (!history.includes(name) && value.length === 2 && value.every((v) => typeof v === 'number'))
      vectors.push([name, [value[0] as number, value[1] as number]]);
    else lists.push([name, value.length]);
  }
  return { vectors, scalars, lists };
}

// ---- one step of a run, re-run from the start -----------------------------------------------

export interface InspectedStep {
  /** The row inspected (clamped to the run). */
  readonly k: number;
  readonly point: Vec2;
  readonly f: number;
  /** The gradient the optimizer is handed at p_k (at Schedule-Free's y where it differs). */
  readonly gradient: Vec2;
  /** torch's state after update k + 1 (after update k at the run's last row). */
  readonly state: OptimizerState;
  /** Δ = p_{k+1} − p_k; null at the last row. */
  readonly update: Vec2 | null;
  /** The learning rate update k + 1 used. */
  readonly lr: number;
}

/**
 * Re-runs one optimizer row to any step, keeping two runs (at k and k + 1) that only move forward:
 * stepping → costs one update each, stepping back re-runs from the start (bounded by the run's
 * own step limit). The run's bits are the trail's (same spec, deterministic).
 */
export class StepRecorder {
  private at: Run;
  private next: Run;

  constructor(private readonly spec: RunSpec) {
    this.at = new Run(spec);
    this.next = new Run(spec);
  }

  inspect(step: number): InspectedStep | null {
    if (this.at.steps > step) this.at = new Run(this.spec);
    if (this.next.steps > step + 1) this.next = new Run(this.spec);
    this.at.advanceTo(step);
    const rows = this.at.rows;
    if (rows === 0) return null;
    const k = Math.min(step, rows - 1);
    this.next.advanceTo(k + 1);
    const hasNext = this.next.rows > k + 1;
    const xyf = this.at.xyf;
    const point: Vec2 = [xyf[3 * k]!, xyf[3 * k + 1]!];
    const yx = this.at.yx;
    const at: Vec2 = yx ? [yx[2 * k]!, yx[2 * k + 1]!] : point;
    const g = new Float64Array(2);
    gradientOf(this.spec.fn, this.spec.gradient ?? 'exact')(at[0], at[1], g);
    const nx = this.next.xyf;
    return {
      k,
      point,
      f: xyf[3 * k + 2]!,
      gradient: [g[0]!, g[1]!],
      state: hasNext ? this.next.optimizerState() : this.at.optimizerState(),
      update: hasNext ? [nx[3 * k + 3]! - point[0], nx[3 * k + 4]! - point[1]] : null,
      lr: hasNext ? this.next.lr[k]! : this.at.group.lr,
    };
  }
}

// ---- the local quadratic model --------------------------------------------------------------

/** f(p + d) ≈ f + gᵀd + ½ dᵀHd at a point, with H's eigen-decomposition and what follows from it. */
export interface LocalModel {
  readonly point: Vec2;
  readonly f: number;
  readonly gradient: Vec2;
  /** [[fxx, fxy], [fxy, fyy]]. */
  readonly hessian: readonly [Vec2, Vec2];
  readonly eigen: SymEigen2;
  readonly kind: CurvatureKind;
  readonly condition: number;
  /** Newton's step −H⁻¹g; null when H is singular. */
  readonly newton: Vec2 | null;
  /** The downhill direction of negative curvature; null unless an eigenvalue is negative. */
  readonly negative: Vec2 | null;
}

/** The model at (x, y) from the compiled function's exact gradient and Hessian. */
export function localModel(fn: CompiledFunction, x: number, y: number): LocalModel {
  const g = new Float64Array(2);
  const f = fn.valueGrad(x, y, g);
  const h = new Float64Array(3);
  fn.hessian(x, y, h);
  const eigen = eigenSym2({ xx: h[0]!, xy: h[1]!, yy: h[2]! });
  const gradient: Vec2 = [g[0]!, g[1]!];
  return {
    point: [x, y],
    f,
    gradient,
    hessian: [
      [h[0]!, h[1]!],
      [h[1]!, h[2]!],
    ],
    eigen,
    kind: curvatureKind(eigen.values),
    condition: conditionNumber(eigen.values),
    newton: newtonStep(gradient, eigen),
    negative: negativeCurvatureDirection(gradient, eigen),
  };
}

/** One line of theory for an optimizer on the model, with the numbers it names. */
export interface Theory {
  readonly text: string;
}

const fmt = (v: number): string => {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const t = a >= 1e5 || a < 1e-4 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return t.replace('-', '−').replace('e+', 'e');
};

export { fmt as formatTheoryNumber };

/**
 * The one-line theory of `family` on the model (Goh, Distill 2017; the book, ch. 6):
 * - plain gradient descent: stable for lr < 2/λmax; each eigen-direction shrinks by 1 − lr·λ per
 *   step (negative: a zigzag);
 * - heavy-ball momentum: critical damping β* = (1 − √(lr·λ))² per direction;
 * - Newton: the exact step −H⁻¹g to the model's stationary point;
 * - adaptive methods: the same plain-GD numbers, the yardstick they rescale.
 * A saddle is named, with its direction of negative curvature.
 */
export function theory(family: StepFamily, group: Group, model: LocalModel): Theory[] {
  const [l0, l1] = model.eigen.values;
  const lr = group.lr;
  const lines: Theory[] = [];
  if (model.kind === 'saddle' && model.negative) {
    const [u, w] = model.negative;
    lines.push({
      text: `saddle: H is indefinite; negative curvature λ = ${fmt(l0)} along (${fmt(u)}, ${fmt(w)})`,
    });
  } else if (model.kind === 'flat')
    lines.push({ text: 'flat: an eigenvalue is zero (no unique model minimum)' });
  else if (model.kind === 'maximum') lines.push({ text: 'maximum: both eigenvalues negative' });
  if (family === 'curvature') {
    const n = model.newton;
    lines.push({
      text: n
        ? `Newton: exact step −H⁻¹∇f = (${fmt(n[0])}, ${fmt(n[1])})`
        : 'Newton: H is singular, no exact step',
    });
    return lines;
  }
  if (family === 'momentum') {
    const beta = (l: number) => fmt(criticalMomentum(lr, l));
    lines.push({
      text: `heavy ball: β* = (1 − √(lr·λ))² = ${beta(l0)}, ${beta(l1)} (μ = ${fmt(group.momentum)})`,
    });
  }
  const prefix = family === 'gradient' ? 'SGD' : family === 'momentum' ? 'without momentum' : 'plain GD';
  lines.push({
    text: `${prefix}: lr < 2/λmax = ${fmt(sgdStabilityBound(model.eigen.values))}; 1 − lr·λ = ${fmt(sgdFactor(lr, l0))}, ${fmt(sgdFactor(lr, l1))}`,
  });
  return lines;
}

// ---- curves of the model, for drawing -------------------------------------------------------

/** Polylines in the function's coordinates, each a flat [x0, y0, x1, y1, …]. */
export interface ModelCurves {
  /** The eigenvector axes through the model's centre: [λ₀ axis, λ₁ axis]. */
  readonly axes: readonly [readonly number[], readonly number[]];
  /** The contour of the model through the point (the "ellipse"), then fainter ones. */
  readonly contours: readonly (readonly number[])[];
}

import { MODEL_SEGMENTS } from './inspector-model.ts';

export { MODEL_SEGMENTS };

/** cos t, sin t at t = 2πi / MODEL_SEGMENTS, i = 0 … MODEL_SEGMENTS (the ellipses' parameter). */
const CIRCLE = Float64Array.from({ length: 2 * (MODEL_SEGMENTS + 1) }, (_, j) => {
  const t = (2 * Math.PI * (j >> 1)) / MODEL_SEGMENTS;
  return j % 2 === 0 ? Math.cos(t) : Math.sin(t);
});

/**
 * The model's curves, sized to the domain: for a bowl (or cap) the ellipses
 * ½ eᵀHe = c·L around the model's stationary point (Newton's target), L the level through the
 * point, c ∈ {1, ¼, 4} — the first one passes through the point, with semi-axes √(2L/|λᵢ|) along
 * vᵢ; axes along v₀, v₁. For a saddle or a flat model, the curves ½ eᵀHe = ±c around the point
 * itself (hyperbolas at a saddle). Radii are capped at the domain's diagonal; a level at the
 * centre (L = 0) gives ellipses sized by `reach` instead.
 */
export function modelCurves(model: LocalModel, domain: Domain): ModelCurves {
  const reach = Math.hypot(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
  const [l0, l1] = model.eigen.values;
  const [v0, v1] = model.eigen.vectors;
  const bowl = model.kind === 'minimum' || model.kind === 'maximum';
  const centre: Vec2 = bowl && model.newton ? add(model.point, model.newton) : model.point;
  const at = (a: number, b: number): [number, number] => [
    centre[0] + a * v0[0] + b * v1[0],
    centre[1] + a * v0[1] + b * v1[1],
  ];
  const contours: number[][] = [];
  let size0: number;
  let size1: number;
  if (bowl) {
    const e = sub(model.point, centre);
    const e0 = e[0] * v0[0] + e[1] * v0[1];
    const e1 = e[0] * v1[0] + e[1] * v1[1];
    let level = 0.5 * (Math.abs(l0) * e0 * e0 + Math.abs(l1) * e1 * e1);
    if (!(level > 0)) level = 0.5 * Math.max(Math.abs(l0), Math.abs(l1)) * (0.05 * reach) ** 2;
    size0 = Math.min(Math.sqrt((2 * level) / Math.abs(l0)), reach);
    size1 = Math.min(Math.sqrt((2 * level) / Math.abs(l1)), reach);
    for (const c of [1, 0.25, 4]) {
      const r = Math.sqrt(c);
      const line: number[] = [];
      for (let i = 0; i <= MODEL_SEGMENTS; i++) {
        line.push(...at(r * size0 * CIRCLE[2 * i]!, r * size1 * CIRCLE[2 * i + 1]!));
      }
      contours.push(line);
    }
  } else {
    // Hyperbolas ½(λ₀a² + λ₁b²) = ±c, c chosen so that the steeper direction reaches 10 % of the domain.
    const big = Math.max(Math.abs(l0), Math.abs(l1), Number.MIN_VALUE);
    const r = 0.1 * reach;
    const c = 0.5 * big * r * r;
    size0 = Math.abs(l0) > 0 ? Math.min(Math.sqrt((2 * c) / Math.abs(l0)), reach / 4) : reach / 4;
    size1 = Math.abs(l1) > 0 ? Math.min(Math.sqrt((2 * c) / Math.abs(l1)), reach / 4) : reach / 4;
    for (const sign of [1, -1]) {
      // Branches ½(λ₀a² + λ₁b²) = sign·c, parametrised along the axis whose term has that sign.
      const along = l1 * sign > 0 ? 0 : 1;
      const la = along === 0 ? l1 : l0;
      const lb = along === 0 ? l0 : l1;
      if (la * sign <= 0) continue;
      for (const branch of [1, -1]) {
        const line: number[] = [];
        for (let i = 0; i <= MODEL_SEGMENTS; i++) {
          const s = ((i / MODEL_SEGMENTS) * 2 - 1) * reach * 0.15;
          const rest = 2 * sign * c - lb * s * s;
          const q = rest / la;
          if (!(q >= 0)) continue;
          const u = branch * Math.sqrt(q);
          line.push(...(along === 0 ? at(s, u) : at(u, s)));
        }
        if (line.length >= 4) contours.push(line);
      }
    }
  }
  const axis = (a: number, b: number) => [...at(-a, -b), ...at(a, b)];
  return { axes: [axis(size0, 0), axis(0, size1)], contours };
}
