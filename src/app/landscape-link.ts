/**
 * The network landscape's link (issue 16): the whole configuration of the network view — data,
 * network, runs, plane, grid and how the surface is drawn — as a URL hash, and back.
 *
 *     nn=1&data=xor&noise=0.1&points=200&seed=1&hidden=8,8&act=tanh&steps=300&batch=0&plane=pca&n=31
 *       &o=sgd,lr=0.3&o=momentum,lr=0.05&o=adagrad,lr=0.1,off&o=adam,lr=0.02
 *       &cmap=viridis&scale=linear&height=log&contours=14&wire=0&filled=1&exag=0.5&kind=3d
 *
 * | key | value |
 * |---|---|
 * | `nn` | the format version, `1`; first, and what tells a network link from the explorer's (`v=`) |
 * | `data` `noise` `points` `seed` | the Playground dataset, its noise (0…0.5), points (half train, half test), seed |
 * | `hidden` `act` | hidden widths `8,8` (up to 6 of 1…64; empty: none), `tanh` or `relu` |
 * | `steps` `batch` | updates per run; minibatch size (0: full batch) |
 * | `plane` `n` | `pca` or `filter` (Li et al.'s filter-normalised random directions); grid points per side |
 * | `o` | one per optimizer row: `id,lr=value`, then `off` when the row is switched off |
 * | `cmap` `scale` `contours` `wire` `filled` `exag` | the explorer's own view fields (`VIEW_FIELDS`: same keys, codecs, limits) |
 * | `height` `kind` | the surface's height, `log` (log₁₀ loss) or `linear` (loss); `3d` or `2d` |
 *
 * Every field is written, not only those that differ from the defaults, so a link means the same
 * thing whatever later versions choose as defaults. The fields are tables of the explorer's codecs
 * (`fields.ts`): the link's keys, its validation and limits, the defaults and the view's controls'
 * ranges all derive from them. `decodeNetLink` never throws: what it cannot use (unknown keys, bad
 * numbers, unknown optimizers, out-of-range values) falls back to the default and is listed in
 * `ignored`, one short line each. The link's text is data only: nothing in it is evaluated, and it
 * reaches the page only as the values of selects and inputs.
 */
import { DATASETS } from '../core/nn/datasets.ts';
import { EXPERIMENT_LIMITS, type ExperimentSpec, PLANES, type Plane } from '../core/nn/experiment.ts';
import { ACTIVATIONS, type Activation, MAX_LAYERS, MAX_WIDTH } from '../core/nn/mlp.ts';
import { getOptimizer, OPTIMIZERS, resolveParams } from '../core/optimizers/index.ts';
import {
  type Codec,
  decodeSlice,
  defaultsOf,
  type Field,
  type FieldTable,
  fieldsOf,
  number,
  oneOf,
  parseNumber,
  percentDecode,
  show,
  VIEW_FIELDS,
} from './fields.ts';
import { linkNumber } from './format.ts';
import { NET_LINK_KEY } from './landscape-link-key.ts';
import type { ViewState } from './state.ts';

/** The format version written as `nn=`. */
export const NET_LINK_VERSION = 1;
/** Longer hashes are read up to this many characters only. */
export const MAX_NET_LINK_LENGTH = 4000;
/** At most this many `ignored` lines are listed; the rest are counted. */
const MAX_NOTES = 20;

/**
 * Bounds of the page's experiments: the core's (`EXPERIMENT_LIMITS`) and the page's own smaller ones
 * for the data and the network, so a run stays seconds long (the worker checks them all again).
 */
export const NET_LIMITS = {
  points: { min: 4, max: 2000 },
  seed: { min: 0, max: 2 ** 31 },
  batch: { min: 0, max: 2000 },
  /** Hidden layers and their widths: the page's, within the core's `MAX_LAYERS` and `MAX_WIDTH`. */
  hiddenLayers: Math.min(6, MAX_LAYERS - 1),
  width: { min: 1, max: Math.min(64, MAX_WIDTH) },
  /** Learning rates a row may take (each optimizer's own rules apply too). */
  lr: { min: 0, max: 10 },
  runs: EXPERIMENT_LIMITS.runs,
  steps: { min: 1, max: EXPERIMENT_LIMITS.steps },
  n: { min: 2, max: EXPERIMENT_LIMITS.n },
} as const;

/** The Playground datasets' ids (the core's registry). */
const DATASET_IDS: readonly string[] = DATASETS.map((d) => d.id);

export interface NetSetup {
  readonly dataset: string;
  readonly noise: number;
  readonly points: number;
  readonly seed: number;
  /** Hidden widths (the network is 2 → hidden… → 1). */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly steps: number;
  /** Minibatch size; 0 is full batch. */
  readonly batch: number;
  readonly plane: Plane;
  readonly n: number;
}

/** One optimizer row: its optimizer, learning rate and whether it runs. */
export interface NetRun {
  readonly optimizer: string;
  readonly lr: number;
  readonly on: boolean;
}

/** How the surface is drawn: the explorer's view fields that apply, and the network's own two. */
export interface NetView {
  readonly colormap: ViewState['colormap'];
  readonly colorScale: ViewState['colorScale'];
  /** Height (and colour) of log₁₀ loss or of the loss itself. */
  readonly height: 'log' | 'linear';
  readonly contours: number;
  readonly wireframe: boolean;
  readonly filled: boolean;
  readonly exaggeration: number;
  readonly kind: '3d' | '2d';
}

export interface NetConfig {
  readonly setup: NetSetup;
  readonly runs: readonly NetRun[];
  readonly view: NetView;
}

/** Hidden widths `8,8`: up to six whole numbers from 1 to 64, comma-separated (empty: no hidden layer). */
const hiddenWidths: Codec<readonly number[]> = {
  write: (v) => v.map(linkNumber).join(','),
  read: (text, note) => {
    // Spaces around the commas are allowed (people type "8, 8").
    const parts = text.trim() === '' ? [] : text.split(',').map((p) => p.trim());
    const widths = parts.map(Number);
    const ok =
      parts.length <= NET_LIMITS.hiddenLayers &&
      parts.every((p) => /^\d{1,3}$/.test(p)) &&
      widths.every((w) => w >= NET_LIMITS.width.min && w <= NET_LIMITS.width.max);
    if (ok) return widths;
    note(
      `hidden: ${show(text)} is not up to ${NET_LIMITS.hiddenLayers} widths from ${NET_LIMITS.width.min} to ${NET_LIMITS.width.max}, e.g. 8,8 — ignored`,
    );
    return undefined;
  },
  valid: (v): v is readonly number[] =>
    Array.isArray(v) &&
    v.length <= NET_LIMITS.hiddenLayers &&
    v.every((w) => Number.isInteger(w) && w >= NET_LIMITS.width.min && w <= NET_LIMITS.width.max),
  clamp: (v) => v,
  same: (a, b) => a.length === b.length && a.every((w, i) => w === b[i]),
  describe: () =>
    `must be up to ${NET_LIMITS.hiddenLayers} widths from ${NET_LIMITS.width.min} to ${NET_LIMITS.width.max}`,
};

const whole = (key: string, limits: { min: number; max: number }) =>
  number(key, { ...limits, integer: true });

/** `NetSetup`: the data, the network, the training and the plane. Order = the order in a link. */
export const NET_SETUP_FIELDS = {
  dataset: { key: 'data', codec: oneOf('data', DATASET_IDS), default: 'xor' },
  noise: {
    key: 'noise',
    codec: number('noise', { min: 0, max: 0.5 }),
    default: 0.1,
    control: { min: 0, max: 0.5, step: 0.05 },
  },
  points: {
    key: 'points',
    codec: whole('points', NET_LIMITS.points),
    default: 200,
    control: { ...NET_LIMITS.points, step: 10 },
  },
  seed: {
    key: 'seed',
    codec: whole('seed', NET_LIMITS.seed),
    default: 1,
    control: { ...NET_LIMITS.seed, step: 1 },
  },
  hidden: { key: 'hidden', codec: hiddenWidths, default: [8, 8] },
  activation: { key: 'act', codec: oneOf('act', ACTIVATIONS), default: 'tanh' },
  steps: {
    key: 'steps',
    codec: whole('steps', NET_LIMITS.steps),
    default: 300,
    control: { ...NET_LIMITS.steps, step: 50 },
  },
  batch: {
    key: 'batch',
    codec: whole('batch', NET_LIMITS.batch),
    default: 0,
    control: { ...NET_LIMITS.batch, step: 1 },
  },
  plane: { key: 'plane', codec: oneOf('plane', PLANES), default: 'pca' },
  n: { key: 'n', codec: whole('n', NET_LIMITS.n), default: 31, control: { ...NET_LIMITS.n, step: 2 } },
} as const satisfies FieldTable<NetSetup>;

/** `NetView`: the explorer's own view fields (keys, codecs, limits) and the network's two. */
export const NET_VIEW_FIELDS = {
  colormap: VIEW_FIELDS.colormap,
  colorScale: VIEW_FIELDS.colorScale,
  height: { key: 'height', codec: oneOf('height', ['log', 'linear'] as const), default: 'log' },
  contours: { ...VIEW_FIELDS.contours, default: 14 },
  wireframe: VIEW_FIELDS.wireframe,
  filled: VIEW_FIELDS.filled,
  exaggeration: { ...VIEW_FIELDS.exaggeration, default: 0.5 },
  kind: { key: 'kind', codec: oneOf('kind', ['3d', '2d'] as const), default: '3d' },
} as const satisfies FieldTable<NetView>;

/** The learning rate of a row, `o=…,lr=` (each optimizer's own rules are checked after: `runProblem`). */
export const NET_LR_FIELD: Field<number> = {
  key: 'lr',
  codec: number('lr', NET_LIMITS.lr),
  default: 0.01,
  control: { ...NET_LIMITS.lr, step: 0.001 },
};

/** The runs a new view starts with (the book's comparison, figure 6-9's four optimizers). */
export const DEFAULT_NET_RUNS: readonly NetRun[] = [
  { optimizer: 'sgd', lr: 0.3, on: true },
  { optimizer: 'momentum', lr: 0.05, on: true },
  { optimizer: 'adagrad', lr: 0.1, on: true },
  { optimizer: 'adam', lr: 0.02, on: true },
];

export function defaultNetConfig(): NetConfig {
  return {
    setup: defaultsOf(NET_SETUP_FIELDS),
    runs: DEFAULT_NET_RUNS,
    view: defaultsOf(NET_VIEW_FIELDS),
  };
}

/**
 * Why a row's optimizer and learning rate cannot run, or null: the optimizer is Descent's, and its
 * own parameter rules (`resolveParams`) accept the rate.
 */
export function runProblem(optimizer: string, lr: number): string | null {
  const def = getOptimizer(optimizer);
  if (def === undefined)
    return `unknown optimizer ${show(optimizer)}; one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`;
  if (!NET_LR_FIELD.codec.valid(lr))
    return `lr must be a number from ${NET_LIMITS.lr.min} to ${NET_LIMITS.lr.max}`;
  const resolved = resolveParams(def, { lr });
  return resolved.ok ? null : resolved.error.split('\n')[0]!;
}

/** One `o=` value: `id,lr=value[,off]`. */
function readRun(text: string, note: (line: string) => void): NetRun | undefined {
  const parts = text.split(',');
  const optimizer = parts[0]!;
  let lr: number | undefined;
  let on = true;
  for (const part of parts.slice(1)) {
    if (part === 'off') on = false;
    else if (part.startsWith('lr=')) {
      const n = parseNumber(part.slice(3));
      if ('error' in n) {
        note(`o=${show(text)}: lr ${n.error} — row ignored`);
        return undefined;
      }
      lr = n.value;
    } else {
      note(`o=${show(text)}: ${show(part)} is not lr=… or off — row ignored`);
      return undefined;
    }
  }
  if (lr === undefined) {
    note(`o=${show(text)}: no lr=… — row ignored`);
    return undefined;
  }
  const problem = runProblem(optimizer, lr);
  if (problem !== null) {
    note(`o=${show(text)}: ${problem} — row ignored`);
    return undefined;
  }
  return { optimizer, lr, on };
}

const writeRun = (r: NetRun) => `${r.optimizer},lr=${linkNumber(r.lr)}${r.on ? '' : ',off'}`;

function writeSlice<S>(table: FieldTable<S>, slice: S): string[] {
  return fieldsOf(table).map(([name, f]) => `${f.key}=${f.codec.write(slice[name], f.default)}`);
}

/** The link of a configuration: every field, in the tables' order (see the table above). */
export function encodeNetLink(c: NetConfig): string {
  return [
    `${NET_LINK_KEY}=${NET_LINK_VERSION}`,
    ...writeSlice(NET_SETUP_FIELDS, c.setup),
    ...c.runs.map((r) => `o=${writeRun(r)}`),
    ...writeSlice(NET_VIEW_FIELDS, c.view),
  ].join('&');
}

/** Reads one table's fields from `values`; absent or unusable fields keep their defaults. */
function readSlice<S>(table: FieldTable<S>, values: Map<string, string>, note: (line: string) => void): S {
  const defaults = defaultsOf(table);
  return decodeSlice(
    table,
    (key) => {
      const text = values.get(key);
      return text === undefined ? 'absent' : { text };
    },
    note,
    defaults,
    defaults,
  );
}

/**
 * The configuration a link describes, and what in it could not be used. Never throws; reads at most
 * `MAX_NET_LINK_LENGTH` characters, at most `NET_LIMITS.runs` rows.
 */
export function decodeNetLink(hash: string): { config: NetConfig; ignored: string[] } {
  const notes: string[] = [];
  let dropped = 0;
  const note = (line: string) => {
    if (notes.length < MAX_NOTES) notes.push(line);
    else dropped += 1;
  };
  let text = hash.replace(/^#/, '');
  if (text.length > MAX_NET_LINK_LENGTH) {
    note(`the link is ${text.length} characters long; only the first ${MAX_NET_LINK_LENGTH} were read`);
    text = text.slice(0, MAX_NET_LINK_LENGTH);
  }
  const keys = new Set(
    [...fieldsOf(NET_SETUP_FIELDS), ...fieldsOf(NET_VIEW_FIELDS)].map(([, f]) => f.key as string),
  );
  const values = new Map<string, string>();
  const runs: NetRun[] = [];
  let rowsSeen = 0;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    const value = percentDecode(raw);
    if (value === undefined) {
      note(`${show(key)}: bad %-encoding — ignored`);
    } else if (key === NET_LINK_KEY) {
      if (value !== String(NET_LINK_VERSION)) {
        note(
          `${NET_LINK_KEY}: version ${show(value)} is not one this page reads (${NET_LINK_VERSION}) — read as version ${NET_LINK_VERSION}`,
        );
      }
    } else if (key === 'o') {
      rowsSeen += 1;
      if (rowsSeen > NET_LIMITS.runs) {
        if (rowsSeen === NET_LIMITS.runs + 1)
          note(`o: more than ${NET_LIMITS.runs} optimizer rows — the rest ignored`);
        continue;
      }
      const run = readRun(value, note);
      if (run !== undefined) runs.push(run);
    } else if (!keys.has(key)) {
      note(`unknown key ${show(key)} — ignored`);
    } else if (values.has(key)) {
      note(`${key}: given twice — the first is used`);
    } else {
      values.set(key, value);
    }
  }
  if (rowsSeen > 0 && runs.length === 0) note('o: no usable optimizer row — the default four');
  const config: NetConfig = {
    setup: readSlice(NET_SETUP_FIELDS, values, note),
    runs: runs.length > 0 ? runs : DEFAULT_NET_RUNS,
    view: readSlice(NET_VIEW_FIELDS, values, note),
  };
  if (dropped > 0) notes.push(`and ${dropped} more`);
  return { config, ignored: notes };
}

/** The id of row `index` (0-based) in a result: `2: momentum`. */
export const runId = (index: number, r: NetRun) => `${index + 1}: ${r.optimizer}`;

/** What the worker is asked to compute for a configuration (its switched-on rows), or why it cannot. */
export function specOf(c: NetConfig): ExperimentSpec | string {
  const runs = c.runs.flatMap((r, i) =>
    r.on ? [{ id: runId(i, r), optimizer: r.optimizer, params: { lr: r.lr } }] : [],
  );
  if (runs.length === 0) return 'switch on at least one optimizer';
  const s = c.setup;
  return {
    dataset: s.dataset,
    noise: s.noise,
    points: s.points,
    trainFraction: 0.5,
    seed: s.seed,
    layers: [2, ...s.hidden, 1],
    activation: s.activation,
    steps: s.steps,
    ...(s.batch > 0 ? { batch: s.batch } : {}),
    runs,
    plane: s.plane,
    n: s.n,
  };
}
