/**
 * The permalink codec: the whole `AppState` as a URL hash and back.
 *
 * The hash is a list of `key=value` fields joined by `&`, version first:
 *
 *     v=1&p=himmelblau&o=sgd,lr=0.01&o=adam,lr=0.1,color=0072b2,pane=2,hidden&start=0,-3&steps=200
 *
 * | key | value | absent means |
 * |---|---|---|
 * | `v` | format version, `1` or `2` (colours by type) | version 1 |
 * | `p` | a function preset id (`rosenbrock`) whose expression is the function | the book's quadratic |
 * | `f` | the expression as typed (a custom one; a link keeps it only if it parses) | the preset's expression |
 * | `dom` | `x0,x1,y0,y1` | the preset's domain |
 * | `res` | mesh segments per side | 128 |
 * | `cmap` `scale` `contours` `spacing` `wire` `exag` `zmin` `zmax` `zauto` `field` `density` `fieldmode` `filled` `chart` `aspect` `stat` | the `ViewState` fields, booleans as `1`/`0` | the default view (`scale`: the preset's) |
 * | `o` | one per optimizer row, by the row's field table (`row-fields.ts`): `id,name=value,…` — parameters that differ from the optimizer's defaults, then `color=rrggbb`, `pane=n`, `hidden`, `sched=<JSON>`, `noise=σ`, `seed=n`, `seeds=K` when they differ from the row's defaults (v1: palette colour i; v2: its type's hue, shaded for a 2nd or later row of the type — pane i mod 4, visible, no schedule or noise); `o=` alone is an empty list | the book's four optimizers |
 * | `start` | `x,y` | the preset's start |
 * | `steps` `grad` `step` `speed` | updates, `exact`/`numeric`, the playback step, steps per second | 30, exact, the last step, 4 |
 * | `panes` `kinds` `linked` `charts` | 1/2/4, pane kinds `3d,2d,…` (trailing defaults left out), booleans | the default layout |
 * | `cam0`…`cam3` | `px,py,pz,tx,ty,tz,zoom` | the pane's home view |
 *
 * Fields equal to the default state are left out, so the default scene is `v=1`. Numbers are
 * written in JavaScript's shortest round-trip form (`String(n)`, with `-0` kept), so they come back
 * bit for bit. Values are %-encoded except for characters that read well in a URL (`^ / * ( ) + :`
 * and the like); `+` is a plus, never a space. Optimizer keys are not stored: rows come back
 * numbered 1, 2, … in order. Playback always comes back paused.
 *
 * `decodeState` never throws: whatever it cannot use (unknown keys, bad numbers, unknown optimizers
 * or parameters, out-of-range values) falls back to the base state's value and is listed, one short
 * line each, in `ignored`. The URL's text is data only: nothing in it is evaluated.
 */
import { MAX_SOURCE_LENGTH } from '../core/expr/index.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';
import type { Domain } from '../core/functions/types.ts';
import { defaultState } from './defaults.ts';
import {
  CAMERA_FIELDS,
  decodeSlice,
  encodeField,
  encodeSlice,
  type Field,
  type FieldTable,
  FUNCTION_FIELDS,
  keysOf,
  LAYOUT_FIELDS,
  percentDecode,
  playbackFields,
  show,
  sliceProblems,
  TOP_FIELDS,
  type TopLevelState,
  VIEW_FIELDS,
} from './fields.ts';
import { LINK_DEFAULTS, type LinkDefaults, linkDefaults, VERSION_FIELDS } from './link-versions.ts';
import { decodeRow, encodeRow, ROW_NAMES, rowProblems, sameRows } from './row-fields.ts';
import { type AppState, type FunctionState, LIMITS, type OptimizerEntry, type ViewState } from './state.ts';

/** The format version written as `v=`. */
export const URL_VERSION = 2;

/** Longest expression a link may carry (the expression parser's own limit). */
export const MAX_EXPRESSION_LENGTH = MAX_SOURCE_LENGTH;

/** Longer hashes are read up to this many characters only. */
export const MAX_HASH_LENGTH = 100_000;

/** At most this many `ignored` lines are listed; the rest are counted. */
const MAX_NOTES = 30;

/** Entry fields of an `o=` value (the row table's names); no optimizer parameter may take these names. */
export const ENTRY_FIELDS: readonly string[] = ROW_NAMES;

type Cameras = AppState['cameras'];
const F = FUNCTION_FIELDS;
/** Cameras at home: what an absent `camN` means. */
const HOME: Cameras = [null, null, null, null];

// ---- writing --------------------------------------------------------------------------------------

/** What an absent `dom`, `start` and `scale` mean: the preset's own values (the default's for a custom f). */
interface Reference {
  readonly domain: Domain;
  readonly start: readonly [number, number];
  readonly colorScale: ViewState['colorScale'];
}

function referenceOf(fn: FunctionState, fallback: AppState): Reference {
  const preset = fn.preset === null ? undefined : getFunctionPreset(fn.preset);
  if (preset && preset.expression === fn.expression) return preset;
  return { domain: fallback.fn.domain, start: fallback.start, colorScale: fallback.view.colorScale };
}

/** The URL hash (without `#`) of `s`; `decodeState` reads it back to an equal state. */
export function encodeState(s: AppState): string {
  // Read only here: no copy needed.
  const defaults = LINK_DEFAULTS[URL_VERSION]!;
  const d = defaults.state;
  const out: string[] = encodeField(VERSION_FIELDS.version, URL_VERSION);
  const put = (key: string, value: string) => out.push(`${key}=${value}`);

  // The function: `p` for a preset's expression, else `f`; the domain against the preset's own.
  const preset = s.fn.preset === null ? undefined : getFunctionPreset(s.fn.preset);
  const named = preset !== undefined && preset.expression === s.fn.expression;
  const ref = referenceOf(s.fn, d);
  out.push(
    ...(named ? encodeField(F.preset, s.fn.preset, d.fn.preset) : encodeField(F.expression, s.fn.expression)),
    ...encodeField(F.domain, s.fn.domain, ref.domain),
    ...encodeField(F.resolution, s.fn.resolution, d.fn.resolution),
  );

  // The view: what differs from the default view (the colour scale: from the preset's).
  out.push(...encodeSlice(VIEW_FIELDS, s.view, { ...d.view, colorScale: ref.colorScale }));

  if (!sameRows(s.optimizers, d.optimizers)) {
    if (s.optimizers.length === 0) put('o', '');
    s.optimizers.forEach((e, i) => {
      put('o', encodeRow(e, { index: i, before: s.optimizers.slice(0, i), version: defaults }));
    });
  }

  out.push(
    ...encodeSlice<TopLevelState>(TOP_FIELDS, s, { start: ref.start, steps: d.steps, gradient: d.gradient }),
  );
  out.push(
    ...encodeSlice(playbackFields(s.steps), s.playback, {
      ...d.playback,
      step: s.steps,
      playing: s.playback.playing,
    }),
  );

  out.push(...encodeSlice(LAYOUT_FIELDS, s.layout, d.layout));

  out.push(...encodeSlice(CAMERA_FIELDS, s.cameras, HOME));
  return out.join('&');
}

// ---- reading --------------------------------------------------------------------------------------

/** Every key a link may hold, in the order `encodeState` writes them. */
const KEYS: ReadonlySet<string> = new Set([
  ...keysOf(VERSION_FIELDS),
  ...keysOf(F),
  ...keysOf(VIEW_FIELDS),
  'o',
  ...keysOf(TOP_FIELDS),
  ...keysOf(playbackFields(0)),
  ...keysOf(LAYOUT_FIELDS),
  ...keysOf(CAMERA_FIELDS),
]);

/** One decoding pass: the hash's fields, the notes, and the base to fall back on. */
class Decoder {
  readonly notes: string[] = [];
  private dropped = 0;
  private readonly fields = new Map<string, string[]>();

  constructor(
    hash: string,
    readonly base: AppState,
  ) {
    let text = hash.startsWith('#') ? hash.slice(1) : hash;
    if (text.length > MAX_HASH_LENGTH) {
      this.note(`the link is ${text.length} characters long; only the first ${MAX_HASH_LENGTH} were read`);
      text = text.slice(0, MAX_HASH_LENGTH);
    }
    for (const part of text.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const rawKey = eq < 0 ? part : part.slice(0, eq);
      const key = percentDecode(rawKey);
      if (key === undefined) this.note(`${show(rawKey)}: bad %-encoding — ignored`);
      else if (!KEYS.has(key)) this.note(`unknown key ${show(key)} — ignored`);
      else {
        const values = this.fields.get(key) ?? [];
        values.push(eq < 0 ? '' : part.slice(eq + 1));
        this.fields.set(key, values);
      }
    }
  }

  note(line: string): void {
    if (this.notes.length < MAX_NOTES) this.notes.push(line);
    else this.dropped += 1;
  }

  finish(): string[] {
    return this.dropped === 0 ? this.notes : [...this.notes, `… and ${this.dropped} more`];
  }

  /** The raw (still %-encoded) values of a repeatable key. */
  all(key: string): readonly string[] {
    return this.fields.get(key) ?? [];
  }

  /** The decoded text of a single-valued key; `bad` when it is not valid %-encoding (noted). */
  read(key: string): { text: string } | 'absent' | 'bad' {
    const values = this.fields.get(key);
    if (!values) return 'absent';
    if (values.length > 1) this.note(`${key} appears ${values.length} times — the first is used`);
    const text = percentDecode(values[0]);
    if (text === undefined) {
      this.note(`${key}: bad %-encoding — ignored`);
      return 'bad';
    }
    return { text };
  }

  /** A table's field: `absent` when the link does not have it, `fallback` when its codec cannot use it (noted). */
  value<T>(field: Field<T> & { readonly key: string }, absent: T, fallback: T): T {
    const got = this.read(field.key);
    if (got === 'absent') return absent;
    if (got === 'bad') return fallback;
    const value = field.codec.read(got.text, (line) => this.note(line), absent);
    return value === undefined ? fallback : value;
  }

  /** A slice by its table (see `decodeSlice`). */
  slice<S>(table: FieldTable<S>, absent: S, fallback: S): S {
    return decodeSlice(
      table,
      (key) => this.read(key),
      (line) => this.note(line),
      absent,
      fallback,
    );
  }
}

function decodeFunction(dec: Decoder, d: AppState): FunctionState {
  const base = dec.base.fn;
  const id = dec.value<string | null | undefined>(F.preset, undefined, undefined);
  const preset = typeof id === 'string' ? getFunctionPreset(id) : undefined;
  const expression = dec.value<string | undefined>(F.expression, undefined, undefined);
  const given = dec.all('p').length > 0 || dec.all('f').length > 0;
  let fn: Pick<FunctionState, 'preset' | 'expression'>;
  if (expression !== undefined) {
    if (preset && preset.expression !== expression) {
      dec.note(`p: the preset ${show(preset.id)} does not match f — f is used`);
    }
    fn = { preset: preset && preset.expression === expression ? preset.id : null, expression };
  } else if (preset) fn = { preset: preset.id, expression: preset.expression };
  else if (given) fn = { preset: base.preset, expression: base.expression };
  else fn = { preset: d.fn.preset, expression: d.fn.expression };

  const ref = referenceOf({ ...d.fn, ...fn }, d);
  const domain = dec.value(F.domain, ref.domain, base.domain);
  const resolution = dec.value(F.resolution, d.fn.resolution, base.resolution);
  return { ...fn, domain, resolution };
}

function decodeOptimizers(dec: Decoder, v: LinkDefaults): readonly OptimizerEntry[] {
  const d = v.state;
  const raws = dec.all('o');
  if (raws.length === 0) return d.optimizers;
  const entries: OptimizerEntry[] = [];
  let given = 0;
  for (const [i, raw] of raws.entries()) {
    if (raw === '') continue;
    given += 1;
    if (entries.length >= LIMITS.optimizers) {
      dec.note(`more than ${LIMITS.optimizers} optimizers: optimizer ${i + 1} and later — ignored`);
      break;
    }
    const entry = decodeRow(raw, i + 1, { index: entries.length, before: entries, version: v }, (line) =>
      dec.note(line),
    );
    if (entry) entries.push(entry);
  }
  if (given > 0 && entries.length === 0) {
    dec.note('no usable optimizer in the link — the current ones are kept');
    return dec.base.optimizers;
  }
  return entries;
}

/**
 * Reads a hash written by `encodeState` (or typed by hand). Absent fields take the default scene's
 * values (the preset's domain, start and colour scale when `p` names one); fields present but
 * unusable keep `base`'s value and are listed in `ignored`. Never throws; the state is always valid
 * (see `isValidState`) and paused.
 */
export function decodeState(
  hash: string,
  base: AppState = defaultState(),
): { state: AppState; ignored: string[] } {
  try {
    return decode(String(hash), base);
  } catch (e) {
    // Not expected: every reader above reports problems as notes. Still never throw.
    return {
      state: { ...base, playback: { ...base.playback, playing: false } },
      ignored: [`unreadable link (${e})`],
    };
  }
}

function decode(hash: string, base: AppState): { state: AppState; ignored: string[] } {
  const dec = new Decoder(hash, base);
  // Absent fields mean the defaults of the link's own version (a link without `v` is version 1).
  const version = dec.value(VERSION_FIELDS.version, 1, 1);
  const defaults = linkDefaults(version);
  const d = defaults.state;

  const fn = decodeFunction(dec, d);
  const ref = referenceOf(fn, d);
  const view = dec.slice(VIEW_FIELDS, { ...d.view, colorScale: ref.colorScale }, base.view);
  const optimizers = decodeOptimizers(dec, defaults);
  const top: TopLevelState = dec.slice(
    TOP_FIELDS,
    { start: ref.start, steps: d.steps, gradient: d.gradient },
    { start: base.start, steps: base.steps, gradient: base.gradient },
  );
  const { steps } = top;
  const playback = dec.slice(
    playbackFields(steps),
    { ...d.playback, step: steps, playing: false },
    { ...base.playback, step: Math.min(base.playback.step, steps), playing: false },
  );
  const layout = dec.slice(LAYOUT_FIELDS, d.layout, base.layout);
  const cameras = dec.slice(CAMERA_FIELDS, HOME, base.cameras);

  const state: AppState = { fn, view, optimizers, ...top, playback, layout, cameras };
  const problems = isValidState(state);
  if (problems.length > 0) {
    // Only an invalid `base` can get here (its values were the fallbacks).
    return {
      state: d,
      ignored: [...dec.finish(), `the result was not valid (${problems[0]}) — the default scene`],
    };
  }
  return { state, ignored: dec.finish() };
}

// ---- validity -------------------------------------------------------------------------------------

/**
 * Everything wrong with `s` as an explorer state, one line each (empty when valid): the rules the
 * actions keep — limits, known presets / colormaps / optimizers, complete parameters that
 * `resolveParams` accepts, `#rrggbb` colours, an ordered finite domain, panes 1/2/4, cameras of
 * finite numbers, the playback step within 0..steps.
 */
export function isValidState(s: AppState): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const { fn, view, layout } = s;

  // Across fields: a preset names the expression it stands for.
  const preset = typeof fn.preset === 'string' ? getFunctionPreset(fn.preset) : undefined;
  check(
    fn.preset === null || preset?.expression === fn.expression,
    'fn.preset does not match the expression',
  );
  problems.push(...sliceProblems(F, fn, 'fn'));

  problems.push(...sliceProblems(VIEW_FIELDS, view, 'view'));

  check(s.optimizers.length <= LIMITS.optimizers, `more than ${LIMITS.optimizers} optimizers`);
  // Each row by the row table; its key, besides, unique among the rows.
  for (const [i, e] of s.optimizers.entries()) {
    const at = `optimizers[${i}]`;
    problems.push(...rowProblems(e, at));
    check(s.optimizers.findIndex((o) => o.key === e.key) === i, `${at}.key is not unique`);
  }

  problems.push(...sliceProblems<TopLevelState>(TOP_FIELDS, s, ''));
  const playback = sliceProblems(playbackFields(s.steps), s.playback, 'playback');
  problems.push(...playback.map((p) => (p === 'playback.step' ? 'playback.step is not within 0..steps' : p)));

  problems.push(...sliceProblems(LAYOUT_FIELDS, layout, 'layout'));

  check(s.cameras.length === 4, 'cameras: not four');
  if (s.cameras.length === 4) problems.push(...sliceProblems(CAMERA_FIELDS, s.cameras, 'cameras'));
  return problems;
}
