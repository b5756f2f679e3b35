/**
 * What each pane kind is built from. A new kind of pane is a class implementing `PaneView`
 * (pane-view.ts), a value of `PaneKind` (app/state.ts) and one entry here. A kind the first screen
 * does not show (the f-by-step chart, the hyperparameter map) loads its code on first use (`lazyView`).
 */
import type { PaneKind } from '../app/state.ts';
import { lazyView } from './lazy-view.ts';
import { ScenePane } from './pane.ts';
import type { PaneViewFactory } from './pane-view.ts';

export const PANE_VIEWS: Readonly<Record<PaneKind, PaneViewFactory>> = {
  '3d': (host, _kind, events) => new ScenePane(host, '3d', events),
  '2d': (host, _kind, events) => new ScenePane(host, '2d', events),
  chart: lazyView(() => import('./chart-pane.ts').then((m) => (host, kind) => new m.ChartPane(host, kind))),
  sweep: lazyView(() =>
    import('./sweep-pane.ts').then((m) => (host, kind, events) => new m.SweepPane(host, kind, events)),
  ),
};
