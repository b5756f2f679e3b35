/**
 * The step inspector card: a compact strip under the panes (in the viewport's grid, so it never
 * covers a plotted box) with the selected optimizer row's update at the playback step — per
 * coordinate the point, the gradient, every state buffer under torch's names, the effective step
 * size and the update Δ — and the curvature there: the Hessian, its eigenvalues and eigenvectors,
 * the condition number, and the one-line theory of that optimizer on the local model. The arrows and
 * the model's ellipse are drawn by the scene's step-arrows and curvature layers.
 *
 * Opened by the _inspect_ button in the playback bar or the I key (inspector-toggle.ts, which loads
 * this module on the first opening), or on a row by that row's magnifier in the legend or its
 * _inspect_ action in the panel; open, a row is chosen with the chips in its header (or by opening its
 * row in the panel). The row is the state's `playback.inspected`; ←/→ step as always. Holding C
 * probes the curvature under the pointer instead.
 * Each number cell carries its full-precision value in `data-value` (tests read it).
 */
import './inspector.css';
import * as A from '../app/actions.ts';
import { stateParts } from '../app/inspector.ts';
import { type Inspection, type InspectorModel, inspector } from '../app/inspector-model.ts';
import { type AppState, inspectedEntry } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import type { Vec2 } from '../core/curvature.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { NEGATIVE_COLOR, PART_COLORS } from '../scene/layers/inspector-colors.ts';
import { legendName } from './legend-text.ts';

/** A number for the card: 6 significant digits, a true minus sign, — for NaN. */
export function cardNumber(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const t = a >= 1e6 || a < 1e-4 ? v.toExponential(4) : String(Number(v.toPrecision(6)));
  return t.replace('-', '−').replace('e+', 'e');
}

/** How often the card's numbers are rewritten while playing. */
const PLAYING_REFRESH_MS = 250;

interface Column {
  readonly name: string;
  readonly title: string;
  readonly values: Vec2;
}

/** The card's columns for an inspection: point, ∇f, each per-coordinate state buffer, step size, Δ. */
export function cardColumns(ins: Inspection): Column[] {
  const s = ins.step;
  const columns: Column[] = [
    { name: 'point', title: `The point at step ${s.k}`, values: s.point },
    { name: '∇f', title: 'The gradient the optimizer is handed there', values: s.gradient },
  ];
  for (const [name, values] of stateParts(ins.entry.optimizer, s.state).vectors)
    columns.push({ name, title: `torch's optimizer.state['${name}'] after the update`, values });
  if (ins.effective)
    columns.push({
      name: ins.effective.formula,
      title: `Effective step size per coordinate (multiplies ${ins.effective.times})`,
      values: ins.effective.values,
    });
  if (s.update) columns.push({ name: 'Δ', title: `The update: p(${s.k + 1}) − p(${s.k})`, values: s.update });
  return columns;
}

export class InspectorCard {
  readonly element = document.createElement('section');
  private readonly rows = document.createElement('div');
  private readonly stepLabel = document.createElement('span');
  private readonly table = document.createElement('table');
  private readonly scalars = document.createElement('div');
  private readonly curvature = document.createElement('div');
  private readonly key = document.createElement('div');
  private builtRows = '';
  private builtFor: AppState['optimizers'] | null = null;
  private pressed: number | null = null;
  private builtColumns = '';
  private cells: HTMLTableCellElement[][] = [];
  private shownVersion = -1;
  private filledAt = Number.NEGATIVE_INFINITY;

  constructor(
    container: HTMLElement,
    private readonly store: Store<AppState>,
    private readonly model: InspectorModel = inspector,
  ) {
    const el = this.element;
    el.className = 'inspector';
    el.id = 'inspector';
    el.hidden = true;
    el.setAttribute('aria-label', 'Step inspector');
    const head = document.createElement('div');
    head.className = 'inspector-head';
    const title = document.createElement('strong');
    title.textContent = 'Inside a step';
    this.rows.className = 'inspector-rows';
    this.rows.setAttribute('role', 'group');
    this.rows.setAttribute('aria-label', 'Optimizer to inspect');
    this.stepLabel.className = 'inspector-step';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'inspector-close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close the inspector');
    close.addEventListener('click', () => this.store.set((s) => A.inspect(s, null)));
    head.append(title, this.rows, this.stepLabel, close);
    const body = document.createElement('div');
    body.className = 'inspector-body';
    const numbers = document.createElement('div');
    numbers.className = 'inspector-numbers';
    this.table.className = 'inspector-table';
    this.scalars.className = 'inspector-scalars';
    numbers.append(this.table, this.scalars);
    this.curvature.className = 'inspector-curvature';
    this.key.className = 'inspector-key';
    body.append(numbers, this.curvature);
    el.append(head, body, this.key);
    container.append(el);

    // Opening an optimizer row in the panel (its title) selects it here too, while the inspector is open.
    document.addEventListener('click', (e) => {
      if (this.store.state.playback.inspected === null || !(e.target instanceof Element)) return;
      const row = e.target.closest('.lil-title')?.parentElement;
      const key = row?.classList.contains('optimizer-row') ? Number(row.dataset.optimizerKey) : Number.NaN;
      if (Number.isInteger(key)) this.select(key);
    });
  }

  /** Shows the optimizer row `key` (the state's `playback.inspected`). */
  select(key: number): void {
    this.store.set((s) => A.inspect(s, key));
  }

  update(s: AppState): void {
    const open = s.playback.inspected !== null;
    if (this.element.hidden === open) this.element.hidden = !open;
    if (!open) return;
    const optimizersChanged = s.optimizers !== this.builtFor;
    this.builtFor = s.optimizers;
    const built = optimizersChanged
      ? s.optimizers.map((e) => `${e.key}:${e.optimizer}:${e.color}:${legendName(e, s.optimizers)}`).join(' ')
      : this.builtRows;
    const ins = this.model.current;
    const selected = inspectedEntry(s)?.key ?? null;
    if (built !== this.builtRows) {
      this.builtRows = built;
      this.rows.replaceChildren(
        ...s.optimizers.map((e) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'inspector-row';
          b.dataset.optimizerKey = String(e.key);
          const swatch = document.createElement('span');
          swatch.className = 'swatch';
          swatch.style.background = e.color;
          b.append(swatch, legendName(e, s.optimizers));
          b.addEventListener('click', () => this.select(e.key));
          return b;
        }),
      );
    }
    if (optimizersChanged || selected !== this.pressed) {
      this.pressed = selected;
      for (const b of this.rows.children as HTMLCollectionOf<HTMLElement>) {
        const pressed = String(b.dataset.optimizerKey === String(selected));
        if (b.getAttribute('aria-pressed') !== pressed) b.setAttribute('aria-pressed', pressed);
      }
    }
    if (this.shownVersion === this.model.version) return;
    // While playing, the numbers change faster than anyone reads them: rewritten at most 4 times a
    // second (the arrows in the scene follow every frame); paused, at once.
    const now = performance.now();
    if (s.playback.playing && now - this.filledAt < PLAYING_REFRESH_MS) return;
    this.filledAt = now;
    this.shownVersion = this.model.version;
    if (!ins) {
      this.stepLabel.textContent = 'no step to inspect';
      this.table.replaceChildren();
      this.builtColumns = '';
      this.scalars.textContent = '';
      this.curvature.replaceChildren();
      return;
    }
    const k = ins.step.k;
    this.stepLabel.textContent = ins.step.update ? `step ${k} → ${k + 1}` : `step ${k} (last)`;
    this.fillTable(ins);
    this.fillCurvature(ins);
    this.fillKey(ins);
  }

  private fillTable(ins: Inspection): void {
    const columns = cardColumns(ins);
    const names = columns.map((c) => c.name).join('\u0000');
    if (names !== this.builtColumns) {
      // New columns (another optimizer, or the state appeared): rebuild; otherwise only the text.
      this.builtColumns = names;
      const head = document.createElement('thead');
      const headRow = head.insertRow();
      headRow.append(document.createElement('th'));
      for (const c of columns) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = c.name;
        th.title = c.title;
        headRow.append(th);
      }
      const body = document.createElement('tbody');
      this.cells = (['x', 'y'] as const).map((axis) => {
        const tr = body.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = axis;
        tr.append(th);
        return columns.map((c) => {
          const td = tr.insertCell();
          td.dataset.name = c.name;
          td.dataset.axis = axis;
          return td;
        });
      });
      this.table.replaceChildren(head, body);
    }
    columns.forEach((c, j) => {
      for (const i of [0, 1] as const) {
        const td = this.cells[i]![j]!;
        const value = String(c.values[i]);
        if (td.dataset.value === value) continue;
        td.dataset.value = value;
        td.textContent = cardNumber(c.values[i]);
      }
    });
    // Scalars by value; history lists (L-BFGS's old_dirs, ro, …) by their length: name[n].
    const { scalars, lists } = stateParts(ins.entry.optimizer, ins.step.state);
    const lr = `lr ${cardNumber(ins.step.lr)}`;
    const f = `f ${cardNumber(ins.step.f)}`;
    const state = [
      ...scalars.map(([name, v]) => `${name} ${cardNumber(v)}`),
      ...lists.map(([name, n]) => `${name}[${n}]`),
    ];
    const rule = getOptimizer(ins.entry.optimizer)?.name ?? ins.entry.optimizer;
    setText(this.scalars, [rule, f, lr, ...state].join(' · '));
  }

  private fillCurvature(ins: Inspection): void {
    const m = ins.model;
    if (!m) {
      setLines(this.curvature, ['no curvature here (the Hessian is not finite)']);
      return;
    }
    const [h0, h1] = m.hessian;
    const [l0, l1] = m.eigen.values;
    const [v0, v1] = m.eigen.vectors;
    const where = ins.atPointer ? `at the pointer ${pair(m.point)}` : `at step ${ins.step.k}`;
    const lines = setLines(this.curvature, [
      `H ${where} = [[${cardNumber(h0[0])}, ${cardNumber(h0[1])}], [${cardNumber(h1[0])}, ${cardNumber(h1[1])}]]`,
      `λ = ${cardNumber(l0)}, ${cardNumber(l1)} · v = ${pair(v0)}, ${pair(v1)}`,
      `κ = ${cardNumber(m.condition)} · ${m.kind}`,
      ...ins.theory.map((t) => t.text),
    ]);
    lines[1]!.dataset.eigenvalues = JSON.stringify([l0, l1]);
    lines[2]!.dataset.condition = String(m.condition);
    lines[2]!.dataset.kind = m.kind;
    lines.forEach((el, i) => {
      el.classList.toggle('inspector-theory', i >= 3);
    });
  }

  private fillKey(ins: Inspection): void {
    // Black or white (whichever stands out from the map) is shown as a half-and-half swatch.
    const ink = 'linear-gradient(90deg, #141414 50%, #ffffff 50%)';
    const items: [string, string][] = [];
    for (const p of ins.decomposition?.parts ?? [])
      items.push([
        p.role === 'update' ? ins.entry.color : p.role === 'gradient' ? ink : PART_COLORS[p.role],
        p.label,
      ]);
    if (ins.arrowScale !== 1) items.push(['', `arrows drawn ×${ins.arrowScale}`]);
    items.push([ink, 'eigenvectors, model contours']);
    if (ins.model?.negative) items.push([NEGATIVE_COLOR, 'negative curvature']);
    const text = items.map(([c, t]) => `${c}${t}`).join('|');
    if (this.key.dataset.built === text) return;
    this.key.dataset.built = text;
    this.key.replaceChildren(
      ...items.map(([color, label]) => {
        const span = document.createElement('span');
        if (color === '') span.append(label);
        else {
          const bar = document.createElement('i');
          bar.style.background = color;
          span.append(bar, label);
        }
        return span;
      }),
    );
  }
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** One div per text in `container`, reusing the ones there; returns them. */
function setLines(container: HTMLElement, texts: readonly string[]): HTMLElement[] {
  while (container.children.length > texts.length) container.lastElementChild!.remove();
  while (container.children.length < texts.length) container.append(document.createElement('div'));
  const lines = [...container.children] as HTMLElement[];
  lines.forEach((el, i) => {
    setText(el, texts[i]!);
  });
  return lines;
}

const pair = (v: Vec2): string => `(${cardNumber(v[0])}, ${cardNumber(v[1])})`;
