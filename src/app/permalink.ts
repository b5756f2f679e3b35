/**
 * Keeps the URL hash and the state in step: the page opens on the scene its link describes (or, with
 * no hash, on the last session kept in local storage), writes the hash back as the user works —
 * replacing the history entry, debounced, so history is not flooded — and follows links pasted into
 * the address bar. What a link held that could not be used is reported through `onIgnored`.
 */
import { defaultState } from './defaults.ts';
import type { AppState } from './state.ts';
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
  if (saved) {
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

  constructor(
    private readonly store: Store<AppState>,
    private readonly env: LocationEnv,
    private readonly onIgnored: (lines: readonly string[]) => void,
  ) {
    this.written = env.readHash();
    this.unsubscribe = store.subscribe(() => this.schedule());
    this.unlisten = env.onHashChange(() => this.follow());
  }

  /** The link of the current state (for "copy link"). */
  get hash(): string {
    return encodeState(this.store.state);
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
    const hash = encodeState(this.store.state);
    if (hash === this.written) return;
    this.written = hash;
    this.env.writeHash(hash);
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
    this.store.set(state);
    if (ignored.length > 0) this.onIgnored(ignored);
  }

  dispose(): void {
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    this.unsubscribe();
    this.unlisten();
  }
}
