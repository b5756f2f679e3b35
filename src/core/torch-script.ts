/**
 * `descent torch`: a self-contained Python script (PyTorch and the standard library, nothing else) that
 * reproduces a list of cases and prints the same JSON as `descent run`. Pure: the page offers the same
 * text as its "PyTorch script" export.
 *
 * What the script does for each case, in float64 (`torch.set_default_dtype(torch.float64)`):
 *   - f and its gradient are printed as torch operations on 0-dim tensors, from Descent's own pipeline
 *     (simplified, symbolic derivatives, small integer powers expanded): the same numbers as `descent run`
 *     up to the last bits of sin, exp, .... `GRADIENT = "autograd"` at the top of the script takes the
 *     gradient from `loss.backward()` instead (an independent check; it differs in the last bits, and
 *     where a derivative does not exist, abs or sqrt at 0, it takes autograd's convention);
 *     `"gradient": "numeric"` is Descent's central difference;
 *   - the optimizer is torch.optim's class where torch has the rule (SGD, Adagrad, RMSprop, Adam, AdamW,
 *     Adamax, NAdam on torch ≥ 2.0, RAdam, Adadelta, Rprop, ASGD, L-BFGS with a closure, Adafactor on
 *     torch ≥ 2.5); otherwise the rule in plain torch (Adam's 'paper' eps form, NAdam's 2.x rule on
 *     older torch, Adafactor on older torch, Lion, Newton, Schedule-Free SGD and AdamW, whose reported
 *     point is x, and Muon on the point as a 1×2 matrix, its bfloat16 Newton–Schulz op by op);
 *   - the schedule is torch.optim.lr_scheduler's class, built with the case's arguments (CyclicLR cycling
 *     betas[0] is a port of torch 2.x's on torch < 2.3, which refuses it);
 *   - noise is the port of `SeededNormal` (src/core/noise.ts), which gives the same bits as TypeScript,
 *     drawn in the same order (x then y, each evaluation; L-BFGS's extra evaluations too);
 *   - the loop is `descent run`'s: row 0 at the start; then lr recorded, `opt.step()`, `sched.step()`,
 *     the next row and its gradient; the same divergence and convergence rules.
 * L-BFGS results carry `evals` (torch's `func_evals` per step), as descent run's. `"trace": true` is not
 * reproduced (the script prints no `state`). Cases `descent run` rejects are printed as the same
 * `{"id", "error"}`; a case whose optimizer has no translation (none today; a new optimizer until it
 * gets one) prints an error saying so.
 */

import { type CaseSpec, isCaseError, type NoiseSpec, runCase, validateCase } from './cases.ts';
import { type Node, NodeFactory, topologicalOrder } from './expr/ast.ts';
import { expandIntegerPowers } from './expr/codegen.ts';
import { derivative } from './expr/diff.ts';
import type { FunctionName } from './expr/names.ts';
import { parseInto } from './expr/parser.ts';
import { Algebra, simplify } from './expr/simplify.ts';
import { getFunctionPreset } from './functions/presets.ts';
import { getOptimizer, resolveParams } from './optimizers/index.ts';
import type { ParamValues } from './optimizers/types.ts';
import { DEFAULT_DOMAIN, DEFAULT_TOLERANCE, divergenceBound } from './runner.ts';
import {
  getSchedule,
  type MomentumKey,
  momentumKeyOf,
  resolveSchedule,
  type ScheduleSpec,
} from './schedules/index.ts';

/** A Python float literal for a finite or special double (`1e-07` style is fine for Python). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'math.nan';
  if (v === Number.POSITIVE_INFINITY) return 'math.inf';
  if (v === Number.NEGATIVE_INFINITY) return '-math.inf';
  const text = String(v);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

const pyInt = (v: number): string => String(Math.trunc(v));
const pyStr = (s: string): string => JSON.stringify(s);
const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** torch's function for each function of the expression language. */
const TORCH_FUNCTIONS: Readonly<Record<FunctionName, string>> = {
  sin: 'torch.sin',
  cos: 'torch.cos',
  tan: 'torch.tan',
  asin: 'torch.asin',
  acos: 'torch.acos',
  atan: 'torch.atan',
  sinh: 'torch.sinh',
  cosh: 'torch.cosh',
  tanh: 'torch.tanh',
  exp: 'torch.exp',
  log: 'torch.log',
  ln: 'torch.log',
  log10: 'torch.log10',
  log2: 'torch.log2',
  sqrt: 'torch.sqrt',
  abs: 'torch.abs',
  sign: 'torch.sign',
  floor: 'torch.floor',
  ceil: 'torch.ceil',
  min: 'torch.minimum',
  max: 'torch.maximum',
  pow: 'torch.pow',
  hypot: 'torch.hypot',
  atan2: 'torch.atan2',
};

const BINARY_PY = { add: '+', sub: '-', mul: '*', div: '/' } as const;

/** Straight-line torch code for `roots` (children first, each node once); returns the lines and names. */
function torchLines(roots: readonly Node[]): { lines: string[]; ref: (n: Node) => string } {
  const names = new Map<Node, string>();
  const lines: string[] = [];
  let count = 0;
  const ref = (n: Node): string => names.get(n)!;
  for (const node of topologicalOrder(roots)) {
    let expr: string;
    switch (node.kind) {
      case 'num':
      case 'const':
        expr = `_t(${pyFloat(node.value)})`;
        break;
      case 'var':
        names.set(node, node.name);
        continue;
      case 'neg':
        expr = `-${ref(node.arg)}`;
        break;
      case 'pow':
        expr = `torch.pow(${ref(node.left)}, ${ref(node.right)})`;
        break;
      case 'call':
        expr = `${TORCH_FUNCTIONS[node.fn]}(${node.args.map(ref).join(', ')})`;
        break;
      case 'select':
        expr = `torch.where(${ref(node.left)} ${node.op === 'gt' ? '>' : '!='} ${ref(node.right)}, ${ref(node.ifTrue)}, ${ref(node.ifFalse)})`;
        break;
      default:
        expr = `${ref(node.left)} ${BINARY_PY[node.kind]} ${ref(node.right)}`;
    }
    const local = `t${count++}`;
    names.set(node, local);
    lines.push(`    ${local} = ${expr}`);
  }
  return { lines, ref };
}

/** `x + 0·(x + y)`-style guard: a result that is x, y or a constant gets `+ 0 * (x + y)` (a tensor in the graph). */
const anchored = (code: string, node: Node): string =>
  node.kind === 'var' || node.kind === 'num' || node.kind === 'const' ? `${code} + 0 * (x + y)` : code;

/**
 * Python source of two functions of 0-dim float64 tensors x, y, as Descent evaluates the expression
 * (parse → simplify → symbolic derivatives → small integer powers expanded into products):
 * `def name(x, y)` returns f (a tensor autograd can differentiate; the Hessian of Newton and
 * `GRADIENT = "autograd"` use it), and `def name_grad(x, y)` returns (f, ∂f/∂x, ∂f/∂y) from Descent's
 * own derivative formulas, operation for operation (kinks take Descent's defined values). Null for an
 * invalid expression.
 */
export function torchFunctionSource(source: string, name: string): string | null {
  const factory = new NodeFactory();
  const parsed = parseInto(factory, source);
  if (!parsed.ok) return null;
  const A = new Algebra(factory);
  const f = simplify(A, parsed.value);
  const [v] = expandIntegerPowers(A, [f]);
  const value = torchLines([v!]);
  const [gv, gx, gy] = expandIntegerPowers(A, [f, derivative(A, f, 'x'), derivative(A, f, 'y')]);
  const grad = torchLines([gv!, gx!, gy!]);
  const body = (lines: string[]) => (lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return (
    `def ${name}(x, y):\n${body(value.lines)}    return ${anchored(value.ref(v!), v!)}\n\n\n` +
    `def ${name}_grad(x, y):\n${body(grad.lines)}    return ${[gv!, gx!, gy!].map((n) => anchored(grad.ref(n), n)).join(', ')}\n`
  );
}

/** Python snippets a case may need, emitted once each. */
type Snippet =
  | 'AdamPaper'
  | 'NAdam2'
  | 'Adafactor2'
  | 'Muon2'
  | 'Lion'
  | 'Newton'
  | 'ScheduleFree'
  | 'CyclicLR2';

interface OptimizerCode {
  /** A Python expression building the optimizer on `p` (and `fn`, the case's function). */
  readonly make: string;
  readonly needs: readonly Snippet[];
}

const num = (v: ParamValues, name: string): string => pyFloat(v[name] as number);
const betas = (v: ParamValues): string => `(${num(v, 'beta1')}, ${num(v, 'beta2')})`;

/** How each optimizer is built in the script, by optimizer id; absent ids have no translation yet. */
const TORCH_OPTIMIZERS: Readonly<Record<string, (v: ParamValues) => OptimizerCode>> = {
  sgd: sgdCode,
  momentum: sgdCode,
  nesterov: sgdCode,
  adagrad: (v) => ({
    make: `torch.optim.Adagrad([p], lr=${num(v, 'lr')}, lr_decay=${num(v, 'lr_decay')}, weight_decay=${num(v, 'weight_decay')}, initial_accumulator_value=${num(v, 'initial_accumulator_value')}, eps=${num(v, 'eps')})`,
    needs: [],
  }),
  rmsprop: (v) => ({
    make: `torch.optim.RMSprop([p], lr=${num(v, 'lr')}, alpha=${num(v, 'alpha')}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')}, momentum=${num(v, 'momentum')}, centered=${pyBool(v.centered as boolean)})`,
    needs: [],
  }),
  adam: (v) => adamCode(v, false),
  adamw: (v) => adamCode(v, true),
  adamax: (v) => ({
    make: `torch.optim.Adamax([p], lr=${num(v, 'lr')}, betas=${betas(v)}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')})`,
    needs: [],
  }),
  nadam: (v) => {
    const args = `[p], lr=${num(v, 'lr')}, betas=${betas(v)}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')}, momentum_decay=${num(v, 'momentum_decay')}`;
    return { make: `(torch.optim.NAdam if TORCH_VERSION >= (2, 0) else NAdam2)(${args})`, needs: ['NAdam2'] };
  },
  radam: (v) => ({
    make: `torch.optim.RAdam([p], lr=${num(v, 'lr')}, betas=${betas(v)}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')})`,
    needs: [],
  }),
  adadelta: (v) => ({
    make: `torch.optim.Adadelta([p], lr=${num(v, 'lr')}, rho=${num(v, 'rho')}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')})`,
    needs: [],
  }),
  rprop: (v) => ({
    make: `torch.optim.Rprop([p], lr=${num(v, 'lr')}, etas=(${num(v, 'eta_minus')}, ${num(v, 'eta_plus')}), step_sizes=(${num(v, 'step_size_min')}, ${num(v, 'step_size_max')}))`,
    needs: [],
  }),
  asgd: (v) => ({
    make: `torch.optim.ASGD([p], lr=${num(v, 'lr')}, lambd=${num(v, 'lambd')}, alpha=${num(v, 'alpha')}, t0=${num(v, 't0')}, weight_decay=${num(v, 'weight_decay')})`,
    needs: [],
  }),
  adafactor: (v) => ({
    make: `(torch.optim.Adafactor if hasattr(torch.optim, "Adafactor") else Adafactor2)([p], lr=${num(v, 'lr')}, beta2_decay=${num(v, 'beta2_decay')}, eps=(${num(v, 'eps1')}, ${num(v, 'eps2')}), d=${num(v, 'd')}, weight_decay=${num(v, 'weight_decay')})`,
    needs: ['Adafactor2'],
  }),
  muon: (v) => ({
    make: `Muon2([p], lr=${num(v, 'lr')}, weight_decay=${num(v, 'weight_decay')}, momentum=${num(v, 'momentum')}, nesterov=${pyBool(v.nesterov as boolean)}, ns_coefficients=(${num(v, 'ns_a')}, ${num(v, 'ns_b')}, ${num(v, 'ns_c')}), eps=${num(v, 'eps')}, ns_steps=${pyInt(v.ns_steps as number)}, adjust_lr_fn=${pyStr(v.adjust_lr_fn as string)}, ns_dtype=torch.${v.ns_dtype as string})`,
    needs: ['Muon2'],
  }),
  lion: (v) => ({
    make: `Lion([p], lr=${num(v, 'lr')}, betas=${betas(v)}, weight_decay=${num(v, 'weight_decay')})`,
    needs: ['Lion'],
  }),
  lbfgs: (v) => ({
    make: `torch.optim.LBFGS([p], lr=${num(v, 'lr')}, max_iter=${pyInt(v.max_iter as number)}, max_eval=${v.max_eval === 0 ? 'None' : pyInt(v.max_eval as number)}, tolerance_grad=${num(v, 'tolerance_grad')}, tolerance_change=${num(v, 'tolerance_change')}, history_size=${pyInt(v.history_size as number)}, line_search_fn=${v.line_search_fn === 'strong_wolfe' ? '"strong_wolfe"' : 'None'})`,
    needs: [],
  }),
  schedulefree_sgd: (v) => ({
    make: `ScheduleFreeSGD([p], lr=${num(v, 'lr')}, momentum=${num(v, 'momentum')}, weight_decay=${num(v, 'weight_decay')}, warmup_steps=${num(v, 'warmup_steps')}, r=${num(v, 'r')}, weight_lr_power=${num(v, 'weight_lr_power')})`,
    needs: ['ScheduleFree'],
  }),
  schedulefree_adamw: (v) => ({
    make: `ScheduleFreeAdamW([p], lr=${num(v, 'lr')}, betas=${betas(v)}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')}, warmup_steps=${num(v, 'warmup_steps')}, r=${num(v, 'r')}, weight_lr_power=${num(v, 'weight_lr_power')}, decay_at_z=${pyBool(v.decay_at_z as boolean)})`,
    needs: ['ScheduleFree'],
  }),
  newton: (v) => ({
    make: `Newton([p], fn["value"], lr=${num(v, 'lr')}, damping=${num(v, 'damping')})`,
    needs: ['Newton'],
  }),
};

function sgdCode(v: ParamValues): OptimizerCode {
  return {
    make: `torch.optim.SGD([p], lr=${num(v, 'lr')}, momentum=${num(v, 'momentum')}, dampening=${num(v, 'dampening')}, nesterov=${pyBool(v.nesterov as boolean)}, weight_decay=${num(v, 'weight_decay')})`,
    needs: [],
  };
}

function adamCode(v: ParamValues, decoupled: boolean): OptimizerCode {
  const common = `[p], lr=${num(v, 'lr')}, betas=${betas(v)}, eps=${num(v, 'eps')}, weight_decay=${num(v, 'weight_decay')}, amsgrad=${pyBool(v.amsgrad as boolean)}`;
  if (v.eps_mode === 'paper') {
    return { make: `AdamPaper(${common}, decoupled=${pyBool(decoupled)})`, needs: ['AdamPaper'] };
  }
  return { make: `torch.optim.${decoupled ? 'AdamW' : 'Adam'}(${common})`, needs: [] };
}

/** Optimizer ids the script can reproduce. */
export const TORCH_SCRIPT_OPTIMIZERS: readonly string[] = Object.keys(TORCH_OPTIMIZERS);

/** torch's int arguments of the schedules (the rest are floats, booleans, strings or None). */
function scheduleArg(value: unknown, integer: boolean): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return pyBool(value);
  if (typeof value === 'string') return pyStr(value);
  if (Array.isArray(value)) return `[${value.map((m: number) => pyInt(m)).join(', ')}]`;
  return integer ? pyInt(value as number) : pyFloat(value as number);
}

/** A Python expression building `spec` on `opt` (torch's class, with every argument by name). */
function scheduleCode(spec: ScheduleSpec, key: MomentumKey, needs: Set<Snippet>): string {
  const def = getSchedule(spec.name)!;
  const args: string[] = [];
  for (const p of def.params) {
    const value = spec.args[p.name];
    if (p.kind === 'schedules') {
      const list = (value as readonly ScheduleSpec[]).map((s) => scheduleCode(s, key, needs));
      args.push(`${p.name}=[${list.join(', ')}]`);
    } else {
      args.push(`${p.name}=${scheduleArg(value, p.kind === 'number' && p.integer)}`);
    }
  }
  let cls = `S.${spec.name}`;
  if (spec.name === 'CyclicLR' && key === 'beta1' && spec.args.cycle_momentum === true) {
    needs.add('CyclicLR2');
    cls = '(S.CyclicLR if TORCH_VERSION >= (2, 3) else CyclicLR2)';
  }
  return `${cls}(opt, ${args.join(', ')})`;
}

function noiseCode(noise: NoiseSpec | undefined): string {
  return noise === undefined || noise.sigma === 0
    ? 'None'
    : `{"sigma": ${pyFloat(noise.sigma)}, "seed": ${pyInt(noise.seed)}}`;
}

/** One case of the script: either the literal error `descent run` prints, or the code that runs it. */
function caseCode(raw: unknown, index: number, functions: Map<string, string>, needs: Set<Snippet>): string {
  const literal = (id: string | null, message: string): string =>
    `    {"id": ${id === null ? 'None' : pyStr(id)}, "error": ${pyStr(message)}},`;
  // A case descent run rejects: its very error (runCase fails before running anything).
  const rejected = (): string => {
    const outcome = runCase(raw, index);
    return isCaseError(outcome)
      ? literal(outcome.id, outcome.error)
      : literal(outcome.id, 'descent torch: the case could not be translated');
  };
  const checked = validateCase(raw, index);
  if (!checked.ok) return rejected();
  const spec: CaseSpec = checked.value;
  const preset = getFunctionPreset(spec.f);
  const expression = preset ? preset.expression : spec.f;
  let fnName = functions.get(expression);
  if (fnName === undefined) {
    fnName = `f${functions.size}`;
    if (torchFunctionSource(expression, fnName) === null) {
      return rejected();
    }
    functions.set(expression, fnName);
  }
  const optimizer = getOptimizer(spec.optimizer);
  if (!optimizer) {
    return rejected();
  }
  const params = resolveParams(optimizer, spec.params ?? {});
  if (!params.ok) return rejected();
  const translate = TORCH_OPTIMIZERS[optimizer.id];
  if (translate === undefined) {
    return literal(spec.id, `descent torch: no PyTorch translation of optimizer ${optimizer.id} yet`);
  }
  const code = translate(params.value);
  for (const n of code.needs) needs.add(n);
  let schedule = 'None';
  if (spec.schedule !== undefined) {
    const key = momentumKeyOf(optimizer.params.map((p) => p.name));
    const resolved = resolveSchedule(spec.schedule, key);
    if (!resolved.ok) return rejected();
    schedule = `lambda opt: ${scheduleCode(resolved.value, key, needs)}`;
  }
  const domain = preset ? preset.domain : DEFAULT_DOMAIN;
  const start = spec.start ?? preset?.start ?? [0, 0];
  return `    {
        "id": ${pyStr(spec.id)},
        "f": {"value": ${fnName}, "grad": ${fnName}_grad},
        "start": [${pyFloat(start[0])}, ${pyFloat(start[1])}],
        "steps": ${pyInt(spec.steps)},
        "gradient": ${pyStr(spec.gradient ?? 'exact')},
        "tolerance": ${pyFloat(spec.tolerance ?? DEFAULT_TOLERANCE)},
        "bound": ${pyFloat(spec.bound ?? divergenceBound(domain))},
        "optimizer": lambda p, fn: ${code.make},
        "schedule": ${schedule},
        "noise": ${noiseCode(spec.noise)},
    },`;
}

/**
 * The script reproducing `cases` (the elements of a cases file). Deterministic: the same cases give the
 * same text.
 */
export function torchScript(cases: readonly unknown[]): string {
  const functions = new Map<string, string>();
  const needs = new Set<Snippet>();
  const caseLines = cases.map((raw, i) => caseCode(raw, i, functions, needs));
  const fnSources = [...functions].map(([expression, name]) => torchFunctionSource(expression, name)!);
  const snippets = (Object.keys(SNIPPETS) as Snippet[]).filter((n) => needs.has(n)).map((n) => SNIPPETS[n]);
  return [
    PY_HEADER,
    PY_NOISE,
    PY_JSON,
    ...snippets,
    '# --- the functions (as Descent evaluates them) ---\n',
    ...fnSources.map((s) => `${s}\n`),
    `# --- the cases ---\n\nCASES = [\n${caseLines.join('\n')}\n]\n`,
    PY_RUN,
  ].join('\n');
}

const PY_HEADER = `#!/usr/bin/env python3
"""Generated by \`descent torch\`: reproduces Descent's cases with PyTorch alone, in float64, and prints
the same JSON as \`descent run\` (full float64 precision). Runs on torch 1.13 and 2.x.

Each case: f as torch operations, its gradient from autograd (or the central difference with h = 1e-4
for "gradient": "numeric"), torch.optim's optimizer (the rule in plain torch where torch has none),
torch.optim.lr_scheduler's schedule, and gradient noise from the seeded generator of src/core/noise.ts
(ported below, the same numbers). The loop: row 0 at the start; then, per update, the lr is recorded,
opt.step() and sched.step() run, and the next row and its gradient are evaluated.
"""

import json
import math
import re
import sys
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)
TORCH_VERSION = tuple(int(v) for v in re.match(r"(\\d+)\\.(\\d+)", torch.__version__).groups())


def _t(v):
    return torch.tensor(v, dtype=torch.float64)


class StepFailure(Exception):
    """A step that cannot be taken (Newton's singular system): the run stops as diverged."""


def needs_torch(name, version):
    if not hasattr(torch.optim, name):
        raise StepFailure(f"torch.optim.{name} needs torch >= {version}; this is torch {torch.__version__}")
    return getattr(torch.optim, name)
`;

const PY_NOISE = `# --- seeded standard normals: a port of src/core/noise.ts (the same bits) ---

M32 = 0xFFFFFFFF
LN2 = 0.6931471805599453
SQRT2 = 1.4142135623730951
ODD = [1.0 / (2 * j + 1) for j in range(13)]


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def portable_log(s):
    m, e = math.frexp(s)
    f, k = m * 2.0, e - 1
    if f > SQRT2:
        f, k = f / 2.0, k + 1
    r = (f - 1.0) / (f + 1.0)
    r2 = r * r
    p = ODD[12]
    for j in range(11, -1, -1):
        p = p * r2 + ODD[j]
    return k * LN2 + 2.0 * r * p


class SeededNormal:
    def __init__(self, seed):
        x = seed & M32
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            state.append(z ^ (z >> 16))
        self.s = state if any(state) else [1, 0, 0, 0]
        self.spare = None

    def _next_uint32(self):
        s = self.s
        out = (_rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 11)
        return out

    def _next_uniform(self):
        a = self._next_uint32() >> 5
        b = self._next_uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992.0

    def next(self):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        while True:
            v1 = 2.0 * self._next_uniform() - 1.0
            v2 = 2.0 * self._next_uniform() - 1.0
            s = v1 * v1 + v2 * v2
            if s >= 1.0 or s == 0.0:
                continue
            m = math.sqrt((-2.0 * portable_log(s)) / s)
            self.spare = v2 * m
            return v1 * m
`;

const PY_JSON = `# --- JSON exactly as descent run prints it (JavaScript's number formatting) ---


def js_number(v):
    v = float(v)
    if v != v or v in (math.inf, -math.inf):
        return "null"
    if v == 0:
        return "0"
    sign = "-" if v < 0 else ""
    mant, _, exp = repr(abs(v)).partition("e")
    ip, _, fp = mant.partition(".")
    fp = "" if fp == "0" else fp
    exp = int(exp) if exp else 0
    if ip != "0":
        n = len(ip) + exp
    else:
        n = exp - (len(fp) - len(fp.lstrip("0")))
    digits = (ip + fp).lstrip("0").rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + s


def dumps(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return js_number(v)
    if isinstance(v, str):
        # Raw UTF-8 as JavaScript prints it; \\u escapes only for lone surrogates, which UTF-8 cannot hold.
        return json.dumps(v, ensure_ascii=any(0xD800 <= ord(c) <= 0xDFFF for c in v))
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    return "{" + ",".join(dumps(k) + ":" + dumps(x) for k, x in v.items()) + "}"
`;

const PY_RUN = `# --- descent run's loop ---

H = 1e-4


# "descent": the gradient by Descent's own derivative formulas (the same numbers as descent run, up to the
# last bits of sin, exp, ...); "autograd": loss.backward() on f, an independent check that may differ in
# the last bits everywhere and where a derivative does not exist (abs or sqrt at 0).
GRADIENT = "descent"


def evaluate(fn, p, mode):
    """f and the noiseless gradient at the point p (a tensor of 2)."""
    x, y = p[0].item(), p[1].item()
    with torch.no_grad():
        if mode == "numeric":
            value = lambda a, b: fn["value"](_t(a), _t(b)).item()
            fx1, fx2 = value(x + H, y), value(x - H, y)
            fy1, fy2 = value(x, y + H), value(x, y - H)
            return value(x, y), (fx1 - fx2) / (2 * H), (fy1 - fy2) / (2 * H)
        if GRADIENT == "descent":
            f, gx, gy = fn["grad"](_t(x), _t(y))
            return f.item(), gx.item(), gy.item()
    q = p.detach().clone().requires_grad_(True)
    loss = fn["value"](q[0], q[1])
    loss.backward()
    return loss.item(), q.grad[0].item(), q.grad[1].item()


def one_cycle_past_end(sched):
    """The OneCycleLR (itself or inside SequentialLR) that was stepped past total_steps, if any."""
    for s in [sched, *getattr(sched, "_schedulers", [])]:
        if isinstance(s, S.OneCycleLR) and s.last_epoch > s.total_steps:
            return s
    return None


def run_case(case):
    if "error" in case:
        return case
    fn, steps, bound, tolerance = case["f"], case["steps"], case["bound"], case["tolerance"]
    p = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    opt = case["optimizer"](p, fn)
    sched = case["schedule"](opt) if case["schedule"] is not None else None
    noise = SeededNormal(case["noise"]["seed"]) if case["noise"] is not None else None
    sigma = case["noise"]["sigma"] if case["noise"] is not None else 0.0
    reports = hasattr(opt, "reported")
    lbfgs = isinstance(opt, torch.optim.LBFGS)
    trajectory, grad_norm, lrs, evals = [], [], [], []
    converged_at = diverged_at = None
    here = {"evals": 0, "pending": 0}

    def noisy(gx, gy):
        if noise is None:
            return gx, gy
        gx = gx + sigma * noise.next()
        return gx, gy + sigma * noise.next()

    def closure():
        # L-BFGS: the first evaluation of a step is the row's own (f at p, the gradient the run drew);
        # every further one evaluates f and draws noise, as Descent's objective does.
        if here.pop("first", False):
            p.grad = here["grad"].clone()
            return _t(here["f"])
        f, gx, gy = evaluate(fn, p, case["gradient"])
        p.grad = torch.tensor(noisy(gx, gy), dtype=torch.float64)
        return _t(f)

    k = 0
    while k <= steps:
        if k > 0:
            lrs.append(float(opt.param_groups[0]["lr"]))
            try:
                if lbfgs:
                    here["first"] = True
                    opt.step(closure)
                    now = opt.state[p].get("func_evals", here["evals"])
                    here["pending"], here["evals"] = now - here["evals"], now
                else:
                    opt.step()
            except StepFailure:
                diverged_at = k
                break
            if sched is not None:
                try:
                    sched.step()
                except ValueError:
                    s = one_cycle_past_end(sched)
                    if s is None:
                        raise
                    return {"id": case["id"], "error": f"schedule: OneCycleLR: tried to step {s.last_epoch} times; "
                            f"total_steps is {s.total_steps} (torch raises ValueError)"}
        q = opt.reported(p) if reports else p
        if reports and not (abs(p[0].item()) <= bound and abs(p[1].item()) <= bound):
            diverged_at = k
            break
        x, y = q[0].item(), q[1].item()
        f, gx, gy = evaluate(fn, q, case["gradient"])
        if not (abs(x) <= bound and abs(y) <= bound and f - f == 0):
            diverged_at = k
            break
        sq = gx * gx + gy * gy
        norm = math.hypot(gx, gy) if sq == math.inf or (sq < 1e-300 and sq != 0) else math.sqrt(sq)
        trajectory.append([x, y, f])
        grad_norm.append(norm)
        evals.append(here["pending"])
        if norm < tolerance:
            converged_at = k if converged_at is None else converged_at
        else:
            converged_at = None
        if reports:
            seen = noisy(*evaluate(fn, p, case["gradient"])[1:])
        else:
            seen = noisy(gx, gy)
        p.grad = torch.tensor(seen, dtype=torch.float64)
        here.update(f=f, grad=p.grad.clone())
        if not (norm - norm == 0):
            diverged_at = k + 1
            break
        k += 1
    rows = len(trajectory)
    status = "diverged" if diverged_at is not None else "converged" if converged_at is not None else "running"
    result = {"id": case["id"], "status": status, "steps": max(0, rows - 1), "trajectory": trajectory,
              "grad_norm": grad_norm, "lr": lrs[: max(0, rows - 1)], "diverged_at": diverged_at,
              "converged_at": converged_at}
    if lbfgs:
        result["evals"] = evals  # the function evaluations each row's step(closure) cost (row 0: 0)
    return result


def main():
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    results = [run_case(case) for case in CASES]
    if not results:
        print('{"results": []}')
        return
    print('{"results": [\\n' + ",\\n".join("  " + dumps(r) for r in results) + "\\n]}")


if __name__ == "__main__":
    main()
`;

const SNIPPETS: Readonly<Record<Snippet, string>> = {
  AdamPaper: `class AdamPaper(torch.optim.Optimizer):
    """Adam in the paper's efficient form (Descent's eps_mode 'paper'; Kingma & Ba 2015, section 2):
    m <- b1*m + (1 - b1)*g; v <- b2*v + (1 - b2)*g^2; lr_t = lr*sqrt(1 - b2^t)/(1 - b1^t);
    p <- p - lr_t*m/(sqrt(v) + eps). weight_decay adds wd*p to g, or (decoupled, AdamW) scales p by 1 - lr*wd."""

    def __init__(self, params, lr, betas, eps, weight_decay, amsgrad, decoupled):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad))
        self.decoupled = decoupled

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                grad = p.grad
                state = self.state[p]
                if not state:
                    state.update(step=0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
                    if group["amsgrad"]:
                        state["max_exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                t = state["step"]
                if self.decoupled:
                    if wd != 0:
                        p.mul_(1 - lr * wd)
                elif wd != 0:
                    grad = grad.add(p, alpha=wd)
                state["exp_avg"].lerp_(grad, 1 - beta1)
                state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                v = state["exp_avg_sq"]
                if group["amsgrad"]:
                    torch.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
                    v = state["max_exp_avg_sq"]
                step_size = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
                p.sub_(step_size * state["exp_avg"] / (v.sqrt() + eps))
`,
  NAdam2: `class NAdam2(torch.optim.Optimizer):
    """torch 2.x's NAdam (single-tensor path), for torch < 2.0, whose NAdam multiplied mu_t in twice."""

    def __init__(self, params, lr, betas, eps, weight_decay, momentum_decay):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                grad = p.grad
                state = self.state[p]
                if not state:
                    state.update(step=0, mu_product=1.0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
                state["step"] += 1
                t = state["step"]
                if wd != 0:
                    grad = grad.add(p, alpha=wd)
                bias_correction2 = 1 - beta2 ** t
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (t * group["momentum_decay"])))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * group["momentum_decay"])))
                state["mu_product"] *= mu
                mu_product = state["mu_product"]
                state["exp_avg"].lerp_(grad, 1 - beta1)
                state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = state["exp_avg_sq"].div(bias_correction2).sqrt().add_(eps)
                p.addcdiv_(grad, denom, value=(-lr * (1.0 - mu) / (1.0 - mu_product)))
                p.addcdiv_(state["exp_avg"], denom, value=(-lr * mu_next) / (1.0 - mu_product * mu_next))
`,
  Adafactor2: `class Adafactor2(torch.optim.Optimizer):
    """torch >= 2.5's Adafactor (_single_tensor_adafactor) for a vector (no factorisation), for older torch:
    1 - b2_t = t^beta2_decay; rho = min(lr, 1/sqrt(t)); alpha = max(eps2, RMS(p))*rho; p <- p*(1 - lr*wd);
    v <- lerp(v, g^2, 1 - b2_t); u = g/sqrt(max(v, eps1^2)); p <- p - alpha/max(1, RMS(u)/d)*u."""

    def __init__(self, params, lr, beta2_decay, eps, d, weight_decay):
        super().__init__(params, dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, (eps1, eps2), wd = group["lr"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                grad = p.grad
                state = self.state[p]
                if not state:
                    state.update(step=0, variance=torch.zeros_like(p))
                state["step"] += 1
                t = state["step"]
                one_minus_beta2 = t ** group["beta2_decay"]
                rho = min(lr, 1 / (t ** 0.5))
                alpha = max(eps2, p.norm(2).item() / (p.numel() ** 0.5)) * rho
                if wd != 0:
                    p.mul_(1 - lr * wd)
                state["variance"].lerp_(grad * grad, one_minus_beta2)
                update = state["variance"].clamp(min=eps1 * eps1).rsqrt() * grad
                denom = max(1.0, update.norm(2).item() / ((update.numel() ** 0.5) * group["d"]))
                p.add_(update, alpha=-alpha / denom)
`,
  Muon2: `class Muon2(torch.optim.Optimizer):
    """torch 2.9's Muon (_single_tensor_muon) with the point as a 1x2 matrix, in plain torch (torch.optim.Muon
    needs a 2-D parameter): buf <- lerp(buf, G, 1 - momentum); U = nesterov ? lerp(G, buf, momentum) : buf;
    X = U/max(|U|, eps) in ns_dtype; ns_steps times X <- a*X + (b*A + c*A@A)@X with A = X@X^T;
    p <- p*(1 - lr*wd) - lr*ratio*X (ratio 1 for 'original', 0.2*sqrt(2) for 'match_rms_adamw')."""

    def __init__(self, params, lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn,
                 ns_dtype):
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                                      ns_coefficients=ns_coefficients, eps=eps, ns_steps=ns_steps,
                                      adjust_lr_fn=adjust_lr_fn, ns_dtype=ns_dtype))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, momentum, (a, b, c) = group["lr"], group["momentum"], group["ns_coefficients"]
            for p in group["params"]:
                grad = p.grad.view(1, -1)
                state = self.state[p]
                if not state:
                    state["momentum_buffer"] = torch.zeros_like(grad)
                buf = state["momentum_buffer"]
                buf.lerp_(grad, 1 - momentum)
                update = grad.lerp(buf, momentum) if group["nesterov"] else buf
                if group["ns_dtype"] == torch.bfloat16:
                    x = self.newton_schulz_bf16(update.view(-1), a, b, c, group["ns_steps"], group["eps"])
                else:
                    x = update.div(update.norm().clamp(min=group["eps"]))
                    for _ in range(group["ns_steps"]):
                        gram = x @ x.T
                        gram_update = torch.addmm(gram, gram, gram, beta=b, alpha=c)
                        x = torch.addmm(x, gram_update, x, beta=a)
                rows, cols = grad.shape
                ratio = (math.sqrt(max(1, rows / cols)) if group["adjust_lr_fn"] == "original"
                         else 0.2 * math.sqrt(max(rows, cols)))
                p.mul_(1 - lr * group["weight_decay"])
                p.add_(x.view(-1).to(p.dtype), alpha=-lr * ratio)

    @staticmethod
    def newton_schulz_bf16(u, a, b, c, steps, eps):
        """Newton-Schulz on a 1xn matrix as torch runs it on CPU in bfloat16: each operation computes in
        float32 and rounds its result to bfloat16 (written out, so every torch version gives the same bits)."""
        f32 = lambda v: torch.tensor(v, dtype=torch.float32)
        b16 = lambda t: t.to(torch.bfloat16).to(torch.float32)
        fa, fb, fc = f32(a), f32(b), f32(c)
        x = [b16(f32(v)) for v in u.tolist()]
        sq = f32(0.0)
        for v in x:
            sq = sq + v * v
        norm = b16(torch.sqrt(sq))
        n = norm if norm >= f32(eps) else b16(f32(eps))
        x = [b16(v / n) for v in x]
        for _ in range(steps):
            dot = f32(0.0)
            for v in x:
                dot = dot + v * v
            gram = b16(dot)
            update = b16(fb * gram + fc * (gram * gram))
            x = [b16(fa * v + update * v) for v in x]
        return torch.tensor([v.item() for v in x], dtype=torch.float64).view(1, -1)
`,
  Lion: `class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, Algorithm 2), as google/automl's lion_pytorch.py:
    p <- p*(1 - lr*wd); p <- p - lr*sign(b1*m + (1 - b1)*g); m <- b2*m + (1 - b2)*g."""

    def __init__(self, params, lr, betas, weight_decay):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, (beta1, beta2), wd = group["lr"], group["betas"], group["weight_decay"]
            for p in group["params"]:
                grad = p.grad
                state = self.state[p]
                if not state:
                    state["exp_avg"] = torch.zeros_like(p)
                exp_avg = state["exp_avg"]
                p.mul_(1 - lr * wd)
                update = exp_avg.clone().mul_(beta1).add(grad, alpha=1 - beta1).sign_()
                p.add_(update, alpha=-lr)
                exp_avg.mul_(beta2).add_(grad, alpha=1 - beta2)
`,
  Newton: `class Newton(torch.optim.Optimizer):
    """Newton's method with autograd's exact Hessian: solve (H + damping*I) s = g (Cramer's rule),
    p <- p - lr*s; a zero or non-finite determinant cannot be solved (the run stops as diverged)."""

    def __init__(self, params, fn, lr, damping):
        super().__init__(params, dict(lr=lr, damping=damping))
        self.fn = fn

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                with torch.enable_grad():
                    h = torch.autograd.functional.hessian(lambda q: self.fn(q[0], q[1]), p.detach().clone())
                a0, a1 = h[0, 0].item() + group["damping"], h[0, 1].item()
                a2, a3 = h[1, 0].item(), h[1, 1].item() + group["damping"]
                g0, g1 = p.grad[0].item(), p.grad[1].item()
                det = a0 * a3 - a1 * a2
                s0 = (a3 * g0 - a1 * g1) / det if det != 0 and math.isfinite(det) else math.nan
                s1 = (a0 * g1 - a2 * g0) / det if det != 0 and math.isfinite(det) else math.nan
                if not (math.isfinite(s0) and math.isfinite(s1)):
                    raise StepFailure("newton: singular system")
                p.sub_(torch.tensor([s0, s1]) * group["lr"])
`,
  ScheduleFree: `class ScheduleFreeSGD(torch.optim.Optimizer):
    """Schedule-Free SGD, facebookresearch/schedule_free's sgd_schedulefree_reference.py: the gradient is
    taken at y (what p holds), the reported point is the average x.
    lr_k = lr*min(1, (k+1)/warmup); w = (k+1)^r * lr_max^weight_lr_power; c = w/sum(w);
    z <- z - lr_k*(g + wd*y); x <- (1 - c)*x + c*z; y <- momentum*x + (1 - momentum)*z."""

    def __init__(self, params, lr, momentum, weight_decay, warmup_steps, r, weight_lr_power):
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay, warmup_steps=warmup_steps,
                                      r=r, weight_lr_power=weight_lr_power, k=0, lr_max=-1.0, weight_sum=0.0))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            k, momentum, warmup = group["k"], group["momentum"], group["warmup_steps"]
            lr = group["lr"] * ((k + 1) / warmup if k < warmup else 1.0)
            group["lr_max"] = lr_max = max(lr, group["lr_max"])
            weight = ((k + 1) ** group["r"]) * (lr_max ** group["weight_lr_power"])
            group["weight_sum"] = weight_sum = group["weight_sum"] + weight
            ckp1 = weight / weight_sum if weight_sum != 0 else 0.0
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state.update(z=p.clone(), x=p.clone())
                grad = p.grad
                if group["weight_decay"] != 0:
                    grad = grad + group["weight_decay"] * p
                z, x = state["z"], state["x"]
                z.copy_(z + (-lr * grad))
                x.copy_(x * (1 - ckp1) + ckp1 * z)
                p.copy_(x * momentum + (1 - momentum) * z)
            group["k"] = k + 1

    def reported(self, p):
        state = self.state[p]
        return state["x"] if state else p


class ScheduleFreeAdamW(torch.optim.Optimizer):
    """Schedule-Free AdamW, facebookresearch/schedule_free's adamw_schedulefree_reference.py:
    lr_k = lr*min(1, (k+1)/warmup)*sqrt(1 - b2^(k+1)); c as Schedule-Free SGD; z <- z - lr_k*wd*(z or y);
    v <- b2*v + (1 - b2)*g^2; z <- z - lr_k*g/(sqrt(v) + eps); x <- (1 - c)*x + c*z; y <- b1*x + (1 - b1)*z."""

    def __init__(self, params, lr, betas, eps, weight_decay, warmup_steps, r, weight_lr_power, decay_at_z):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      warmup_steps=warmup_steps, r=r, weight_lr_power=weight_lr_power,
                                      decay_at_z=decay_at_z, k=0, lr_max=-1.0, weight_sum=0.0))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            k, (beta1, beta2), warmup = group["k"], group["betas"], group["warmup_steps"]
            sched = (k + 1) / warmup if k < warmup else 1.0
            lr = group["lr"] * sched * math.sqrt(1 - beta2 ** (k + 1))
            group["lr_max"] = lr_max = max(lr, group["lr_max"])
            weight = ((k + 1) ** group["r"]) * (lr_max ** group["weight_lr_power"])
            group["weight_sum"] = weight_sum = group["weight_sum"] + weight
            ckp1 = weight / weight_sum if weight_sum != 0 else 0.0
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state.update(z=p.clone(), x=p.clone(), y=p.clone(), exp_avg_sq=torch.zeros_like(p))
                z, x, y, v = state["z"], state["x"], state["y"], state["exp_avg_sq"]
                grad = p.grad
                if group["weight_decay"] != 0:
                    z.copy_(z - lr * group["weight_decay"] * (z if group["decay_at_z"] else y))
                v.copy_(v * beta2 + (1 - beta2) * grad * grad)
                z.copy_(z + (-lr * grad) / (v.sqrt() + group["eps"]))
                x.copy_(x * (1 - ckp1) + ckp1 * z)
                y.copy_(x * beta1 + (1 - beta1) * z)
                p.copy_(y)
            group["k"] = k + 1

    def reported(self, p):
        state = self.state[p]
        return state["x"] if state else p
`,
  CyclicLR2: `class CyclicLR2(S._LRScheduler):
    """torch 2.x's CyclicLR (built-in modes), which cycles betas[0] for Adam-like optimizers; torch < 2.3
    refuses those. A port of torch/optim/lr_scheduler.py's get_lr."""

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8, max_momentum=0.9):
        base_lrs = [base_lr for _ in optimizer.param_groups]
        for lr, group in zip(base_lrs, optimizer.param_groups):
            group["lr"] = lr
        self.max_lrs = [max_lr for _ in optimizer.param_groups]
        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size
        self.mode, self.gamma = mode, gamma
        self.scale_mode = {"triangular": "cycle", "triangular2": "cycle", "exp_range": "iterations"}[mode]
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = "betas" in optimizer.defaults
            self.base_momentums = [base_momentum for _ in optimizer.param_groups]
            self.max_momentums = [max_momentum for _ in optimizer.param_groups]
            for m_momentum, b_momentum, group in zip(self.max_momentums, self.base_momentums, optimizer.param_groups):
                if self.use_beta1:
                    group["betas"] = (m_momentum, *group["betas"][1:])
                else:
                    group["momentum"] = m_momentum
                group["max_momentum"] = m_momentum
                group["base_momentum"] = b_momentum
        super().__init__(optimizer, -1)
        self.base_lrs = base_lrs

    def scale_fn(self, x):
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma ** x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        scale_factor = x / self.step_ratio if x <= self.step_ratio else (x - 1) / (self.step_ratio - 1)
        arg = cycle if self.scale_mode == "cycle" else self.last_epoch
        lrs = [base_lr + (max_lr - base_lr) * scale_factor * self.scale_fn(arg)
               for base_lr, max_lr in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for group, base_m, max_m in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                momentum = max_m - (max_m - base_m) * scale_factor * self.scale_fn(arg)
                if self.use_beta1:
                    group["betas"] = (momentum, *group["betas"][1:])
                else:
                    group["momentum"] = momentum
        return lrs
`,
};
