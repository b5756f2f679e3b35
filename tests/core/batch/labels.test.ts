import { describe, expect, it } from 'vitest';
import { allocateCells, CONVERGED, DIVERGED, RUNNING } from '../../../src/core/batch/engine.ts';
import { labelByClusters, labelByMinima, labelRadius } from '../../../src/core/batch/labels.ts';
import { getFunctionPreset } from '../../../src/core/functions/presets.ts';

function cellsAt(points: readonly (readonly [number, number, number])[]) {
  const cells = allocateCells(points.length);
  points.forEach(([x, y, status], i) => {
    cells.x[i] = x;
    cells.y[i] = y;
    cells.status[i] = status;
  });
  return cells;
}

describe('labelByMinima', () => {
  it("names Himmelblau's minima by their index in the preset's list, within 0.01 × the domain", () => {
    const preset = getFunctionPreset('himmelblau')!;
    // Domain 10 × 10 → radius 0.1.
    expect(labelRadius(preset.domain)).toBeCloseTo(0.1, 15);
    const cells = cellsAt([
      [3, 2, CONVERGED], // minimum 0
      [-2.8, 3.13, RUNNING], // near minimum 1 (distance ≈ 0.005), still running
      [-3.78, -3.2, CONVERGED], // 0.083 from minimum 2
      [3.58, -1.6, CONVERGED], // 0.25 from minimum 3: too far
      [-0.27, -0.92, CONVERGED], // the local maximum (index 4) is not a minimum
      [3, 2, DIVERGED], // diverged: no label
      [Number.NaN, Number.NaN, RUNNING],
    ]);
    labelByMinima(cells, preset.critical, labelRadius(preset.domain));
    expect([...cells.label]).toEqual([0, 1, 2, -1, -1, -1, -1]);
  });
});

describe('labelByClusters', () => {
  it('founds clusters in cell order and joins the nearest leader within the radius', () => {
    const cells = cellsAt([
      [0, 0, CONVERGED], // founds 0
      [5, 5, CONVERGED], // founds 1
      [0.05, 0, RUNNING], // joins 0
      [5, 5.09, CONVERGED], // joins 1
      [2.5, 2.5, DIVERGED], // none
      [0.15, 0, CONVERGED], // 0.15 from leader 0: founds 2
      [0.09, 0, CONVERGED], // 0.09 from 0, 0.06 from 2: the nearest, 2
    ]);
    const leaders = labelByClusters(cells, 0.1);
    expect([...cells.label]).toEqual([0, 1, 0, 1, -1, 2, 2]);
    expect(leaders).toEqual([0, 0, 5, 5, 0.15, 0]);
  });

  it('stops founding clusters at the cap', () => {
    const cells = cellsAt([0, 1, 2, 3].map((x) => [x, 0, CONVERGED] as const));
    labelByClusters(cells, 0.1, 2);
    expect([...cells.label]).toEqual([0, 1, -1, -1]);
  });
});
