/**
 * What a module that draws HTML over the panes (axis labels, the legend, the colour bar) hands the
 * exporter, so exported images carry it too. Each module lists its own items; the exporter paints
 * them in the order given and never looks the elements up by class name. Rectangles are client (CSS)
 * pixels, as `getBoundingClientRect` gives them.
 */

/** One thing to paint over the panes' pictures. */
export type OverlayItem =
  /** A picture (the colour bar's gradient) scaled into `rect`. */
  | { readonly kind: 'image'; readonly image: CanvasImageSource; readonly rect: DOMRect }
  /** A white card under text (a legend's box). */
  | { readonly kind: 'card'; readonly rect: DOMRect }
  /** A filled circle inscribed in `rect` (a legend's swatch). */
  | { readonly kind: 'dot'; readonly rect: DOMRect; readonly color: string }
  /**
   * One line of text in `element`'s font and colour, vertically centred on its box, starting at
   * `left` (client x; the element's own left when absent).
   */
  | { readonly kind: 'text'; readonly text: string; readonly element: HTMLElement; readonly left?: number };

/** A module that draws over the panes and tells the exporter what. */
export interface OverlaySource {
  /** What shows now, in paint order (nothing hidden). */
  overlay(): readonly OverlayItem[];
}

/** The text item of `element` (its trimmed text content), or nothing when it shows no text. */
export function textItem(element: HTMLElement, left?: number): OverlayItem[] {
  const text = element.textContent?.trim() ?? '';
  if (text === '') return [];
  return [left === undefined ? { kind: 'text', text, element } : { kind: 'text', text, element, left }];
}
