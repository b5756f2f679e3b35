/** With several panes, each is labelled with its optimizers and their f at the current step. */
import type { Derived } from '../app/derived.ts';
import { type AppState, paneShows } from '../app/state.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { formatNumber } from './readout.ts';

export class PaneLabels {
  private readonly labels: HTMLElement[];

  constructor(hosts: readonly HTMLElement[]) {
    this.labels = hosts.map((host) => {
      const el = document.createElement('div');
      el.className = 'pane-label';
      host.append(el);
      return el;
    });
  }

  update(s: AppState, derived: Derived): void {
    const count = s.layout.panes;
    this.labels.forEach((el, i) => {
      el.hidden = count === 1 || i >= count;
      if (el.hidden) return;
      const shows = paneShows(count, i);
      const lines = s.optimizers.filter(shows).map((entry) => {
        const run = derived.runs.get(entry.key);
        const line = document.createElement('div');
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = entry.color;
        const k = run ? Math.min(s.playback.step, run.rows - 1) : -1;
        const f = run && k >= 0 ? formatNumber(run.xyf[3 * k + 2]) : '—';
        line.append(swatch, `${getOptimizer(entry.optimizer)?.name ?? entry.optimizer}  f = ${f}`);
        return line;
      });
      el.replaceChildren(...lines);
    });
  }
}
