/**
 * A start placed by a click is rounded to a precision that fits the plot: a thousandth of the
 * domain's larger side, rounded down to a power of ten (x in [−10, 10]: 0.01; Rosenbrock's [−2, 2]:
 * 0.001), instead of the fifteen digits a pick through the camera gives.
 */
import type { Domain } from '../core/functions/types.ts';

/** The rounding unit: 10^⌊log10(span / 1000)⌋ for the domain's larger side. */
export function pickUnit(domain: Domain): number {
  const span = Math.max(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
  return 10 ** Math.floor(Math.log10(span / 1000));
}

/** `v` rounded to `unit` (a power of ten), without binary noise (1.2300000000000002 → 1.23) or −0. */
export function roundTo(v: number, unit: number): number {
  const digits = Math.max(0, -Math.round(Math.log10(unit)));
  return Number((Math.round(v / unit) * unit).toFixed(digits)) + 0;
}

/** A picked point rounded for `domain`. */
export function roundPick(domain: Domain, x: number, y: number): [number, number] {
  const unit = pickUnit(domain);
  return [roundTo(x, unit), roundTo(y, unit)];
}
