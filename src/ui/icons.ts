/**
 * Inline SVG icons for the transport bar and the legend. Font glyphs such as "⏮" are missing from some system fonts
 * (Debian's Chromium draws a box), so every icon is a path in a 24 × 24 box, filled with the text colour.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Path data of each icon (24 × 24 view box). */
export const ICONS = {
  play: 'M8 5v14l11-7z',
  pause: 'M7 5h4v14H7zM13 5h4v14h-4z',
  stepBack: 'M6 5h2.5v14H6zM19 5v14L9 12z',
  stepForward: 'M15.5 5H18v14h-2.5zM5 5v14l10-7z',
  reset: 'M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z',
  /** A magnifying glass: the step inspector. */
  inspect:
    'M15.5 14h-.79l-.28-.27A6.47 6.47 0 0 0 16 9.5 6.5 6.5 0 1 0 9.5 16a6.47 6.47 0 0 0 4.23-1.57l.27.28v.79l5 4.99L20.49 19zm-6 0a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9z',
  close: 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z',
} as const;

export type IconName = keyof typeof ICONS;

/** An `<svg>` element drawing `name`, hidden from screen readers (its button carries the name). */
export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

/** Replaces the icon inside `button` when it differs (the play button turns into pause). */
export function setIcon(button: HTMLElement, name: IconName): void {
  if (button.dataset.icon === name) return;
  button.dataset.icon = name;
  button.replaceChildren(icon(name));
}
