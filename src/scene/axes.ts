/**
 * Axes around the surface: the domain's outline and a faint grid on the floor, ticks with labels
 * along x (front edge) and y (left edge), and a vertical f axis at the back-left corner, with
 * labels as DOM elements (CSS2DObject) so they stay crisp at any zoom. On a flat (2-D) map the
 * labels sit at fixed pixel offsets from the box's edges, inside the view's pixel margins. Where the
 * view foreshortens an axis, `thin` shows every k-th of its labels so that none overlap, then hides
 * the labels of one axis that would sit on those of another (the f and y columns meet at the
 * back-left corner).
 */
import { BufferAttribute, BufferGeometry, Group, LineBasicMaterial, LineSegments, type Vector3 } from 'three';
import { CSS2DObject } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import './scene.css';
import { axisTicks, formatTick } from '../app/ticks.ts';
import type { LayerContext, PaneLayer, ToScreen } from './layer.ts';
import { type Frame, worldX, worldY, worldZ } from './world.ts';

/** Approximate screen size of an 11-px tick label (the width from its length), with a little air. */
const TICK_CHAR_WIDTH = 6.5;
const TICK_HEIGHT = 13;
const TICK_GAP = 3;

/**
 * The smallest stride k such that labels k apart along an axis do not overlap on screen, given
 * their screen centres and text lengths (labels in axis order).
 */
export function labelStride(
  centres: readonly { x: number; y: number }[],
  lengths: readonly number[],
): number {
  const clear = (i: number, j: number) =>
    Math.abs(centres[i].x - centres[j].x) >= (TICK_CHAR_WIDTH * (lengths[i] + lengths[j])) / 2 + TICK_GAP ||
    Math.abs(centres[i].y - centres[j].y) >= TICK_HEIGHT + TICK_GAP;
  for (let k = 1; k < centres.length; k++) {
    let ok = true;
    for (let i = 0; ok && i + k < centres.length; i += k) ok = clear(i, i + k);
    if (ok) return k;
  }
  return Math.max(1, centres.length);
}

/** Padding (px) between a 2-D map's left edge and its y tick labels, and between them and the title. */
const TICK_PAD_2D = 6;
const TITLE_PAD_2D = 8;

/**
 * Pixels a 2-D map of `domain` keeps around it for its labels: on the left the widest y tick label
 * (as `axisTicks` and `formatTick` write them) with its padding, the title's padding and the title
 * (~10 px); below, the x tick labels and the title (40 px); a little air above and to the right.
 */
export function margins2d(domain: { readonly y: readonly [number, number] }): {
  left: number;
  right: number;
  top: number;
  bottom: number;
} {
  const widest = Math.max(0, ...axisTicks(domain.y[0], domain.y[1], 6).map((t) => formatTick(t).length));
  return {
    left: Math.ceil(TICK_PAD_2D + TICK_CHAR_WIDTH * widest + TITLE_PAD_2D + 10),
    right: 14,
    top: 12,
    bottom: 40,
  };
}

/** A label's box on screen: its centre and text length (width from `TICK_CHAR_WIDTH`). */
export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly length: number;
}

/** True when two labels' boxes (with `TICK_GAP` of air) overlap on screen. */
export function labelsOverlap(a: LabelBox, b: LabelBox): boolean {
  return (
    Math.abs(a.x - b.x) < (TICK_CHAR_WIDTH * (a.length + b.length)) / 2 + TICK_GAP &&
    Math.abs(a.y - b.y) < TICK_HEIGHT + TICK_GAP
  );
}

/**
 * Which labels stay shown when axes share the screen: the axes in priority order, each label
 * (already thinned along its own axis: `shown`) hidden when it overlaps a label kept on an earlier
 * axis. Returns the new `shown` flags, axis by axis.
 */
export function keepApart(
  axes: readonly { boxes: readonly LabelBox[]; shown: readonly boolean[] }[],
): boolean[][] {
  const kept: LabelBox[] = [];
  return axes.map(({ boxes, shown }) => {
    const mine: LabelBox[] = [];
    const out = boxes.map((b, i) => {
      if (!shown[i] || kept.some((k) => labelsOverlap(k, b))) return false;
      mine.push(b);
      return true;
    });
    kept.push(...mine);
    return out;
  });
}

function label(text: string, className: string): CSS2DObject {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  return new CSS2DObject(el);
}

/** The names written on the axes. */
export interface AxisTitles {
  readonly x: string;
  readonly y: string;
  readonly f: string;
}

const DEFAULT_TITLES: AxisTitles = { x: 'x', y: 'y', f: 'f(x, y)' };

export class AxesLayer implements PaneLayer {
  readonly object = new Group();
  private readonly lineMaterial = new LineBasicMaterial({ color: 0x5b6270 });
  private readonly gridMaterial = new LineBasicMaterial({
    color: 0x5b6270,
    transparent: true,
    opacity: 0.25,
  });
  private readonly labels = new Group();
  /** The tick labels of each axis (x, y, f), in order. */
  private ticks: CSS2DObject[][] = [];
  private lines = new LineSegments(new BufferGeometry(), this.lineMaterial);
  private grid = new LineSegments(new BufferGeometry(), this.gridMaterial);

  /** `titles`: the axes' names (the network landscape names them α, β and its loss). */
  constructor(private readonly titles: AxisTitles = DEFAULT_TITLES) {
    this.object.add(this.grid, this.lines, this.labels);
  }

  update(c: LayerContext): void {
    if (c.frameChanged) this.setFrame(c.frame);
  }

  placeLabels(toScreen: ToScreen): void {
    this.thin(toScreen);
  }

  /** Rebuilds the axes for a frame (a new domain, clip range or exaggeration). */
  setFrame(frame: Frame): void {
    const { domain } = frame;
    const [x0, x1] = domain.x;
    const [y0, y1] = domain.y;
    const X0 = worldX(frame, x0);
    const X1 = worldX(frame, x1);
    const Z0 = worldZ(frame, y0); // front edge (y = y0 is nearest the default camera)
    const Z1 = worldZ(frame, y1);
    const H = frame.height;
    const tick = 0.02 * Math.max(X1 - X0, Z0 - Z1);
    const seg: number[] = [];
    const grid: number[] = [];
    const push = (a: number[], ...v: number[]) => a.push(...v);
    // Floor outline and the vertical f axis at the back-left corner.
    push(seg, X0, 0, Z0, X1, 0, Z0, X1, 0, Z0, X1, 0, Z1, X1, 0, Z1, X0, 0, Z1, X0, 0, Z1, X0, 0, Z0);
    // A flat frame (2-D pane) has no f axis.
    const flat = H === 0;
    if (!flat) push(seg, X0, 0, Z1, X0, H, Z1);
    this.clearLabels();
    const xLabels: CSS2DObject[] = [];
    const yLabels: CSS2DObject[] = [];
    const fLabels: CSS2DObject[] = [];
    this.ticks = [xLabels, yLabels, fLabels];
    const xTicks = axisTicks(x0, x1, 6);
    const yTicks = axisTicks(y0, y1, 6);
    // On a flat map, labels hang from the box's edges at pixel offsets (CSS padding), so the
    // view's pixel margins hold them whatever the pane's size or the map's stretch.
    for (const t of xTicks) {
      const X = worldX(frame, t);
      push(seg, X, 0, Z0, X, 0, Z0 + (flat ? 0 : tick));
      push(grid, X, 0, Z0, X, 0, Z1);
      const l = flat
        ? this.addLabel(formatTick(t), 'axis-tick axis-tick-below', X, 0, Z0, 0.5, 0)
        : this.addLabel(formatTick(t), 'axis-tick', X, 0, Z0 + 3.5 * tick);
      xLabels.push(l);
    }
    for (const t of yTicks) {
      const Z = worldZ(frame, t);
      push(seg, X0, 0, Z, X0 - (flat ? 0 : tick), 0, Z);
      push(grid, X0, 0, Z, X1, 0, Z);
      const l = flat
        ? this.addLabel(formatTick(t), 'axis-tick axis-tick-left', X0, 0, Z, 1, 0.5)
        : this.addLabel(formatTick(t), 'axis-tick', X0 - 3.5 * tick, 0, Z);
      yLabels.push(l);
    }
    for (const t of flat ? [] : axisTicks(frame.zMin, frame.zMax, 5)) {
      const Y = worldY(frame, t);
      push(seg, X0, Y, Z1, X0 - tick, Y, Z1);
      // Diagonally out from the corner, so the f labels never sit on the y labels.
      fLabels.push(this.addLabel(formatTick(t), 'axis-tick axis-tick-f', X0 - 3 * tick, Y, Z1 - 3 * tick));
    }
    if (flat) {
      this.addLabel(this.titles.x, 'axis-title axis-title-below', (X0 + X1) / 2, 0, Z0, 0.5, 0);
      const widest = Math.max(0, ...yTicks.map((t) => formatTick(t).length));
      const y = this.addLabel(this.titles.y, 'axis-title', X0, 0, (Z0 + Z1) / 2, 1, 0.5);
      y.element.style.paddingRight = `${Math.round(TICK_PAD_2D + TICK_CHAR_WIDTH * widest + TITLE_PAD_2D)}px`;
    } else {
      this.addLabel(this.titles.x, 'axis-title', (X0 + X1) / 2, 0, Z0 + 7 * tick);
      this.addLabel(this.titles.y, 'axis-title', X0 - 7 * tick, 0, (Z0 + Z1) / 2);
    }
    if (!flat) this.addLabel(this.titles.f, 'axis-title', X0, H + 6 * tick, Z1);
    this.replace(this.lines, seg);
    this.replace(this.grid, grid);
  }

  private replace(target: LineSegments, values: number[]): void {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(Float32Array.from(values), 3));
    target.geometry.dispose();
    target.geometry = geometry;
  }

  /**
   * Shows every k-th tick label of each axis, k as small as keeps them apart where `toScreen` (world
   * → screen pixels) puts them now. Call it whenever the camera moves.
   */
  thin(toScreen: (world: Vector3) => { x: number; y: number }): void {
    const [x, y, f] = this.ticks.map((axis) => {
      const centres = axis.map((l) => toScreen(l.position));
      const lengths = axis.map((l) => l.element.textContent?.length ?? 0);
      const k = labelStride(centres, lengths);
      return {
        labels: axis,
        boxes: centres.map((c, i) => ({ x: c.x, y: c.y, length: lengths[i] })),
        shown: axis.map((_, i) => i % k === 0),
      };
    });
    // f first (its column is the only one it has), then x, then y.
    const order = [f, x, y];
    const shown = keepApart(order);
    order.forEach((axis, a) => {
      axis.labels.forEach((l, i) => {
        l.visible = shown[a][i];
      });
    });
  }

  /** A label at (x, y, z); (cx, cy): the point of the label that sits there (0.5, 0.5: its centre). */
  private addLabel(
    text: string,
    className: string,
    x: number,
    y: number,
    z: number,
    cx = 0.5,
    cy = 0.5,
  ): CSS2DObject {
    const l = label(text, className);
    l.position.set(x, y, z);
    l.center.set(cx, cy);
    this.labels.add(l);
    return l;
  }

  private clearLabels(): void {
    for (const child of [...this.labels.children]) {
      (child as CSS2DObject).element.remove();
      this.labels.remove(child);
    }
  }

  dispose(): void {
    this.clearLabels();
    this.lines.geometry.dispose();
    this.grid.geometry.dispose();
    this.lineMaterial.dispose();
    this.gridMaterial.dispose();
  }
}
