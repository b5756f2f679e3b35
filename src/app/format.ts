/**
 * Every way the app writes a number for people or for links, in one place:
 *
 * | function | for | 0.1 + 0.2 | 1234567 | 1e-7 |
 * |---|---|---|---|---|
 * | `linkNumber` | links, CSV: exact (shortest round trip, −0 kept) | 0.30000000000000004 | 1234567 | 1e-7 |
 * | `tickLabel` | axis and colour-bar ticks: short, real minus sign | 0.3 | 1e6 | 1e−7 |
 * | `tableNumber` | readout and results tables: fixed width | 0.3000 | 1.235e6 | 1.000e−7 |
 * | `controlValue` | panel text boxes: compact, round-trippable | 0.3 | 1.234567e6 | 1e-7 |
 */

/** Shortest round-trip decimal form of `n` (`String(n)`), keeping the sign of −0: exact for links. */
export function linkNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Short, readable tick labels with a real minus sign: 0.5, 10, 1e5, −2.5; ∞ and '' for NaN. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(6)));
  return s.replace('-', '−');
}

/** Fixed-width, readable numbers for tables (the readout, the results). */
export function tableNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(3).replace(/-/g, '−');
  return v.toFixed(a >= 100 ? 2 : 4).replace('-', '−');
}

/** A parameter value, short, for the legend: 0.5, 0.001, 1e−7 (real minus signs). */
export function paramValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a < 1e-3 || a >= 1e5 ? v.toExponential().replace('e+', 'e') : String(Number(v.toPrecision(4)));
  return text.replace(/-/g, '−');
}

/** Compact, round-trippable display of a number in a panel control: 0.95, 0.001, 1e-7. */
export function controlValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential().replace('e+', 'e') : String(Number(v.toPrecision(6)));
}
