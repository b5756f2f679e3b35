/** The scene a new user sees: the book's figure 6-8, alive. */
import { DEFAULT_FUNCTION_ID, getFunctionPreset } from '../core/functions/presets.ts';
import { defaultParams, getOptimizer } from '../core/optimizers/index.ts';
import type { ParamValues } from '../core/optimizers/types.ts';
import * as fields from './fields.ts';
import type { AppState, OptimizerEntry } from './state.ts';
import { typeHue } from './trail-colors.ts';

/** Default parameters of `id` with `overrides` on top. */
export function paramsFor(id: string, overrides: ParamValues = {}): ParamValues {
  const def = getOptimizer(id);
  if (!def) throw new Error(`unknown optimizer ${id}`);
  return { ...defaultParams(def), ...overrides };
}

/**
 * "Deep Learning from Scratch", figure 6-8: f = x²/20 + y², start (−7, 2), 30 updates each; SGD
 * lr 0.95, Momentum lr 0.1, AdaGrad lr 1.5, Adam lr 0.3 — with the book's own epsilon (1e-7) and its
 * Adam form (eps added to the uncorrected √v: `eps_mode: paper`), so the numbers match the book's.
 */
export function bookOptimizers(): OptimizerEntry[] {
  const rows: [string, ParamValues][] = [
    ['sgd', { lr: 0.95 }],
    ['momentum', { lr: 0.1 }],
    ['adagrad', { lr: 1.5, eps: 1e-7 }],
    ['adam', { lr: 0.3, eps: 1e-7, eps_mode: 'paper' }],
  ];
  return rows.map(([id, overrides], i) => ({
    key: i + 1,
    optimizer: id,
    params: paramsFor(id, overrides),
    color: typeHue(id),
    visible: true,
    pane: i,
  }));
}

/** Every slice's defaults from its field table (fields.ts); the rows are the book's four. */
export function defaultState(): AppState {
  const book = getFunctionPreset(DEFAULT_FUNCTION_ID)!;
  const { defaultsOf } = fields;
  const top = defaultsOf(fields.TOP_FIELDS);
  return {
    fn: defaultsOf(fields.FUNCTION_FIELDS),
    view: { ...defaultsOf(fields.VIEW_FIELDS), colorScale: book.colorScale },
    optimizers: bookOptimizers(),
    ...top,
    playback: defaultsOf(fields.playbackFields(top.steps)),
    layout: defaultsOf(fields.LAYOUT_FIELDS),
    cameras: defaultsOf(fields.CAMERA_FIELDS),
  };
}
