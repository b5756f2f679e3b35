import { describe, expect, it } from 'vitest';
import { COLORMAPS, colormapTable, getColormap, parseCssColor } from '../../src/app/colormaps.ts';
import {
  colorbarTicks,
  colorPosition,
  contourMarks,
  formatTick,
  MAX_CONTOUR_MARKS,
} from '../../src/app/ticks.ts';

describe('colour scale', () => {
  it('linear maps min → 0, max → 1, and clips', () => {
    expect(colorPosition(0, 0, 30, 'linear')).toBe(0);
    expect(colorPosition(7.5, 0, 30, 'linear')).toBe(0.25);
    expect(colorPosition(99, 0, 30, 'linear')).toBe(1);
  });

  it('log maps decades of f − min evenly: offset 1e-6·span puts the bottom six decades down', () => {
    // span 1e6: d = 1; position(min + 10^k − 1) = k / 6 exactly in exact arithmetic.
    expect(colorPosition(0, 0, 1e6, 'log')).toBe(0);
    expect(colorPosition(1e6, 0, 1e6, 'log')).toBeCloseTo(1, 12);
    expect(colorPosition(999, 0, 1e6, 'log')).toBeCloseTo(3 / 6, 4);
  });

  it('colour bar ticks: round linear ticks; log ticks one a decade at one significant digit', () => {
    expect(colorbarTicks(0, 30, 'linear').map((t) => t.value)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    // Goldstein–Price: 3 to ~1e6; f − min reaches 999 997, so the last decade tick is 3 + 1e5 ≈ 1e5.
    const log = colorbarTicks(3, 1e6, 'log').map((t) => t.value);
    expect(log).toEqual([3, 4, 10, 100, 1000, 10000, 100000]);
    for (const t of colorbarTicks(3, 1e6, 'log')) expect(t.position).toBeGreaterThanOrEqual(0);
  });

  it('formats ticks with a real minus sign and short exponents', () => {
    expect(formatTick(-2.5)).toBe('−2.5');
    expect(formatTick(100000)).toBe('1e5');
    expect(formatTick(0.1 + 0.2)).toBe('0.3');
  });
});

describe('colormaps', () => {
  it('has viridis, magma, turbo, bwr and grey', () => {
    expect(COLORMAPS.map((c) => c.id)).toEqual(['viridis', 'magma', 'turbo', 'bwr', 'grey']);
  });

  it("viridis runs from matplotlib's #440154 to #fde725", () => {
    const v = getColormap('viridis')!;
    expect(v.interpolate(0)).toBe('#440154');
    expect(v.interpolate(1)).toBe('#fde725');
  });

  it("bwr is matplotlib's: blue, white, red at 0, 0.5, 1", () => {
    const bwr = getColormap('bwr')!;
    expect(parseCssColor(bwr.interpolate(0))).toEqual([0, 0, 255]);
    expect(parseCssColor(bwr.interpolate(0.5))).toEqual([255, 255, 255]);
    expect(parseCssColor(bwr.interpolate(1))).toEqual([255, 0, 0]);
    expect(parseCssColor(bwr.interpolate(0.25))).toEqual([128, 128, 255]);
  });

  it('grey runs dark to light', () => {
    const [lo] = parseCssColor(getColormap('grey')!.interpolate(0));
    const [hi] = parseCssColor(getColormap('grey')!.interpolate(1));
    expect(lo).toBeLessThan(hi);
  });

  it('a 256-texel table samples texel centres as opaque RGBA', () => {
    const t = colormapTable(getColormap('bwr')!, 4);
    // Centres at 1/8, 3/8, 5/8, 7/8: (64,64,255), (191,191,255), (255,191,191), (255,64,64).
    expect([...t]).toEqual([64, 64, 255, 255, 191, 191, 255, 255, 255, 191, 191, 255, 255, 64, 64, 255]);
  });
});

describe('contourMarks', () => {
  it('count: the levels k/count inside the range, evenly along the bar', () => {
    expect(contourMarks(0, 30, 'linear', 4, 0)).toEqual([0.25, 0.5, 0.75]);
    // Evenly along the bar on a log scale too: the shader spaces count levels in colour, not in f.
    expect(contourMarks(0, 30, 'log', 4, 0)).toEqual([0.25, 0.5, 0.75]);
    expect(contourMarks(0, 30, 'linear', 1, 0)).toEqual([]);
    expect(contourMarks(0, 30, 'linear', 0, 0)).toEqual([]);
  });

  it('spacing: every multiple inside the range, placed by the colour scale; ends left out', () => {
    // The seed's levels 0, 1, …, 7 over [0, 7]: 1 … 6 at k/7.
    const marks = contourMarks(0, 7, 'linear', 20, 1);
    expect(marks).toHaveLength(6);
    marks.forEach((p, i) => {
      expect(p).toBeCloseTo((i + 1) / 7, 12);
    });
    // Log scale over [0, 1000]: f = 100 sits at ln(100/δ)/ln(1000/δ) with δ = 1e-6·1000, i.e. 5/6.
    expect(contourMarks(0, 1000, 'log', 20, 100)[0]).toBeCloseTo(5 / 6, 4);
    // Levels from −2.5: multiples of 2.5 in [−3, 3] are −2.5, 0, 2.5.
    expect(contourMarks(-3, 3, 'linear', 20, 2.5)).toEqual([0.5 / 6, 3 / 6, 5.5 / 6]);
  });

  it('none for an empty range or more levels than the bar can show', () => {
    expect(contourMarks(1, 1, 'linear', 20, 0)).toEqual([]);
    expect(contourMarks(0, 1000, 'linear', 20, 1)).toEqual([]);
    expect(contourMarks(0, 30, 'linear', MAX_CONTOUR_MARKS + 1, 0)).toEqual([]);
  });
});
