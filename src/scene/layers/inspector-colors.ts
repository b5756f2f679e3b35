/** Colours the step inspector's layers and card share (kept apart so the card loads no layer). */
import type { PartRole } from '../../app/inspector.ts';

/** Colours of the parts besides −lr·∇f (black or white, whichever stands out) and Δ (the optimizer's). */
export const PART_COLORS: Readonly<Record<Exclude<PartRole, 'update' | 'gradient'>, string>> = {
  momentum: '#e6007e',
  rest: '#8a8a8a',
};

/** The direction of negative curvature's colour. */
export const NEGATIVE_COLOR = '#d62728';
