/**
 * The _inspect_ button in the playback bar and the I key: open the step inspector (on the row it last
 * showed, else the first) or close it — the state's `playback.inspected`. The card (inspector.ts) and
 * its styles load on the first opening: the first screen needs only this button.
 */
import * as A from '../app/actions.ts';
import { type InspectorModel, inspector } from '../app/inspector-model.ts';
import { type AppState, inspectedEntry } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import type { InspectorCard } from './inspector.ts';

export class InspectorToggle {
  readonly toggle = document.createElement('button');
  private card: InspectorCard | null = null;
  private loading: Promise<InspectorCard> | null = null;
  /** The row shown last, to reopen on. */
  private last: number | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly store: Store<AppState>,
    private readonly onChange: () => void,
    private readonly model: InspectorModel = inspector,
  ) {
    const t = this.toggle;
    t.type = 'button';
    t.className = 'transport-table inspector-toggle';
    t.textContent = 'inspect';
    t.title = 'Inside a step: the state, the update and the curvature of one optimizer (I)';
    t.setAttribute('aria-expanded', 'false');
    t.setAttribute('aria-controls', 'inspector');
    t.addEventListener('click', () => this.flip());
    window.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === 'i' || e.key === 'I') this.flip();
    });
  }

  /** Opens the inspector (on the row shown last, else the first) or closes it. */
  private flip(): void {
    this.store.set((s) => {
      if (s.playback.inspected !== null) return A.inspect(s, null);
      const key = s.optimizers.some((e) => e.key === this.last) ? this.last : s.optimizers[0]?.key;
      return key === undefined || key === null ? s : A.inspect(s, key);
    });
  }

  /** Follows `s`: the button's state, and the card (loaded on the first opening). */
  update(s: AppState): void {
    const open = s.playback.inspected !== null;
    if (open) this.last = inspectedEntry(s)?.key ?? this.last;
    const expanded = String(open);
    if (this.toggle.getAttribute('aria-expanded') !== expanded)
      this.toggle.setAttribute('aria-expanded', expanded);
    if (this.card) this.card.update(s);
    else if (open) void this.load().then(() => this.onChange());
  }

  private load(): Promise<InspectorCard> {
    this.loading ??= import('./inspector.ts').then((m) => {
      this.card = new m.InspectorCard(this.container, this.store, this.model);
      return this.card;
    });
    return this.loading;
  }
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}
