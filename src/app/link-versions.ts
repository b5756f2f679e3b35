/**
 * The defaults each version of the link format was written against. A link stores only what differs
 * from its version's defaults, so a `v=1` link must keep decoding against version 1's defaults for
 * good, even after the page's own defaults (`defaults.ts`) change: when they do, add version 2 here
 * (its defaults = the new `defaultState()`), raise `URL_VERSION` in `url.ts`, and leave version 1 as
 * it is. `tests/app/links-v1.test.ts` replays links written by the v1 code.
 *
 * Still read from the registries (and so shared by every version): each optimizer's parameter
 * defaults and each function preset's domain, start and colour scale.
 */
import type { AppState } from './state.ts';

export interface LinkDefaults {
  /** The state a link of this version with no fields (`v=N`) opens. */
  readonly state: AppState;
  /** A row's colour when its `o=` entry names none: `palette[i mod length]` for row i. */
  readonly palette: readonly string[];
  /** A row's pane when its entry names none: row i mod `panes`. */
  readonly panes: number;
}

/** Version 1: the book's figure 6-8 (as `defaults.ts` had it until the field tables). */
const V1: LinkDefaults = {
  state: {
    fn: { preset: 'book', expression: 'x^2/20 + y^2', domain: { x: [-10, 10], y: [-5, 5] }, resolution: 128 },
    view: {
      colormap: 'viridis',
      colorScale: 'linear',
      contours: 20,
      contourSpacing: 0,
      wireframe: false,
      exaggeration: 0.35,
      zMin: null,
      zMax: null,
      zAuto: 'full',
      field: false,
      fieldDensity: 20,
      fieldMode: 'normalized',
      filled: true,
      chartScale: 'log',
      aspect: 'equal',
      stationary: false,
    },
    optimizers: [
      {
        key: 1,
        optimizer: 'sgd',
        params: { lr: 0.95, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
        color: '#d55e00',
        visible: true,
        pane: 0,
      },
      {
        key: 2,
        optimizer: 'momentum',
        params: { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 },
        color: '#56b4e9',
        visible: true,
        pane: 1,
      },
      {
        key: 3,
        optimizer: 'adagrad',
        params: { lr: 1.5, lr_decay: 0, weight_decay: 0, eps: 1e-7, initial_accumulator_value: 0 },
        color: '#cc79a7',
        visible: true,
        pane: 2,
      },
      {
        key: 4,
        optimizer: 'adam',
        params: {
          lr: 0.3,
          beta1: 0.9,
          beta2: 0.999,
          eps: 1e-7,
          weight_decay: 0,
          amsgrad: false,
          eps_mode: 'paper',
        },
        color: '#e69f00',
        visible: true,
        pane: 3,
      },
    ],
    start: [-7, 2],
    steps: 30,
    gradient: 'exact',
    playback: { step: 30, playing: false, speed: 4 },
    layout: { panes: 1, kinds: ['3d', '2d', '2d', '2d'], linked: true, charts: false },
    cameras: [null, null, null, null],
  },
  palette: ['#d55e00', '#56b4e9', '#cc79a7', '#e69f00', '#009e73', '#f0e442', '#0072b2', '#000000'],
  panes: 4,
};

/** Every version's defaults, by version number. */
export const LINK_DEFAULTS: Readonly<Record<number, LinkDefaults>> = { 1: V1 };

/** A fresh copy of version `version`'s defaults (the caller may keep it in a state). */
export function linkDefaults(version: number): LinkDefaults {
  const d = LINK_DEFAULTS[version] ?? V1;
  return { state: structuredClone(d.state), palette: d.palette, panes: d.panes };
}
