/**
 * What the canvas-2D pane views (the f-by-step chart, the hyperparameter map) share: their plot box
 * as four corners, and an export snapshot drawn at another scale.
 */

/** The corners of the rectangle x0…x1 × y0…y1 (client px), clockwise from the top left. */
export function rectCorners(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/**
 * A copy of `canvas` as `draw(scale)` paints it at `scale` times its pixels; the canvas is then drawn
 * back at scale 1.
 */
export function snapshotCanvas(
  canvas: HTMLCanvasElement,
  draw: (scale: number) => void,
  scale: number,
): HTMLCanvasElement {
  draw(scale);
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  copy.getContext('2d')?.drawImage(canvas, 0, 0);
  if (scale !== 1) draw(1);
  return copy;
}

/** Draws on demand: at most once per animation frame however often it is asked. */
export class FrameRequest {
  private id = 0;

  constructor(private readonly draw: () => void) {}

  /** Draws at the next animation frame (once, however many requests come before it). */
  request(): void {
    if (this.id) return;
    this.id = requestAnimationFrame(() => {
      this.id = 0;
      this.draw();
    });
  }

  cancel(): void {
    if (this.id) cancelAnimationFrame(this.id);
    this.id = 0;
  }
}
