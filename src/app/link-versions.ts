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
import { type FieldTable, show } from './fields.ts';
import type { AppState, OptimizerEntry } from './state.ts';
import { trailColor, typeHue } from './trail-colors.ts';

export interface LinkDefaults {
  /** The state a link of this version with no fields (`v=N`) opens. */
  readonly state: AppState;
  /**
   * A row's colour when its `o=` entry names none, given its index, its optimizer and the rows before
   * it: version 1 by slot (`V1_PALETTE[i mod 8]`), version 2 by type (`trailColor`).
   */
  readonly rowColor: (index: number, optimizer: string, before: readonly OptimizerEntry[]) => string;
  /** A row's pane when its entry names none: row i mod `panes`. */
  readonly panes: number;
}

/** Version 1's slot colours: row i took `V1_PALETTE[i mod 8]` (Okabe–Ito, black last). */
export const V1_PALETTE: readonly string[] = [
  '#d55e00',
  '#56b4e9',
  '#cc79a7',
  '#e69f00',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#000000',
];

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
    playback: { step: 30, playing: false, speed: 4, inspected: null },
    layout: { panes: 1, kinds: ['3d', '2d', '2d', '2d'], linked: true, charts: false },
    cameras: [null, null, null, null],
  },
  rowColor: (index) => V1_PALETTE[index % V1_PALETTE.length]!,
  panes: 4,
};

/**
 * Version 2: version 1 with colours by optimizer type (issue "the first five minutes"): the book's
 * four rows wear their types' hues, and a row a link names no colour for takes `trailColor` of its
 * type beside the rows before it (the hue, shaded for the 2nd, 3rd … row of a type). Everything
 * else is version 1's.
 */
const V2: LinkDefaults = {
  state: {
    ...V1.state,
    optimizers: V1.state.optimizers.map((o) => ({ ...o, color: typeHue(o.optimizer) })),
  },
  rowColor: (_index, optimizer, before) => trailColor(optimizer, before),
  panes: 4,
};

/** Every version's defaults, by version number. */
export const LINK_DEFAULTS: Readonly<Record<number, LinkDefaults>> = { 1: V1, 2: V2 };

/** A fresh copy of version `version`'s defaults (the caller may keep it in a state). */
export function linkDefaults(version: number): LinkDefaults {
  const d = LINK_DEFAULTS[version] ?? V1;
  return { state: structuredClone(d.state), rowColor: d.rowColor, panes: d.panes };
}

/**
 * `v=`: the version a link was written in, the first field of every link. Absent (links from before
 * `v`) means version 1; an unknown version is read as version 1, with a note.
 */
export const VERSION_FIELDS = {
  version: {
    key: 'v',
    default: 1,
    codec: {
      write: String,
      read: (text, note) => {
        if (Object.hasOwn(LINK_DEFAULTS, text) && Number.isInteger(Number(text))) return Number(text);
        note(`v: version ${show(text)} is not ${Object.keys(LINK_DEFAULTS).join(' or ')}; read as version 1`);
        return undefined;
      },
      valid: (v): v is number => typeof v === 'number' && Object.hasOwn(LINK_DEFAULTS, v),
      clamp: (v) => v,
      same: Object.is,
    },
  },
} as const satisfies FieldTable<{ version: number }>;
