/**
 * The results table: per optimizer, where its whole run ended — steps run, final f, distance to the
 * nearest known minimum, the first step within a tolerance of the global minimum's value, and how it
 * ended. Sortable by any column but the swatch (click a header: ascending, again: descending). Text only.
 */
import './compare.css';
import type { Derived } from '../app/derived.ts';
import { REACH_TOLERANCE, type RunMetrics, runMetrics } from '../app/metrics.ts';
import type { AppState } from '../app/state.ts';
import type { CriticalPoint } from '../core/functions/types.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import type { Trajectory } from '../core/runner.ts';
import { formatNumber } from './readout.ts';

export type ResultColumn = 'name' | 'steps' | 'finalF' | 'distance' | 'reachedAt' | 'status';
export type SortDirection = 'ascending' | 'descending';

export interface ResultSort {
  readonly column: ResultColumn;
  readonly direction: SortDirection;
}

/** One table row: an optimizer entry and its run's metrics (null when it has no run yet). */
export interface ResultRow {
  readonly key: number;
  readonly name: string;
  readonly color: string;
  readonly visible: boolean;
  readonly metrics: RunMetrics | null;
}

interface ColumnSpec {
  readonly id: ResultColumn | 'swatch';
  readonly label: string;
  readonly tooltip: string;
}

const COLUMNS: readonly ColumnSpec[] = [
  { id: 'swatch', label: '', tooltip: '' },
  { id: 'name', label: 'optimizer', tooltip: 'Optimizer' },
  { id: 'steps', label: 'steps', tooltip: 'Updates run (fewer than asked when the run diverged)' },
  { id: 'finalF', label: 'final f', tooltip: 'f at the last point of the run' },
  {
    id: 'distance',
    label: 'to minimum',
    tooltip: 'Distance from the last point to the nearest known minimum (global or local)',
  },
  {
    id: 'reachedAt',
    label: 'reached at',
    tooltip: `First step with f − f_min ≤ ${REACH_TOLERANCE} (f_min: the global minimum's value)`,
  },
  {
    id: 'status',
    label: 'status',
    tooltip: 'Converged: |∇f| stays below 1e-6; diverged: a non-finite value or a point flung far outside',
  },
];

export function resultRows(s: AppState, derived: Derived, minima: readonly CriticalPoint[]): ResultRow[] {
  return s.optimizers.map((e) => {
    const run = derived.runs.get(e.key);
    return {
      key: e.key,
      name: getOptimizer(e.optimizer)?.name ?? e.optimizer,
      color: e.color,
      visible: e.visible,
      metrics: run ? runMetrics(run, minima) : null,
    };
  });
}

const STATUS_RANK = { converged: 0, moving: 1, diverged: 2 } as const;

/** The value a column sorts by; null sorts last in either direction. */
export function sortValue(row: ResultRow, column: ResultColumn): number | string | null {
  const m = row.metrics;
  if (column === 'name') return row.name;
  if (!m) return null;
  switch (column) {
    case 'steps':
      return m.steps;
    case 'finalF':
      return Number.isNaN(m.finalF) ? null : m.finalF;
    case 'distance':
      return m.distance;
    case 'reachedAt':
      return m.reachedAt;
    case 'status':
      // Converged first (earliest first), then still moving, then diverged (earliest first).
      return STATUS_RANK[m.status] * 1e9 + (m.statusStep ?? 0);
  }
}

/**
 * A comparator for `column`: numbers numerically, names alphabetically, nulls last whichever the
 * direction; ties keep the state's order (Array.prototype.sort is stable).
 */
export function compareRows(
  column: ResultColumn,
  direction: SortDirection,
): (a: ResultRow, b: ResultRow) => number {
  const sign = direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const va = sortValue(a, column);
    const vb = sortValue(b, column);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    if (typeof va === 'string' || typeof vb === 'string') return sign * String(va).localeCompare(String(vb));
    return sign * (va - vb);
  };
}

export function sortRows(rows: readonly ResultRow[], sort: ResultSort | null): ResultRow[] {
  const copy = [...rows];
  return sort ? copy.sort(compareRows(sort.column, sort.direction)) : copy;
}

/** "converged at 12", "diverged at 7", "still moving", or "—" without a run. */
export function statusLabel(m: RunMetrics | null): string {
  if (!m) return '—';
  if (m.status === 'moving') return 'still moving';
  return `${m.status} at ${m.statusStep}`;
}

/** The cell texts of a row, in column order after the swatch. */
export function rowTexts(row: ResultRow, minima: readonly CriticalPoint[]): string[] {
  const m = row.metrics;
  if (!m) return [row.name, '—', '—', '—', '—', '—'];
  const hasGlobal = minima.some((p) => p.kind === 'global minimum');
  return [
    row.name,
    String(m.steps),
    Number.isNaN(m.finalF) ? '—' : formatNumber(m.finalF),
    m.distance === null ? '—' : formatNumber(m.distance),
    m.reachedAt !== null ? String(m.reachedAt) : hasGlobal ? 'never' : '—',
    statusLabel(m),
  ];
}

export class ResultsTable {
  readonly element = document.createElement('table');
  private readonly body = document.createElement('tbody');
  private readonly headers = new Map<ResultColumn, HTMLTableCellElement>();
  private sort: ResultSort | null = null;
  private rows: ResultRow[] = [];
  private minima: readonly CriticalPoint[] = [];

  // What the rows were computed from; compared on every `update`, item by item, so a fresh
  // `preset?.critical ?? []` each frame does not recompute (a run's metrics scan all its rows).
  private optimizers: AppState['optimizers'] = [];
  private runs: (Trajectory | undefined)[] = [];
  private runRows: number[] = [];

  constructor(container: HTMLElement) {
    this.element.id = 'results';
    this.element.className = 'results';
    const caption = document.createElement('caption');
    caption.textContent = 'Results at the end of each run';
    const head = document.createElement('thead');
    const tr = document.createElement('tr');
    for (const c of COLUMNS) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = c.id;
      if (c.id === 'swatch') {
        th.setAttribute('aria-label', 'colour');
      } else {
        const column = c.id;
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = c.label;
        button.title = c.tooltip;
        button.addEventListener('click', () => this.sortBy(column));
        th.setAttribute('aria-sort', 'none');
        th.append(button);
        this.headers.set(column, th);
      }
      tr.append(th);
    }
    head.append(tr);
    this.element.append(caption, head, this.body);
    container.append(this.element);
  }

  /** `minima`: the preset's critical points, or none for a typed expression. */
  update(s: AppState, derived: Derived, minima: readonly CriticalPoint[]): void {
    if (!this.changed(s, derived, minima)) return;
    this.rows = resultRows(s, derived, minima);
    this.render();
  }

  /** Sorts by `column`: ascending first, then toggles. */
  sortBy(column: ResultColumn): void {
    const direction: SortDirection =
      this.sort?.column === column && this.sort.direction === 'ascending' ? 'descending' : 'ascending';
    this.sort = { column, direction };
    for (const [id, th] of this.headers) th.setAttribute('aria-sort', id === column ? direction : 'none');
    this.render();
  }

  dispose(): void {
    this.element.remove();
    this.body.replaceChildren();
  }

  private changed(s: AppState, derived: Derived, minima: readonly CriticalPoint[]): boolean {
    const entries = s.optimizers;
    let changed = !sameItems(entries, this.optimizers) || !sameItems(minima, this.minima);
    for (let i = 0; !changed && i < entries.length; i++) {
      const run = derived.runs.get(entries[i]!.key);
      changed = run !== this.runs[i] || (run?.rows ?? -1) !== this.runRows[i];
    }
    if (!changed) return false;
    this.optimizers = entries;
    this.minima = minima;
    this.runs = entries.map((e) => derived.runs.get(e.key));
    this.runRows = this.runs.map((r) => r?.rows ?? -1);
    return true;
  }

  private render(): void {
    const names = COLUMNS.map((c) => c.id);
    const trs = sortRows(this.rows, this.sort).map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.optimizerKey = String(row.key);
      tr.classList.toggle('hidden-trail', !row.visible);
      tr.classList.toggle('diverged', row.metrics?.status === 'diverged');
      tr.classList.toggle('converged', row.metrics?.status === 'converged');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = row.color;
      const cells: (string | HTMLElement)[] = [swatch, ...rowTexts(row, this.minima)];
      cells.forEach((c, i) => {
        const td = document.createElement('td');
        td.className = names[i]!;
        td.append(c);
        tr.append(td);
      });
      return tr;
    });
    this.body.replaceChildren(...trs);
  }
}

/** Same length and the same items (by identity). */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
}
