/**
 * A legend on each pane: the step, then per optimizer a swatch, its name with the parameter that
 * tells duplicates apart, its lr, f at the step and its status. Hovering or focusing an entry shows
 * its update rule (from the registry) and its live numbers (on a touch screen the first tap does);
 * clicking it hides or shows that trail. The magnifier beside it opens the step inspector on that
 * row at the playback step (pressed while the inspector shows that row; pressing it again closes it).
 * The entries are rebuilt only when a pane's optimizers change; a playback step rewrites the values'
 * text. The exporter paints the step and the entries onto images, so exports carry them too.
 */
import * as A from '../app/actions.ts';
import type { Derived } from '../app/derived.ts';
import { type AppState, inspectedEntry, type OptimizerEntry, paneShows } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import { getOptimizer } from '../core/optimizers/index.ts';
import { type OverlayItem, type OverlaySource, textItem } from '../scene/overlay.ts';
import { icon } from './icons.ts';
import { evaluationsOf, lrNowText, statusWithReason } from './lab-text.ts';
import { formatNumber, legendName, lrText, statusText } from './legend-text.ts';
import { stepText } from './transport.ts';

interface Entry {
  readonly key: number;
  readonly line: HTMLElement;
  readonly button: HTMLButtonElement;
  /** Opens the step inspector on this row ("Inspect SGD"). */
  readonly inspect: HTMLButtonElement;
  readonly swatch: HTMLElement;
  /** Text after the lr: "  f 0.0133 · still moving". */
  readonly value: Text;
  /** " lr 0.1": the lr at the playback step (a schedule changes it). */
  readonly lr: Text;
  /** Why the run diverged (in the details). */
  readonly reason: Text;
  readonly detail: HTMLElement;
  readonly numbers: Text;
  visible: boolean | null;
  diverged: boolean | null;
  inspected: boolean | null;
}

interface Label {
  readonly element: HTMLElement;
  readonly stepLine: HTMLElement;
  readonly step: Text;
  /** What the entries were built for (keys, names, lrs, colours). */
  built: string;
  entries: Entry[];
}

export class Legend implements OverlaySource {
  private readonly labels: Label[];
  /** The entry whose details show (hovered or focused), by key; only its numbers are rewritten. */
  private open: number | null = null;
  private last: { s: AppState; derived: Derived } | null = null;

  constructor(
    hosts: readonly HTMLElement[],
    private readonly store: Store<AppState>,
  ) {
    this.labels = hosts.map((host, i) => {
      const element = document.createElement('div');
      element.className = 'pane-label legend';
      // A 2-D map keeps out from under it (see `View.measureCorner`).
      element.dataset.keepClear = '';
      element.setAttribute('role', 'group');
      element.setAttribute('aria-label', `Legend of pane ${i + 1}`);
      const stepLine = document.createElement('div');
      stepLine.className = 'legend-step';
      const step = stepLine.appendChild(document.createTextNode(''));
      element.append(stepLine);
      host.append(element);
      return { element, stepLine, step, built: '', entries: [] };
    });
  }

  /**
   * For exports, over every shown pane: the legends' cards, then their swatches, then their text (the
   * step line and each entry, its text starting after the swatch).
   */
  overlay(): readonly OverlayItem[] {
    const shown = this.labels.filter((label) => !label.element.hidden);
    const cards = shown.map(
      (label): OverlayItem => ({ kind: 'card', rect: label.element.getBoundingClientRect() }),
    );
    const dots = shown.flatMap((label) =>
      label.entries.map(
        (entry): OverlayItem => ({
          kind: 'dot',
          rect: entry.swatch.getBoundingClientRect(),
          color: entry.swatch.style.background || '#000',
        }),
      ),
    );
    const texts = shown.flatMap((label) => [
      ...textItem(label.stepLine),
      ...label.entries.flatMap((entry) =>
        textItem(entry.button, entry.swatch.getBoundingClientRect().right + 4),
      ),
    ]);
    return [...cards, ...dots, ...texts];
  }

  update(s: AppState, derived: Derived): void {
    this.last = { s, derived };
    const count = s.layout.panes;
    const step = stepText(s.playback.step, s.steps);
    this.labels.forEach((label, i) => {
      const hidden = i >= count;
      if (label.element.hidden !== hidden) label.element.hidden = hidden;
      if (hidden) return;
      if (label.step.data !== step) label.step.data = step;
      const shown = s.optimizers.filter(paneShows(count, i));
      const built = shown
        .map((e) => `${e.key}:${legendName(e, s.optimizers)}:${lrText(e)}:${e.color}`)
        .join(' ');
      if (built !== label.built) {
        label.built = built;
        for (const old of label.entries) old.button.parentElement?.remove();
        label.entries = shown.map((e) => this.entry(label, e, s.optimizers));
      }
      for (const entry of label.entries) this.refresh(entry, s, derived);
    });
  }

  private entry(label: Label, e: OptimizerEntry, all: readonly OptimizerEntry[]): Entry {
    const line = document.createElement('div');
    line.className = 'legend-entry';
    line.dataset.optimizerKey = String(e.key);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'legend-button';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = e.color;
    const name = document.createElement('span');
    name.className = 'legend-name';
    name.textContent = legendName(e, all);
    const lr = document.createElement('span');
    lr.className = 'legend-lr';
    const lrNow = lr.appendChild(document.createTextNode(` ${lrText(e)}`));
    const value = document.createTextNode('');
    const valueSpan = document.createElement('span');
    valueSpan.className = 'legend-value';
    valueSpan.append(value);
    button.append(swatch, name, lr, valueSpan);
    const detail = document.createElement('div');
    detail.className = 'legend-detail';
    detail.id = `legend-detail-${e.key}-${this.labels.indexOf(label)}`;
    detail.hidden = true;
    const rule = document.createElement('div');
    rule.className = 'legend-rule';
    rule.textContent = getOptimizer(e.optimizer)?.rule ?? '';
    const numbers = document.createTextNode('');
    const numbersLine = document.createElement('div');
    numbersLine.className = 'legend-numbers';
    numbersLine.append(numbers);
    const reasonLine = document.createElement('div');
    reasonLine.className = 'legend-reason';
    const reason = reasonLine.appendChild(document.createTextNode(''));
    detail.append(rule, numbersLine, reasonLine);
    button.setAttribute('aria-describedby', detail.id);
    const inspect = document.createElement('button');
    inspect.type = 'button';
    inspect.className = 'legend-inspect';
    inspect.setAttribute('aria-label', `Inspect ${name.textContent}`);
    inspect.setAttribute('aria-controls', 'inspector');
    inspect.append(icon('inspect'));
    inspect.addEventListener('click', () =>
      this.store.set((st) => A.inspect(st, inspectedEntry(st)?.key === e.key ? null : e.key)),
    );
    line.append(button, inspect, detail);
    label.element.append(line);
    const entry: Entry = {
      key: e.key,
      line,
      button,
      inspect,
      swatch,
      value,
      lr: lrNow,
      reason,
      detail,
      numbers,
      visible: null,
      diverged: null,
      inspected: null,
    };
    const show = (open: boolean) => {
      this.open = open ? e.key : this.open === e.key ? null : this.open;
      detail.hidden = !open;
      if (open && this.last) this.refresh(entry, this.last.s, this.last.derived);
    };
    // Hover is a mouse's; a touch shows the details through its tap (below).
    line.addEventListener('pointerenter', (ev) => ev.pointerType !== 'touch' && show(true));
    line.addEventListener(
      'pointerleave',
      (ev) => ev.pointerType !== 'touch' && show(button === document.activeElement),
    );
    button.addEventListener('focus', () => show(true));
    button.addEventListener('blur', () => show(false));
    // On a touch screen the first tap shows the rule and the numbers; the next one hides the trail.
    let firstTap = false;
    button.addEventListener('pointerdown', (ev) => {
      firstTap = ev.pointerType === 'touch' && detail.hidden === true;
    });
    button.addEventListener('click', () => {
      if (firstTap) {
        firstTap = false;
        show(true);
        return;
      }
      const current = this.store.state.optimizers.find((o) => o.key === e.key);
      if (current) this.store.set((st) => A.setOptimizerVisible(st, e.key, !current.visible));
    });
    return entry;
  }

  private refresh(entry: Entry, s: AppState, derived: Derived): void {
    const e = s.optimizers.find((o) => o.key === entry.key);
    if (!e) return;
    const run = derived.runs.get(e.key);
    const k = run && run.rows > 0 ? Math.min(s.playback.step, run.rows - 1) : -1;
    const status = statusText(run, s.playback.step, s.start, s.fn.expression);
    const f = run && k >= 0 ? `  f ${formatNumber(run.xyf[3 * k + 2])}` : '';
    const text = `${f} · ${status}`;
    if (entry.value.data !== text) entry.value.data = text;
    const lrNow = ` ${lrNowText(e, Math.max(0, k), s.steps)}`;
    if (entry.lr.data !== lrNow) entry.lr.data = lrNow;
    const why = statusWithReason(run, s.playback.step, s.start, s.fn.expression);
    const evals = evaluationsOf(run);
    const reason = [
      why === status ? '' : why,
      evals === null ? '' : `f and ∇f evaluated ${evals} times in all`,
    ]
      .filter((t) => t !== '')
      .join(' · ');
    if (entry.reason.data !== reason) entry.reason.data = reason;
    if (entry.visible !== e.visible) {
      entry.visible = e.visible;
      entry.button.setAttribute('aria-pressed', String(e.visible));
      entry.button.title = e.visible ? 'Click to hide this trail' : 'Click to show this trail';
    }
    const inspected = inspectedEntry(s)?.key === e.key;
    if (entry.inspected !== inspected) {
      entry.inspected = inspected;
      entry.inspect.setAttribute('aria-pressed', String(inspected));
      entry.line.classList.toggle('inspected', inspected);
      const name = legendName(e, s.optimizers);
      entry.inspect.title = inspected
        ? `Close the step inspector on ${name} (I)`
        : `Inspect ${name}: inside its update at this step — state, step size, curvature`;
    }
    const diverged = status.startsWith('diverged') || status.startsWith('f is not');
    if (entry.diverged !== diverged) {
      entry.diverged = diverged;
      entry.button.classList.toggle('diverged', diverged);
    }
    if (this.open !== entry.key || !run || k < 0) return;
    const numbers = `step ${k}: x ${formatNumber(run.xyf[3 * k])}, y ${formatNumber(run.xyf[3 * k + 1])}, f ${formatNumber(run.xyf[3 * k + 2])}, |∇f| ${formatNumber(run.gradNorm[k])}`;
    if (entry.numbers.data !== numbers) entry.numbers.data = numbers;
  }
}
