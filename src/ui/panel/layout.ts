/** The "Layout & compare" folder: panes and their kinds, linked cameras, the charts. */
import type GUI from 'lil-gui';
import * as A from '../../app/actions.ts';
import type { AppState, PaneKind, ViewState } from '../../app/state.ts';
import { tooltip } from '../controls.ts';
import { bind, type PanelContext, type Refresh } from './kit.ts';

export function layoutFolder(gui: GUI, ctx: PanelContext): Refresh {
  const s = () => ctx.store.state;
  const set = (f: (st: AppState) => AppState) => ctx.store.set(f);
  const v = () => s().view;
  const setView = (patch: Partial<ViewState>) => set((st) => A.setView(st, patch));
  // ---- layout -----------------------------------------------------------------------------------
  const layout = gui.addFolder('Layout & compare');
  const lay = () => s().layout;
  tooltip(
    bind(
      layout,
      'panes',
      () => lay().panes,
      (n: 1 | 2 | 4) => set((st) => A.setLayout(st, { panes: Number(n) as 1 | 2 | 4 })),
      {
        '1': 1,
        '2 side by side': 2,
        '4 (2 × 2)': 4,
      },
    ),
    'Several panes show the same function, each with the optimizers assigned to it (each optimizer has a pane).',
  );
  const kindControls = [0, 1, 2, 3].map((i) =>
    tooltip(
      bind(
        layout,
        `pane ${i + 1}`,
        () => lay().kinds[i],
        (k: PaneKind) => set((st) => A.setPaneKind(st, i, k)),
        {
          '3-D surface': '3d',
          '2-D contours': '2d',
          'chart of f by step': 'chart',
          'hyperparameter map': 'sweep',
        },
      ),
      "3-D: the surface you can orbit. 2-D: the contour map from above at true scale, like the book's figures. Hyperparameter map: the pane's first optimizer over two of its parameters (Maps → Hyperparameter map).",
    ),
  );
  tooltip(
    bind(
      layout,
      'linked cameras',
      () => lay().linked,
      (l: boolean) => set((st) => A.setLayout(st, { linked: l })),
    ),
    'Orbit or pan one pane and the others of the same kind follow.',
  );
  tooltip(
    bind(
      layout,
      'charts & table',
      () => lay().charts,
      (c: boolean) => set((st) => A.setLayout(st, { charts: c })),
    ),
    'f and |∇f| by step for every optimizer, and a sortable table of results.',
  );
  tooltip(
    bind(
      layout,
      'chart scale',
      () => v().chartScale,
      (c: 'linear' | 'log') => setView({ chartScale: c }),
      ['log', 'linear'],
    ),
    'Value axis of the charts.',
  );
  tooltip(
    layout.add({ book: () => set(A.bookLayout) }, 'book').name('one optimizer per pane (2 × 2)'),
    "The book's figure 6-8 layout: four 2-D panes, one optimizer each.",
  );
  layout.close();
  return (st) =>
    kindControls.forEach((c, i) => {
      c.show(i < st.layout.panes);
    });
}
