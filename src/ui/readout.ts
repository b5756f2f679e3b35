/**
 * The readout: per optimizer, the current step, x, y, f, |∇f| and status (converged at k, diverged
 * at k). A table overlaid on the canvas, filled with text only.
 */
import type { Derived } from '../app/derived.ts';
import type { AppState } from '../app/state.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { Trajectory } from '../core/runner.ts';

const COLUMNS = ['', 'optimizer', 'step', 'x', 'y', 'f', '|∇f|', 'status'] as const;

/** Fixed-width, readable numbers for the table. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(3).replace('-', '−');
  return v.toFixed(a >= 100 ? 2 : 4).replace('-', '−');
}

/** "converged at 12", "diverged at 7", or "moving". */
export function statusText(run: Trajectory, step: number): string {
  if (run.divergedAt !== null && step >= run.divergedAt) return `diverged at step ${run.divergedAt}`;
  if (run.convergedAt !== null && step >= run.convergedAt) return `converged at step ${run.convergedAt}`;
  return 'moving';
}

export class Readout {
  readonly element = document.createElement('table');
  private readonly body = document.createElement('tbody');

  constructor(container: HTMLElement) {
    this.element.id = 'readout';
    this.element.className = 'readout';
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

  update(s: AppState, derived: Derived): void {
    // With several panes, each pane's label carries its optimizers' values instead.
    this.element.hidden = s.layout.panes > 1;
    const rows = s.optimizers.map((entry) => {
      const run = derived.runs.get(entry.key);
      const tr = document.createElement('tr');
      tr.dataset.optimizerKey = String(entry.key);
      tr.classList.toggle('hidden-trail', !entry.visible);
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = entry.color;
      const cells: (string | HTMLElement)[] = [
        swatch,
        getOptimizer(entry.optimizer)?.name ?? entry.optimizer,
      ];
      if (run && run.rows > 0) {
        const k = Math.min(s.playback.step, run.rows - 1);
        cells.push(
          String(k),
          formatNumber(run.xyf[3 * k]),
          formatNumber(run.xyf[3 * k + 1]),
          formatNumber(run.xyf[3 * k + 2]),
          formatNumber(run.gradNorm[k]),
          statusText(run, s.playback.step),
        );
        tr.classList.toggle('diverged', run.divergedAt !== null && s.playback.step >= run.divergedAt);
      } else {
        cells.push('—', '—', '—', '—', '—', run ? `diverged at step ${run.divergedAt}` : '—');
        tr.classList.toggle('diverged', run !== undefined);
      }
      const names = ['swatch', 'name', 'step', 'x', 'y', 'f', 'grad', 'status'];
      cells.forEach((c, i) => {
        const td = document.createElement('td');
        td.className = names[i];
        td.append(c);
        tr.append(td);
      });
      return tr;
    });
    this.body.replaceChildren(...rows);
  }
}
