/**
 * The stationary points of f (minima, saddles, maxima; see core/stationary.ts, computed once in
 * `Derived.stationary`) as small glyphs on the surface, toggled by `view.stationary` (this module and
 * the finder load when the toggle is first on: `layers.ts`): a white disc
 * with a dark edge for a minimum, a cross for a saddle, a triangle for a maximum, a ring for a
 * degenerate point. Each glyph is a DOM element (crisp at any zoom, a native hover) whose label names
 * the kind, the place and f there.
 */
import './scene.css';
import { Group } from 'three';
import { CSS2DObject } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { formatTick } from '../app/ticks.ts';
import {
  kindName,
  type StationaryKind,
  type StationaryPoint,
  stationaryPoints,
  withKnown,
} from '../core/stationary.ts';
import type { LayerContext, PaneLayer } from './layer.ts';
import { LIFT } from './trail-buffers.ts';
import { worldX, worldY, worldZ } from './world.ts';

/** The finder `Derived.stationary` runs (it comes with this module). */
const FINDER = { stationaryPoints, withKnown };

/** Each kind's glyph: SVG in a 12 × 12 box, a light fill with a dark edge so it shows on any colour. */
const GLYPHS: Record<StationaryKind, string> = {
  minimum: '<circle cx="6" cy="6" r="4.5" fill="#fff" stroke="#111" stroke-width="1.6"/>',
  saddle:
    '<path d="M2 2 L10 10 M10 2 L2 10" stroke="#fff" stroke-width="4" stroke-linecap="round"/><path d="M2 2 L10 10 M10 2 L2 10" stroke="#111" stroke-width="1.8" stroke-linecap="round"/>',
  maximum: '<path d="M6 1.2 L11 10.5 L1 10.5 Z" fill="#fff" stroke="#111" stroke-width="1.5"/>',
  degenerate: '<circle cx="6" cy="6" r="4" fill="none" stroke="#111" stroke-width="2"/>',
};

/** A glyph's label: "minimum (3, 2), f = 0" (listed points) or "saddle point ≈ (0.087, 2.9), f ≈ 67.9". */
export function stationaryLabel(p: StationaryPoint): string {
  const r = (v: number) => formatTick(Number(v.toPrecision(p.known ? 6 : 3)) + 0);
  const eq = p.known ? '=' : '≈';
  return `${kindName(p.kind)} ${p.known ? '' : '≈ '}(${r(p.x)}, ${r(p.y)}), f ${eq} ${r(p.f)}`;
}

export class StationaryLayer implements PaneLayer {
  readonly object = new Group();
  private shown: readonly StationaryPoint[] | null = null;

  constructor() {
    this.object.name = 'stationary';
  }

  update(c: LayerContext): void {
    const on = c.state.view.stationary;
    this.object.visible = on;
    if (!on) return;
    const points = c.derived.stationary(c.state.fn.preset, FINDER);
    if (points === this.shown && !c.frameChanged) return;
    this.clear();
    this.shown = points;
    for (const p of points) {
      const el = document.createElement('div');
      el.className = `stationary stationary-${p.kind}`;
      el.tabIndex = -1;
      const label = stationaryLabel(p);
      el.setAttribute('aria-label', label);
      el.innerHTML = `<svg viewBox="0 0 12 12" aria-hidden="true">${GLYPHS[p.kind]}</svg>`;
      const tip = document.createElement('span');
      tip.className = 'stationary-label';
      tip.textContent = label;
      el.append(tip);
      const o = new CSS2DObject(el);
      const h = worldY(c.frame, p.f);
      o.position.set(worldX(c.frame, p.x), (Number.isFinite(h) ? h : 0) + LIFT, worldZ(c.frame, p.y));
      this.object.add(o);
    }
  }

  private clear(): void {
    for (const child of [...this.object.children]) {
      (child as CSS2DObject).element.remove();
      this.object.remove(child);
    }
    this.shown = null;
  }

  dispose(): void {
    this.clear();
  }
}
