/**
 * Trail colours by optimizer type: each type keeps one hue in every scene (Adam is the same colour
 * wherever it appears), from eight colour-blind-safe hues (Okabe & Ito 2008 without its black, plus
 * Tol's wine), none of them black like the start ring. Rows of the same type are told apart by shade:
 * the second is darker, the third lighter, and so on.
 */
import { OPTIMIZERS } from '../core/optimizers/index.ts';
import type { OptimizerEntry } from './state.ts';

/** The eight hues. */
export const TYPE_HUES = [
  '#d55e00', // vermillion
  '#0072b2', // blue
  '#009e73', // bluish green
  '#f0e442', // yellow
  '#56b4e9', // sky blue
  '#cc79a7', // reddish purple
  '#e69f00', // orange
  '#882255', // wine (Tol)
] as const;

/**
 * The hue of each optimizer type. The book's four (SGD, Momentum, AdaGrad, Adam) get the four most
 * distinct hues — vermillion, blue, green, yellow — so that SGD and Adam are never red against orange.
 */
const HUE_OF: Readonly<Record<string, number>> = {
  sgd: 0,
  momentum: 1,
  adagrad: 2,
  adam: 3,
  nesterov: 4,
  rmsprop: 5,
  adamw: 6,
  adamax: 7,
  nadam: 6,
  radam: 7,
  adadelta: 5,
};

/** The hue of `id` (types missing from the table take one by their place in the registry). */
export function typeHue(id: string): string {
  const index =
    HUE_OF[id] ??
    Math.max(
      0,
      OPTIMIZERS.findIndex((o) => o.id === id),
    );
  return TYPE_HUES[index % TYPE_HUES.length];
}

/** `#rrggbb` mixed towards black (t < 0) or white (t > 0) by |t|. */
export function shade(color: string, t: number): string {
  const n = Number.parseInt(color.slice(1), 16);
  const target = t < 0 ? 0 : 255;
  const a = Math.abs(t);
  const channel = (shift: number) => {
    const c = (n >> shift) & 255;
    return Math.round(c + (target - c) * a)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
}

/** Shades of the 2nd, 3rd, … row of one type: darker, lighter, darker still, lighter still. */
const SHADES = [0, -0.35, 0.4, -0.6, 0.65, -0.75, 0.8, -0.85] as const;

/**
 * The colour a new row of type `id` takes beside `entries`: the type's hue, shaded by how many rows
 * of that type exist already; a shade some row already wears is skipped.
 */
export function trailColor(id: string, entries: readonly OptimizerEntry[]): string {
  const used = new Set(entries.map((e) => e.color));
  const same = entries.filter((e) => e.optimizer === id).length;
  for (let i = 0; i < SHADES.length; i++) {
    const c = typeColor(id, same + i);
    if (!used.has(c)) return c;
  }
  return typeHue(id);
}

/** The colour of the (`nth` + 1)-th row of type `id`: the type's hue, shaded for the 2nd, 3rd, … */
export function typeColor(id: string, nth: number): string {
  return shade(typeHue(id), SHADES[nth % SHADES.length]);
}
