/**
 * Holding C while the inspector is open probes the curvature under the pointer: the card and the
 * curvature layer show the local model there instead of at the optimizer's point, until C is
 * released (or the window loses focus). Pointer moves are taken at most once a frame.
 */
import type { InspectorModel } from '../app/inspector-model.ts';
import type { Vec2 } from '../core/curvature.ts';

/**
 * Installs the probe: `pick` turns a pointer event over the panes into (x, y) of the domain (null
 * off the surface); `onChange` redraws. Returns the function that removes the listeners.
 */
export function bindCurvatureProbe(
  panes: HTMLElement,
  model: InspectorModel,
  pick: (e: PointerEvent) => Vec2 | null,
  onChange: () => void,
): () => void {
  let held = false;
  let last: PointerEvent | null = null;
  let frame = 0;
  const apply = () => {
    frame = 0;
    const at = held && last ? pick(last) : null;
    if (at === null && model.probe === null) return;
    model.probe = at;
    onChange();
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(apply);
  };
  const move = (e: PointerEvent) => {
    last = e;
    if (held) schedule();
  };
  const down = (e: KeyboardEvent) => {
    if (e.key !== 'c' && e.key !== 'C') return;
    if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || !model.open || typing(e.target)) return;
    held = true;
    schedule();
  };
  const release = () => {
    if (!held) return;
    held = false;
    schedule();
  };
  const up = (e: KeyboardEvent) => {
    if (e.key === 'c' || e.key === 'C') release();
  };
  panes.addEventListener('pointermove', move);
  window.addEventListener('keydown', down);
  window.addEventListener('keyup', up);
  window.addEventListener('blur', release);
  return () => {
    panes.removeEventListener('pointermove', move);
    window.removeEventListener('keydown', down);
    window.removeEventListener('keyup', up);
    window.removeEventListener('blur', release);
    if (frame !== 0) cancelAnimationFrame(frame);
  };
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}
