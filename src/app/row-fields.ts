/**
 * The optimizer row's field table: one entry per field of `OptimizerEntry`, declaring where it sits
 * in the row's `o=` value, how it is written and read (with its limits), when it is valid, and what
 * the row has when its link does not say (its default, by the row's place). The row's encoding and
 * decoding, the names no optimizer parameter may take (`ROW_NAMES`), the row checks of
 * `isValidState`, the actions' checks of a row's colour and pane, and what a link leaves out all
 * derive from it — the optimizer rows' counterpart of `fields.ts`'s tables. A field of
 * `OptimizerEntry` missing here is a type error (`satisfies RowTable`).
 *
 * An `o=` value is `id,name=value,…`: the optimizer id first, then, in the table's order, each field
 * that differs from the row's default (a flag as its bare name):
 *
 * | field | in the `o=` value | absent means |
 * |---|---|---|
 * | `key` | not in links: rows come back numbered 1, 2, … | the row's place + 1 |
 * | `optimizer` | the value's head, its registry id | (required) |
 * | `params` | `name=value` per parameter, by the optimizer's `ParamSpec`s (the registry) | the spec's default |
 * | `color` | `color=rrggbb` | the link version's row colour (`link-versions.ts`) |
 * | `pane` | `pane=n`, 0 … 3 | the row's place mod 4 |
 * | `visible` | `hidden` (read also as `hidden=1`/`hidden=0`) | visible |
 * | `schedule` | `sched=<JSON>` (`url-lab.ts`) | no schedule |
 * | `noise` | `noise=σ`, `seed=n`, `seeds=K` (`url-lab.ts`) | no noise |
 */
import {
  closest,
  defaultParams,
  formatRange,
  getOptimizer,
  type OptimizerDef,
  type ParamSpec,
  type ParamValue,
  type ParamValues,
  resolveParams,
} from '../core/optimizers/index.ts';
import { parseBoolean, parseNumber, percentDecode, percentEncode, show } from './fields.ts';
import { linkNumber } from './format.ts';
import type { LinkDefaults } from './link-versions.ts';
import type { OptimizerEntry } from './state.ts';
import { NOISE_FIELD, SCHEDULE_FIELD } from './url-lab.ts';

/** Where a row stands in a link: what its defaults depend on. */
export interface RowPlace {
  /** Its index among the rows (0-based). */
  readonly index: number;
  /** Its optimizer (the other fields are read and checked against it). */
  readonly def: OptimizerDef;
  /** The rows before it (a v2 row's default colour is shaded by the rows of its type before it). */
  readonly before: readonly OptimizerEntry[];
  /** The defaults of the link's version. */
  readonly version: LinkDefaults;
}

/** One part of an `o=` value as read: its value, or why it cannot be used. */
export type PartRead = { readonly value: unknown } | { readonly error: string };

/** How one field of a row is written to its `o=` value, read back (noting problems) and checked. */
export interface RowCodec<T> {
  /** The parts of `value` (`name=value`, %-encoded; a flag's bare name), written when it differs from `reference`. */
  write(value: T, reference: T, def: OptimizerDef): string[];
  /**
   * One part's value from its %-decoded text (null: the bare name, for a `flag` field), or why not;
   * `def` is the row's optimizer (none for the head, which names it).
   */
  read(name: string, text: string | null, def?: OptimizerDef): PartRead;
  /**
   * The field from the values its parts gave, by name (none: the link does not say); `reference` is
   * what absence means. Problems across parts go to `note`, each line with its own ending.
   */
  build(
    parts: ReadonlyMap<string, unknown>,
    reference: T,
    def: OptimizerDef,
    note: (line: string) => void,
  ): T;
  /**
   * A valid value of the field for a row of `def` (none: an unknown optimizer, which its own field
   * reports, or a field whose validity does not depend on it). The actions refuse invalid values.
   */
  valid(value: unknown, def?: OptimizerDef): boolean;
  /** Equal for the link (numbers by `Object.is`). */
  same(a: T, b: T): boolean;
  /** Why an invalid value is invalid: the end of its validation line (`color is not #rrggbb`). */
  describe(value: unknown): string;
}

/** One field of a row. */
export interface RowField<T> {
  /**
   * Where it sits in an `o=` value: the head (the optimizer id), the optimizer's parameters (named by
   * its `ParamSpec`s), these names, or null: no link holds it.
   */
  readonly in: 'head' | 'parameters' | readonly string[] | null;
  /** A bare name (no `=value`) is a value of this field (`hidden`). */
  readonly flag?: boolean;
  readonly codec: RowCodec<T>;
  /** What the row has when its link does not say. */
  default(place: RowPlace): T;
}

/** A table with exactly one entry per field of `OptimizerEntry`. */
export type RowTable = { readonly [K in keyof OptimizerEntry]-?: RowField<OptimizerEntry[K]> };

/** A field of one named part whose value is the field's (a colour, a pane, a flag). */
function single<T>(
  name: string,
  codec: Pick<RowCodec<T>, 'valid' | 'same' | 'describe'> & {
    write(value: T): string;
    read(text: string | null): T | undefined;
    /** Why `text` is not a value (the note's middle). */
    error(text: string | null): string;
  },
): RowCodec<T> {
  return {
    write: (value) => [codec.write(value)],
    read: (_, text) => {
      const value = codec.read(text);
      return value === undefined ? { error: codec.error(text) } : { value };
    },
    build: (parts, reference) => (parts.has(name) ? (parts.get(name) as T) : reference),
    valid: codec.valid,
    same: codec.same,
    describe: codec.describe,
  };
}

const COLOR = /^#[0-9a-f]{6}$/;
/** A row is shown in one of the four panes a layout may have (0 … 3). */
const PANES = 4;

// ---- the parameters: the registry's `ParamSpec`s -----------------------------------------------------

function formatParam(value: ParamValue): string {
  if (typeof value === 'number') return linkNumber(value);
  if (typeof value === 'boolean') return String(value);
  return percentEncode(value);
}

/** The checked value of one optimizer parameter (the spec's rules, as `resolveParams` applies them). */
function parseParam(spec: ParamSpec, text: string): PartRead {
  switch (spec.kind) {
    case 'number': {
      const n = parseNumber(text);
      if (!('value' in n)) return n;
      if (n.value < spec.min || n.value > spec.max) {
        return { error: `${spec.name} = ${linkNumber(n.value)} is out of range (${formatRange(spec)})` };
      }
      return n;
    }
    case 'boolean': {
      const b = parseBoolean(text);
      return b === undefined ? { error: `${spec.name} = ${show(text)} is not true or false` } : { value: b };
    }
    case 'choice':
      return spec.options.includes(text)
        ? { value: text }
        : { error: `${spec.name} = ${show(text)} is not one of ${spec.options.join(', ')}` };
  }
}

function sameParams(a: ParamValues, b: ParamValues): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]))
  );
}

/** Complete parameters that `resolveParams` accepts unchanged. */
function validParams(value: unknown, def: OptimizerDef): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const params = value as ParamValues;
  const resolved = resolveParams(def, params);
  return resolved.ok && sameParams(resolved.value, params);
}

/** The parameters, written and read by each optimizer's `ParamSpec`s; a set torch rejects resets to the defaults. */
const parameters: RowCodec<ParamValues> = {
  write: (value, reference, def) =>
    def.params.flatMap((spec) => {
      const v = value[spec.name];
      return v === undefined || Object.is(v, reference[spec.name]) ? [] : [`${spec.name}=${formatParam(v)}`];
    }),
  read: (name, text, def) => {
    const spec = def?.params.find((s) => s.name === name);
    if (spec && text !== null) return parseParam(spec, text);
    // `resolveParams`' own guess at what an unknown name meant.
    const guess =
      def &&
      closest(
        name,
        def.params.map((s) => s.name),
      );
    return {
      error: `unknown parameter ${show(name)}${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`,
    };
  },
  build: (parts, _reference, def, note) => {
    const resolved = resolveParams(def, Object.fromEntries(parts) as ParamValues);
    if (resolved.ok) return resolved.value;
    const reason = resolved.error.split('\n')[0].replace(`${def.id}: `, '');
    note(`${reason} — its parameters were reset to the defaults`);
    return defaultParams(def);
  },
  valid: (value, def) => def === undefined || validParams(value, def),
  same: sameParams,
  describe: () => 'are not complete and valid',
};

// ---- the table ---------------------------------------------------------------------------------------

/** `OptimizerEntry`: one row of the explorer. Order = the order of an `o=` value's parts. */
export const ROW_FIELDS = {
  // Not in links (rows are renumbered), so never different "for the link".
  key: {
    in: null,
    codec: {
      write: () => [],
      read: () => ({ error: 'not in links' }),
      build: (_, reference) => reference,
      valid: (v) => Number.isInteger(v),
      same: () => true,
      describe: () => 'is not an integer',
    },
    default: (place) => place.index + 1,
  },
  optimizer: {
    in: 'head',
    codec: {
      write: (value) => [percentEncode(value)],
      read: (_, text) => {
        const def = text === null ? undefined : getOptimizer(text);
        return def ? { value: def.id } : { error: `unknown optimizer ${show(text ?? '')}` };
      },
      build: (_, reference) => reference,
      valid: (v) => typeof v === 'string' && getOptimizer(v) !== undefined,
      same: (a, b) => a === b,
      describe: (v) => `is not a known optimizer: ${show(String(v))}`,
    },
    default: (place) => place.def.id,
  },
  params: { in: 'parameters', codec: parameters, default: (place) => defaultParams(place.def) },
  color: {
    in: ['color'],
    codec: single<string>('color', {
      write: (v) => `color=${percentEncode(v.replace(/^#/, ''))}`,
      read: (text) => {
        const c = `#${(text ?? '').replace(/^#/, '').toLowerCase()}`;
        return COLOR.test(c) ? c : undefined;
      },
      error: (text) => `color ${show(text ?? '')} is not rrggbb`,
      valid: (v) => typeof v === 'string' && COLOR.test(v),
      same: (a, b) => a === b,
      describe: () => 'is not #rrggbb',
    }),
    default: (place) => place.version.rowColor(place.index, place.def.id, place.before),
  },
  pane: {
    in: ['pane'],
    codec: single<number>('pane', {
      write: (v) => `pane=${linkNumber(v)}`,
      read: (text) => {
        const p = parseNumber(text ?? '');
        // Whole numbers never keep the sign of a typed −0.
        return 'value' in p && Number.isInteger(p.value) && p.value >= 0 && p.value < PANES
          ? p.value + 0
          : undefined;
      },
      error: (text) => `pane ${show(text ?? '')} is not 0, 1, 2 or 3`,
      valid: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < PANES,
      same: Object.is,
      describe: () => 'is not 0, 1, 2 or 3',
    }),
    default: (place) => place.index % place.version.panes,
  },
  visible: {
    in: ['hidden'],
    flag: true,
    codec: single<boolean>('hidden', {
      write: (v) => (v ? 'hidden=0' : 'hidden'),
      read: (text) => {
        const hidden = text === null ? true : parseBoolean(text);
        return hidden === undefined ? undefined : !hidden;
      },
      error: (text) => `hidden=${show(text ?? '')} is not 1 or 0`,
      valid: (v) => typeof v === 'boolean',
      same: (a, b) => a === b,
      describe: () => 'is not true or false',
    }),
    default: () => true,
  },
  schedule: SCHEDULE_FIELD,
  noise: NOISE_FIELD,
} as const satisfies RowTable;

type Fields = [keyof OptimizerEntry, RowField<unknown>][];
const FIELDS = Object.entries(ROW_FIELDS) as Fields;

/** The names of a row's own fields in an `o=` value, in order; no optimizer parameter may take one. */
export const ROW_NAMES: readonly string[] = FIELDS.flatMap(([, f]) => (Array.isArray(f.in) ? f.in : []));

/** The field each name belongs to. */
const OWNER = new Map<string, [keyof OptimizerEntry, RowField<unknown>]>(
  FIELDS.flatMap((entry) =>
    Array.isArray(entry[1].in) ? entry[1].in.map((name) => [name, entry] as const) : [],
  ),
);
const PARAMETERS = FIELDS.find(([, f]) => f.in === 'parameters')!;

// ---- what derives from the table ----------------------------------------------------------------------

/** The row's `o=` value: the head, then every field that differs from the row's default at `place`. */
export function encodeRow(e: OptimizerEntry, place: Omit<RowPlace, 'def'>): string {
  const def = getOptimizer(e.optimizer);
  if (!def) return percentEncode(e.optimizer);
  const at = { ...place, def };
  return FIELDS.flatMap(([name, f]) => {
    const reference = f.default(at);
    return f.in === 'head' || !f.codec.same(e[name], reference) ? f.codec.write(e[name], reference, def) : [];
  }).join(',');
}

/** Equal rows for a link: every field a link holds is the same. */
export function sameRows(a: readonly OptimizerEntry[], b: readonly OptimizerEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => FIELDS.every(([name, f]) => f.codec.same(e[name], b[i]![name])))
  );
}

/**
 * Reads one `o=` value (%-encoded), numbered `n` in the link, as the row at `place`; undefined (noted)
 * when it has no known optimizer. Every unusable part is noted and the field keeps its default.
 */
export function decodeRow(
  raw: string,
  n: number,
  place: Omit<RowPlace, 'def'>,
  note: (line: string) => void,
): OptimizerEntry | undefined {
  const parts = raw.split(',');
  const id = percentDecode(parts[0]);
  const head = id === undefined ? { error: 'bad %-encoding' } : ROW_FIELDS.optimizer.codec.read('', id);
  if ('error' in head) {
    note(`optimizer ${n}: ${head.error} — ignored`);
    return undefined;
  }
  const def = getOptimizer(head.value as string)!;
  const label = `optimizer ${n} (${def.id})`;
  const say = (line: string) => note(`${label}: ${line}`);
  const given = new Map<keyof OptimizerEntry, Map<string, unknown>>();
  const seen = new Set<string>();
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
    const text = eq < 0 ? null : percentDecode(part.slice(eq + 1));
    if (name === undefined || text === undefined) {
      say(`bad %-encoding in ${show(part)} — ignored`);
      continue;
    }
    if (seen.has(name)) {
      say(`${show(name)} appears twice — the first is used`);
      continue;
    }
    seen.add(name);
    const [field, f] = OWNER.get(name) ?? PARAMETERS;
    if (text === null && !f.flag) {
      say(`${show(name)} has no value — ignored`);
      continue;
    }
    const read = f.codec.read(name, text, def);
    if ('error' in read) {
      say(`${read.error} — ignored`);
      continue;
    }
    const values = given.get(field) ?? new Map<string, unknown>();
    values.set(name, read.value);
    given.set(field, values);
  }
  const at = { ...place, def };
  const entry: Record<string, unknown> = {};
  for (const [name, f] of FIELDS) {
    const value = f.codec.build(given.get(name) ?? new Map(), f.default(at), def, say);
    // An optional field the row does not have is left out (not set to undefined).
    if (value !== undefined) entry[name] = value;
  }
  return entry as unknown as OptimizerEntry;
}

/** Everything wrong with row `e` as state, one line each, as `at.field …` (empty when valid). */
export function rowProblems(e: OptimizerEntry, at: string): string[] {
  const def = typeof e.optimizer === 'string' ? getOptimizer(e.optimizer) : undefined;
  return FIELDS.filter(([name, f]) => !f.codec.valid(e[name], def)).map(
    ([name, f]) => `${at}.${name} ${f.codec.describe(e[name])}`,
  );
}
