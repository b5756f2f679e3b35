import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { History, LIMIT, MERGE_MS, sceneChanged } from '../../src/app/history.ts';
import type { AppState } from '../../src/app/state.ts';
import { Store } from '../../src/app/store.ts';

function setup() {
  let t = 0;
  const store = new Store<AppState>(defaultState());
  const history = new History(store, () => t);
  return {
    store,
    history,
    later: (ms = MERGE_MS) => {
      t += ms;
    },
  };
}

describe('undo and redo', () => {
  it('takes back a stray start and brings it back', () => {
    const { store, history, later } = setup();
    store.set((s) => A.setStart(s, 1.23, 4.56));
    later();
    history.undo();
    expect(store.state.start).toEqual([-7, 2]);
    history.redo();
    expect(store.state.start).toEqual([1.23, 4.56]);
    expect(history.canRedo).toBe(false);
  });

  it('playback and cameras make no history, and undo leaves them where they are', () => {
    const { store, history, later } = setup();
    store.set((s) => A.setSteps(s, 50));
    later();
    store.set(A.reset);
    store.set(A.stepForward);
    store.set((s) => A.setCamera(s, 0, { position: [1, 2, 3], target: [0, 0, 0], zoom: 1 }));
    const d = defaultState();
    expect(sceneChanged(d, A.reset(d))).toBe(false);
    expect(sceneChanged(d, A.setStart(d, 0, 0))).toBe(true);
    history.undo();
    expect(store.state.steps).toBe(30);
    expect(store.state.playback.step).toBe(1);
    expect(store.state.cameras[0]).not.toBeNull();
    expect(history.canUndo).toBe(false);
  });

  it('a burst within the merge window is one entry; a new change clears redo', () => {
    const { store, history, later } = setup();
    for (const e of [0.4, 0.5, 0.6]) {
      store.set((s) => A.setView(s, { exaggeration: e }));
      later(50);
    }
    later();
    store.set((s) => A.setView(s, { contours: 5 }));
    history.undo();
    expect(store.state.view.exaggeration).toBe(0.6);
    history.undo();
    expect(store.state.view.exaggeration).toBe(0.35);
    history.redo();
    later();
    store.set((s) => A.setView(s, { wireframe: true }));
    expect(history.canRedo).toBe(false);
  });

  it(`keeps at most ${LIMIT} states`, () => {
    const { store, history, later } = setup();
    for (let i = 1; i <= LIMIT + 20; i++) {
      store.set((s) => A.setSteps(s, i + 1));
      later();
    }
    let undone = 0;
    while (history.canUndo) {
      history.undo();
      undone++;
    }
    expect(undone).toBe(LIMIT);
  });
});
