/**
 * A scene's caption on the canvas: what to look at and why it happens, shown when a scene loads and
 * dismissed with its close button (or Esc while it has focus). One at a time.
 */
import { icon } from './icons.ts';

export class Caption {
  readonly element = document.createElement('aside');
  private readonly title = document.createElement('strong');
  private readonly text = document.createElement('p');

  constructor(container: HTMLElement) {
    this.element.className = 'caption';
    this.element.id = 'caption';
    this.element.setAttribute('aria-label', 'About this scene');
    this.element.hidden = true;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'caption-close';
    close.setAttribute('aria-label', 'Dismiss');
    close.append(icon('close'));
    close.addEventListener('click', () => this.hide());
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.hide();
    });
    const head = document.createElement('div');
    head.className = 'caption-head';
    head.append(this.title, close);
    this.element.append(head, this.text);
    container.append(this.element);
  }

  show(title: string, text: string): void {
    this.title.textContent = title;
    this.text.textContent = text;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
