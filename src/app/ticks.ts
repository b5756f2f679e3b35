/** Tick values and labels for the axes and the colour bar, and the colour scale's mapping. */
import { ticks } from 'd3-array';

/** Short, readable tick labels with a real minus sign: 0.5, 10, 1e5, −2.5. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(6)));
  return s.replace('-', '−');
}

/** About `count` round tick values inside [a, b]. */
export function axisTicks(a: number, b: number, count: number): number[] {
  return ticks(a, b, count).filter((t) => t >= a && t <= b);
}

/**
 * Offset of the log colour scale, relative to the colour range: log(f − min + offset) puts the
 * bottom of the scale six decades below the top. `shaders/surface.frag` computes the same mapping.
 */
export const LOG_OFFSET = 1e-6;

/** Position in [0, 1] of f along the colour scale over [min, max] (as `colourT` in the shader). */
export function colorPosition(f: number, min: number, max: number, scale: 'linear' | 'log'): number {
  const span = max - min;
  const a = Math.min(max, Math.max(min, f)) - min;
  if (scale === 'linear') return a / span;
  const d = LOG_OFFSET * span;
  return (Math.log(a + d) - Math.log(d)) / (Math.log(span + d) - Math.log(d));
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
  const span = max - min;
  if (!(span > 0)) return [{ value: min, position: 0 }];
  const values =
    scale === 'linear'
      ? axisTicks(min, max, 6)
      : [
          min,
          ...new Set(powersOfTen(LOG_OFFSET * span, span).map((p) => Number((min + p).toPrecision(1)))),
        ].filter((v, i) => i === 0 || (v > min && v <= max));
  return values.map((value) => ({ value, position: colorPosition(value, min, max, scale) }));
}

function powersOfTen(from: number, to: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(from)); 10 ** e <= to; e++) out.push(10 ** e);
  return out;
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
  if (!(max > min)) return [];
  if (spacing > 0) {
    const first = Math.ceil(min / spacing);
    const last = Math.floor(max / spacing);
    if (last - first + 1 > MAX_CONTOUR_MARKS) return [];
    const out: number[] = [];
    for (let k = first; k <= last; k++) {
      const p = colorPosition(k * spacing, min, max, scale);
      if (p > 0 && p < 1) out.push(p);
    }
    return out;
  }
  if (count <= 1 || count > MAX_CONTOUR_MARKS) return [];
  return Array.from({ length: count - 1 }, (_, k) => (k + 1) / count);
}
