/**
 * Exact geometry on tiny inputs (the d3-contour way): every number below is worked out by hand from
 * the world mapping (world.ts) and rounded to float32 where the buffers are float32.
 */
import { describe, expect, it } from 'vitest';
import { chartPoints, chartScale, valueTicks } from '../../src/scene/chart-pane.ts';
import { ARROW_SEGMENTS, arrowColors, arrowSegments, contrastingGrey } from '../../src/scene/field.ts';
import { LIFT, trailBuffers } from '../../src/scene/trail-buffers.ts';
import { frustum2d, marginsClearOf } from '../../src/scene/view.ts';
import { makeFrame } from '../../src/scene/world.ts';

/** Domain [−5, 5]²: one world unit per unit of x and y; f ∈ [0, 10] over height 5: world y = f / 2. */
const frame = makeFrame({ x: [-5, 5], y: [-5, 5] }, 0, 10, 0.5);
/** float32-rounded values as a plain array, −0 read as 0 (worldZ(0) is −0). */
const f32 = (values: ArrayLike<number>) => Array.from(Float32Array.from(values), (v) => v + 0);
const plain = (values: ArrayLike<number>) => Array.from(values, (v) => v + 0);

function run(rows: number[][]) {
  return {
    rows: rows.length,
    xyf: Float64Array.from(rows.flat()),
    gradNorm: new Float64Array(rows.length),
    status: 'running',
    divergedAt: null,
    convergedAt: null,
  } as const;
}

describe('trail buffers, exactly', () => {
  it('an L-shaped run of three rows on a flat f = 2: markers, pieces, steps and distances', () => {
    // Rows (0, 0), (1, 0), (1, 1), f = 2 everywhere: world (x, 1 + LIFT, −y).
    const b = trailBuffers(
      [
        run([
          [0, 0, 2],
          [1, 0, 2],
          [1, 1, 2],
        ]),
      ],
      frame,
      () => 2,
    );
    const h = 1 + LIFT;
    expect(plain(b.points)).toEqual(f32([0, h, 0, 1, h, 0, 1, h, -1]));
    expect(plain(b.pointInfo)).toEqual(f32([0, 0, 1, 0, 2, 0]));
    expect(b.sub).toBe(8);
    expect(b.longest).toBe(3);
    // Eight pieces per segment, 1/8 world unit long each: along x, then along −z.
    const pieces: number[] = [];
    for (let s = 0; s < 8; s++) pieces.push(s / 8, h, 0, (s + 1) / 8, h, 0);
    for (let s = 0; s < 8; s++) pieces.push(1, h, -s / 8, 1, h, -(s + 1) / 8);
    expect(plain(b.segments)).toEqual(f32(pieces));
    expect(plain(b.segmentInfo)).toEqual(
      f32([...Array(8).fill([1, 0]).flat(), ...Array(8).fill([2, 0]).flat()]),
    );
    const distance: number[] = [];
    for (let s = 0; s < 16; s++) distance.push(s / 8, (s + 1) / 8);
    expect(plain(b.segmentDistance)).toEqual(f32(distance));
  });

  it('drapes a piece over a bump: the height is the larger of f + LIFT and the chord', () => {
    // From (0, 0) to (1, 0) with f = 0 at both ends and f = 4 at x = 1/2: the middle point (s = 4 of 8)
    // rises to 4/2 + LIFT; the chord is LIFT.
    const bump = (x: number) => (Math.abs(x - 0.5) < 1e-12 ? 4 : 0);
    const b = trailBuffers(
      [
        run([
          [0, 0, 0],
          [1, 0, 0],
        ]),
      ],
      frame,
      bump,
    );
    const heights = Array.from({ length: 8 }, (_, s) => b.segments[6 * s + 4]);
    expect(plain(heights)).toEqual(f32([LIFT, LIFT, LIFT, 2 + LIFT, LIFT, LIFT, LIFT, LIFT]));
  });
});

describe('arrow segments, exactly', () => {
  const c = Math.cos(0.44);
  const s = Math.sin(0.44);

  it('one arrow (0, 0) → (1, 0) on a flat map at height 0.05: four shaft pieces and two barbs', () => {
    const a = [{ x: 0, y: 0, dx: 1, dy: 0, magnitude: 1 }];
    const segs = arrowSegments(a, frame, () => 0.05);
    expect(segs.length).toBe(ARROW_SEGMENTS * 6);
    // Barbs: head − 0.3·(cos 25.2°·v ∓ sin·v⊥), in the domain, then y → −z.
    expect(plain(segs)).toEqual(
      f32([
        0,
        0.05,
        0,
        0.25,
        0.05,
        0,
        0.25,
        0.05,
        0,
        0.5,
        0.05,
        0,
        0.5,
        0.05,
        0,
        0.75,
        0.05,
        0,
        0.75,
        0.05,
        0,
        1,
        0.05,
        0,
        1,
        0.05,
        0,
        1 - 0.3 * c,
        0.05,
        0.3 * s,
        1,
        0.05,
        0,
        1 - 0.3 * c,
        0.05,
        -0.3 * s,
      ]),
    );
  });

  it('draped: every vertex at the height of f under it (f = 2x, lifted 0.1)', () => {
    const a = [{ x: 0, y: 0, dx: 0, dy: 2, magnitude: 1 }];
    const segs = arrowSegments(a, frame, (x) => x + 0.1);
    // Shaft along +y (world −z) at x = 0: height 0.1; barbs end at x = ±0.6·sin 0.44.
    expect(plain(segs.slice(0, 24))).toEqual(
      Array.from(
        f32([
          0, 0.1, 0, 0, 0.1, -0.5, 0, 0.1, -0.5, 0, 0.1, -1, 0, 0.1, -1, 0, 0.1, -1.5, 0, 0.1, -1.5, 0, 0.1,
          -2,
        ]),
      ),
    );
    expect(segs[24 + 3]).toBeCloseTo(0.6 * s, 6);
    expect(segs[24 + 4]).toBeCloseTo(0.6 * s + 0.1, 6);
    expect(segs[30 + 3]).toBeCloseTo(-0.6 * s, 6);
  });

  it('contrasting grey: white on dark colours, near-black on light ones', () => {
    expect(contrastingGrey('#000000')).toBe(1);
    expect(contrastingGrey('#440154')).toBe(1); // viridis at 0
    expect(contrastingGrey('#fde725')).toBe(0.08); // viridis at 1
    expect(contrastingGrey('rgb(255, 255, 255)')).toBe(0.08);
    const colors = arrowColors(
      [
        { x: 0, y: 0, dx: 1, dy: 0, magnitude: 1 },
        { x: 1, y: 0, dx: 1, dy: 0, magnitude: 1 },
      ],
      (a) => (a.x === 0 ? 1 : 0.5),
    );
    expect(plain(colors)).toEqual(
      f32([...Array(36).fill(1), ...Array(36).fill(((0.5 + 0.055) / 1.055) ** 2.4)]),
    );
  });
});

describe('2-D frustum and stretched frames, exactly', () => {
  it('fits a 10 × 5 box in 400 × 300 px minus margins (left 40, bottom 40) at 36 px per unit, centred', () => {
    const f = frustum2d(5, 2.5, 400, 300, { left: 40, right: 0, top: 0, bottom: 40 });
    expect(f).toEqual({
      left: -220 / 36,
      right: -220 / 36 + 400 / 36,
      top: 130 / 36,
      bottom: 130 / 36 - 300 / 36,
    });
  });

  it('keeps a map clear of a legend in a top corner: below it or beside it, whichever scale is larger', () => {
    const m = { left: 40, right: 0, top: 0, bottom: 40 };
    // 10 × 5 box, 36 px per unit: 360 × 180 px centred in 360 × 260, its top at 130 − 90 = 40 px.
    expect(marginsClearOf(5, 2.5, 400, 300, m, { side: 'right', width: 100, height: 30 })).toBe(m);
    // A 60 px legend: below it (top 64: h 196, s min(36, 39.2) = 36) beats beside it (w 256: s 25.6).
    expect(marginsClearOf(5, 2.5, 400, 300, m, { side: 'right', width: 100, height: 60 })).toEqual({
      ...m,
      top: 64,
    });
    // 5 × 10 box, s = min(72, 26) = 26: 130 px wide from x 155 to 285, clear of a 100 px wide corner.
    expect(marginsClearOf(2.5, 5, 400, 300, m, { side: 'right', width: 100, height: 60 })).toBe(m);
    // A 150 px corner: beside it (right 154: w 206, s min(41.2, 26) = 26) beats below (h 196: s 19.6).
    expect(marginsClearOf(2.5, 5, 400, 300, m, { side: 'right', width: 150, height: 60 })).toEqual({
      ...m,
      right: 154,
    });
    // On the left, 200 px wide (the box starts at x 155): beside it (left 204: w 196, s 26) beats below.
    expect(marginsClearOf(2.5, 5, 400, 300, m, { side: 'left', width: 200, height: 60 })).toEqual({
      ...m,
      left: 204,
    });
  });

  it('aspect 2 and 0.5: x and y get their own scales, the longer side still 10', () => {
    const d = { x: [-2, 2], y: [-1, 3] } as const;
    expect(makeFrame(d, 0, 1, 0, 2)).toMatchObject({ scale: 2.5, scaleY: 1.25 });
    expect(makeFrame(d, 0, 1, 0, 0.5)).toMatchObject({ scale: 1.25, scaleY: 2.5 });
    expect(makeFrame(d, 0, 1, 0, null)).toMatchObject({ scale: 2.5, scaleY: 2.5 });
  });
});

describe('chart pane geometry, exactly', () => {
  it('log scale over 1 … 100; linear when some f ≤ 0; a flat series gets a unit range', () => {
    expect(chartScale([Float64Array.from([100, 10, 1])], 'log')).toEqual({ log: true, lo: 0, hi: 2 });
    expect(chartScale([Float64Array.from([1, 0, -1])], 'log')).toEqual({ log: false, lo: -1, hi: 1 });
    expect(chartScale([Float64Array.from([3, 3, Number.NaN])], 'linear')).toEqual({
      log: false,
      lo: 2.5,
      hi: 3.5,
    });
    expect(chartScale([], 'log')).toEqual({ log: false, lo: 0, hi: 1 });
  });

  it('points: steps across, values up, in a 100 × 50 box', () => {
    const p = chartPoints(Float64Array.from([100, 10, 1]), 2, { log: true, lo: 0, hi: 2 }, 100, 50);
    expect(Array.from(p)).toEqual([0, 0, 50, 25, 100, 50]);
    // A non-finite value is a gap; the last row always counts.
    const q = chartPoints(Float64Array.from([0, Number.NaN, 2]), 4, { log: false, lo: 0, hi: 2 }, 8, 10);
    expect(Array.from(q)).toEqual([0, 10, 4, 0]);
  });

  it('log ticks are whole powers of ten across two decades or more', () => {
    expect(valueTicks({ log: true, lo: -2.3, hi: 0.8 }, 6)).toEqual([-2, -1, 0]);
  });
});
