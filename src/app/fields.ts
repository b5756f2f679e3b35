/**
 * Field tables: one entry per field of a state slice, declaring its URL key, codec (how it is written
 * to a link and read back, with its limits), default and, where the panel has a control for it, the
 * control's range. Encoding, decoding, the link's key list, validation, clamping in the actions,
 * the defaults and the panel's ranges all derive from the table (pattern: TensorFlow Playground's
 * `State.PROPS`, with our stronger validation: every problem is a note, values are clamped as the
 * actions clamp them).
 *
 * A field missing from a table is a type error (`satisfies FieldTable<ViewState>`): a new state
 * field is added by adding its entry here — see README, "How to add … a state field".
 */
import { COLORMAPS, type ColormapId } from './colormaps.ts';
import { linkNumber } from './format.ts';
import {
  DRAWABLE,
  type LayoutState,
  LIMITS,
  type PaneKind,
  type PlaybackState,
  type ViewState,
} from './state.ts';

/** How one value is written to a link, read back (noting problems), checked and clamped. */
export interface Codec<T> {
  /** The link's text of `value`; `reference` is what an absent field means (some write only the difference). */
  write(value: T, reference: T): string;
  /**
   * The value of a link's `text`, or undefined (with a `note`) when it cannot be used. Clamps as
   * `clamp`; `reference` is what an absent field means (some complete a partial value from it).
   */
  read(text: string, note: (problem: string) => void, reference: T): T | undefined;
  /** True when `value` is a valid value of the field (what `isValidState` checks). */
  valid(value: unknown): value is T;
  /** The nearest valid value (what the actions store). */
  clamp(value: T): T;
  /** Equal for the link (numbers by `Object.is`: −0 is kept). */
  same(a: T, b: T): boolean;
}

/** One field of a slice. */
export interface Field<T> {
  /** Its key in a link (`cmap=`); null for a field no link holds (it always takes its default). */
  readonly key: string | null;
  readonly codec: Codec<T>;
  /** Today's default (links decode against their own version's defaults: see `link-versions.ts`). */
  readonly default: T;
  /** The panel control's range, where it differs from the codec's limits or has a step. */
  readonly control?: { readonly min: number; readonly max: number; readonly step: number };
}

/** A table with exactly one entry per field of `S`. */
export type FieldTable<S> = { readonly [K in keyof S]-?: Field<S[K]> };

// ---- text helpers shared with the link codec -------------------------------------------------------

/** User text inside a message: quoted, escaped, and cut short. */
export function show(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** A decimal number as `String(n)` writes it (and as people type it); no hex, no `Infinity`. */
export const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number in decimal notation, or a reason why `text` is not one. */
export function parseNumber(text: string): { value: number } | { error: string } {
  if (!NUMBER.test(text)) return { error: `${show(text)} is not a number` };
  const value = Number(text);
  return Number.isFinite(value) ? { value } : { error: `${show(text)} is not a finite number` };
}

export function parseBoolean(text: string): boolean | undefined {
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  return undefined;
}

// ---- codecs ----------------------------------------------------------------------------------------

/** One of `options`, written as itself. */
export function oneOf<T extends string>(key: string, options: readonly T[]): Codec<T> {
  const valid = (v: unknown): v is T => (options as readonly unknown[]).includes(v);
  return {
    write: (v) => v,
    read: (text, note) => {
      if (valid(text)) return text;
      note(`${key}: ${show(text)} is not one of ${options.join(', ')} — ignored`);
      return undefined;
    },
    valid,
    clamp: (v) => v,
    same: (a, b) => a === b,
  };
}

/** A boolean, written `1` / `0` (read also as `true` / `false`). */
export function flag(key: string): Codec<boolean> {
  return {
    write: (v) => (v ? '1' : '0'),
    read: (text, note) => {
      const b = parseBoolean(text);
      if (b === undefined) note(`${key}: ${show(text)} is not 1 or 0 — ignored`);
      return b;
    },
    valid: (v): v is boolean => typeof v === 'boolean',
    clamp: (v) => v,
    same: (a, b) => a === b,
  };
}

export interface NumberLimits {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

/** A finite number within `limits` (rounded when `integer`): out-of-range values are clamped, with a note. */
export function number(key: string, limits: NumberLimits): Codec<number> {
  const clamp = (v: number) => {
    const r = limits.integer ? Math.round(v) + 0 : v;
    return Math.min(limits.max, Math.max(limits.min, r));
  };
  return {
    write: linkNumber,
    read: (text, note) => {
      const n = parseNumber(text);
      if (!('value' in n)) {
        note(`${key}: ${n.error} — ignored`);
        return undefined;
      }
      let value = n.value;
      if (limits.integer && !Number.isInteger(value)) {
        const rounded = Math.round(value);
        note(`${key}: ${linkNumber(value)} is not a whole number — rounded to ${rounded}`);
        value = rounded;
      }
      // Whole numbers (steps, panes, …) never keep the sign of a typed −0.
      if (limits.integer) value += 0;
      if (value < limits.min) {
        note(`${key}: ${linkNumber(value)} is below ${limits.min} — set to ${limits.min}`);
        value = limits.min;
      }
      if (value > limits.max) {
        note(`${key}: ${linkNumber(value)} is above ${limits.max} — set to ${limits.max}`);
        value = limits.max;
      }
      return value;
    },
    valid: (v): v is number =>
      typeof v === 'number' &&
      Number.isFinite(v) &&
      v >= limits.min &&
      v <= limits.max &&
      (!limits.integer || Number.isInteger(v)),
    clamp,
    same: Object.is,
  };
}

/** A number as `number`, or null written `auto` (an automatic value). */
export function numberOrAuto(key: string, limits: NumberLimits): Codec<number | null> {
  const n = number(key, limits);
  return {
    write: (v) => (v === null ? 'auto' : linkNumber(v)),
    read: (text, note) => (text === 'auto' ? null : n.read(text, note, 0)),
    valid: (v): v is number | null => v === null || n.valid(v),
    clamp: (v) => (v === null ? null : n.clamp(v)),
    same: (a, b) => (a === null || b === null ? a === b : Object.is(a, b)),
  };
}

// ---- the view ---------------------------------------------------------------------------------------

const COLORMAP_IDS: readonly ColormapId[] = COLORMAPS.map((c) => c.id);
/** f's values as the scene can draw them (see `DRAWABLE`). */
const F_LIMITS = { min: -DRAWABLE.f, max: DRAWABLE.f };

/** `ViewState`: how the function is drawn. Order = the order of the keys in a link. */
export const VIEW_FIELDS = {
  colormap: { key: 'cmap', codec: oneOf('cmap', COLORMAP_IDS), default: 'viridis' },
  // The default is the preset's own colour scale (a link leaves it out when it is the preset's).
  colorScale: { key: 'scale', codec: oneOf('scale', ['linear', 'log'] as const), default: 'linear' },
  contours: {
    key: 'contours',
    codec: number('contours', { ...LIMITS.contours, integer: true }),
    default: 20,
    control: { min: 0, max: 60, step: 1 },
  },
  contourSpacing: {
    key: 'spacing',
    codec: number('spacing', { min: 0, max: DRAWABLE.f }),
    default: 0,
    control: { min: 0, max: 100, step: 0.1 },
  },
  wireframe: { key: 'wire', codec: flag('wire'), default: false },
  exaggeration: {
    key: 'exag',
    codec: number('exag', LIMITS.exaggeration),
    default: 0.35,
    control: { ...LIMITS.exaggeration, step: 0.05 },
  },
  zMin: { key: 'zmin', codec: numberOrAuto('zmin', F_LIMITS), default: null },
  zMax: { key: 'zmax', codec: numberOrAuto('zmax', F_LIMITS), default: null },
  zAuto: { key: 'zauto', codec: oneOf('zauto', ['full', 'robust'] as const), default: 'full' },
  field: { key: 'field', codec: flag('field'), default: false },
  fieldDensity: {
    key: 'density',
    codec: number('density', { ...LIMITS.fieldDensity, integer: true }),
    default: 20,
    control: { ...LIMITS.fieldDensity, step: 1 },
  },
  fieldMode: {
    key: 'fieldmode',
    codec: oneOf('fieldmode', ['normalized', 'proportional'] as const),
    default: 'normalized',
  },
  filled: { key: 'filled', codec: flag('filled'), default: true },
  chartScale: { key: 'chart', codec: oneOf('chart', ['linear', 'log'] as const), default: 'log' },
  aspect: { key: 'aspect', codec: oneOf('aspect', ['equal', 'fill'] as const), default: 'equal' },
  stationary: { key: 'stat', codec: flag('stat'), default: false },
} as const satisfies FieldTable<ViewState>;

// ---- the layout --------------------------------------------------------------------------------------

/** One of a few whole numbers, written in decimal. */
export function numberChoice<T extends number>(key: string, options: readonly T[]): Codec<T> {
  const valid = (v: unknown): v is T => (options as readonly unknown[]).includes(v);
  return {
    write: linkNumber,
    read: (text, note) => {
      const n = Number(text);
      if (NUMBER.test(text) && valid(n)) return n;
      note(`${key}: ${show(text)} is not ${options.slice(0, -1).join(', ')} or ${options.at(-1)} — ignored`);
      return undefined;
    },
    valid,
    clamp: (v) => v,
    same: (a, b) => a === b,
  };
}

type Kinds = LayoutState['kinds'];
const PANE_KINDS: readonly PaneKind[] = ['3d', '2d', 'chart'];

/** The four panes' kinds, written up to the last one that differs from the reference (`3d,2d`). */
const paneKinds: Codec<Kinds> = {
  write: (v, reference) => {
    let last = 0;
    v.forEach((k, i) => {
      if (k !== reference[i]) last = i;
    });
    return v.slice(0, last + 1).join(',');
  },
  read: (text, note, reference) => {
    const kinds = text.split(',');
    if (kinds.length <= 4 && kinds.every((k) => (PANE_KINDS as readonly string[]).includes(k))) {
      return reference.map((k, i) => (kinds[i] as PaneKind | undefined) ?? k) as unknown as Kinds;
    }
    note(`kinds: ${show(text)} is not up to four of ${PANE_KINDS.join(', ')} — ignored`);
    return undefined;
  },
  valid: (v): v is Kinds =>
    Array.isArray(v) && v.length === 4 && v.every((k) => (PANE_KINDS as readonly unknown[]).includes(k)),
  clamp: (v) => v,
  same: (a, b) => a.length === b.length && a.every((k, i) => k === b[i]),
};

/** `LayoutState`: the panes and what they show. */
export const LAYOUT_FIELDS = {
  panes: { key: 'panes', codec: numberChoice('panes', [1, 2, 4] as const), default: 1 },
  kinds: { key: 'kinds', codec: paneKinds, default: ['3d', '2d', '2d', '2d'] },
  linked: { key: 'linked', codec: flag('linked'), default: true },
  charts: { key: 'charts', codec: flag('charts'), default: false },
} as const satisfies FieldTable<LayoutState>;

// ---- playback ----------------------------------------------------------------------------------------

/**
 * `PlaybackState` for a run of `steps` updates (the step's limit and default depend on it). A link
 * never holds `playing`: it always opens paused.
 */
export function playbackFields(steps: number) {
  return {
    step: { key: 'step', codec: number('step', { min: 0, max: steps, integer: true }), default: steps },
    playing: { key: null, codec: flag('playing'), default: false },
    speed: {
      key: 'speed',
      codec: number('speed', LIMITS.speed),
      default: 4,
      control: { min: LIMITS.speed.min, max: 60, step: 0.5 },
    },
  } as const satisfies FieldTable<PlaybackState>;
}

// ---- what derives from a table ---------------------------------------------------------------------

/** The fields of a table, in its order. */
export function fieldsOf<S>(table: FieldTable<S>): [keyof S, Field<S[keyof S]>][] {
  return Object.entries(table) as [keyof S, Field<S[keyof S]>][];
}

/** The link keys of a table. */
export const keysOf = <S>(table: FieldTable<S>): string[] =>
  fieldsOf(table).flatMap(([, f]) => (f.key === null ? [] : [f.key]));

/** The defaults of a table, as a slice. */
export function defaultsOf<S>(table: FieldTable<S>): S {
  const out: Partial<S> = {};
  for (const [name, f] of fieldsOf(table)) out[name] = f.default;
  return out as S;
}

/** `slice` with every field clamped by its codec. */
export function clampSlice<S>(table: FieldTable<S>, slice: S): S {
  const out = { ...slice };
  for (const [name, f] of fieldsOf(table)) out[name] = f.codec.clamp(slice[name]);
  return out;
}

/** The names of the fields of `slice` that are not valid values, as `prefix.name`. */
export function sliceProblems<S>(table: FieldTable<S>, slice: S, prefix: string): string[] {
  return fieldsOf(table)
    .filter(([name, f]) => !f.codec.valid(slice[name]))
    .map(([name]) => `${prefix}.${String(name)}`);
}

/** `key=value` for each field of `slice` that differs from `reference`, in the table's order. */
export function encodeSlice<S>(table: FieldTable<S>, slice: S, reference: S): string[] {
  const out: string[] = [];
  for (const [name, f] of fieldsOf(table)) {
    if (f.key !== null && !f.codec.same(slice[name], reference[name]))
      out.push(`${f.key}=${f.codec.write(slice[name], reference[name])}`);
  }
  return out;
}

/**
 * A slice read from a link: `read(key)` gives a field's text (`absent`, or `bad` when it could not
 * be decoded — noted by the caller); absent fields take `absent`'s value, unusable ones `fallback`'s.
 */
export function decodeSlice<S>(
  table: FieldTable<S>,
  read: (key: string) => { text: string } | 'absent' | 'bad',
  note: (problem: string) => void,
  absent: S,
  fallback: S,
): S {
  const out: Partial<S> = {};
  for (const [name, f] of fieldsOf(table)) {
    const got = f.key === null ? 'absent' : read(f.key);
    const value =
      got === 'absent'
        ? absent[name]
        : got === 'bad'
          ? undefined
          : f.codec.read(got.text, note, absent[name]);
    out[name] = value === undefined ? (got === 'absent' ? absent[name] : fallback[name]) : value;
  }
  return out as S;
}

/** The panel's control range of a view field: its control's, else its codec's limits. */
export function viewControl(name: 'contours' | 'contourSpacing' | 'exaggeration' | 'fieldDensity'): {
  readonly min: number;
  readonly max: number;
  readonly step: number;
} {
  return VIEW_FIELDS[name].control;
}
