/**
 * The compare drawer under the panes: the f and |∇f| charts and the sortable results table, shown
 * when the layout asks for them. The charts library loads the first time the drawer opens, so the
 * page does not ship it to everyone; hidden, the drawer costs nothing.
 */
import type { Derived } from '../app/derived.ts';
import type { AppState } from '../app/state.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';
import type { Charts } from './charts.ts';
import type { LrCharts } from './lr-chart.ts';
import type { ResultsTable } from './results.ts';

export class CompareDrawer {
  readonly element = document.createElement('section');
  private parts: { charts: Charts; lr: LrCharts; results: ResultsTable } | null = null;
  private loading: Promise<void> | null = null;
  private readonly chartsBox = document.createElement('div');
  private readonly resultsBox = document.createElement('div');
  private readonly resize: ResizeObserver;
  private open = false;
  private latest: { s: AppState; derived: Derived } | null = null;

  constructor(
    container: HTMLElement,
    private readonly root: HTMLElement,
  ) {
    this.element.className = 'compare';
    this.element.id = 'compare';
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Compare optimizers');
    this.chartsBox.className = 'compare-charts';
    this.resultsBox.className = 'compare-results';
    this.element.append(this.chartsBox, this.resultsBox);
    container.append(this.element);
    this.resize = new ResizeObserver(() => {
      if (this.open) this.parts?.charts.resize(this.chartsWidth());
      if (this.open) this.parts?.lr.resize(this.chartsWidth());
    });
    this.resize.observe(this.chartsBox);
  }

  update(s: AppState, derived: Derived): void {
    const open = s.layout.charts;
    this.latest = { s, derived };
    if (open !== this.open) {
      this.open = open;
      this.element.hidden = !open;
      this.root.classList.toggle('with-compare', open);
      if (open) this.parts?.charts.resize(this.chartsWidth());
      if (open) this.parts?.lr.resize(this.chartsWidth());
    }
    if (!open) return;
    if (!this.parts) {
      this.load();
      return;
    }
    this.parts.charts.update(s, derived);
    this.parts.lr.update(s, derived);
    this.parts.results.update(s, derived, (s.fn.preset && getFunctionPreset(s.fn.preset)?.critical) || []);
  }

  /**
   * The charts' room, to the fraction of a pixel: `clientWidth` rounds, and two charts sized from a
   * width rounded up overflow their row and wrap below it.
   */
  private chartsWidth(): number {
    return this.chartsBox.getBoundingClientRect().width;
  }

  /** Loads the charts and the table, then shows the latest state. */
  private load(): void {
    this.loading ??= Promise.all([
      import('./charts.ts'),
      import('./results.ts'),
      import('./lr-chart.ts'),
    ]).then(([c, r, l]) => {
      const charts = new c.Charts(this.chartsBox);
      // The lr timeline flows with the f and |∇f| charts (lr-chart.ts).
      this.parts = {
        charts,
        lr: new l.LrCharts(charts.element),
        results: new r.ResultsTable(this.resultsBox),
      };
      this.parts.charts.resize(this.chartsWidth());
      this.parts.lr.resize(this.chartsWidth());
      if (this.latest) this.update(this.latest.s, this.latest.derived);
    });
  }

  dispose(): void {
    this.resize.disconnect();
    this.parts?.lr.dispose();
    this.parts?.charts.dispose();
    this.parts?.results.dispose();
    this.element.remove();
  }
}
