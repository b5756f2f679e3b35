/** A progress bar over the panes while long runs compute in the background. */
import type { Derived } from '../app/derived.ts';

export class Progress {
  private readonly element = document.createElement('div');
  private readonly bar = document.createElement('progress');
  private readonly text = document.createElement('span');

  constructor(container: HTMLElement) {
    this.element.className = 'progress';
    this.element.id = 'progress';
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    this.bar.max = 1;
    this.element.append(this.text, this.bar);
    container.append(this.element);
  }

  update(derived: Derived): void {
    const p = derived.pending;
    this.element.hidden = p === null;
    if (!p) return;
    const fraction = p.total > 0 ? p.done / p.total : 0;
    this.bar.value = fraction;
    this.text.textContent = `Computing ${p.total.toLocaleString('en')} steps… ${Math.round(100 * fraction)}%`;
  }
}
