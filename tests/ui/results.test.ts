import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import type { RunMetrics } from '../../src/app/metrics.ts';
import type { AppState } from '../../src/app/state.ts';
import { getFunctionPreset } from '../../src/core/functions/presets.ts';
import {
  compareRows,
  type ResultRow,
  resultRows,
  rowTexts,
  sortRows,
  statusLabel,
} from '../../src/ui/results.ts';

function metrics(m: Partial<RunMetrics>): RunMetrics {
  return {
    steps: 30,
    finalF: 1,
    finalGradNorm: 1,
    nearest: null,
    distance: null,
    reachedAt: null,
    status: 'moving',
    statusStep: null,
    ...m,
  };
}

function row(key: number, name: string, m: Partial<RunMetrics> | null): ResultRow {
  return { key, name, color: '#000000', visible: true, metrics: m ? metrics(m) : null };
}

const ROWS: ResultRow[] = [
  row(1, 'SGD', { finalF: 0.5, distance: 2, reachedAt: null, status: 'moving' }),
  row(2, 'Adam', { finalF: -3, distance: 0.1, reachedAt: 12, status: 'converged', statusStep: 40 }),
  row(3, 'AdaGrad', {
    steps: 7,
    finalF: 100,
    distance: null,
    reachedAt: 3,
    status: 'diverged',
    statusStep: 8,
  }),
  row(4, 'Momentum', { finalF: 10, distance: 0.1, reachedAt: 25, status: 'converged', statusStep: 20 }),
  row(5, 'RMSprop', null),
];
const keys = (rows: readonly ResultRow[]) => rows.map((r) => r.key);

describe('sorting', () => {
  it('numeric columns sort numerically, both ways, ties in state order', () => {
    expect(keys(sortRows(ROWS, { column: 'finalF', direction: 'ascending' }))).toEqual([2, 1, 4, 3, 5]);
    expect(keys(sortRows(ROWS, { column: 'finalF', direction: 'descending' }))).toEqual([3, 4, 1, 2, 5]);
    expect(keys(sortRows(ROWS, { column: 'steps', direction: 'ascending' }))).toEqual([3, 1, 2, 4, 5]);
    // 0.1 (Adam), 0.1 (Momentum): a tie keeps the state's order in both directions.
    expect(keys(sortRows(ROWS, { column: 'distance', direction: 'ascending' }))).toEqual([2, 4, 1, 3, 5]);
    expect(keys(sortRows(ROWS, { column: 'distance', direction: 'descending' }))).toEqual([1, 2, 4, 3, 5]);
  });

  it('nulls sort last in either direction', () => {
    expect(keys(sortRows(ROWS, { column: 'reachedAt', direction: 'ascending' }))).toEqual([3, 2, 4, 1, 5]);
    expect(keys(sortRows(ROWS, { column: 'reachedAt', direction: 'descending' }))).toEqual([4, 2, 3, 1, 5]);
  });

  it('names alphabetically; a row without a run still has a name', () => {
    expect(keys(sortRows(ROWS, { column: 'name', direction: 'ascending' }))).toEqual([3, 2, 4, 5, 1]);
    expect(keys(sortRows(ROWS, { column: 'name', direction: 'descending' }))).toEqual([1, 5, 4, 2, 3]);
  });

  it('status: converged (earliest first), then moving, then diverged', () => {
    expect(keys(sortRows(ROWS, { column: 'status', direction: 'ascending' }))).toEqual([4, 2, 1, 3, 5]);
  });

  it('no sort keeps the state order and does not reorder the input', () => {
    const input = [...ROWS];
    expect(keys(sortRows(input, null))).toEqual([1, 2, 3, 4, 5]);
    sortRows(input, { column: 'finalF', direction: 'ascending' });
    expect(keys(input)).toEqual([1, 2, 3, 4, 5]);
  });

  it('the comparator treats NaN final f (no row) as missing', () => {
    const a = row(1, 'a', { finalF: Number.NaN });
    const b = row(2, 'b', { finalF: 5 });
    expect(compareRows('finalF', 'ascending')(a, b)).toBeGreaterThan(0);
    expect(compareRows('finalF', 'descending')(a, b)).toBeGreaterThan(0);
  });
});

describe('rows of the book scene', () => {
  function rowsOf(s: AppState): ResultRow[] {
    const d = new Derived();
    d.update(s);
    return resultRows(s, d, getFunctionPreset(s.fn.preset ?? '')?.critical ?? []);
  }

  it('one row per optimizer, hidden ones included', () => {
    const rows = rowsOf(A.setOptimizerVisible(defaultState(), 3, false));
    expect(rows.map((r) => [r.key, r.name, r.visible])).toEqual([
      [1, 'SGD', true],
      [2, 'Momentum', true],
      [3, 'Adagrad', false],
      [4, 'Adam', true],
    ]);
  });

  it('SGD lr 0.95 after 30 steps: 0.3605 from (0, 0), not yet within 1e-3, still moving', () => {
    const s = defaultState();
    const [sgd] = rowsOf(s);
    const critical = getFunctionPreset('book')!.critical;
    // f₃₀ = 2.45·0.819025³⁰ + 4·0.81³⁰ = 0.013327; distance √(0.350393² + 0.0847823²) = 0.360504.
    expect(rowTexts(sgd!, critical)).toEqual(['SGD', '30', '0.0133', '0.3605', 'never', 'still moving']);
    // Without known minima: no distance, and "—" rather than "never".
    expect(rowTexts(sgd!, [])[4]).toBe('—');
  });

  it('status labels', () => {
    expect(statusLabel(metrics({ status: 'converged', statusStep: 145 }))).toBe('converged at 145');
    expect(statusLabel(metrics({ status: 'diverged', statusStep: 22 }))).toBe('diverged at 22');
    expect(statusLabel(metrics({}))).toBe('still moving');
    expect(statusLabel(null)).toBe('—');
  });
});
