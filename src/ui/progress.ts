/** A progress bar over the panes while long runs or a big surface compute in the background. */
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
    const runs = derived.pending;
    const surface = derived.surfacePending;
    this.element.hidden = runs === null && surface === null;
    if (runs) {
      const fraction = runs.total > 0 ? runs.done / runs.total : 0;
      this.bar.value = fraction;
      this.text.textContent = `Computing ${runs.total.toLocaleString('en')} steps… ${Math.round(100 * fraction)}%`;
    } else if (surface) {
      // One sweep with no progress to report: an indeterminate bar.
      this.bar.removeAttribute('value');
      this.text.textContent = `Sampling f at ${surface.side} × ${surface.side} points…`;
    }
  }
}
