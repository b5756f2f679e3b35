/**
 * The opening move. A first visit (no link, no saved session) starts the scene at step 0 and plays
 * it through once, so the page moves on load; a reader who asked for reduced motion gets the last
 * step instead, standing still. A permalink opens paused at its own step; a saved session, as it was
 * left (paused).
 */
import { STORAGE_KEY } from './permalink.ts';
import type { AppState } from './state.ts';

/** How the page was reached. */
export type Arrival = 'link' | 'session' | 'first-visit';

/** Reads how the page was reached: a hash is a link, a stored session a return, else a first visit. */
export function arrivalOf(hash: string, storage: Pick<Storage, 'getItem'> | null): Arrival {
  if (hash) return 'link';
  try {
    if (storage?.getItem(STORAGE_KEY)) return 'session';
  } catch {
    // Storage forbidden: nothing was saved that we could read.
  }
  return 'first-visit';
}

/** The state to open on, given how the page was reached and whether motion should be reduced. */
export function openingState(s: AppState, arrival: Arrival, reducedMotion: boolean): AppState {
  if (arrival !== 'first-visit') {
    return s.playback.playing ? { ...s, playback: { ...s.playback, playing: false } } : s;
  }
  const playback = reducedMotion
    ? { ...s.playback, step: s.steps, playing: false }
    : { ...s.playback, step: 0, playing: true };
  return { ...s, playback };
}
