/**
 * Keeps the URL hash and the state in step: the page opens on the scene its link describes (or, with
 * no hash, on the last session kept in local storage), writes the hash back as the user works —
 * replacing the history entry, debounced, so history is not flooded — and follows links pasted into
 * the address bar. What a link held that could not be used is reported through `onIgnored`.
 */

import { parse } from '../core/expr/index.ts';
import { defaultState } from './defaults.ts';
import type { AppState, FunctionState } from './state.ts';
import type { Store } from './store.ts';
import { decodeState, encodeState } from './url.ts';

/** The browser APIs it needs, injectable for tests. */
export interface LocationEnv {
  readHash(): string;
  /** Replaces the current history entry's hash. */
  writeHash(hash: string): void;
  onHashChange(listener: () => void): () => void;
  /** Local storage, or null where it is unavailable (private mode, tests). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}

export const STORAGE_KEY = 'descent:last-session';

/** Milliseconds between a change and the hash being written (changes meanwhile join that write). */
export const WRITE_DELAY = 250;

/**
 * Longest link written to the address bar and to local storage, in characters: a longer one (an
 * expression near the parser's 4000-character limit, %-encoded) is not written, with a notice.
 */
export const MAX_LINK_LENGTH = 16_000;

/**
 * The state a link holds for `s`: the function is the last valid one (`lastValid`) while the typed
 * expression does not parse — the invalid text stays only in the field with its error, so a typo
 * never reaches the link or the saved session.
 */
export function linkState(s: AppState, lastValid: FunctionState): AppState {
  if (s.fn.expression === lastValid.expression || parse(s.fn.expression).ok) return s;
  return { ...s, fn: { ...s.fn, preset: lastValid.preset, expression: lastValid.expression } };
}

export function browserLocation(): LocationEnv {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  return {
    readHash: () => window.location.hash.replace(/^#/, ''),
    writeHash: (hash) => window.history.replaceState(window.history.state, '', `#${hash}`),
    onHashChange: (listener) => {
      window.addEventListener('hashchange', listener);
      return () => window.removeEventListener('hashchange', listener);
    },
    storage,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h),
  };
}

/** The state to open with: the link's, else the last session's, else the default; and what was ignored. */
export function initialState(env: LocationEnv): { state: AppState; ignored: string[] } {
  const hash = env.readHash();
  if (hash) return decodeState(hash);
  const saved = safeGet(env);
  if (saved && saved.length <= MAX_LINK_LENGTH) {
    const restored = decodeState(saved);
    // A stored session that no longer reads cleanly is simply not restored.
    if (restored.ignored.length === 0) return restored;
  }
  return { state: defaultState(), ignored: [] };
}

function safeGet(env: LocationEnv): string | null {
  try {
    return env.storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export class HashSync {
  private written: string;
  private timer: number | null = null;
  private readonly unsubscribe: () => void;
  private readonly unlisten: () => void;
  /** The last function state whose expression parsed: what links hold while the typed one does not. */
  private lastValid: FunctionState;
  /** An oversize link was reported (once until a link fits again, not at every change). */
  private oversize = false;
  /** What this page last saved to local storage. */
  private stored: string | null = null;

  /**
   * `onIgnored`: what a followed link held that could not be used. `onNotice`: why the current state
   * is not written (too long a link).
   */
  constructor(
    private readonly store: Store<AppState>,
    private readonly env: LocationEnv,
    private readonly onIgnored: (lines: readonly string[]) => void,
    private readonly onNotice: (message: string) => void = () => {},
  ) {
    this.lastValid = store.state.fn;
    this.written = env.readHash();
    this.unsubscribe = store.subscribe(() => this.schedule());
    this.unlisten = env.onHashChange(() => this.follow());
  }

  /** The link of the current state (for "copy link"). */
  get hash(): string {
    return encodeState(this.linkState());
  }

  /** The current state with the last valid function (see `linkState`); remembers a valid one. */
  private linkState(): AppState {
    const s = linkState(this.store.state, this.lastValid);
    this.lastValid = s.fn;
    return s;
  }

  /**
   * Writes at most once per `WRITE_DELAY`: a burst of changes (a slider) costs one timer. While
   * playback runs nothing is written; pausing (or the end) writes the step reached.
   */
  private schedule(): void {
    if (this.store.state.playback.playing) return;
    if (this.timer === null) this.timer = this.env.setTimeout(() => this.flush(), WRITE_DELAY);
  }

  /** Writes the current state to the hash and local storage now. */
  flush(): void {
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    this.timer = null;
    const hash = encodeState(this.linkState());
    // A page opened from a link has that link in the address bar but not yet in storage.
    if (hash === this.written && hash === this.stored) return;
    if (hash.length > MAX_LINK_LENGTH) {
      if (!this.oversize) {
        this.oversize = true;
        this.onNotice(
          `This scene's link would be ${hash.length} characters long (the limit is ${MAX_LINK_LENGTH}): the address bar and the saved session keep the previous one.`,
        );
      }
      return;
    }
    this.oversize = false;
    if (hash !== this.written) {
      this.written = hash;
      this.env.writeHash(hash);
    }
    this.stored = hash;
    try {
      this.env.storage?.setItem(STORAGE_KEY, hash);
    } catch {
      // Storage full or forbidden: the link still holds the scene.
    }
  }

  /** A hash the user navigated to (pasted link, back button): load it. */
  private follow(): void {
    const hash = this.env.readHash();
    if (hash === this.written) return;
    this.written = hash;
    const { state, ignored } = decodeState(hash);
    this.lastValid = state.fn;
    this.store.set(state);
    if (ignored.length > 0) this.onIgnored(ignored);
  }

  dispose(): void {
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    this.unsubscribe();
    this.unlisten();
  }
}
