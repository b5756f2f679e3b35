/**
 * Playback keys: space plays or pauses, ← and → step, R resets; Ctrl+Z undoes a change of the scene,
 * Ctrl+Shift+Z (or Ctrl+Y) redoes it (⌘ on a Mac). Ignored while typing in a field, where these keys
 * edit the text.
 */
import * as A from '../app/actions.ts';
import type { History } from '../app/history.ts';
import type { AppState } from '../app/state.ts';
import type { Store } from '../app/store.ts';

const KEYS: Record<string, (s: AppState) => AppState> = {
  ' ': A.togglePlay,
  ArrowRight: A.stepForward,
  ArrowLeft: A.stepBack,
  r: A.reset,
  R: A.reset,
};

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}

/** Installs the keys on `window`; returns the function that removes them. */
export function bindKeys(store: Store<AppState>, history?: History): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (history && (e.ctrlKey || e.metaKey) && !e.altKey && !typing(e.target)) {
      const key = e.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) history.redo();
        else history.undo();
        return;
      }
    }
    // Space on a focused button presses that button (the transport's play, a legend entry).
    if (e.key === ' ' && e.target instanceof HTMLButtonElement) return;
    const action = KEYS[e.key];
    if (!action || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    store.set(action);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
