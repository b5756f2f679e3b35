/**
 * Why a typed value was not applied, shown right under its field: the field gets
 * `aria-invalid="true"` and the message is tied to it by `aria-describedby`, so a screen reader reads
 * it with the field. Cleared when a valid value is applied (or the edit is reverted with Esc).
 */
let next = 0;

export class FieldError {
  private readonly box = document.createElement('div');

  constructor(
    row: HTMLElement,
    private readonly input: HTMLElement,
  ) {
    this.box.className = 'field-error';
    this.box.id = `field-error-${++next}`;
    this.box.hidden = true;
    row.after(this.box);
  }

  /** Shows `message`, or clears the error when it is null. */
  show(message: string | null): void {
    this.box.hidden = message === null;
    this.box.textContent = message ?? '';
    if (message === null) {
      this.input.removeAttribute('aria-invalid');
      this.input.removeAttribute('aria-describedby');
    } else {
      this.input.setAttribute('aria-invalid', 'true');
      this.input.setAttribute('aria-describedby', this.box.id);
    }
  }

  get shown(): boolean {
    return !this.box.hidden;
  }
}
