import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import { CSV_HEADER, casesFile, trajectoriesCsv, trajectoriesJson } from '../../src/app/exports.ts';
import type { AppState } from '../../src/app/state.ts';
import { type CaseResult, formatResults, isCaseError, runCases } from '../../src/core/cases.ts';

const derivedOf = (s: AppState) => {
  const d = new Derived();
  d.update(s);
  return d;
};

const d0 = defaultState();
const saddleFar = A.setSteps(A.setDomain(A.setPreset(d0, 'saddle'), { x: [-100, 100], y: [-100, 100] }), 150);

/** States the exports must reproduce: presets, divergence, typed expressions, changed domains, odd rows. */
const STATES: [string, AppState][] = [
  ['the default scene', d0],
  ["Rosenbrock with the book's learning rates (SGD and Momentum diverge)", A.setPreset(d0, 'rosenbrock')],
  [
    'a typed expression, numeric gradient',
    A.setGradientMode(A.setExpression(d0, 'sin(x) + (y - 1)^2/4 + x^2/20'), 'numeric'),
  ],
  [
    'a changed domain (Himmelblau on [−50, 50] × [−5, 5])',
    A.setDomain(A.setPreset(d0, 'himmelblau'), { x: [-50, 50], y: [-5, 5] }),
  ],
  ['a changed domain where the bound decides the divergence step (saddle, SGD lr 0.95)', saddleFar],
  [
    'a typed expression on a small domain',
    A.setDomain(A.setExpression(d0, 'x^2 - y^3'), { x: [-1, 1], y: [-1, 1] }),
  ],
  [
    'a hidden row, a duplicated row and an added one',
    A.addOptimizer(A.duplicateOptimizer(A.setOptimizerVisible(d0, 2, false), 4), 'radam'),
  ],
  ['no optimizers', { ...d0, optimizers: [] }],
];

describe('casesFile + the command line reproduce trajectoriesJson', () => {
  it.each(STATES)('%s: bit for bit', (_, s) => {
    const cases = JSON.parse(casesFile(s));
    expect(cases).toHaveLength(s.optimizers.length);
    expect(formatResults(runCases(cases))).toBe(trajectoriesJson(s, derivedOf(s)));
  });

  it('the Rosenbrock state does diverge (so divergence steps are compared too)', () => {
    const results = runCases(JSON.parse(casesFile(A.setPreset(d0, 'rosenbrock'))));
    expect(results.filter((r) => !isCaseError(r) && r.status === 'diverged').map((r) => r.id)).toEqual([
      '1-sgd',
      '2-momentum',
    ]);
  });

  it('writes "bound" only when the domain changes the divergence bound, and it matters', () => {
    const bounds = STATES.map(([, s]) => JSON.parse(casesFile(s))[0]?.bound);
    expect(bounds).toEqual([undefined, undefined, undefined, 5e7, 1e8, 1e6, undefined, undefined]);
    // Without the bound the command line stops the saddle's SGD at another step than the page.
    const cases = JSON.parse(casesFile(saddleFar)).map(({ bound: _, ...c }: Record<string, unknown>) => c);
    const page = derivedOf(saddleFar).runs.get(1)!;
    const cli = runCases(cases)[0] as CaseResult;
    expect(page.status).toBe('diverged');
    expect(cli.diverged_at).not.toBe(page.divergedAt);
  });

  it('is a readable cases file: ids, the preset id or the expression, every parameter', () => {
    const text = casesFile(d0);
    expect(text.startsWith('[\n  {\n    "id": "1-sgd",\n    "f": "book",')).toBe(true);
    const cases = JSON.parse(text);
    expect(cases[3]).toEqual({
      id: '4-adam',
      f: 'book',
      optimizer: 'adam',
      params: {
        lr: 0.3,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-7,
        weight_decay: 0,
        amsgrad: false,
        eps_mode: 'paper',
      },
      start: [-7, 2],
      steps: 30,
      gradient: 'exact',
    });
    expect(JSON.parse(casesFile(A.setExpression(d0, 'x^2 + y^2')))[0].f).toBe('x^2 + y^2');
  });

  it('uses the same ids in all three exports', () => {
    const s = STATES[6][1];
    const d = derivedOf(s);
    const ids = JSON.parse(casesFile(s)).map((c: { id: string }) => c.id);
    expect(ids).toEqual(['1-sgd', '2-momentum', '3-adagrad', '4-adam', '5-adam', '6-radam']);
    expect(JSON.parse(trajectoriesJson(s, d)).results.map((r: { id: string }) => r.id)).toEqual(ids);
    const csvIds = new Set(
      trajectoriesCsv(s, d)
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    );
    expect([...csvIds]).toEqual(ids);
  });

  it('exports the last valid function while the typed expression is invalid', () => {
    const good = A.setExpression(d0, 'x^2 + y^2');
    const d = derivedOf(good);
    const json = trajectoriesJson(good, d);
    const bad = A.setExpression(good, 'x^2 +');
    d.update(bad);
    expect(d.error).not.toBeNull();
    expect(trajectoriesJson(bad, d)).toBe(json);
    // Nothing has compiled yet: one error per row.
    const never = derivedOf(A.setExpression(d0, 'x^2 +'));
    const results = JSON.parse(trajectoriesJson(A.setExpression(d0, 'x^2 +'), never)).results;
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual({ id: '1-sgd', error: `f: ${never.error!.message}` });
  });
});

describe('trajectoriesCsv', () => {
  it.each(STATES)('%s: header, one row per optimizer and step, the same numbers', (_, s) => {
    const d = derivedOf(s);
    const lines = trajectoriesCsv(s, d).split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines[0]).toBe('id,optimizer,step,x,y,f,grad_norm');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1).map((line) => line.split(','));
    const results = JSON.parse(trajectoriesJson(s, d)).results as CaseResult[];
    expect(rows).toHaveLength(results.reduce((n, r) => n + r.trajectory.length, 0));
    let i = 0;
    s.optimizers.forEach((e) => {
      const run = d.runs.get(e.key)!;
      for (let k = 0; k < run.rows; k++, i++) {
        const [id, optimizer, step, ...values] = rows[i];
        expect(id).toBe(`${s.optimizers.indexOf(e) + 1}-${e.optimizer}`);
        expect(optimizer).toBe(e.optimizer);
        expect(Number(step)).toBe(k);
        const expected = [run.xyf[3 * k], run.xyf[3 * k + 1], run.xyf[3 * k + 2], run.gradNorm[k]];
        values.forEach((v, j) => {
          expect(Object.is(Number(v), expected[j])).toBe(true);
        });
      }
    });
  });
});
