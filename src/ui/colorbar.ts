/**
 * The colour bar (the seed's `fig.colorbar`): the colormap with tick values of f, linear or log, and
 * a thin line at each contour level the surface draws.
 */
import { type ColormapId, colormapTable, getColormap } from '../app/colormaps.ts';
import type { AppState } from '../app/state.ts';
import { colorbarTicks, contourMarks, formatTick } from '../app/ticks.ts';
import { type OverlayItem, type OverlaySource, textItem } from '../scene/overlay.ts';

export class ColorBar implements OverlaySource {
  readonly element = document.createElement('div');
  private readonly canvas = document.createElement('canvas');
  private readonly ticks = document.createElement('div');
  private readonly levels = document.createElement('div');
  /** The bar's title, "f(x, y)". */
  private readonly title: HTMLElement;
  private colormap: ColormapId | null = null;

  constructor(container: HTMLElement) {
    this.element.className = 'colorbar';
    this.element.id = 'colorbar';
    this.canvas.width = 1;
    this.canvas.height = 256;
    this.ticks.className = 'colorbar-ticks';
    this.levels.className = 'colorbar-levels';
    this.title = document.createElement('div');
    this.title.className = 'colorbar-title';
    this.title.textContent = 'f(x, y)';
    this.element.append(this.title, this.canvas, this.levels, this.ticks);
    container.append(this.element);
  }

  /** What the ticks were last drawn for. */
  private shownTicks = '';

  /** For exports: the colour gradient, the title and the tick values. */
  overlay(): readonly OverlayItem[] {
    return [
      { kind: 'image', image: this.canvas, rect: this.canvas.getBoundingClientRect() },
      ...textItem(this.title),
      ...[...this.ticks.children].flatMap((el) => (el instanceof HTMLElement ? textItem(el) : [])),
    ];
  }

  /** `min`, `max`: the colour range in units of f. */

  update(s: AppState, min: number, max: number): void {
    if (this.colormap !== s.view.colormap) {
      this.colormap = s.view.colormap;
      const table = colormapTable(getColormap(s.view.colormap)!, 256);
      const image = new ImageData(1, 256);
      // Top of the bar is the top of the range.
      for (let i = 0; i < 256; i++) image.data.set(table.subarray(4 * (255 - i), 4 * (255 - i) + 4), 4 * i);
      this.canvas.getContext('2d')?.putImageData(image, 0, 0);
    }
    const v = s.view;
    const ticksKey = `${min} ${max} ${v.colorScale} ${v.wireframe ? 0 : v.contours} ${v.wireframe ? 0 : v.contourSpacing}`;
    if (ticksKey === this.shownTicks) return;
    this.shownTicks = ticksKey;
    // The surface draws no contours in wireframe mode.
    const marks = v.wireframe ? [] : contourMarks(min, max, v.colorScale, v.contours, v.contourSpacing);
    this.levels.replaceChildren(
      ...marks.map((position) => {
        const el = document.createElement('div');
        el.className = 'colorbar-level';
        el.style.bottom = `${(position * 100).toFixed(2)}%`;
        return el;
      }),
    );
    const labels = colorbarTicks(min, max, v.colorScale).map(({ value, position }) => {
      const el = document.createElement('div');
      el.className = 'colorbar-tick';
      el.style.bottom = `${(position * 100).toFixed(2)}%`;
      el.textContent = formatTick(value);
      return el;
    });
    this.ticks.replaceChildren(...labels);
  }
}
