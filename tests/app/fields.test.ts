import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import {
  clampSlice,
  defaultsOf,
  type FieldTable,
  fieldsOf,
  flag,
  keysOf,
  LAYOUT_FIELDS,
  number,
  numberOrAuto,
  oneOf,
  playbackFields,
  VIEW_FIELDS,
} from '../../src/app/fields.ts';
import { type AppState, changedSlices, type ViewState } from '../../src/app/state.ts';
import { decodeState, encodeState } from '../../src/app/url.ts';

describe('the view field table', () => {
  it('has one entry per ViewState field, or the type checker fails', () => {
    const { colormap: _, ...rest } = VIEW_FIELDS;
    // @ts-expect-error — a table without `colormap` is not a FieldTable<ViewState>
    const incomplete: FieldTable<ViewState> = rest;
    expect(Object.keys(incomplete)).not.toContain('colormap');
    expect(Object.keys(VIEW_FIELDS).sort()).toEqual(Object.keys(defaultState().view).sort());
  });

  it('keys are distinct; defaults are valid; controls lie within the limits', () => {
    const keys = keysOf(VIEW_FIELDS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, f] of fieldsOf(VIEW_FIELDS)) {
      expect(f.codec.valid(f.default), name).toBe(true);
      expect(f.codec.read(f.codec.write(f.default, f.default), () => {}, f.default)).toEqual(f.default);
      if (f.control) {
        expect(f.codec.valid(f.control.min), name).toBe(true);
        expect(f.codec.valid(f.control.max), name).toBe(true);
      }
    }
  });

  it('a change of one view field is written under its key, and read back', () => {
    const d = defaultState();
    const cases: [Partial<ViewState>, string][] = [
      [{ colormap: 'magma' }, 'cmap=magma'],
      [{ contours: 7 }, 'contours=7'],
      [{ wireframe: true }, 'wire=1'],
      [{ zMin: -0 }, 'zmin=-0'],
      [{ chartScale: 'linear' }, 'chart=linear'],
    ];
    for (const [patch, field] of cases) {
      const s = A.setView(d, patch);
      expect(encodeState(s)).toBe(`v=2&${field}`);
      expect(decodeState(encodeState(s)).state).toEqual(s);
    }
  });

  it('defaults and clamping derive from the table', () => {
    expect(defaultsOf(VIEW_FIELDS)).toEqual({ ...defaultState().view, colorScale: 'linear' });
    const wild: ViewState = { ...defaultState().view, contours: 1e9, fieldDensity: 4.6, zMax: -1e300 };
    const clamped = clampSlice<ViewState>(VIEW_FIELDS, wild);
    expect([clamped.contours, clamped.fieldDensity, clamped.zMax]).toEqual([200, 5, -1e37]);
  });
});

describe('the layout field table', () => {
  it('kinds are written up to the last pane that differs, and completed from the defaults', () => {
    const d = defaultState();
    const s = A.setPaneKind(A.setLayout(d, { panes: 2 }), 1, '3d');
    expect(encodeState(s)).toBe('v=2&panes=2&kinds=3d,3d');
    expect(decodeState('v=1&kinds=2d').state.layout.kinds).toEqual(['2d', '2d', '2d', '2d']);
    expect(decodeState('v=1&panes=3').ignored).toEqual(['panes: "3" is not 1, 2 or 4 — ignored']);
    expect(defaultsOf(LAYOUT_FIELDS)).toEqual(d.layout);
  });

  it('a hyperparameter map pane is written as sweep and read back; an unknown kind is ignored', () => {
    const d = defaultState();
    const s = A.setPaneKind(A.setLayout(d, { panes: 4 }), 3, 'sweep');
    expect(encodeState(s)).toBe('v=2&panes=4&kinds=3d,2d,2d,sweep');
    const back = decodeState(encodeState(s));
    expect(back.ignored).toEqual([]);
    expect(back.state.layout).toEqual(s.layout);
    expect(decodeState('v=2&kinds=heatmap').ignored).toEqual([
      'kinds: "heatmap" is not up to four of 3d, 2d, chart, sweep — ignored',
    ]);
  });
});

describe('the playback field table', () => {
  it('the step defaults to the end and is limited by steps; playing is never in a link', () => {
    const d = defaultState();
    expect(keysOf(playbackFields(30))).toEqual(['step', 'speed']);
    expect(encodeState({ ...d, playback: { ...d.playback, playing: true } })).toBe('v=2');
    expect(encodeState(A.seek(d, 12))).toBe('v=2&step=12');
    expect(decodeState('v=1&steps=50&step=80').ignored).toEqual(['step: 80 is above 50 — set to 50']);
    expect(playbackFields(30).speed.control).toEqual({ min: 0.5, max: 60, step: 0.5 });
  });
});

describe('codecs', () => {
  const notes: string[] = [];
  const note = (line: string) => notes.push(line);

  it('number: clamps and rounds with a note; rejects what is not a finite decimal', () => {
    const c = number('n', { min: 1, max: 10, integer: true });
    expect(c.read('12', note, 1)).toBe(10);
    expect(c.read('2.6', note, 1)).toBe(3);
    expect(c.read('-0', note, 1)).toBe(1);
    expect(c.read('0x10', note, 1)).toBeUndefined();
    expect(c.read('1e999', note, 1)).toBeUndefined();
    expect(notes.splice(0)).toEqual([
      'n: 12 is above 10 — set to 10',
      'n: 2.6 is not a whole number — rounded to 3',
      'n: 0 is below 1 — set to 1',
      'n: "0x10" is not a number — ignored',
      'n: "1e999" is not a finite number — ignored',
    ]);
  });

  it('numberOrAuto, flag, oneOf', () => {
    const z = numberOrAuto('z', { min: -5, max: 5 });
    expect([z.read('auto', note, null), z.write(null, null), z.write(-0, null)]).toEqual([
      null,
      'auto',
      '-0',
    ]);
    expect(flag('f').read('true', note, false)).toBe(true);
    expect(flag('f').read('yes', note, false)).toBeUndefined();
    expect(oneOf('o', ['a', 'b'] as const).read('c', note, 'a')).toBeUndefined();
    expect(notes.splice(0)).toEqual([
      'f: "yes" is not 1 or 0 — ignored',
      'o: "c" is not one of a, b — ignored',
    ]);
  });
});

describe('changedSlices', () => {
  it('names the slices an action replaced, found without a list of slices', () => {
    const d = defaultState();
    expect([...changedSlices(d, d)]).toEqual([]);
    expect([...changedSlices(d, A.seek(d, 3))]).toEqual(['playback']);
    expect([...changedSlices(d, A.setView(A.setSteps(d, 50), { contours: 3 }))].sort()).toEqual([
      'playback',
      'steps',
      'view',
    ]);
    // A slice the next engineer adds is seen too.
    const grown = { ...d, extra: 1 } as AppState;
    expect([...changedSlices(d, grown)]).toEqual(['extra']);
  });
});
