/** Tick values and labels for the axes and the colour bar, and the colour scale's mapping. */
import { ticks } from 'd3-array';
import { tickLabel } from './format.ts';

/**
 * Every generator here is bounded for any input — ±Infinity, NaN, 0, subnormals, ranges of 1e±308
 * and of zero width: at most `MAX_TICKS` values, no loop longer than that, nothing non-finite out.
 */
export const MAX_TICKS = 64;

/** Tick labels: see `format.ts`. */
export const formatTick = tickLabel;

/**
 * About `count` (at most `MAX_TICKS`) round tick values inside [a, b]; none unless a < b are finite.
 * A width that overflows (−1e308 … 1e308) is ticked at half scale and doubled back (exact in binary).
 */
export function axisTicks(a: number, b: number, count: number): number[] {
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) return [];
  const n = Math.max(1, Math.min(MAX_TICKS, Math.floor(count) || 1));
  // d3 needs a width it can take powers of ten of: an overflowing or subnormal one is ticked at a
  // scale of 2^k (exact in binary) and scaled back.
  const width = b - a;
  const k =
    width > 1e-280 && Number.isFinite(width)
      ? 1
      : Number.isFinite(width)
        ? 2 ** -Math.floor(Math.log2(width))
        : 0.5;
  const values = k === 1 ? ticks(a, b, n) : ticks(a * k, b * k, n).map((t) => t / k);
  return values.filter((t) => Number.isFinite(t) && t >= a && t <= b).slice(0, MAX_TICKS);
}

/**
 * Offset of the log colour scale, relative to the colour range: log(f − min + offset) puts the
 * bottom of the scale six decades below the top. `shaders/surface.frag` computes the same mapping.
 */
export const LOG_OFFSET = 1e-6;

/** Position in [0, 1] of f along the colour scale over [min, max] (as `colourT` in the shader). */
export function colorPosition(f: number, min: number, max: number, scale: 'linear' | 'log'): number {
  // Both ratios are scale-free: a span that overflows is measured at half scale.
  const k = Number.isFinite(max - min) ? 1 : 0.5;
  const span = max * k - min * k;
  const a = Math.min(max, Math.max(min, f)) * k - min * k;
  let p: number;
  if (scale === 'linear') p = a / span;
  else {
    // log(a + d) − log(d) as log1p(a / d): no −∞ when d underflows, no cancellation for small a.
    const d = LOG_OFFSET * span;
    p = Math.log1p(a / d) / Math.log1p(span / d);
  }
  return p >= 0 ? Math.min(1, p) : 0;
}

/**
 * Colour-bar ticks with their positions. On a log scale: the minimum, then about one tick a decade
 * of f − min, each rounded to one significant digit (min 3 gives 3, 10, 100, 1000, …).
 */
export function colorbarTicks(
  min: number,
  max: number,
  scale: 'linear' | 'log',
): { value: number; position: number }[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [];
  const span = max - min;
  if (!(span > 0)) return [{ value: min, position: 0 }];
  const values =
    scale === 'linear'
      ? axisTicks(min, max, 6)
      : [
          min,
          ...new Set(
            // (max − min) · 1e-6 at half scale when the span overflows (the powers stop at 1e308).
            powersOfTen(LOG_OFFSET * (max / 2 - min / 2) * 2, span).map((p) =>
              Number((min + p).toPrecision(1)),
            ),
          ),
        ].filter((v, i) => i === 0 || (v > min && v <= max));
  return values.map((value) => ({ value, position: colorPosition(value, min, max, scale) }));
}

/**
 * The powers of ten in [from, to] (at most `MAX_TICKS`, the largest kept): `from` may underflow to 0
 * and `to` overflow to ∞, the exponents stay within the doubles' −323 … 308.
 */
export function powersOfTen(from: number, to: number): number[] {
  if (!(from <= to) || !(to > 0)) return [];
  const last = Math.min(308, Math.floor(Math.log10(to)));
  const first = Math.max(-323, Math.ceil(Math.log10(Math.max(from, Number.MIN_VALUE))), last - MAX_TICKS + 1);
  const out: number[] = [];
  for (let e = first; e <= last; e++) {
    const p = 10 ** e;
    if (p >= from && p <= to && p > 0) out.push(p);
  }
  return out;
}

/**
 * The range a log chart axis shows for positive values from `low` to `high`: whole decades, at most
 * `LOG_DECADES` of them below the top (smaller values, and zeros, fall below the bottom edge),
 * within 1e−300 … 1e308. `cut` tells whether `low` lies below the bottom, so the chart can say so.
 * Null when no value is positive and finite.
 */
export function logChartRange(low: number, high: number): { range: [number, number]; cut: boolean } | null {
  if (!(high > 0 && Number.isFinite(high))) return null;
  const top = Math.max(-300 + LOG_DECADES, Math.min(308, Math.ceil(Math.log10(high))));
  const lowest = Math.max(-300, top - LOG_DECADES);
  const bottom = low > 0 ? Math.max(lowest, Math.min(top - 1, Math.floor(Math.log10(low)))) : lowest;
  return { range: [decade(bottom), decade(top)], cut: !(low >= decade(bottom)) };
}

/** A log chart shows at most this many decades (`f` from 1e−15 of its largest value up). */
export const LOG_DECADES = 15;

/** 10^e exactly as written (`1e-7`, not 10 ** −7 = 1.0000000000000001e−7). */
const decade = (e: number) => Number(`1e${e}`);

/**
 * Ticks of a log axis over [lo, hi]: each decade, with 2 and 5 between them when there are few;
 * at most `MAX_TICKS`, none unless 0 < lo < hi are finite.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) return [];
  const first = Math.max(-323, Math.floor(Math.log10(lo)));
  const last = Math.min(308, Math.ceil(Math.log10(hi)));
  const step = Math.max(1, Math.ceil((last - first + 1) / MAX_TICKS));
  const mults = last - first <= 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = first; e <= last && out.length < MAX_TICKS; e += step) {
    for (const m of mults) {
      const t = m * decade(e);
      if (t >= lo && t <= hi) out.push(t);
    }
  }
  return out.slice(0, MAX_TICKS);
}

/** The colour bar marks no more contour levels than this (more would merge into a grey band). */
export const MAX_CONTOUR_MARKS = 60;

/**
 * Where the surface's contour lines fall along the colour bar, as positions in (0, 1), as the
 * shader draws them: with `spacing` > 0 at every multiple of it inside [min, max] (placed by the
 * colour scale), otherwise at `count` evenly spaced colour levels k/count. The range's own ends are
 * left out (the bar's edges mark them); none when there are more than `MAX_CONTOUR_MARKS`.
 */
export function contourMarks(
  min: number,
  max: number,
  scale: 'linear' | 'log',
  count: number,
  spacing: number,
): number[] {
  if (!(max > min && Number.isFinite(min) && Number.isFinite(max))) return [];
  if (spacing > 0) {
    const first = Math.ceil(min / spacing);
    const last = Math.floor(max / spacing);
    if (!(last - first + 1 <= MAX_CONTOUR_MARKS)) return [];
    const out: number[] = [];
    // Counted by index: beyond 2^53, k + 1 === k.
    for (let i = 0; i <= last - first; i++) {
      const p = colorPosition((first + i) * spacing, min, max, scale);
      if (p > 0 && p < 1) out.push(p);
    }
    return out;
  }
  if (!(count > 1 && count <= MAX_CONTOUR_MARKS)) return [];
  return Array.from({ length: count - 1 }, (_, k) => (k + 1) / count);
}
