/**
 * The readout: per optimizer, the current step, x, y, f, |∇f| and status (converged at k, diverged
 * at k). A table under the transport bar, folded away until asked for ("numbers"), so that it never
 * covers the surface; filled with text only.
 */
import type { Derived } from '../app/derived.ts';
import type { AppState } from '../app/state.ts';
import { statusWithReason } from './lab-text.ts';
import { formatNumber, legendName } from './legend-text.ts';

const COLUMNS = ['', 'optimizer', 'step', 'x', 'y', 'f', '|∇f|', 'status'] as const;
/** Class names of the cells that change with the step. */
const VALUE_COLUMNS = ['step', 'x', 'y', 'f', 'grad', 'status'] as const;

export { formatNumber };

export class Readout {
  readonly element = document.createElement('table');
  private readonly body = document.createElement('tbody');

  constructor(container: HTMLElement) {
    this.element.id = 'readout';
    this.element.className = 'readout';
    this.element.hidden = true;
    const head = document.createElement('thead');
    const tr = document.createElement('tr');
    for (const c of COLUMNS) {
      const th = document.createElement('th');
      th.textContent = c;
      tr.append(th);
    }
    head.append(tr);
    this.element.append(head, this.body);
    container.append(this.element);
  }

  /**
   * One row per optimizer, rebuilt only when the rows themselves change: its cells by column name and
   * the text nodes of the value columns, whose data each step rewrites where it changed.
   */
  private rows: {
    key: string;
    cells: Record<string, HTMLTableCellElement>;
    texts: Text[];
    tr: HTMLTableRowElement;
  }[] = [];
  /** The optimizer list the rows were last checked against. */
  private built: AppState['optimizers'] | null = null;

  /** Folds the table out (true) or away. */
  setOpen(open: boolean): void {
    this.element.hidden = !open;
  }

  /** Rewrites the values even while folded: a few text nodes, and the table opens up to date. */
  update(s: AppState, derived: Derived): void {
    if (s.optimizers !== this.built) {
      const key = s.optimizers.map((e) => rowKey(e, s.optimizers)).join(' ');
      if (key !== this.rows.map((r) => r.key).join(' ')) this.build(s);
      this.built = s.optimizers;
    }
    s.optimizers.forEach((entry, i) => {
      const { texts, tr } = this.rows[i];
      const run = derived.runs.get(entry.key);
      tr.classList.toggle('hidden-trail', !entry.visible);
      let values: string[];
      if (run && run.rows > 0) {
        const k = Math.min(s.playback.step, run.rows - 1);
        values = [
          String(k),
          formatNumber(run.xyf[3 * k]),
          formatNumber(run.xyf[3 * k + 1]),
          formatNumber(run.xyf[3 * k + 2]),
          formatNumber(run.gradNorm[k]),
          statusWithReason(run, s.playback.step, s.start, s.fn.expression),
        ];
        tr.classList.toggle('diverged', run.divergedAt !== null && s.playback.step >= run.divergedAt);
      } else {
        values = ['—', '—', '—', '—', '—', statusWithReason(run, s.playback.step, s.start, s.fn.expression)];
        tr.classList.toggle('diverged', run !== undefined);
      }
      values.forEach((value, j) => {
        if (texts[j].data !== value) texts[j].data = value;
      });
    });
  }

  private build(s: AppState): void {
    this.rows = s.optimizers.map((entry) => {
      const tr = document.createElement('tr');
      tr.dataset.optimizerKey = String(entry.key);
      const cells: Record<string, HTMLTableCellElement> = {};
      for (const name of ['swatch', 'name', ...VALUE_COLUMNS]) {
        const td = document.createElement('td');
        td.className = name;
        cells[name] = td;
        tr.append(td);
      }
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = entry.color;
      cells.swatch.append(swatch);
      cells.name.textContent = legendName(entry, s.optimizers);
      const texts = VALUE_COLUMNS.map((name) => cells[name].appendChild(document.createTextNode('')));
      return { key: rowKey(entry, s.optimizers), cells, texts, tr };
    });
    this.body.replaceChildren(...this.rows.map((r) => r.tr));
  }
}

/** What a row's fixed cells show: rebuilt when it changes. */
function rowKey(entry: AppState['optimizers'][number], all: AppState['optimizers']): string {
  return `${entry.key}:${legendName(entry, all)}:${entry.color}`;
}
