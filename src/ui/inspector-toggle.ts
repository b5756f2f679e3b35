/**
 * The _inspect_ button in the playback bar and the I key. The card (inspector.ts) and its styles load
 * on the first opening: the first screen needs only this button.
 */
import { type InspectorModel, inspector } from '../app/inspector-model.ts';
import type { AppState } from '../app/state.ts';
import type { InspectorCard } from './inspector.ts';

export class InspectorToggle {
  readonly toggle = document.createElement('button');
  private card: InspectorCard | null = null;
  private loading: Promise<InspectorCard> | null = null;

  constructor(
    private readonly container: HTMLElement,
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
    t.addEventListener('click', () => void this.setOpen(!this.model.open));
    window.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === 'i' || e.key === 'I') void this.setOpen(!this.model.open);
    });
  }

  /** Opens or closes the inspector, loading the card first if it has never been open. */
  async setOpen(open: boolean): Promise<void> {
    (await this.load()).setOpen(open);
  }

  /** Shows `s` in the card, once it exists. */
  update(s: AppState): void {
    this.card?.update(s);
  }

  private load(): Promise<InspectorCard> {
    this.loading ??= import('./inspector.ts').then((m) => {
      this.card = new m.InspectorCard(this.container, this.onChange, this.model, this.toggle);
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
