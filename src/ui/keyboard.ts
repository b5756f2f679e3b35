/** Playback keys: space plays or pauses, ← and → step, R resets. Ignored while typing in a field. */
import * as A from '../app/actions.ts';
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
export function bindKeys(store: Store<AppState>): () => void {
  const onKey = (e: KeyboardEvent) => {
    const action = KEYS[e.key];
    if (!action || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    store.set(action);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
