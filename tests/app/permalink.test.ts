import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { HashSync, initialState, type LocationEnv, STORAGE_KEY } from '../../src/app/permalink.ts';
import type { AppState } from '../../src/app/state.ts';
import { Store } from '../../src/app/store.ts';
import { encodeState } from '../../src/app/url.ts';

/** A fake location: a hash, a history counter, a storage map and a manual clock. */
function fakeEnv(hash = '', stored: string | null = null) {
  const storage = new Map<string, string>();
  if (stored !== null) storage.set(STORAGE_KEY, stored);
  const listeners = new Set<() => void>();
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const env = {
    hash,
    writes: 0,
    readHash: () => env.hash,
    writeHash: (h: string) => {
      env.hash = h;
      env.writes++;
    },
    onHashChange: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    storage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
    setTimeout: (fn: () => void) => {
      timers.set(nextTimer, fn);
      return nextTimer++;
    },
    clearTimeout: (h: number) => timers.delete(h),
    /** Runs the pending timers (time passes). */
    tick() {
      for (const [h, fn] of [...timers]) {
        timers.delete(h);
        fn();
      }
    },
    /** The user navigates to a new hash. */
    navigate(h: string) {
      env.hash = h;
      for (const l of listeners) l();
    },
    stored: () => storage.get(STORAGE_KEY) ?? null,
  };
  return env satisfies LocationEnv & Record<string, unknown>;
}

describe('initialState', () => {
  it('the link wins; then the stored session; then the default scene', () => {
    const rosen = encodeState(A.setPreset(defaultState(), 'rosenbrock'));
    const booth = encodeState(A.setPreset(defaultState(), 'booth'));
    expect(initialState(fakeEnv(rosen, booth)).state.fn.preset).toBe('rosenbrock');
    expect(initialState(fakeEnv('', booth)).state.fn.preset).toBe('booth');
    expect(initialState(fakeEnv('', null)).state).toEqual(defaultState());
  });

  it('reports what a link held that it could not use, and ignores a broken stored session', () => {
    const { state, ignored } = initialState(fakeEnv('v=1&steps=banana&zzz=1'));
    expect(state.steps).toBe(30);
    expect(ignored.length).toBe(2);
    expect(initialState(fakeEnv('', 'v=1&steps=banana')).ignored).toEqual([]);
  });
});

describe('HashSync', () => {
  it('writes the hash once after a burst of changes, replacing (not pushing) history', () => {
    const env = fakeEnv();
    const store = new Store<AppState>(defaultState());
    new HashSync(store, env, () => {});
    for (let i = 0; i < 10; i++) store.set((s) => A.seek(s, i));
    expect(env.writes).toBe(0);
    env.tick();
    expect(env.writes).toBe(1);
    expect(env.hash).toBe(encodeState(store.state));
    expect(env.stored()).toBe(env.hash);
  });

  it('writes nothing while playing, and the step reached once playback stops', () => {
    const env = fakeEnv();
    const store = new Store<AppState>(A.reset(defaultState()));
    new HashSync(store, env, () => {});
    store.set(A.play);
    for (let i = 0; i < 5; i++) store.set((s) => A.advance(s, 1));
    env.tick();
    expect(env.writes).toBe(0);
    store.set(A.pause);
    env.tick();
    expect(env.writes).toBe(1);
    expect(env.hash).toContain('step=5');
  });

  it('follows a hash the user navigates to, and reports ignored fields', () => {
    const env = fakeEnv();
    const store = new Store<AppState>(defaultState());
    const reported: string[][] = [];
    new HashSync(store, env, (lines) => reported.push([...lines]));
    env.navigate(encodeState(A.setPreset(defaultState(), 'himmelblau')));
    expect(store.state.fn.preset).toBe('himmelblau');
    env.navigate('v=1&p=nope');
    expect(reported).toHaveLength(1);
    expect(store.state.fn.preset).toBe('book');
  });

  it('does not reload its own writes', () => {
    const env = fakeEnv();
    const store = new Store<AppState>(defaultState());
    new HashSync(store, env, () => {});
    store.set((s) => A.setPreset(s, 'booth'));
    env.tick();
    const before = store.state;
    env.navigate(env.hash);
    expect(store.state).toBe(before);
  });
});
