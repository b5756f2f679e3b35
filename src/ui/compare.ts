/**
 * The compare drawer under the panes: the f and |∇f| charts and the sortable results table, shown
 * when the layout asks for them. Hidden, it costs nothing.
 */
import type { Derived } from '../app/derived.ts';
import type { AppState } from '../app/state.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';
import { Charts } from './charts.ts';
import { ResultsTable } from './results.ts';

export class CompareDrawer {
  readonly element = document.createElement('section');
  private readonly charts: Charts;
  private readonly results: ResultsTable;
  private readonly chartsBox = document.createElement('div');
  private readonly resize: ResizeObserver;
  private open = false;

  constructor(
    container: HTMLElement,
    private readonly root: HTMLElement,
  ) {
    this.element.className = 'compare';
    this.element.id = 'compare';
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Compare optimizers');
    this.chartsBox.className = 'compare-charts';
    const resultsBox = document.createElement('div');
    resultsBox.className = 'compare-results';
    this.element.append(this.chartsBox, resultsBox);
    container.append(this.element);
    this.charts = new Charts(this.chartsBox);
    this.results = new ResultsTable(resultsBox);
    this.resize = new ResizeObserver(() => {
      if (this.open) this.charts.resize(this.chartsBox.clientWidth);
    });
    this.resize.observe(this.chartsBox);
  }

  update(s: AppState, derived: Derived): void {
    const open = s.layout.charts;
    if (open !== this.open) {
      this.open = open;
      this.element.hidden = !open;
      this.root.classList.toggle('with-compare', open);
      if (open) this.charts.resize(this.chartsBox.clientWidth);
    }
    if (!open) return;
    this.charts.update(s, derived);
    this.results.update(s, derived, (s.fn.preset && getFunctionPreset(s.fn.preset)?.critical) || []);
  }

  dispose(): void {
    this.resize.disconnect();
    this.charts.dispose();
    this.results.dispose();
    this.element.remove();
  }
}
