/**
 * The optimizer row's field table (`row-fields.ts`): complete by type, each field written under its
 * documented name only when it differs from the row's default and read back, validation and the
 * actions' checks from the same table. Expected link texts are the format as documented (url.ts,
 * row-fields.ts, url-lab.ts), written by hand.
 */
import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { setOptimizerNoise, setOptimizerSchedule } from '../../src/app/lab.ts';
import { linkDefaults } from '../../src/app/link-versions.ts';
import {
  decodeRow,
  encodeRow,
  ROW_FIELDS,
  ROW_NAMES,
  type RowTable,
  rowProblems,
  sameRows,
} from '../../src/app/row-fields.ts';
import type { AppState, OptimizerEntry } from '../../src/app/state.ts';
import { ENTRY_FIELDS } from '../../src/app/url.ts';
import { resolveSchedule } from '../../src/core/schedules/index.ts';

const v2 = linkDefaults(2);
const first = { index: 0, before: [], version: v2 };
/** A state with one Adam row at its defaults (v2: Adam's hue, pane 0, visible). */
const adam: AppState = A.addOptimizer({ ...defaultState(), optimizers: [] }, 'adam');
const row = (s: AppState): OptimizerEntry => s.optimizers[0]!;
const k = row(adam).key;

function read(raw: string): { entry: OptimizerEntry | undefined; notes: string[] } {
  const notes: string[] = [];
  return { entry: decodeRow(raw, 1, first, (line) => notes.push(line)), notes };
}

describe('the optimizer row table', () => {
  it('has one entry per OptimizerEntry field, or the type checker fails', () => {
    const { color: _, ...rest } = ROW_FIELDS;
    // @ts-expect-error — a table without `color` is not a RowTable
    const incomplete: RowTable = rest;
    expect(Object.keys(incomplete)).not.toContain('color');
    expect(Object.keys(ROW_FIELDS).sort()).toEqual(
      ['key', 'optimizer', 'params', 'color', 'visible', 'pane', 'schedule', 'noise'].sort(),
    );
  });

  it("the row's own names in an o= value, in the order they are written", () => {
    expect(ROW_NAMES).toEqual(['color', 'pane', 'hidden', 'sched', 'noise', 'seed', 'seeds']);
    expect(ENTRY_FIELDS).toEqual(ROW_NAMES);
  });

  it('a row at its defaults is its optimizer id alone; each field is written only when it differs', () => {
    expect(encodeRow(row(adam), first)).toBe('adam');
    const step = resolveSchedule({ name: 'StepLR', step_size: 10 }, 'beta1');
    if (!step.ok) throw new Error(step.error);
    const cases: [AppState, string][] = [
      [A.setOptimizerParam(adam, k, 'lr', 0.5), 'adam,lr=0.5'],
      [A.setOptimizerParam(adam, k, 'amsgrad', true), 'adam,amsgrad=true'],
      [A.setOptimizerParam(adam, k, 'eps_mode', 'paper'), 'adam,eps_mode=paper'],
      [A.setOptimizerColor(adam, k, '#123ABC'), 'adam,color=123abc'],
      [A.setOptimizerPane(adam, k, 2), 'adam,pane=2'],
      [A.setOptimizerVisible(adam, k, false), 'adam,hidden'],
      // {"name":"StepLR","step_size":10}, %-encoded except : (gamma 0.1 is torch's default: left out).
      [
        setOptimizerSchedule(adam, k, step.value),
        'adam,sched=%7B%22name%22:%22StepLR%22%2C%22step_size%22:10%7D',
      ],
      [setOptimizerNoise(adam, k, { sigma: 0.5, seed: 0, seeds: 1 }), 'adam,noise=0.5'],
      [setOptimizerNoise(adam, k, { sigma: 0.5, seed: 3, seeds: 2 }), 'adam,noise=0.5,seed=3,seeds=2'],
    ];
    for (const [s, text] of cases) {
      expect(encodeRow(row(s), first)).toBe(text);
      const { entry, notes } = read(text);
      expect(notes).toEqual([]);
      expect(entry).toEqual(row(s));
      expect(sameRows([entry!], s.optimizers)).toBe(true);
      expect(sameRows([entry!], adam.optimizers)).toBe(false);
    }
  });

  it("a row's defaults depend on its place: the version's colour, pane = index mod 4", () => {
    // The 6th row of a link (index 5) that is the 2nd Adam: v2 shades Adam's hue, v1 takes palette[5].
    const before = ['adam', 'sgd', 'sgd', 'sgd', 'sgd'].map((id) => ({ ...row(adam), optimizer: id }));
    const notes: string[] = [];
    const at2 = decodeRow('adam', 6, { index: 5, before, version: v2 }, (l) => notes.push(l))!;
    const at1 = decodeRow('adam', 6, { index: 5, before, version: linkDefaults(1) }, (l) => notes.push(l))!;
    expect(notes).toEqual([]);
    expect([at2.key, at2.pane, at2.visible]).toEqual([6, 1, true]);
    // Yellow #f0e442 mixed 35 % towards black: round(0.65·c) per channel = 9c 94 2b.
    expect(at2.color).toBe('#9c942b');
    expect(at1.color).toBe('#f0e442');
    expect(at2).not.toHaveProperty('schedule');
    expect(at2).not.toHaveProperty('noise');
  });

  it('notes each unusable part in the order of the link, then what does not fit together', () => {
    expect(read('adam,pane=9,hidden=2,lr=x,color=red,noise,seeds=1.5,seed=3,lr=1').notes).toEqual([
      'optimizer 1 (adam): pane "9" is not 0, 1, 2 or 3 — ignored',
      'optimizer 1 (adam): hidden="2" is not 1 or 0 — ignored',
      'optimizer 1 (adam): "x" is not a number — ignored',
      'optimizer 1 (adam): color "red" is not rrggbb — ignored',
      'optimizer 1 (adam): "noise" has no value — ignored',
      'optimizer 1 (adam): seeds=1.5 is out of range (1 … 32, an integer) — ignored',
      'optimizer 1 (adam): "lr" appears twice — the first is used',
      'optimizer 1 (adam): seed and seeds need noise=σ — ignored',
    ]);
    expect(read('adam,hidden=0').entry!.visible).toBe(true);
    expect(read('adam,hidden=1').entry!.visible).toBe(false);
    expect(read('%zz,lr=1').notes).toEqual(['optimizer 1: bad %-encoding — ignored']);
  });

  it('validation: one line per invalid field, in table order', () => {
    const bad = {
      key: 1.5,
      optimizer: 'adam',
      params: { lr: -1 },
      color: 'red',
      visible: 'yes',
      pane: 4,
      schedule: { name: 'StepLR', args: {} },
      noise: { sigma: 1, seed: -1, seeds: 1 },
    } as unknown as OptimizerEntry;
    expect(rowProblems(bad, 'row')).toEqual([
      'row.key is not an integer',
      'row.params are not complete and valid',
      'row.color is not #rrggbb',
      'row.pane is not 0, 1, 2 or 3',
      'row.visible is not true or false',
      'row.schedule is not a valid resolved schedule for this optimizer',
      'row.noise is not usable: seed must be an integer from 0 to 4294967295',
    ]);
    expect(rowProblems({ ...row(adam), optimizer: 'adamm' }, 'row')).toEqual([
      'row.optimizer is not a known optimizer: "adamm"',
    ]);
    expect(rowProblems(row(adam), 'row')).toEqual([]);
  });

  it("the actions refuse a colour or pane the table's codec does not accept", () => {
    expect(A.setOptimizerColor(adam, k, '#12345')).toBe(adam);
    expect(A.setOptimizerColor(adam, k, 'red')).toBe(adam);
    expect(row(A.setOptimizerColor(adam, k, '#ABCDEF')).color).toBe('#abcdef');
    for (const pane of [-1, 4, 1.5, Number.NaN]) expect(A.setOptimizerPane(adam, k, pane)).toBe(adam);
    expect(row(A.setOptimizerPane(adam, k, 3)).pane).toBe(3);
  });
});
