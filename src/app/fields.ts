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
import { MAX_SOURCE_LENGTH, parse } from '../core/expr/index.ts';
import { DEFAULT_FUNCTION_ID, getFunctionPreset } from '../core/functions/presets.ts';
import type { Domain } from '../core/functions/types.ts';
import { COLORMAPS, type ColormapId } from './colormaps.ts';
import { linkNumber } from './format.ts';
import {
  type AppState,
  type CameraState,
  cameraProblem,
  DRAWABLE,
  domainProblem,
  type FunctionState,
  isDrawablePoint,
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
  /** Why an invalid `value` is invalid, appended to its validation line (none: the field's name only). */
  describe?(value: unknown): string;
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

/** Exactly `count` comma-separated finite numbers, or undefined. */
export function parseNumbers(text: string, count: number): number[] | undefined {
  const parts = text.split(',');
  if (parts.length !== count) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    const n = parseNumber(part);
    if (!('value' in n)) return undefined;
    values.push(n.value);
  }
  return values;
}

/** Numbers written comma-separated, each in its shortest round-trip form. */
export const numbers = (values: readonly number[]) => values.map(linkNumber).join(',');

/** Equal lists of numbers (by `Object.is`: −0 is kept). */
export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** An array of `n` finite numbers. */
export const isFinitePoint = (v: unknown, n: number): v is readonly number[] =>
  Array.isArray(v) && v.length === n && v.every(isFiniteNumber);

/** Characters left as they are in a value: they read well and need no escaping in a URL fragment. */
const SAFE = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*+/:;?@^");

/** %-encodes `text` except for `SAFE` characters and `keep`; a lone surrogate becomes U+FFFD. */
export function percentEncode(text: string, keep = ''): string {
  let out = '';
  for (const ch of text) {
    if (SAFE.has(ch) || keep.includes(ch)) out += ch;
    else {
      const code = ch.codePointAt(0)!;
      out += code >= 0xd800 && code <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(ch);
    }
  }
  return out;
}

/** `decodeURIComponent`, or undefined for text that is not valid %-encoding. */
export function percentDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** A whole value: `,` and `=` may stay (only the first `=` of a field separates key and value). */
export const escapeValue = (text: string) => percentEncode(text, ',=');

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
const PANE_KINDS: readonly PaneKind[] = ['3d', '2d', 'chart', 'sweep'];

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
 * never holds `playing`: it always opens paused. Nor `inspected` (an optimizer row's key, null: the
 * inspector closed): keys live as long as the page, a link numbers its rows afresh, and a link opens
 * on the picture, not on the inspector's card.
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
    inspected: {
      key: null,
      codec: numberOrAuto('inspected', { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true }),
      default: null,
    },
  } as const satisfies FieldTable<PlaybackState>;
}

// ---- the function ------------------------------------------------------------------------------------

/**
 * A function preset's id (null: a typed expression). Valid is any id or null: that it names a preset
 * whose expression is the state's is a check across fields (`isValidState`). A link writes `p` only
 * when the expression is the preset's (see `url.ts`).
 */
const presetId: Codec<string | null> = {
  write: (v) => escapeValue(v ?? ''),
  read: (text, note) => {
    if (getFunctionPreset(text)) return text;
    note(`p: unknown function preset ${show(text)} — ignored`);
    return undefined;
  },
  valid: (v): v is string | null => v === null || typeof v === 'string',
  clamp: (v) => v,
  same: (a, b) => a === b,
};

/** The expression as typed; a link keeps it only if it parses (a link must open on a picture). */
const expressionText: Codec<string> = {
  write: escapeValue,
  read: (text, note) => {
    if (text.length > MAX_SOURCE_LENGTH) {
      note(
        `f: the expression is ${text.length} characters long (the limit is ${MAX_SOURCE_LENGTH}) — ignored`,
      );
      return undefined;
    }
    const parsed = parse(text);
    if (parsed.ok) return text;
    note(`f: ${show(text)} — ${parsed.error.message} (at character ${parsed.error.start + 1}) — ignored`);
    return undefined;
  },
  valid: (v): v is string => typeof v === 'string' && v.length <= MAX_SOURCE_LENGTH,
  clamp: (v) => v,
  same: (a, b) => a === b,
};

/** `x0,x1,y0,y1`, a domain the scene can draw (`domainProblem`). */
const domainBox: Codec<Domain> = {
  write: (v) => numbers([...v.x, ...v.y]),
  read: (text, note) => {
    const v = parseNumbers(text, 4);
    if (!v) {
      note(`dom: ${show(text)} is not four numbers x0,x1,y0,y1 — ignored`);
      return undefined;
    }
    const domain: Domain = { x: [v[0], v[1]], y: [v[2], v[3]] };
    const problem = domainProblem(domain);
    if (problem === null) return domain;
    note(`dom: ${show(text)} ${problem} — ignored`);
    return undefined;
  },
  valid: (v): v is Domain => domainFinite(v) && domainProblem(v) === null,
  clamp: (v) => v,
  same: (a, b) => sameNumbers([...a.x, ...a.y], [...b.x, ...b.y]),
  describe: (v) => (domainFinite(v) ? (domainProblem(v) ?? '') : 'is not finite'),
};

function domainFinite(v: unknown): v is Domain {
  const d = v as Partial<Domain> | null;
  return typeof d === 'object' && d !== null && isFinitePoint(d.x, 2) && isFinitePoint(d.y, 2);
}

const BOOK = getFunctionPreset(DEFAULT_FUNCTION_ID)!;

/**
 * `FunctionState`. `p`, `f` and `dom` are written against the preset (url.ts): `p` when the expression
 * is a preset's, else `f`; `dom` when the domain differs from the preset's own (the default's for a
 * typed function). Their codecs, keys and validation are here all the same.
 */
export const FUNCTION_FIELDS = {
  preset: { key: 'p', codec: presetId, default: BOOK.id },
  expression: { key: 'f', codec: expressionText, default: BOOK.expression },
  domain: { key: 'dom', codec: domainBox, default: BOOK.domain },
  resolution: {
    key: 'res',
    codec: number('res', { ...LIMITS.resolution, integer: true }),
    default: 128,
  },
} as const satisfies FieldTable<FunctionState>;

// ---- the top-level fields ------------------------------------------------------------------------------

/** The fields of `AppState` that are not slices of their own (a new one is a type error below until listed). */
export type TopLevelState = Omit<AppState, 'fn' | 'view' | 'optimizers' | 'playback' | 'layout' | 'cameras'>;

/** `x,y`, a point the scene can draw (`isDrawablePoint`). */
const startPoint: Codec<readonly [number, number]> = {
  write: numbers,
  read: (text, note) => {
    const v = parseNumbers(text, 2);
    if (!v) {
      note(`start: ${show(text)} is not two numbers x,y — ignored`);
      return undefined;
    }
    if (!isDrawablePoint(v)) {
      note(`start: ${show(text)} is beyond ±${DRAWABLE.coordinate} — ignored`);
      return undefined;
    }
    return [v[0], v[1]];
  },
  valid: (v): v is readonly [number, number] => isFinitePoint(v, 2) && isDrawablePoint(v),
  clamp: (v) => v,
  same: sameNumbers,
};

/**
 * `start`, `steps` and `gradient`. A link writes `start` when it differs from the preset's own start
 * (the default's for a typed function): the reference `url.ts` passes.
 */
export const TOP_FIELDS = {
  start: { key: 'start', codec: startPoint, default: BOOK.start },
  steps: { key: 'steps', codec: number('steps', { ...LIMITS.steps, integer: true }), default: 30 },
  gradient: { key: 'grad', codec: oneOf('grad', ['exact', 'numeric'] as const), default: 'exact' },
} as const satisfies FieldTable<TopLevelState>;

// ---- the cameras ---------------------------------------------------------------------------------------

type Cameras = AppState['cameras'];

/** A camera pose `px,py,pz,tx,ty,tz,zoom` the scene can use (`cameraProblem`); null is the home view. */
function cameraPose(key: string): Codec<CameraState | null> {
  const finite = (v: unknown): v is CameraState => {
    const c = v as Partial<CameraState> | null;
    return (
      typeof c === 'object' &&
      c !== null &&
      isFinitePoint(c.position, 3) &&
      isFinitePoint(c.target, 3) &&
      isFiniteNumber(c.zoom)
    );
  };
  return {
    write: (v) => (v === null ? '' : numbers([...v.position, ...v.target, v.zoom])),
    read: (text, note) => {
      const v = parseNumbers(text, 7);
      if (!v) {
        note(`${key}: ${show(text)} is not seven numbers px,py,pz,tx,ty,tz,zoom — ignored`);
        return undefined;
      }
      const camera: CameraState = { position: [v[0], v[1], v[2]], target: [v[3], v[4], v[5]], zoom: v[6] };
      const problem = cameraProblem(camera);
      if (problem === null) return camera;
      note(`${key}: ${show(text)} ${problem} — the home view`);
      return undefined;
    },
    valid: (v): v is CameraState | null => v === null || (finite(v) && cameraProblem(v) === null),
    clamp: (v) => v,
    same: (a, b) =>
      a === null || b === null
        ? a === b
        : sameNumbers([...a.position, ...a.target, a.zoom], [...b.position, ...b.target, b.zoom]),
    describe: (v) => (finite(v) ? (cameraProblem(v) ?? '') : 'is not finite'),
  };
}

const cameraField = (i: number) => ({ key: `cam${i}`, codec: cameraPose(`cam${i}`), default: null });

/** The four panes' cameras (`cam0`…`cam3`); a link writes those that are not at home (null). */
export const CAMERA_FIELDS = [
  cameraField(0),
  cameraField(1),
  cameraField(2),
  cameraField(3),
] as const satisfies FieldTable<Cameras>;

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
  const out = (Array.isArray(table) ? [] : {}) as Partial<S>;
  for (const [name, f] of fieldsOf(table)) out[name] = f.default;
  return out as S;
}

/** `slice` with every field clamped by its codec. */
export function clampSlice<S>(table: FieldTable<S>, slice: S): S {
  const out = { ...slice };
  for (const [name, f] of fieldsOf(table)) out[name] = f.codec.clamp(slice[name]);
  return out;
}

/**
 * The fields of `slice` that are not valid values, as `prefix.name` (`prefix[i]` in a list, `name`
 * alone without a prefix), followed by the codec's reason where it gives one.
 */
export function sliceProblems<S>(table: FieldTable<S>, slice: S, prefix: string): string[] {
  return fieldsOf(table)
    .filter(([name, f]) => !f.codec.valid(slice[name]))
    .map(([name, f]) => {
      const n = String(name);
      const at = /^\d+$/.test(n) ? `${prefix}[${n}]` : prefix === '' ? n : `${prefix}.${n}`;
      const why = f.codec.describe?.(slice[name]);
      return why ? `${at} ${why}` : at;
    });
}

/**
 * `key=value` of one field when `value` differs from `reference` (always when there is no reference);
 * nothing for a field no link holds.
 */
export function encodeField<T>(field: Field<T>, value: T, ...reference: [T] | []): string[] {
  if (field.key === null) return [];
  if (reference.length === 1 && field.codec.same(value, reference[0])) return [];
  return [`${field.key}=${field.codec.write(value, reference.length === 1 ? reference[0] : field.default)}`];
}

/** `key=value` for each field of `slice` that differs from `reference`, in the table's order. */
export function encodeSlice<S>(table: FieldTable<S>, slice: S, reference: S): string[] {
  return fieldsOf(table).flatMap(([name, f]) => encodeField(f, slice[name], reference[name]));
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
  // A list's table (the cameras) decodes to a list.
  const out = (Array.isArray(absent) ? [] : {}) as Partial<S>;
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
