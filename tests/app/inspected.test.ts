/**
 * The inspected optimizer row, `playback.inspected`: one field for "the step inspector is open, on
 * this row" (null: closed). Set only by `A.inspect` to a row that exists; a removed row falls back to
 * the first; not a scene change (no undo entry); never in a link.
 */
import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { History } from '../../src/app/history.ts';
import { inspectedEntry } from '../../src/app/state.ts';
import { Store } from '../../src/app/store.ts';
import { decodeState, encodeState, isValidState } from '../../src/app/url.ts';

describe('the inspected row', () => {
  it('is closed by default; A.inspect opens it on a row, null closes it, an unknown key changes nothing', () => {
    const d = defaultState();
    expect(d.playback.inspected).toBeNull();
    expect(inspectedEntry(d)).toBeNull();
    // The book's rows are keys 1–4: SGD, Momentum, AdaGrad, Adam.
    const adam = A.inspect(d, 4);
    expect(adam.playback.inspected).toBe(4);
    expect(inspectedEntry(adam)?.optimizer).toBe('adam');
    expect(A.inspect(adam, 4)).toBe(adam);
    expect(A.inspect(adam, 99)).toBe(adam);
    expect(A.inspect(adam, null).playback.inspected).toBeNull();
    expect(isValidState(adam)).toEqual([]);
    expect(isValidState({ ...adam, playback: { ...adam.playback, inspected: 1.5 } })).not.toEqual([]);
  });

  it('keeps playing and keeps the step: it looks at the run, it does not move it', () => {
    const playing = A.play(A.seek(defaultState(), 7));
    const s = A.inspect(playing, 2);
    expect(s.playback).toEqual({ ...playing.playback, inspected: 2 });
    expect(s.playback.playing).toBe(true);
  });

  it('falls back to the first row when its row is removed, and to none without rows', () => {
    const s = A.removeOptimizer(A.inspect(defaultState(), 3), 3);
    expect(s.playback.inspected).toBe(3);
    expect(inspectedEntry(s)?.key).toBe(1);
    const empty = [1, 2, 4].reduce((st, k) => A.removeOptimizer(st, k), s);
    expect(inspectedEntry(empty)).toBeNull();
  });

  it('makes no undo entry (like the step), and undo leaves it as it is', () => {
    const store = new Store(defaultState());
    const history = new History(store);
    store.set((s) => A.inspect(s, 2));
    expect(history.canUndo).toBe(false);
    store.set((s) => A.setOptimizerParam(s, 1, 'lr', 0.5));
    history.undo();
    expect(store.state.optimizers[0]!.params.lr).toBe(0.95);
    expect(store.state.playback.inspected).toBe(2);
  });

  it('is not in a link: the same link with it open or closed, and a link opens with it closed', () => {
    const d = defaultState();
    const open = A.inspect(d, 2);
    expect(encodeState(open)).toBe(encodeState(d));
    expect(decodeState(encodeState(open)).state.playback.inspected).toBeNull();
  });
});
