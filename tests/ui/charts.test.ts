import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { Derived } from '../../src/app/derived.ts';
import type { AppState } from '../../src/app/state.ts';
import {
  CHART_TITLES,
  chartData,
  chartEntries,
  chartWidth,
  chooseScale,
  SIDE_BY_SIDE_WIDTH,
} from '../../src/ui/charts.ts';

function derive(s: AppState): Derived {
  const d = new Derived();
  d.update(s);
  return d;
}

describe('chartData', () => {
  it('the book scene: x = 0…30 and one f series per optimizer, SGD on its closed form', () => {
    const s = defaultState();
    const data = chartData(s, derive(s), 'f');
    expect(data).toHaveLength(1 + 4);
    expect(Array.from(data[0]!)).toEqual(Array.from({ length: 31 }, (_, k) => k));
    // SGD lr 0.95: f_k = 2.45·0.819025^k + 4·0.81^k.
    for (const k of [0, 1, 10, 30]) expect(data[1]![k]).toBeCloseTo(2.45 * 0.819025 ** k + 4 * 0.81 ** k, 10);
    for (const series of data.slice(1)) expect(series).toHaveLength(31);
  });

  it('the |∇f| series: SGD on the book quadratic has |∇f_k| = √((0.7·0.905^k)² + (4·0.9^k)²)', () => {
    const s = defaultState();
    const grad = chartData(s, derive(s), 'grad');
    for (const k of [0, 5, 30])
      expect(grad[1]![k]).toBeCloseTo(Math.hypot(0.7 * 0.905 ** k, 4 * 0.9 ** k), 10);
  });

  it('hidden optimizers have no series', () => {
    const s = A.setOptimizerVisible(defaultState(), 2, false);
    expect(chartEntries(s).map((e) => e.key)).toEqual([1, 3, 4]);
    const data = chartData(s, derive(s), 'f');
    expect(data).toHaveLength(1 + 3);
  });

  it('a diverged run ends where its trajectory ends: nulls after the last row', () => {
    // SGD lr 1.1: y_k = 2·(−1.2)^k; the bound is 1e6 × the domain's largest edge 10 = 1e7:
    // |y₈₄| = 2·1.2⁸⁴ = 8.96e6 inside, |y₈₅| = 1.08e7 outside. Rows 0…84 hold values, 85…100 are null.
    const s = A.setSteps(A.setOptimizerParam(defaultState(), 1, 'lr', 1.1), 100);
    const d = derive(s);
    expect(d.runs.get(1)!.divergedAt).toBe(85);
    const data = chartData(s, d, 'f');
    const sgd = data[1]!;
    expect(sgd).toHaveLength(101);
    expect(sgd[84]).not.toBeNull();
    expect(sgd.slice(85).every((v) => v === null)).toBe(true);
  });

  it('series are nulls when an optimizer has no run yet', () => {
    const s = defaultState();
    const data = chartData(s, new Derived(), 'grad');
    expect(Array.from(data[1]!).every((v) => v === null)).toBe(true);
  });
});

describe('chooseScale', () => {
  it('linear when asked for', () => {
    expect(
      chooseScale(
        'linear',
        [
          [0, 1],
          [1, 2],
        ],
        'f',
      ),
    ).toEqual({ log: false, label: 'linear scale' });
  });

  it('log for positive values; zeros and nulls do not prevent it', () => {
    expect(
      chooseScale(
        'log',
        [
          [0, 1, 2],
          [1, 0, null],
        ],
        'f',
      ),
    ).toEqual({ log: true, label: 'log scale, 0 not shown', range: [0.1, 1] });
  });

  it('log: values more than 15 decades below the largest fall below the axis, and it says so', () => {
    // The freeze of issue #10: |∇f| ≈ 3e-33 next to 12; uPlot's own log ticks looped towards 0.
    expect(
      chooseScale(
        'log',
        [
          [0, 1, 2],
          [12, 3e-33, 0.5],
        ],
        'grad',
      ),
    ).toEqual({
      log: true,
      label: 'log scale from 1e−13',
      range: [1e-13, 100],
    });
  });

  it('falls back to linear when a value is negative, and says so', () => {
    const choice = chooseScale(
      'log',
      [
        [0, 1],
        [5, 1],
        [2, -0.5],
      ],
      'f',
    );
    expect(choice.log).toBe(false);
    expect(choice.label).toBe('linear scale: f < 0 has no log');
  });

  it('falls back to linear when no value is positive', () => {
    expect(
      chooseScale(
        'log',
        [
          [0, 1],
          [0, null],
        ],
        'grad',
      ),
    ).toEqual({
      log: false,
      label: 'linear scale: no value > 0',
    });
  });

  it('Styblinski–Tang: f is negative, |∇f| is not', () => {
    const s = A.setView(A.setPreset(defaultState(), 'styblinski-tang'), { chartScale: 'log' });
    const d = derive(s);
    expect(chooseScale(s.view.chartScale, chartData(s, d, 'f'), 'f').log).toBe(false);
    expect(chooseScale(s.view.chartScale, chartData(s, d, 'grad'), 'grad').log).toBe(true);
  });
});

describe('layout', () => {
  it('titles', () => {
    expect(CHART_TITLES).toEqual({ f: 'f(x, y) by step', grad: '|∇f| by step' });
  });

  it('two charts side by side on a wide container, stacked on a narrow one', () => {
    expect(chartWidth(SIDE_BY_SIDE_WIDTH)).toBe((SIDE_BY_SIDE_WIDTH - 12) / 2);
    expect(chartWidth(SIDE_BY_SIDE_WIDTH - 1)).toBe(SIDE_BY_SIDE_WIDTH - 1);
    // Fractions of a pixel round down, so two charts never overflow their row.
    expect(chartWidth(845.67)).toBe(416);
    expect(chartWidth(10)).toBe(120);
  });
});
