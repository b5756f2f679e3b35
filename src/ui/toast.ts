/** Short messages at the bottom of the page: what a link held that was ignored, export status. Text only. */
export class Toast {
  readonly element = document.createElement('div');
  private timer: number | null = null;

  constructor(container: HTMLElement) {
    this.element.className = 'toast';
    this.element.id = 'toast';
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    container.append(this.element);
  }

  /** Shows `title` and optional lines; disappears after `ms` (0: stays until closed). */
  show(title: string, lines: readonly string[] = [], ms = 6000): void {
    const head = document.createElement('div');
    head.className = 'toast-title';
    head.textContent = title;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'toast-close';
    close.textContent = '×';
    close.title = 'Dismiss';
    close.addEventListener('click', () => this.hide());
    head.append(close);
    const list = document.createElement('ul');
    for (const line of lines) {
      const li = document.createElement('li');
      li.textContent = line;
      list.append(li);
    }
    this.element.replaceChildren(head, ...(lines.length > 0 ? [list] : []));
    this.element.hidden = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = ms > 0 ? window.setTimeout(() => this.hide(), ms) : null;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
