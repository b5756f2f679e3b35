/**
 * Undo and redo over the store: every change of the scene (function, view, optimizers, start, steps,
 * gradient, layout) is kept, so that a stray click on the surface or a slider pushed too far can be
 * taken back. Playback and the cameras are not scene changes: the step playing on, or an orbit, does
 * not fill the history, and undo leaves them where they are. A burst of changes (a slider dragged)
 * within `MERGE_MS` counts as one. The history holds at most `LIMIT` states.
 */
import type { AppState } from './state.ts';
import type { Store } from './store.ts';

export const LIMIT = 100;
export const MERGE_MS = 500;

/** The slices that are not the scene: they neither make history nor are undone. */
const PASSING = new Set<keyof AppState>(['playback', 'cameras']);

/** True when `a` and `b` differ in some slice of the scene (compared by reference: the state is immutable). */
export function sceneChanged(a: AppState, b: AppState): boolean {
  return (Object.keys(a) as (keyof AppState)[]).some((k) => !PASSING.has(k) && a[k] !== b[k]);
}

/** `scene`'s scene with `now`'s playback (paused, inside the steps) and cameras. */
function restore(scene: AppState, now: AppState): AppState {
  const step = Math.min(now.playback.step, scene.steps);
  return { ...scene, playback: { ...now.playback, step, playing: false }, cameras: now.cameras };
}

export class History {
  private readonly past: AppState[] = [];
  private readonly future: AppState[] = [];
  private applying = false;
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store<AppState>,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.unsubscribe = store.subscribe((s, previous) => this.record(s, previous));
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  private record(s: AppState, previous: AppState): void {
    if (this.applying || !sceneChanged(previous, s)) return;
    const t = this.now();
    // A burst (a slider drag, typing) joins the entry its first change made.
    if (t - this.lastAt >= MERGE_MS || this.past.length === 0) {
      this.past.push(previous);
      if (this.past.length > LIMIT) this.past.shift();
    }
    this.lastAt = t;
    this.future.length = 0;
  }

  undo(): void {
    const previous = this.past.pop();
    if (!previous) return;
    this.future.push(this.store.state);
    this.apply(restore(previous, this.store.state));
  }

  redo(): void {
    const next = this.future.pop();
    if (!next) return;
    this.past.push(this.store.state);
    this.apply(restore(next, this.store.state));
  }

  private apply(s: AppState): void {
    this.applying = true;
    try {
      this.store.set(s);
    } finally {
      this.applying = false;
      // The next change starts its own entry.
      this.lastAt = Number.NEGATIVE_INFINITY;
    }
  }

  dispose(): void {
    this.unsubscribe();
  }
}
