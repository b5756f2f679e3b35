/**
 * A preset typed by hand: the formula of Rosenbrock typed into the field is recognised (spaces and
 * `**` for `^` aside), so that it gets Rosenbrock's domain and colour scale instead of a flat purple
 * sheet over [−10, 10]. The start stays where the user put it.
 */
import { FUNCTION_PRESETS } from '../core/functions/presets.ts';
import type { FunctionPreset } from '../core/functions/types.ts';
import { setPreset } from './actions.ts';
import type { AppState } from './state.ts';

/** The text of a formula with spaces removed and `**` written `^`. */
export function normalizeFormula(text: string): string {
  return text.replace(/\s+/g, '').replace(/\*\*/g, '^');
}

/** The preset whose formula `expression` is, or undefined. */
export function recognisePreset(expression: string): FunctionPreset | undefined {
  const typed = normalizeFormula(expression);
  return FUNCTION_PRESETS.find((p) => normalizeFormula(p.expression) === typed);
}

/**
 * `s` with a typed expression that is a preset's formula turned into that preset (its domain and
 * colour scale), keeping the start; `s` itself when the expression is no preset's or already is one.
 */
export function adoptRecognisedPreset(s: AppState): { state: AppState; preset: FunctionPreset | null } {
  if (s.fn.preset !== null) return { state: s, preset: null };
  const preset = recognisePreset(s.fn.expression);
  if (!preset) return { state: s, preset: null };
  const adopted = setPreset(s, preset.id);
  return { state: { ...adopted, start: s.start, playback: s.playback }, preset };
}
