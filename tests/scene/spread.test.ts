/** The faint paths layer's data: which paths a pane draws and their segments sorted by step. */
import { describe, expect, it } from 'vitest';
import type { OptimizerEntry } from '../../src/app/state.ts';
import type { Trajectory } from '../../src/core/runner.ts';
import { faintPaths, faintSegments, MAX_SEGMENTS_PER_PATH } from '../../src/scene/layers/spread.ts';
import { countUpTo, LIFT } from '../../src/scene/trail-buffers.ts';
import { makeFrame, worldX, worldY, worldZ } from '../../src/scene/world.ts';

const frame = makeFrame({ x: [-5, 5], y: [-5, 5] }, 0, 10, 0.5);

const path = (points: [number, number, number][], over: Partial<Trajectory> = {}): Trajectory => ({
  rows: points.length,
  xyf: Float64Array.from(points.flat()),
  gradNorm: new Float64Array(points.length),
  status: 'running',
  divergedAt: null,
  convergedAt: null,
  ...over,
});

const entry = (key: number, color: string): OptimizerEntry => ({
  key,
  optimizer: 'sgd',
  params: {},
  color,
  visible: true,
  pane: 0,
});

describe('faintPaths', () => {
  it("a row with K − 1 other seeds draws K paths; Schedule-Free's y points one more", () => {
    const a = path([
      [0, 0, 0],
      [1, 0, 1],
    ]);
    const b = path([
      [0, 0, 0],
      [0, 1, 1],
    ]);
    const runs = new Map([
      [1, a],
      [
        2,
        path(
          [
            [1, 1, 2],
            [2, 2, 8],
          ],
          { yx: Float64Array.from([1, 1, 2, 3]) },
        ),
      ],
    ]);
    const spreads = new Map([[1, [b, b, b]]]);
    const fn = { value: (x: number, y: number) => x + y } as unknown as Parameters<typeof faintPaths>[3];
    const r = faintPaths([entry(1, '#ff0000'), entry(2, '#0000ff')], runs, spreads, fn);
    expect(r.spread).toBe(4);
    expect(r.y).toBe(1);
    // y path: f evaluated at y = (1, 1) and (2, 3).
    expect([...r.paths[4].xyf]).toEqual([1, 1, 2, 2, 3, 5]);
  });
});

describe('faintSegments', () => {
  it('segments sorted by the step they reach, at the rows’ world points', () => {
    const p1 = { xyf: Float64Array.from([0, 0, 0, 1, 0, 1, 2, 0, 4]), rows: 3, color: '#ff0000' };
    const p2 = { xyf: Float64Array.from([0, 0, 0, 0, 1, 1]), rows: 2, color: '#0000ff' };
    const { positions, colors, info } = faintSegments([p1, p2], frame);
    // Steps: p1 1, p2 1, p1 2.
    expect([...info]).toEqual([1, 0, 1, 1, 2, 0]);
    expect(countUpTo(info, 1)).toBe(2);
    expect(positions[0]).toBeCloseTo(worldX(frame, 0), 6);
    expect(positions[3]).toBeCloseTo(worldX(frame, 1), 6);
    expect(positions[4]).toBeCloseTo(worldY(frame, 1) + LIFT, 6);
    expect(positions[11]).toBeCloseTo(worldZ(frame, 1), 6);
    expect([...colors.slice(0, 3)]).toEqual([1, 0, 0]);
    expect([...colors.slice(6, 9)]).toEqual([0, 0, 1]);
  });

  it('a long path is thinned to at most MAX_SEGMENTS_PER_PATH segments, ending at its last row', () => {
    const rows = 3 * MAX_SEGMENTS_PER_PATH + 2;
    const xyf = new Float64Array(3 * rows);
    const { info } = faintSegments([{ xyf, rows, color: '#000000' }], frame);
    expect(info.length / 2).toBeLessThanOrEqual(MAX_SEGMENTS_PER_PATH);
    expect(info[info.length - 2]).toBe(rows - 1);
  });
});
