/**
 * Curvature at the inspected point (app/inspector.ts's local quadratic model): the eigenvectors of
 * the Hessian as the axes of the model's ellipse, the ellipse through the point and two fainter
 * contours of the model, and at a saddle the downhill direction of negative curvature. Black or
 * white, whichever stands out from the map there; draped over the surface in 3-D, on the map in
 * 2-D. Hidden, and untouched, while the inspector is closed.
 */
import { Group, LineBasicMaterial } from 'three';
import { inspector, MODEL_SEGMENTS } from '../../app/inspector-model.ts';
import { ARROW_SEGMENTS, arrowSegments } from '../field.ts';
import { type LayerContext, type PaneLayer, setShown } from '../layer.ts';
import { contrastAt, FatLines, heightOf, polylineSegments, ThinLines } from './draw.ts';
import { NEGATIVE_COLOR } from './inspector-colors.ts';

/** Pieces each straight axis is cut into, so that draped it follows the surface. */
const AXIS_PIECES = 24;

export class CurvatureLayer implements PaneLayer {
  readonly object = new Group();
  private readonly axes = new FatLines(2 * AXIS_PIECES, 1.5, false);
  private readonly negative = new FatLines(ARROW_SEGMENTS, 2.5, false);
  /** Three ellipses, or four hyperbola branches, of `MODEL_SEGMENTS` pieces each. */
  private readonly contours = new ThinLines(
    4 * MODEL_SEGMENTS,
    new LineBasicMaterial({ transparent: true, opacity: 0.55, depthTest: false }),
  );
  private drawn = -1;
  /** Bumped whenever the layer is shown, hidden or redrawn (see `PaneLayer.revision`). */
  revision = 0;

  constructor() {
    this.object.name = 'curvature';
    this.object.visible = false;
    this.negative.material.color.set(NEGATIVE_COLOR);
    for (const part of [this.contours.object, this.axes.object, this.negative.object]) {
      part.renderOrder = 3;
      this.object.add(part);
    }
  }

  update(c: LayerContext): void {
    const now = inspector.current;
    const fn = c.derived.fn;
    const show =
      inspector.open &&
      now !== null &&
      now.curves !== null &&
      fn !== null &&
      (now.atPointer || c.shows(now.entry));
    if (!setShown(this, show) || now === null) return;
    if (this.drawn === inspector.version && !c.frameChanged && c.state.view === c.previous?.view) return;
    this.drawn = inspector.version;
    this.revision++;
    const height = heightOf(c.kind, c.frame, fn!);
    const curves = now.curves!;
    const model = now.model!;
    const ink = contrastAt(c, fn!, model.point[0], model.point[1]);
    this.axes.material.color.set(ink);
    this.contours.material.color.set(ink);
    this.axes.show(polylineSegments(this.axes.positions, curves.axes, c.frame, height, AXIS_PIECES));
    this.contours.show(polylineSegments(this.contours.positions, curves.contours, c.frame, height));
    const d = model.negative;
    this.negative.object.visible = d !== null;
    if (d) {
      const domain = c.frame.domain;
      const length = 0.15 * Math.hypot(domain.x[1] - domain.x[0], domain.y[1] - domain.y[0]);
      const arrow = {
        x: model.point[0],
        y: model.point[1],
        dx: d[0] * length,
        dy: d[1] * length,
        magnitude: 0,
      };
      this.negative.positions.set(arrowSegments([arrow], c.frame, height));
      this.negative.show(ARROW_SEGMENTS);
    }
  }

  resize(width: number, height: number, pixelRatio: number): void {
    this.axes.resize(width, height, pixelRatio);
    this.negative.resize(width, height, pixelRatio);
  }

  dispose(): void {
    this.axes.dispose();
    this.negative.dispose();
    this.contours.dispose();
  }
}
