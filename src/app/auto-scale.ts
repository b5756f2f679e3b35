/**
 * The colour scale a typed function needs. Linear colours over a function whose values span many
 * decades (Rosenbrock's 0 to 3 600, Goldstein–Price's 3 to 10⁶) paint one flat colour over almost all
 * of the plot. This measures how far the range reaches above the bulk of the surface: the decades
 * between the 10th percentile of f − min and the whole range max − min. More than `DECADES` calls
 * for the log colour scale. At most `SAMPLES` grid values are read (an even stride).
 */
export const DECADES = 3;
export const SAMPLES = 4096;

/** log10((max − min) / (p10 − min)) over the finite heights; 0 when it cannot be measured. */
export function rangeDecades(heights: ArrayLike<number>): number {
  const stride = Math.max(1, Math.floor(heights.length / SAMPLES));
  const values: number[] = [];
  for (let i = 0; i < heights.length; i += stride) {
    const v = heights[i];
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length < 2) return 0;
  values.sort((a, b) => a - b);
  const min = values[0];
  const max = values[values.length - 1];
  const p10 = values[Math.floor(0.1 * (values.length - 1))];
  if (!(p10 > min) || !(max > min)) return 0;
  return Math.log10((max - min) / (p10 - min));
}

/** True when a surface with these heights reads better on the log colour scale. */
export function wantsLogScale(heights: ArrayLike<number>): boolean {
  return rangeDecades(heights) > DECADES;
}
