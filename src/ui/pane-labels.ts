/**
 * With several panes, each is labelled with its optimizers and their f at the current step. The
 * lines are rebuilt only when a pane's optimizers change; a playback step rewrites the values' text.
 */
import type { Derived } from '../app/derived.ts';
import { type AppState, paneShows } from '../app/state.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { formatNumber } from './readout.ts';

interface Label {
  readonly element: HTMLElement;
  /** What the lines were built for (optimizer keys, names and colours). */
  built: string;
  /** Per line, the text node after "name  f = ". */
  values: Text[];
}

export class PaneLabels {
  private readonly labels: Label[];

  constructor(hosts: readonly HTMLElement[]) {
    this.labels = hosts.map((host) => {
      const element = document.createElement('div');
      element.className = 'pane-label';
      host.append(element);
      return { element, built: '', values: [] };
    });
  }

  update(s: AppState, derived: Derived): void {
    const count = s.layout.panes;
    this.labels.forEach((label, i) => {
      const hidden = count === 1 || i >= count;
      if (label.element.hidden !== hidden) label.element.hidden = hidden;
      if (hidden) return;
      const entries = s.optimizers.filter(paneShows(count, i));
      const names = entries.map((e) => getOptimizer(e.optimizer)?.name ?? e.optimizer);
      const built = entries.map((e, j) => `${e.key}:${names[j]}:${e.color}`).join(' ');
      if (built !== label.built) {
        label.built = built;
        label.values = entries.map(() => document.createTextNode(''));
        label.element.replaceChildren(
          ...entries.map((entry, j) => {
            const line = document.createElement('div');
            const swatch = document.createElement('span');
            swatch.className = 'swatch';
            swatch.style.background = entry.color;
            line.append(swatch, `${names[j]}  f = `, label.values[j]);
            return line;
          }),
        );
      }
      entries.forEach((entry, j) => {
        const run = derived.runs.get(entry.key);
        const k = run ? Math.min(s.playback.step, run.rows - 1) : -1;
        const f = run && k >= 0 ? formatNumber(run.xyf[3 * k + 2]) : '—';
        if (label.values[j].data !== f) label.values[j].data = f;
      });
    });
  }
}
