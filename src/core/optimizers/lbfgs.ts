/** L-BFGS: PyTorch's `torch.optim.LBFGS`, including its strong-Wolfe line search (torch/optim/lbfgs.py ported). */

import { fma } from '../fma.ts';
import { choiceParam, integerReason, lrParam, numberParam, readChoice, readNumber } from './params.ts';
import type { OptimizerRule } from './rule.ts';
import type { Group, Objective, Optimizer, OptimizerState, ParamValues } from './types.ts';

export const LBFGS_RULE =
  'one step(closure) = up to max_iter iterations: d = −H·g by the two-loop recursion over the last history_size ' +
  'pairs (s, y) with ys > 1e-10, H₀ = ys/yy; t = lr (first iteration ever: min(1, 1/Σ|g|)·lr); ' +
  "line_search_fn 'strong_wolfe': t from the strong-Wolfe search (c1 1e-4, c2 0.9, 25 trials); p ← p + t·d; " +
  'stops on max_iter, max_eval evaluations, max|g| ≤ tolerance_grad, max|t·d| ≤ tolerance_change, |Δf| < tolerance_change';

/** Python's max(a, b) / min(a, b): the first argument unless the second is strictly greater / smaller. */
// biome-ignore lint/complexity/useMathMinMax: Python's NaN handling (keep the first argument), not Math.max's.
const pyMax = (a: number, b: number): number => (b > a ? b : a);
// biome-ignore lint/complexity/useMathMinMax: as pyMax.
const pyMin = (a: number, b: number): number => (b < a ? b : a);

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** torch's `a.abs().max()`: NaN if any entry is NaN (torch's max propagates it), so `≤ tol` is then false. */
function maxAbs(a: Float64Array, scale = 1): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]! * scale);
    if (Number.isNaN(v)) return Number.NaN;
    m = pyMax(m, v);
  }
  return m;
}

/**
 * A step length as torch holds it: a Python float, or a 0-dim tensor (`t` becomes a tensor once it comes from
 * `1. / flat_grad.abs().sum()` or from the line search's interpolation). The difference shows in one place:
 * `3 * (f1 - f2) / (x1 - x2)` with a tensor divisor is `Tensor.__rdiv__`, i.e. `(x1 - x2).reciprocal() * a`,
 * two roundings where a float divisor gives one.
 */
export interface StepLength {
  readonly v: number;
  readonly tensor: boolean;
}

const float = (v: number): StepLength => ({ v, tensor: false });

/** Python's max(a, b) / min(a, b) on step lengths: the first unless the second is strictly greater / smaller. */
const stepMax = (a: StepLength, b: StepLength): StepLength => (b.v > a.v ? b : a);
const stepMin = (a: StepLength, b: StepLength): StepLength => (b.v < a.v ? b : a);

/** torch's `_cubic_interpolate` (from minFunc's polyinterp): the minimiser of the cubic through two points. */
export function cubicInterpolate(
  x1: StepLength,
  f1: number,
  g1: number,
  x2: StepLength,
  f2: number,
  g2: number,
  bounds?: readonly [StepLength, StepLength],
): StepLength {
  const [xminBound, xmaxBound] = bounds ?? (x1.v <= x2.v ? [x1, x2] : [x2, x1]);
  const a = 3 * (f1 - f2);
  const dx = x1.v - x2.v;
  const d1 = g1 + g2 - (x1.tensor || x2.tensor ? (1 / dx) * a : a / dx);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos =
      x1.v <= x2.v
        ? x2.v - (x2.v - x1.v) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1.v - (x1.v - x2.v) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    // min_pos is a tensor (the gradients are); min(max(min_pos, lo), hi) returns one of the three objects.
    return stepMin(stepMax({ v: minPos, tensor: true }, xminBound), xmaxBound);
  }
  return { v: (xminBound.v + xmaxBound.v) / 2, tensor: xminBound.tensor || xmaxBound.tensor };
}

/** f and ∇f at x + t·d (the point itself is not moved). */
type Directional = (t: number) => { f: number; g: Float64Array };

/** torch's `_strong_wolfe` (from minFunc's WolfeLineSearch), line by line: returns f, g, t and the evaluations. */
export function strongWolfe(
  objFunc: Directional,
  t0: StepLength,
  d: Float64Array,
  f: number,
  gIn: Float64Array,
  gtd: number,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): { f: number; g: Float64Array; t: StepLength; evals: number } {
  let t = t0;
  const dNorm = maxAbs(d);
  const g = Float64Array.from(gIn);
  let { f: fNew, g: gNew } = objFunc(t.v);
  let lsFuncEvals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = float(0);
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: StepLength[] = [];
  let bracketF: number[] = [];
  let bracketG: Float64Array[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t.v * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, Float64Array.from(gNew)];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t];
      bracketF = [fNew];
      bracketG = [gNew];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, Float64Array.from(gNew)];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    const minStep = { v: t.v + 0.01 * (t.v - tPrev.v), tensor: t.tensor || tPrev.tensor };
    const maxStep = { v: t.v * 10, tensor: t.tensor };
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = Float64Array.from(gNew);
    gtdPrev = gtdNew;
    ({ f: fNew, g: gNew } = objFunc(t.v));
    lsFuncEvals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  if (lsIter === maxLs) {
    bracket = [float(0), t];
    bracketF = [f, fNew];
    bracketG = [g, gNew];
    bracketGtd = [gtd, gtdNew];
  }
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1]!.v - bracket[0]!.v) * dNorm < toleranceChange) break;
    t = cubicInterpolate(
      bracket[0]!,
      bracketF[0]!,
      bracketGtd[0]!,
      bracket[1]!,
      bracketF[1]!,
      bracketGtd[1]!,
    );
    const hi = stepMax(bracket[0]!, bracket[1]!).v;
    const lo = stepMin(bracket[0]!, bracket[1]!).v;
    const eps = 0.1 * (hi - lo);
    if (pyMin(hi - t.v, t.v - lo) < eps) {
      if (insufProgress || t.v >= hi || t.v <= lo) {
        const tensor = bracket[0]!.tensor || bracket[1]!.tensor;
        t = { v: Math.abs(t.v - hi) < Math.abs(t.v - lo) ? hi - eps : lo + eps, tensor };
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    ({ f: fNew, g: gNew } = objFunc(t.v));
    lsFuncEvals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
    if (fNew > f + c1 * t.v * gtd || fNew >= bracketF[lowPos]!) {
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = Float64Array.from(gNew);
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[highPos]!.v - bracket[lowPos]!.v) >= 0) {
        bracket[highPos] = bracket[lowPos]!;
        bracketF[highPos] = bracketF[lowPos]!;
        bracketG[highPos] = bracketG[lowPos]!;
        bracketGtd[highPos] = bracketGtd[lowPos]!;
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = Float64Array.from(gNew);
      bracketGtd[lowPos] = gtdNew;
    }
  }
  return { f: bracketF[lowPos]!, g: bracketG[lowPos]!, t: bracket[lowPos]!, evals: lsFuncEvals };
}

/**
 * L-BFGS, one `step(closure)` per call (one trajectory row), as torch's `LBFGS.step` (1.13 and 2.x agree).
 * In short (the registry's rule text):
 *
 *     one step(closure) = up to max_iter iterations: d = −H·g by the two-loop recursion over the last
 *       history_size pairs (s, y) with ys > 1e-10, H₀ = ys/yy
 *     t = lr (first iteration ever: min(1, 1/Σ|g|)·lr)
 *     line_search_fn 'strong_wolfe': t from the strong-Wolfe search (c1 1e-4, c2 0.9, 25 trials)
 *     p ← p + t·d
 *     stops on max_iter, max_eval evaluations, max|g| ≤ tolerance_grad, max|t·d| ≤ tolerance_change,
 *       |Δf| < tolerance_change
 *
 * In full:
 *
 *     f, g at p (the row's own evaluation: torch's first closure call, counted in func_evals)
 *     max|g| ≤ tolerance_grad: return (no move)
 *     repeat up to max_iter times:
 *       first iteration ever: d = −g, H₀ = 1;  otherwise y = g − g_prev, s = t·d, ys = y·s;
 *         ys > 1e-10: keep (y, s, 1/ys) (dropping the oldest beyond history_size), H₀ = ys/(y·y);
 *         d = −H·g by the two-loop recursion over the kept pairs
 *       t = first iteration ever ? min(1, 1/Σ|g|)·lr : lr
 *       g·d > −tolerance_change: stop
 *       strong_wolfe: (f, g, t) from the line search (its evaluations counted);  p ← p + t·d
 *       none: p ← p + t·d; unless this is the last iteration, evaluate f, g there (1 evaluation)
 *       stop when: max_iter iterations, max_eval evaluations in this call, max|g| ≤ tolerance_grad,
 *                  max|t·d| ≤ tolerance_change, |f − f_prev| < tolerance_change
 *
 * max_eval 0 stands for torch's None = max_iter·5 // 4. lr comes from the param group at every call.
 * State, torch 1.13's `optimizer.state[p]` entry for entry (created by the first call): `func_evals` (all
 * evaluations so far, so a row's cost is the difference), `n_iter` (all iterations so far); from the second
 * iteration ever `al` (a list of history_size slots: the two-loop coefficients α_i of the last recursion, null
 * where torch still holds None); after a call that iterated `d`, `t`, `old_dirs` (the kept y vectors, oldest
 * first), `old_stps` (the kept s vectors), `ro` (1/ys per pair), `H_diag`, `prev_flat_grad`, `prev_loss`.
 *
 * Rounding as torch's CPU kernels (AVX2/AVX-512): `x.add_(v, alpha=a)` is fused, fma(a, v, x), in the two-loop
 * recursion and in p ← p + t·d (and the line search's trial points); dot products are plain a₀b₀ + a₁b₁.
 * Without a line search a last-bit difference here flips the |Δf| < tolerance_change test 20 iterations later.
 * Coupled: directions and line searches mix the coordinates.
 */
export function createLbfgs(values: ParamValues, dim: number): Optimizer {
  const maxIter = readNumber(values, 'max_iter');
  const maxEvalGiven = readNumber(values, 'max_eval');
  const maxEval = maxEvalGiven === 0 ? Math.floor((maxIter * 5) / 4) : maxEvalGiven;
  const toleranceGrad = readNumber(values, 'tolerance_grad');
  const toleranceChange = readNumber(values, 'tolerance_change');
  const historySize = readNumber(values, 'history_size');
  const wolfe = readChoice(values, 'line_search_fn') === 'strong_wolfe';
  let started = false;
  let funcEvals = 0;
  let stateNIter = 0;
  let saved = false;
  let d = new Float64Array(dim);
  let t = 0;
  let tTensor = false;
  let oldDirs: Float64Array[] = [];
  let oldStps: Float64Array[] = [];
  let ro: number[] = [];
  let hDiag = 1;
  let prevFlatGrad: Float64Array | null = null;
  let prevLoss = 0;
  const al: number[] = [];
  let alSlots = false;
  const scratch = new Float64Array(dim);
  const probe = new Float64Array(dim);

  return {
    step(p: Float64Array, g: Float64Array, group: Group, objective: Objective): void {
      const lr = group.lr;
      started = true;
      let loss = objective.value !== undefined ? objective.value(p) : objective.valueGrad(p, scratch);
      let currentEvals = 1;
      funcEvals += 1;
      let flatGrad: Float64Array = Float64Array.from(g.subarray(0, dim));
      let optCond = maxAbs(flatGrad) <= toleranceGrad;
      if (optCond) return;

      let nIter = 0;
      while (nIter < maxIter) {
        nIter += 1;
        stateNIter += 1;
        if (stateNIter === 1) {
          d = flatGrad.map((v) => -v);
          oldDirs = [];
          oldStps = [];
          ro = [];
          hDiag = 1;
        } else {
          const y = flatGrad.map((v, i) => v - prevFlatGrad![i]!);
          const s = d.map((v) => v * t);
          const ys = dot(y, s);
          if (ys > 1e-10) {
            if (oldDirs.length === historySize) {
              oldDirs.shift();
              oldStps.shift();
              ro.shift();
            }
            oldDirs.push(y);
            oldStps.push(s);
            ro.push(1 / ys);
            hDiag = ys / dot(y, y);
          }
          const numOld = oldDirs.length;
          alSlots = true;
          const q = flatGrad.map((v) => -v);
          for (let i = numOld - 1; i >= 0; i--) {
            al[i] = dot(oldStps[i]!, q) * ro[i]!;
            const a = -al[i]!;
            const dir = oldDirs[i]!;
            for (let j = 0; j < dim; j++) q[j] = fma(a, dir[j]!, q[j]!);
          }
          const r = q.map((v) => v * hDiag);
          for (let i = 0; i < numOld; i++) {
            const be = dot(oldDirs[i]!, r) * ro[i]!;
            const a = al[i]! - be;
            const stp = oldStps[i]!;
            for (let j = 0; j < dim; j++) r[j] = fma(a, stp[j]!, r[j]!);
          }
          d = r;
        }
        if (prevFlatGrad === null) prevFlatGrad = Float64Array.from(flatGrad);
        else prevFlatGrad.set(flatGrad);
        prevLoss = loss;

        if (stateNIter === 1) {
          let sum = 0;
          for (let j = 0; j < dim; j++) sum += Math.abs(flatGrad[j]!);
          // min(1., 1. / sum) is the tensor 1/sum when that is smaller, else the float 1.
          tTensor = 1 / sum < 1;
          t = pyMin(1, 1 / sum) * lr;
        } else {
          tTensor = false;
          t = lr;
        }
        const gtd = dot(flatGrad, d);
        if (gtd > -toleranceChange) break;

        let lsFuncEvals = 0;
        if (wolfe) {
          const x = Float64Array.from(p.subarray(0, dim));
          const dir = d;
          const search = strongWolfe(
            (step) => {
              for (let j = 0; j < dim; j++) probe[j] = fma(step, dir[j]!, x[j]!);
              const gNew = new Float64Array(dim);
              const f = objective.valueGrad(probe, gNew);
              return { f, g: gNew };
            },
            { v: t, tensor: tTensor },
            d,
            loss,
            flatGrad,
            gtd,
          );
          loss = search.f;
          flatGrad = search.g;
          t = search.t.v;
          tTensor = search.t.tensor;
          lsFuncEvals = search.evals;
          for (let j = 0; j < dim; j++) p[j] = fma(t, d[j]!, p[j]!);
          optCond = maxAbs(flatGrad) <= toleranceGrad;
        } else {
          for (let j = 0; j < dim; j++) p[j] = fma(t, d[j]!, p[j]!);
          if (nIter !== maxIter) {
            flatGrad = new Float64Array(dim);
            loss = objective.valueGrad(p, flatGrad);
            optCond = maxAbs(flatGrad) <= toleranceGrad;
            lsFuncEvals = 1;
          }
        }
        currentEvals += lsFuncEvals;
        funcEvals += lsFuncEvals;

        if (nIter === maxIter) break;
        if (currentEvals >= maxEval) break;
        if (optCond) break;
        if (maxAbs(d, t) <= toleranceChange) break;
        if (Math.abs(loss - prevLoss) < toleranceChange) break;
      }
      saved = true;
    },
    state(): OptimizerState {
      if (!started) return {};
      const s: OptimizerState = { func_evals: funcEvals, n_iter: stateNIter };
      // torch creates `al` (history_size slots, None until the two-loop recursion sets them) at the second
      // iteration ever; the other entries at the end of the first step(closure) that iterates.
      if (alSlots) s.al = Array.from({ length: historySize }, (_, i) => (i < al.length ? al[i]! : null));
      if (saved) {
        s.d = Array.from(d);
        s.t = t;
        s.old_dirs = oldDirs.map((v) => Array.from(v));
        s.old_stps = oldStps.map((v) => Array.from(v));
        s.ro = ro.slice();
        s.H_diag = hDiag;
        if (prevFlatGrad !== null) s.prev_flat_grad = Array.from(prevFlatGrad);
        s.prev_loss = prevLoss;
      }
      return s;
    },
  };
}

export const LBFGS: OptimizerRule = {
  id: 'lbfgs',
  name: 'L-BFGS',
  summary: 'Quasi-Newton: curvature from recent gradient changes, up to max_iter inner iterations per step.',
  rule: LBFGS_RULE,
  params: [
    lrParam(1),
    numberParam(
      'max_iter',
      'Most inner iterations per step (each step is one torch step(closure) call).',
      20,
      {
        min: 1,
        max: 10000,
        step: 1,
        slider: [1, 100],
      },
    ),
    {
      ...numberParam(
        'max_eval',
        'Most function evaluations per step (0 or null = torch None = max_iter·5 // 4).',
        0,
        { min: 0, max: 100000, step: 1, slider: [0, 200] },
      ),
      nullable: true,
    },
    numberParam('tolerance_grad', 'Stop when the largest |gradient| coordinate is at most this.', 1e-7, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 1e-8,
      scale: 'log',
      slider: [1e-12, 1],
    }),
    numberParam('tolerance_change', 'Stop when the step or the change of f falls below this.', 1e-9, {
      min: 0,
      max: Number.POSITIVE_INFINITY,
      step: 1e-10,
      scale: 'log',
      slider: [1e-14, 1],
    }),
    numberParam(
      'history_size',
      'How many recent (step, gradient change) pairs shape the curvature estimate.',
      100,
      {
        min: 1,
        max: 10000,
        step: 1,
        slider: [1, 100],
      },
    ),
    {
      ...choiceParam(
        'line_search_fn',
        "'strong_wolfe': choose each step length by torch's strong-Wolfe line search; 'none' (null): fixed t = lr.",
        'none',
        ['none', 'strong_wolfe'],
      ),
      nullable: true,
    },
  ],
  create: createLbfgs,
  validate: (values) => integerReason(values, ['max_iter', 'max_eval', 'history_size']),
  coupled: true,
  countsEvaluations: true,
};
