/**
 * The "Function" folder: preset, expression (its error shown under the field), domain, resolution
 * and gradient mode. The expression, domain and resolution apply when the field is left.
 */
import type GUI from 'lil-gui';
import * as A from '../../app/actions.ts';
import { adoptRecognisedPreset } from '../../app/recognise.ts';
import { type AppState, LIMITS } from '../../app/state.ts';
import { FUNCTION_PRESETS } from '../../core/functions/presets.ts';
import { tooltip } from '../controls.ts';
import { ExpressionError } from '../expression-error.ts';
import { bind, type PanelContext, type Refresh } from './kit.ts';

const CUSTOM = '(custom)';

export function functionFolder(gui: GUI, ctx: PanelContext): Refresh {
  const s = () => ctx.store.state;
  const set = (f: (st: AppState) => AppState) => ctx.store.set(f);
  // ---- function ---------------------------------------------------------------------------------
  const fn = gui.addFolder('Function');
  const presets: Record<string, string> = { [CUSTOM]: CUSTOM };
  for (const p of FUNCTION_PRESETS) presets[p.name] = p.id;
  tooltip(
    bind(
      fn,
      'preset',
      () => s().fn.preset ?? CUSTOM,
      (id: string) => id !== CUSTOM && set((st) => A.setPreset(st, id)),
      presets,
    ),
    'A classic test function with its usual domain and a telling start.',
  );
  const expr = ctx.deferred(
    fn,
    'f(x, y) =',
    () => s().fn.expression,
    (t: string) => {
      // A preset's formula typed by hand gets that preset's domain and colour scale.
      let recognised: string | null = null;
      set((st) => {
        const { state, preset } = adoptRecognisedPreset(A.setExpression(st, t));
        recognised = preset
          ? `${preset.name}: its domain and ${preset.colorScale} colour scale are applied (Ctrl+Z undoes).`
          : null;
        return state;
      });
      if (recognised) ctx.commands.notify(`This is ${recognised}`);
    },
  );
  tooltip(
    expr,
    'Any expression in x and y: + − * / ^, sin cos exp log sqrt abs min max …, pi, e. Press Enter to apply.',
  );
  expr.domElement.classList.add('expression');
  const input = expr.domElement.querySelector('input')!;
  input.id = 'expression';
  input.spellcheck = false;
  input.autocomplete = 'off';
  const exprError = new ExpressionError(expr.domElement);
  for (const [axis, i] of [
    ['x', 0],
    ['x', 1],
    ['y', 0],
    ['y', 1],
  ] as const) {
    const c = ctx.deferred(
      fn,
      `${axis} ${i === 0 ? 'min' : 'max'}`,
      () => s().fn.domain[axis][i],
      (v: number) => {
        const d = s().fn.domain;
        const range: [number, number] = [d[axis][0], d[axis][1]];
        range[i] = v;
        set((st) => A.setDomain(st, { ...d, [axis]: range }));
      },
    );
    tooltip(c, `The ${axis} range of the plot (min < max).`);
    ctx.checked(c, (v: number) => {
      if (!Number.isFinite(v)) return `${axis} ${i === 0 ? 'min' : 'max'} must be a number`;
      const other = s().fn.domain[axis][1 - i];
      if (i === 0 && v >= other) return `${axis} min must be below ${axis} max (${other})`;
      if (i === 1 && v <= other) return `${axis} max must be above ${axis} min (${other})`;
      return null;
    });
  }
  tooltip(
    ctx.deferred(
      fn,
      'resolution',
      () => s().fn.resolution,
      (n: number) => set((st) => A.setResolution(st, n)),
      LIMITS.resolution.min,
      LIMITS.resolution.max,
      1,
    ),
    'Mesh segments per side: higher is smoother and slower. Applied when you release the slider.',
  );
  tooltip(
    bind(
      fn,
      'gradient',
      () => s().gradient,
      (m: 'exact' | 'numeric') => set((st) => A.setGradientMode(st, m)),
      {
        'exact (symbolic)': 'exact',
        'numeric (h = 1e-4)': 'numeric',
      },
    ),
    "Exact derivatives, or the book's central difference (f(x+h) − f(x−h)) / 2h, to compare the two.",
  );
  return (st, derived) => exprError.show(derived.error, st.fn.expression);
}
