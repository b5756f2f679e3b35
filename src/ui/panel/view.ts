/** The "View" folder: colours, contours, height, z range, the gradient field, the camera. */
import type GUI from 'lil-gui';
import * as A from '../../app/actions.ts';
import { COLORMAPS } from '../../app/colormaps.ts';
import { type AppState, LIMITS, type ViewState } from '../../app/state.ts';
import { tooltip } from '../controls.ts';
import { formatValue } from '../log-number-controller.ts';
import { bind, type PanelContext, type Refresh } from './kit.ts';

export function viewFolder(gui: GUI, ctx: PanelContext): Refresh {
  const s = () => ctx.store.state;
  const set = (f: (st: AppState) => AppState) => ctx.store.set(f);
  /** The automatic z range's end, shown in the z fields while the range is automatic. */
  const autoRange = (key: 'zMin' | 'zMax'): number => {
    const [low, high] = ctx.derived()?.autoZRange(s().view.zAuto) ?? [Number.NaN, Number.NaN];
    if (!Number.isFinite(low) || !Number.isFinite(high)) return key === 'zMin' ? 0 : 1;
    return Number(formatValue(key === 'zMin' ? low : high));
  };
  // ---- view -------------------------------------------------------------------------------------
  const view = gui.addFolder('View');
  const { commands } = ctx;
  const v = () => s().view;
  const setView = (patch: Partial<ViewState>) => set((st) => A.setView(st, patch));
  bind(
    view,
    'colormap',
    () => v().colormap,
    (c: ViewState['colormap']) => setView({ colormap: c }),
    Object.fromEntries(COLORMAPS.map((c) => [c.name, c.id])),
  );
  tooltip(
    bind(
      view,
      'colour scale',
      () => v().colorScale,
      (c: 'linear' | 'log') => setView({ colorScale: c }),
      ['linear', 'log'],
    ),
    'Log colours (f − min) on a log scale: needed for Rosenbrock or Goldstein–Price, whose values span decades.',
  );
  tooltip(
    bind(
      view,
      'contours',
      () => v().contours,
      (n: number) => setView({ contours: n }),
      0,
      60,
      1,
    ),
    'Number of contour lines across the colour range (0 hides them).',
  );
  tooltip(
    bind(
      view,
      'contour spacing',
      () => v().contourSpacing,
      (d: number) => setView({ contourSpacing: d }),
      0,
      100,
      0.1,
    ),
    "Explicit spacing of contour lines in units of f, like the seed's levels=arange(0, 100, 1); 0 uses the count.",
  );
  tooltip(
    bind(
      view,
      'wireframe',
      () => v().wireframe,
      (w: boolean) => setView({ wireframe: w }),
    ),
    "Draw the surface as a grid of lines, like the book's figure 6-1.",
  );
  tooltip(
    bind(
      view,
      'height',
      () => v().exaggeration,
      (e: number) => setView({ exaggeration: e }),
      LIMITS.exaggeration.min,
      LIMITS.exaggeration.max,
      0.05,
    ),
    'Vertical exaggeration: the height of the box relative to its width.',
  );
  tooltip(
    bind(
      view,
      'z range',
      () => (v().zMin === null && v().zMax === null ? v().zAuto : 'manual'),
      (mode: ViewState['zAuto'] | 'manual') =>
        setView(
          mode === 'manual'
            ? { zMin: autoRange('zMin'), zMax: autoRange('zMax') }
            : { zAuto: mode, zMin: null, zMax: null },
        ),
      {
        'data min – max': 'full',
        'robust (1–99 %)': 'robust',
        'set by hand': 'manual',
      },
    ),
    "Heights and colours are clipped to this range: the data's own, its 1st–99th percentile (cuts off a pole's spike), or z min / z max typed below.",
  );
  tooltip(
    ctx.deferred(
      view,
      'z min',
      () => v().zMin ?? autoRange('zMin'),
      (z: number) => setView({ zMin: z }),
    ),
    'Heights and colours below this are clipped.',
  );
  tooltip(
    ctx.deferred(
      view,
      'z max',
      () => v().zMax ?? autoRange('zMax'),
      (z: number) => setView({ zMax: z }),
    ),
    'Heights and colours above this are clipped.',
  );
  tooltip(
    bind(
      view,
      'gradient field',
      () => v().field,
      (f: boolean) => setView({ field: f }),
    ),
    "Arrows of −∇f (the seed's quiver plot): where plain gradient descent would move.",
  );
  tooltip(
    bind(
      view,
      'arrows per side',
      () => v().fieldDensity,
      (n: number) => setView({ fieldDensity: n }),
      LIMITS.fieldDensity.min,
      LIMITS.fieldDensity.max,
      1,
    ),
    'Density of the gradient field.',
  );
  tooltip(
    bind(
      view,
      'arrow length',
      () => v().fieldMode,
      (m: ViewState['fieldMode']) => setView({ fieldMode: m }),
      {
        'same for all': 'normalized',
        'proportional to |∇f|': 'proportional',
      },
    ),
    'Normalized arrows show the direction everywhere; proportional ones also show where the slope is steep.',
  );
  tooltip(
    bind(
      view,
      'filled (2-D)',
      () => v().filled,
      (f: boolean) => setView({ filled: f }),
    ),
    "2-D panes: filled colours, or contour lines only (the seed's plt.contour).",
  );
  tooltip(
    bind(
      view,
      'aspect (2-D)',
      () => v().aspect,
      (a: ViewState['aspect']) => setView({ aspect: a }),
      { 'equal scale': 'equal', 'fill the pane': 'fill' },
    ),
    '2-D panes: x and y at the same scale (the true shape), or stretched to fill the pane.',
  );
  tooltip(
    bind(
      view,
      'minima & saddles',
      () => v().stationary,
      (on: boolean) => setView({ stationary: on }),
    ),
    "Mark f's stationary points: minima (●), saddles (✕), maxima (▲); hover one for its place and f.",
  );
  tooltip(view.add(commands, 'resetView').name('reset view'), 'Back to the starting camera.');
  tooltip(
    view.add(commands, 'topView').name('look straight down'),
    'See the contours from above, as in a 2-D plot.',
  );
  view.close();
  return () => undefined;
}
