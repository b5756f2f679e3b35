/**
 * The inspected update drawn at the point, taken apart the way its rule builds it (app/inspector.ts):
 * −lr·∇f and the momentum part tip to tail for momentum, the raw gradient step against the rescaled
 * step for the adaptive methods, and the update Δ itself in the optimizer's colour. Draped over the
 * surface in 3-D, on the map in 2-D; magnified together by the inspection's `arrowScale` when the
 * step is too short to see. Hidden, and untouched, while the inspector is closed.
 */
import { Color } from 'three';
import { inspector } from '../../app/inspector-model.ts';
import type { Arrow } from '../../core/field.ts';
import { ARROW_SEGMENTS, arrowSegments } from '../field.ts';
import { type LayerContext, type PaneLayer, setShown } from '../layer.ts';
import { contrastAt, FatLines, heightOf } from './draw.ts';
import { PART_COLORS } from './inspector-colors.ts';

/** Line width of the arrows, CSS pixels. */
const WIDTH = 2.5;

export class StepArrowsLayer implements PaneLayer {
  /** Room for every part an update is taken into (at most three arrows). */
  private readonly lines = new FatLines(3 * ARROW_SEGMENTS, WIDTH, true);
  readonly object = this.lines.object;
  private drawn = -1;
  /** Bumped whenever the layer is shown, hidden or redrawn (see `PaneLayer.revision`). */
  revision = 0;
  private readonly color = new Color();

  constructor() {
    this.object.name = 'step-arrows';
    this.object.renderOrder = 4;
    this.object.visible = false;
  }

  update(c: LayerContext): void {
    const now = inspector.current;
    const fn = c.derived.fn;
    const show =
      inspector.open && now !== null && now.decomposition !== null && fn !== null && c.shows(now.entry);
    if (!setShown(this, show) || now === null) return;
    if (this.drawn === inspector.version && !c.frameChanged && c.state.view === c.previous?.view) return;
    this.drawn = inspector.version;
    this.revision++;
    const [px, py] = now.step.point;
    const parts = now.decomposition!.parts;
    const k = now.arrowScale;
    const arrows: Arrow[] = parts.map((p) => ({
      x: px + k * p.from[0],
      y: py + k * p.from[1],
      dx: k * p.vector[0],
      dy: k * p.vector[1],
      magnitude: 0,
    }));
    const lines = this.lines;
    const shown = arrows.slice(0, 3);
    lines.positions.set(arrowSegments(shown, c.frame, heightOf(c.kind, c.frame, fn!)));
    const color = this.color;
    const colors = lines.colors!;
    shown.forEach((_, j) => {
      const p = parts[j]!;
      color.set(
        p.role === 'update'
          ? now.entry.color
          : p.role === 'gradient'
            ? contrastAt(c, fn!, px, py)
            : PART_COLORS[p.role],
      );
      for (let i = 0; i < ARROW_SEGMENTS * 2; i++) color.toArray(colors, 3 * (j * ARROW_SEGMENTS * 2 + i));
    });
    lines.show(shown.length * ARROW_SEGMENTS);
  }

  resize(width: number, height: number, pixelRatio: number): void {
    this.lines.resize(width, height, pixelRatio);
  }

  dispose(): void {
    this.lines.dispose();
  }
}
