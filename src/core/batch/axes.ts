/**
 * Evenly spaced values, ends included, for grids of starts and parameter sweeps.
 *
 *   linear: v[i] = lo + (hi − lo)·i/(n − 1)
 *   log:    v[i] = lo·(hi/lo)^(i/(n − 1))          (lo > 0: a geometric progression)
 *
 * for i = 0 … n − 2, and v[n − 1] = hi exactly (the formula can miss it by one rounding). v[0] = lo.
 * A value printed by the command line is the very number a cell ran with.
 */
export type Scale = 'linear' | 'log';

export const SCALES: readonly Scale[] = ['linear', 'log'];

/** n ≥ 2 values from lo to hi (lo < hi; lo > 0 for log). */
export function spaced(lo: number, hi: number, n: number, scale: Scale): number[] {
  const values: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const t = i / (n - 1);
    values.push(scale === 'log' ? lo * (hi / lo) ** t : lo + (hi - lo) * t);
  }
  values.push(hi);
  return values;
}
