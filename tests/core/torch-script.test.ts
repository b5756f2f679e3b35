/**
 * `descent torch`'s script, run by Python with torch (Debian's 1.13 at /usr/bin/python3), against
 * `descent run` on the same cases: the same results to 1e-9 (numbers) and the same errors. Skipped,
 * with a note, where python3 with torch is not installed.
 */

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatResults, runCases } from '../../src/core/cases.ts';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import {
  pyFloat,
  TORCH_SCRIPT_OPTIMIZERS,
  torchFunctionSource,
  torchScript,
} from '../../src/core/torch-script.ts';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!hasTorch) console.warn(`torch-script tests skipped: ${PYTHON} with torch is not installed`);

const CASES = [
  { id: 'adam-book', f: 'x^2/20 + y^2', optimizer: 'adam', params: { lr: 0.3 }, start: [-7, 2], steps: 30 },
  {
    id: 'momentum-warmup-cosine',
    f: 'rosenbrock',
    optimizer: 'momentum',
    params: { lr: 0.0005 },
    start: [-1.5, 2],
    steps: 200,
    schedule: {
      name: 'SequentialLR',
      milestones: [10],
      schedulers: [
        { name: 'LinearLR', start_factor: 0.1, total_iters: 10 },
        { name: 'CosineAnnealingLR', T_max: 190 },
      ],
    },
  },
  {
    id: 'adam-onecycle-noise',
    f: 'himmelblau',
    optimizer: 'adam',
    params: { lr: 0.1 },
    steps: 100,
    schedule: { name: 'OneCycleLR', max_lr: 0.2, total_steps: 100 },
    noise: { sigma: 0.5, seed: 7 },
  },
  {
    id: 'adamw-cyclic-beta1',
    f: 'x^2 + 3*y^2 + sin(x*y)',
    optimizer: 'adamw',
    params: { lr: 0.05 },
    start: [2, 1],
    steps: 60,
    schedule: { name: 'CyclicLR', base_lr: 0.01, max_lr: 0.1, step_size_up: 5 },
  },
  {
    id: 'adam-paper-numeric',
    f: 'x^2/20 + y^2',
    optimizer: 'adam',
    params: { lr: 0.3, eps: 1e-7, eps_mode: 'paper' },
    start: [-7, 2],
    steps: 30,
    gradient: 'numeric',
  },
  {
    id: 'nadam-exp',
    f: 'beale',
    optimizer: 'nadam',
    params: { lr: 0.01 },
    steps: 50,
    schedule: { name: 'ExponentialLR', gamma: 0.99 },
  },
  {
    id: 'lion-restarts',
    f: 'booth',
    optimizer: 'lion',
    params: { lr: 0.05 },
    steps: 40,
    schedule: { name: 'CosineAnnealingWarmRestarts', T_0: 10 },
  },
  { id: 'newton', f: 'x^4 + y^2', optimizer: 'newton', start: [1, 1], steps: 10 },
  { id: 'newton-singular', f: 'x + y', optimizer: 'newton', start: [1, 1], steps: 3 },
  { id: 'rprop', f: 'rosenbrock', optimizer: 'rprop', steps: 50 },
  {
    id: 'asgd-noise',
    f: 'matyas',
    optimizer: 'asgd',
    params: { lr: 0.1 },
    start: [3, -2],
    steps: 50,
    noise: { sigma: 0.1, seed: 1 },
  },
  {
    id: 'rmsprop-three-phase',
    f: 'x^2 + y^2',
    optimizer: 'rmsprop',
    params: { lr: 0.01, momentum: 0.5, centered: true },
    start: [1, 2],
    steps: 30,
    schedule: { name: 'OneCycleLR', max_lr: 0.05, total_steps: 30, three_phase: true },
  },
  {
    id: 'sgd-steps',
    f: 'x^2 + y^2',
    optimizer: 'sgd',
    params: { lr: 0.1 },
    start: [3, 4],
    steps: 25,
    schedule: { name: 'MultiStepLR', milestones: [5, 10, 20], gamma: 0.5 },
  },
  {
    id: 'adagrad-poly',
    f: 'x^2 + y^2',
    optimizer: 'adagrad',
    params: { lr: 1 },
    start: [3, 4],
    steps: 12,
    schedule: { name: 'PolynomialLR', total_iters: 10, power: 2 },
  },
  {
    id: 'radam-constant',
    f: 'x^2 + y^2',
    optimizer: 'radam',
    params: { lr: 0.1 },
    start: [3, 4],
    steps: 12,
    schedule: { name: 'ConstantLR' },
  },
  {
    id: 'adadelta-step',
    f: 'x^2 + y^2',
    optimizer: 'adadelta',
    start: [3, 4],
    steps: 12,
    schedule: { name: 'StepLR', step_size: 4, gamma: 0.5 },
  },
  { id: 'adamax', f: 'x^2 + y^2', optimizer: 'adamax', start: [3, 4], steps: 12 },
  {
    id: 'past-total-steps',
    f: 'x^2',
    optimizer: 'sgd',
    start: [1, 1],
    steps: 5,
    schedule: { name: 'OneCycleLR', max_lr: 0.1, total_steps: 4 },
  },
  { id: 'bad-expression', f: 'x^^2', optimizer: 'sgd', start: [1, 1], steps: 5 },
  { id: 'diverges', f: 'x^2', optimizer: 'sgd', params: { lr: 2 }, start: [1, 1], steps: 100 },
  { id: 'constant', f: '3', optimizer: 'sgd', start: [1, 1], steps: 2 },
  { id: 'ünï "cödé" \u2028 ✓', f: 'x^2', optimizer: 'sgd', start: [1, 1], steps: 2 },
  {
    id: 'schedulefree-sgd',
    f: 'rosenbrock',
    optimizer: 'schedulefree_sgd',
    params: { lr: 0.001 },
    steps: 100,
  },
  {
    id: 'schedulefree-adamw-noise',
    f: 'himmelblau',
    optimizer: 'schedulefree_adamw',
    params: { lr: 0.05, weight_decay: 0.01, warmup_steps: 10 },
    start: [0, 0],
    steps: 100,
    noise: { sigma: 0.3, seed: 3 },
    schedule: { name: 'OneCycleLR', max_lr: 0.1, total_steps: 100 },
  },
  {
    id: 'lbfgs-wolfe',
    f: 'rosenbrock',
    optimizer: 'lbfgs',
    params: { line_search_fn: 'strong_wolfe' },
    steps: 5,
  },
  // Without a line search, torch's stopping test |Δf| < 1e-9 flips on a last-bit difference 20 iterations
  // earlier: these agree only because the port fuses add_ as torch's CPU kernels do (see lbfgs.ts).
  { id: 'lbfgs-rosenbrock', f: 'rosenbrock', optimizer: 'lbfgs', steps: 10 },
  { id: 'lbfgs-himmelblau', f: 'himmelblau', optimizer: 'lbfgs', steps: 10 },
  {
    id: 'lbfgs-noise',
    f: 'x^2 + 3*y^2',
    optimizer: 'lbfgs',
    params: { lr: 0.5, max_iter: 4, line_search_fn: 'strong_wolfe' },
    start: [1, 1],
    steps: 6,
    noise: { sigma: 0.1, seed: 2 },
  },
  {
    id: 'kinks',
    f: 'abs(x) + sqrt(x^2 + y^2) + max(x, y)',
    optimizer: 'adam',
    params: { lr: 0.1 },
    start: [0, 1],
    steps: 20,
  },
];

/** Largest difference between two JSON values: relative to max(1, |b|) for numbers, ∞ on any mismatch. */
function difference(a: unknown, b: unknown, path: string, worst: { d: number; at: string }): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b) / Math.max(1, Math.abs(b));
    if (d > worst.d) Object.assign(worst, { d, at: path });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) difference(a[i], b[i], `${path}[${i}]`, worst);
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    const ka = Object.keys(a);
    if (ka.join() !== Object.keys(b).join()) Object.assign(worst, { d: Infinity, at: `${path} keys` });
    for (const k of ka)
      difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, worst);
    return;
  }
  if (a !== b) Object.assign(worst, { d: Infinity, at: path });
}

describe('the PyTorch script', () => {
  it('prints f as torch operations, with integer powers expanded and constants as tensors', () => {
    const src = torchFunctionSource('x^2/20 + sin(y)', 'f0');
    expect(src).toContain('def f0(x, y):');
    expect(src).toContain('def f0_grad(x, y):');
    expect(src).toContain('x * x');
    expect(src).toContain('torch.sin(y)');
    expect(src).toMatch(/_t\(20\.0\)|_t\(0\.05\)/);
    expect(torchFunctionSource('x^^2', 'f1')).toBeNull();
    expect(pyFloat(3)).toBe('3.0');
    expect(pyFloat(1e-7)).toBe('1e-7');
    expect(pyFloat(Number.POSITIVE_INFINITY)).toBe('math.inf');
  });

  it.skipIf(!hasTorch)(
    'reproduces descent run: numbers to 1e-9, lr to 1e-12, the same errors',
    () => {
      const script = torchScript(CASES);
      const python = spawnSync(PYTHON, ['-'], { input: script, encoding: 'utf8', timeout: 120_000 });
      expect(python.stderr).toBe('');
      expect(python.status).toBe(0);
      const fromTorch = JSON.parse(python.stdout).results as Record<string, unknown>[];
      const expected = JSON.parse(formatResults(runCases(CASES))).results as Record<string, unknown>[];
      expect(fromTorch.map((r) => r.id)).toEqual(CASES.map((c) => c.id));
      for (let i = 0; i < CASES.length; i++) {
        const worst = { d: 0, at: '' };
        difference(fromTorch[i], expected[i], String(expected[i]!.id), worst);
        expect(worst.d, `${worst.at}: ${worst.d}`).toBeLessThanOrEqual(1e-9);
        const lrWorst = { d: 0, at: '' };
        difference(fromTorch[i]!.lr ?? [], expected[i]!.lr ?? [], 'lr', lrWorst);
        expect(lrWorst.d, `${expected[i]!.id} ${lrWorst.at}`).toBeLessThanOrEqual(1e-12);
      }
      // Errors and every field that is not a number are identical; so is the status of each case.
      expect(fromTorch.map((r) => r.error ?? r.status)).toEqual(expected.map((r) => r.error ?? r.status));
    },
    180_000,
  );

  it('translates every optimizer of the registry', () => {
    expect([...TORCH_SCRIPT_OPTIMIZERS].sort()).toEqual(OPTIMIZERS.map((o) => o.id).sort());
  });

  it('is deterministic and self-contained (torch and the standard library only)', () => {
    const script = torchScript(CASES);
    expect(torchScript(CASES)).toBe(script);
    const imports = script.split('\n').filter((l) => /^(import|from) /.test(l));
    expect(imports).toEqual([
      'import json',
      'import math',
      'import re',
      'import sys',
      'import warnings',
      'import torch',
      'from torch.optim import lr_scheduler as S',
    ]);
  });
});
