/**
 * The error of the typed expression, shown right under its field: the message, and the expression
 * with the offending characters marked. Built from text nodes only — nothing typed is ever parsed
 * as HTML.
 */
import type { ExprError } from '../core/expr/index.ts';

export class ExpressionError {
  private readonly box = document.createElement('div');

  constructor(private readonly field: HTMLElement) {
    this.box.className = 'expr-error';
    this.box.id = 'expression-error';
    this.box.setAttribute('role', 'alert');
    this.box.hidden = true;
    field.after(this.box);
  }

  show(error: ExprError | null, source: string): void {
    this.field.classList.toggle('invalid', error !== null);
    this.box.hidden = error === null;
    if (!error) {
      this.box.replaceChildren();
      return;
    }
    const message = document.createElement('div');
    message.className = 'expr-error-message';
    message.textContent = error.message;
    const where = document.createElement('code');
    where.className = 'expr-error-source';
    const start = Math.min(error.start, source.length);
    const end = Math.max(start, Math.min(error.end, source.length));
    const mark = document.createElement('mark');
    // An error at the end of the input gets a visible placeholder to point at.
    mark.textContent = end > start ? source.slice(start, end) : '␣';
    where.append(source.slice(0, start), mark, source.slice(end));
    const kept = document.createElement('div');
    kept.className = 'expr-error-kept';
    kept.textContent = 'Showing the last valid function.';
    this.box.replaceChildren(message, where, kept);
  }
}
