import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLORMAPS, colormapTable, getColormap, parseCssColor } from '../../src/app/colormaps.ts';
import {
  axisTicks,
  colorbarTicks,
  colorPosition,
  contourMarks,
  formatTick,
  LOG_DECADES,
  logChartRange,
  logTicks,
  MAX_CONTOUR_MARKS,
  MAX_TICKS,
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

describe('bounded for any input (property tests)', () => {
  /** Any double, with the hostile ones often: ±∞, NaN, ±0, subnormals, ±1e±308. */
  const anyNumber = fc.oneof(
    fc.double(),
    fc.constantFrom(
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      0,
      -0,
      5e-324,
      -5e-324,
      1e-300,
      -1e-300,
      1e308,
      -1e308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1e-33,
    ),
  );
  const scale = fc.constantFrom<'linear' | 'log'>('linear', 'log');

  /** Fastest of three runs of `f`, in ms: a slow loop shows in all three, a GC pause in one. */
  function timed<T>(f: () => T): { value: T; ms: number } {
    let best = Number.POSITIVE_INFINITY;
    let value = f();
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      value = f();
      best = Math.min(best, performance.now() - t0);
    }
    return { value, ms: best };
  }

  it('axisTicks: ≤ MAX_TICKS finite values inside [a, b], in < 5 ms', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, fc.integer({ min: -5, max: 10_000 }), (a, b, n) => {
        const { value, ms } = timed(() => axisTicks(a, b, n));
        expect(ms).toBeLessThan(5);
        expect(value.length).toBeLessThanOrEqual(MAX_TICKS);
        for (const t of value) expect(Number.isFinite(t) && t >= a && t <= b).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('colorbarTicks: ≤ MAX_TICKS + 1 ticks with finite values and positions in [0, 1], in < 5 ms', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, scale, (min, max, s) => {
        const { value, ms } = timed(() => colorbarTicks(min, max, s));
        expect(ms).toBeLessThan(5);
        expect(value.length).toBeLessThanOrEqual(MAX_TICKS + 1);
        for (const t of value) {
          expect(Number.isFinite(t.value)).toBe(true);
          expect(t.position >= 0 && t.position <= 1).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('colorPosition is in [0, 1] for any input', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, scale, (f, min, max, s) => {
        const p = colorPosition(f, min, max, s);
        expect(p >= 0 && p <= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('contourMarks: ≤ MAX_CONTOUR_MARKS positions in (0, 1), in < 5 ms', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, scale, anyNumber, anyNumber, (min, max, s, count, spacing) => {
        const { value, ms } = timed(() => contourMarks(min, max, s, count, spacing));
        expect(ms).toBeLessThan(5);
        expect(value.length).toBeLessThanOrEqual(MAX_CONTOUR_MARKS);
        for (const p of value) expect(p > 0 && p < 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('logChartRange and logTicks: a drawable range of ≤ LOG_DECADES + 1 decades, ≤ MAX_TICKS ticks', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, (low, high) => {
        const { value: r, ms } = timed(() => logChartRange(low, high));
        expect(ms).toBeLessThan(5);
        if (r === null) return;
        const [lo, hi] = r.range;
        expect(lo >= 1e-300 && hi <= 1e308 && lo < hi).toBe(true);
        expect(Math.log10(hi / lo)).toBeLessThanOrEqual(LOG_DECADES + 1e-9);
        const t = timed(() => logTicks(lo, hi));
        expect(t.ms).toBeLessThan(5);
        expect(t.value.length).toBeGreaterThan(0);
        expect(t.value.length).toBeLessThanOrEqual(MAX_TICKS);
        for (const v of t.value) expect(v >= lo && v <= hi).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, (lo, hi) => {
        const { value, ms } = timed(() => logTicks(lo, hi));
        expect(ms).toBeLessThan(5);
        expect(value.length).toBeLessThanOrEqual(MAX_TICKS);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatTick: a short label for any number', () => {
    fc.assert(
      fc.property(anyNumber, (v) => {
        expect(formatTick(v).length).toBeLessThanOrEqual(12);
      }),
    );
  });
});

describe('the hostile ranges of issue #10', () => {
  it('f = 1e308·x·y on a log scale: the colour bar ends, with decade ticks up to 1e308', () => {
    const ticks = colorbarTicks(-1.7e308, 1.7e308, 'log');
    expect(ticks[0]).toEqual({ value: -1.7e308, position: 0 });
    // f − min reaches 3.4e308 (overflows): the decades from 1e303 (1e-6 of the span, at half scale
    // 1.7e302 → first power ≥ it is 1e303) … 1e308; min + p rounds to one digit: −2e308 is −∞ … kept out.
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(Number.isFinite(t.value)).toBe(true);
  });

  it('log chart range: zeros and tiny values are cut 15 decades below the largest, and said so', () => {
    expect(logChartRange(3e-33, 12)).toEqual({ range: [1e-13, 100], cut: true });
    expect(logChartRange(0, 12)).toEqual({ range: [1e-13, 100], cut: true });
    expect(logChartRange(0.02, 12)).toEqual({ range: [0.01, 100], cut: false });
    expect(logChartRange(5, 5)).toEqual({ range: [1, 10], cut: false });
    expect(logChartRange(0, 0)).toBeNull();
    expect(logTicks(0.01, 100)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(1e-13, 100)).toEqual([
      1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100,
    ]);
  });

  it('contour marks at spacings beyond 2^53 end (k + 1 === k there)', () => {
    expect(contourMarks(1e300, 1e300 * (1 + 1e-15), 'linear', 20, 1e284).length).toBeLessThanOrEqual(
      MAX_CONTOUR_MARKS,
    );
  });
});
