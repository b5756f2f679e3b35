/** The page's header over the canvas: the name, the function shown, and how to use the mouse. */
import type { AppState } from '../app/state.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';

/**
 * The function shown, as the header and exported images give it: "Rosenbrock: f(x, y) = …" for a
 * preset, "f(x, y) = …" for a typed function (`shownExpression`: the last one that compiled).
 */
export function functionText(s: AppState, shownExpression: string): string {
  const preset = s.fn.preset ? getFunctionPreset(s.fn.preset) : undefined;
  return `${preset ? `${preset.name}: ` : ''}f(x, y) = ${shownExpression}`;
}

export class Header {
  private readonly fn = document.createElement('div');

  constructor(container: HTMLElement) {
    const header = document.createElement('header');
    header.className = 'header';
    const title = document.createElement('h1');
    title.textContent = 'Descent';
    const tagline = document.createElement('span');
    tagline.className = 'tagline';
    tagline.textContent = 'gradient-descent optimizers, step by step';
    title.append(tagline);
    this.fn.className = 'header-function';
    const help = document.createElement('div');
    help.className = 'header-help';
    help.textContent =
      'Drag to orbit · scroll or pinch to zoom · right-drag to pan · click the surface to move the start · space ▶ ← → R';
    header.append(title, this.fn, help);
    container.append(header);
  }

  update(s: AppState, shownExpression: string): void {
    const text = functionText(s, shownExpression);
    if (this.fn.textContent === text) return;
    this.fn.textContent = text;
    this.fn.title = (s.fn.preset ? getFunctionPreset(s.fn.preset)?.note : undefined) ?? '';
  }
}
