/**
 * What each pane kind is built from. A new kind of pane is a class implementing `PaneView`
 * (pane-view.ts), a value of `PaneKind` (app/state.ts) and one entry here; a view the first screen
 * does not need loads on first use through `LazyPane`.
 */
import type { PaneKind } from '../app/state.ts';
import { ChartPane } from './chart-pane.ts';
import { LazyPane } from './lazy-pane.ts';
import { ScenePane } from './pane.ts';
import type { PaneViewFactory } from './pane-view.ts';

export const PANE_VIEWS: Readonly<Record<PaneKind, PaneViewFactory>> = {
  '3d': (host, _kind, events) => new ScenePane(host, '3d', events),
  '2d': (host, _kind, events) => new ScenePane(host, '2d', events),
  chart: (host, kind) => new ChartPane(host, kind),
  sweep: (host, kind, events) =>
    new LazyPane(kind, () => import('./sweep-pane.ts').then((m) => new m.SweepPane(host, kind, events))),
};
