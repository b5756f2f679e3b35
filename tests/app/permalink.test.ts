import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import {
  HashSync,
  initialState,
  type LocationEnv,
  linkState,
  MAX_LINK_LENGTH,
  STORAGE_KEY,
} from '../../src/app/permalink.ts';
import type { AppState } from '../../src/app/state.ts';
import { Store } from '../../src/app/store.ts';
import { decodeState, encodeState } from '../../src/app/url.ts';
import { parse } from '../../src/core/expr/index.ts';

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

describe('links hold the last valid function, within a size bound (issue #10)', () => {
  it('a typo on the Rosenbrock scene stays in the field; link and session keep Rosenbrock', () => {
    const env = fakeEnv();
    const rosen = A.setPreset(defaultState(), 'rosenbrock');
    const store = new Store<AppState>(rosen);
    new HashSync(store, env, () => {});
    store.set((s) => A.setExpression(s, `${s.fn.expression} + sine(y)`));
    env.tick();
    expect(store.state.fn.expression).toContain('sine(y)');
    // What nothing else (a new tab, a reload) sees: the scene as it was before the typo.
    expect(initialState(fakeEnv('', env.stored())).state).toEqual(rosen);
    expect(decodeState(env.hash).state).toEqual(rosen);
    // A later valid edit is written as usual.
    store.set((s) => A.setExpression(s, 'x^2 + y^2'));
    env.tick();
    expect(decodeState(env.hash).state.fn.expression).toBe('x^2 + y^2');
  });

  it('opened from a link, the typo saves that scene as the session (a new tab opens it)', () => {
    const rosen = A.setPreset(defaultState(), 'rosenbrock');
    const env = fakeEnv(encodeState(rosen));
    const store = new Store<AppState>(initialState(env).state);
    new HashSync(store, env, () => {});
    store.set((s) => A.setExpression(s, `${s.fn.expression} + sine(y)`));
    env.tick();
    expect(env.writes).toBe(0);
    expect(initialState(fakeEnv('', env.stored())).state).toEqual(rosen);
  });

  it('linkState keeps a valid state as it is', () => {
    const s = defaultState();
    expect(linkState(s, A.setPreset(s, 'booth').fn)).toBe(s);
  });

  it('a link longer than MAX_LINK_LENGTH is not written (hash nor storage), with one notice', () => {
    const env = fakeEnv();
    const store = new Store<AppState>(defaultState());
    const notices: string[] = [];
    new HashSync(
      store,
      env,
      () => {},
      (m) => notices.push(m),
    );
    store.set((s) => A.setExpression(s, 'x + y'));
    env.tick();
    const written = env.hash;
    // 4000 characters that parse, mostly no-break spaces (%-encoded to 6 each): a 24 kB link.
    const long = `x${'\u00a0'.repeat(3997)}+y`;
    expect(parse(long).ok).toBe(true);
    store.set((s) => A.setExpression(s, long));
    env.tick();
    expect(encodeState(store.state).length).toBeGreaterThan(MAX_LINK_LENGTH);
    expect(env.hash).toBe(written);
    expect(env.stored()).toBe(written);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/16000/);
    store.set((s) => A.seek(s, 3));
    env.tick();
    expect(notices).toHaveLength(1);
  });

  it('a stored session longer than MAX_LINK_LENGTH is not restored', () => {
    const long = `v=1&f=${'x+'.repeat(8000)}x`;
    expect(initialState(fakeEnv('', long)).state).toEqual(defaultState());
  });
});
