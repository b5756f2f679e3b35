/**
 * Basins of attraction as a layer (issue 15): for the first optimizer this pane shows, the run from
 * every start of an n × n grid over the domain, coloured by the minimum it reached and shaded by the
 * steps it took (`basins-paint.ts`), draped over the surface (3-D) or laid on the map (2-D), half
 * transparent so the contours show through. Off unless the Maps folder turns basins on. The maps are
 * computed by the hub (`app/maps.ts`) on the worker pool; this layer only says which map it wants and
 * paints what has arrived (a coarse picture first, refined in place).
 */
import {
  BufferAttribute,
  BufferGeometry,
  DataTexture,
  DoubleSide,
  Mesh,
  MeshBasicMaterial,
  NearestFilter,
  RGBAFormat,
  UnsignedByteType,
} from 'three';
import type { MapJob, MapResult } from '../../app/batch-pool.ts';
import { caseExtras } from '../../app/lab.ts';
import { basinSide, type MapEntry, maps } from '../../app/maps.ts';
import type { AppState, OptimizerEntry } from '../../app/state.ts';
import { DEFAULT_TOLERANCE, divergenceBound } from '../../core/runner.ts';
import { type LayerContext, type PaneLayer, setShown } from '../layer.ts';
import { LIFT } from '../trail-buffers.ts';
import { worldX, worldY, worldZ } from '../world.ts';
import { paintBasins, paintCells } from './basins-paint.ts';

let nextSlot = 0;

/**
 * The basin job of a row (`optimizer` with `params`, and the row's lr schedule and noise, `lab`) in
 * state `s` with `n` starts a side (the hub shrinks n for long runs). Every cell is then the row's own
 * run from that start, bit for bit: the schedule and the noise (σ and the row's seed — the spread's
 * other seeds are not mapped) travel as `descent basins`' case fields (`caseExtras`).
 */
export function basinJobOf(
  s: AppState,
  optimizer: string,
  params: Readonly<Record<string, unknown>>,
  n: number,
  lab: Pick<OptimizerEntry, 'schedule' | 'noise'> = {},
): MapJob {
  return {
    kind: 'basins',
    f: s.fn.preset ?? s.fn.expression,
    optimizer,
    params,
    steps: s.steps,
    gradient: s.gradient,
    tolerance: DEFAULT_TOLERANCE,
    bound: divergenceBound(s.fn.domain),
    grid: { x: s.fn.domain.x, y: s.fn.domain.y, n: basinSide(n, s.steps) },
    ...caseExtras(lab),
  };
}

export class BasinsLayer implements PaneLayer {
  readonly object: Mesh;
  private readonly slot = nextSlot++;
  private readonly material = new MeshBasicMaterial({
    transparent: true,
    opacity: 0.88,
    side: DoubleSide,
    depthWrite: false,
    polygonOffset: true,
    polygonOffsetFactor: -2,
    polygonOffsetUnits: -2,
    // One pass: three.js would draw a transparent double-sided mesh twice (back faces, then front), and
    // this one drape is a whole surface's triangles — a software renderer pays for every one.
    forceSinglePass: true,
  });
  private texture: DataTexture | null = null;
  /** What the texture shows: the entry, its map's answers painted so far and its relabelling count. */
  private painted: { entry: MapEntry; map: MapResult; answers: number; relabelled: number } | null = null;
  private geometryKey: unknown[] = [];
  /** Bumped whenever the drape is shown, hidden, rebuilt or repainted (see `PaneLayer.revision`). */
  revision = 0;

  constructor() {
    this.object = new Mesh(new BufferGeometry(), this.material);
    this.object.name = 'basins';
    this.object.renderOrder = 1;
    this.object.visible = false;
  }

  update(c: LayerContext): void {
    const s = c.state;
    const entryOpt = maps.basins.on ? s.optimizers.find((e) => e.visible && c.shows(e)) : undefined;
    const entry = entryOpt
      ? maps.want(this.slot, basinJobOf(s, entryOpt.optimizer, entryOpt.params, maps.basins.n, entryOpt))
      : maps.want(this.slot, null);
    const map = entry?.map ?? null;
    const visible = map !== null && entry !== null && entry.done > 0;
    if (!setShown(this, visible) || !map || !entry) return;
    const grid = c.derived.grid;
    if (grid && (c.frameChanged || this.geometryKey[0] !== grid || this.geometryKey[1] !== map.n)) {
      this.geometryKey = [grid, map.n];
      this.buildGeometry(c, map.n);
      this.revision++;
    }
    const painted = this.painted;
    const same = painted?.entry === entry && painted.map === map && painted.relabelled === map.relabelled;
    if (same && painted.answers === map.written.length) return;
    let fresh = !same;
    if (!this.texture || this.texture.image.width !== map.n) {
      fresh = true;
      this.texture?.dispose();
      this.texture = new DataTexture(
        new Uint8Array(map.n * map.m * 4),
        map.n,
        map.m,
        RGBAFormat,
        UnsignedByteType,
      );
      this.texture.magFilter = NearestFilter;
      this.texture.minFilter = NearestFilter;
      this.material.map = this.texture;
      this.material.needsUpdate = true;
    }
    const data = this.texture.image.data as Uint8Array;
    // A new map (or new labels) is painted whole; one filling in, only its answers since the last paint.
    if (fresh || !painted) paintBasins(map, entry.job.steps, data);
    else
      for (let k = painted.answers; k < map.written.length; k++)
        paintCells(map, entry.job.steps, data, map.written[k]!);
    this.texture.needsUpdate = true;
    this.revision++;
    this.painted = { entry, map, answers: map.written.length, relabelled: map.relabelled };
  }

  /**
   * The surface's sample grid lifted a little, with texel centres on the grid's starts. Flat (a 2-D
   * pane, where every height is 0) it is the grid's four corners: the same plane with the same affine
   * texture coordinates, in two triangles instead of the grid's — a software renderer pays per triangle.
   */
  private buildGeometry(c: LayerContext, n: number): void {
    const grid = c.derived.grid!;
    const { heights, domain } = grid;
    const f = c.frame;
    const flat = f.height === 0;
    const nx = flat ? 2 : grid.nx;
    const ny = flat ? 2 : grid.ny;
    const position = new Float32Array(nx * ny * 3);
    const uv = new Float32Array(nx * ny * 2);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const k = j * nx + i;
        const x = domain.x[0] + ((domain.x[1] - domain.x[0]) * i) / (nx - 1);
        const y = domain.y[0] + ((domain.y[1] - domain.y[0]) * j) / (ny - 1);
        const h = flat ? 0 : heights[k]!;
        const wy = flat || !Number.isFinite(h) ? 0 : worldY(f, h);
        position[3 * k] = worldX(f, x);
        position[3 * k + 1] = wy + LIFT * 0.5;
        position[3 * k + 2] = worldZ(f, y);
        // Texel t's centre (t + ½)/n sits on start t: u runs from ½/n to 1 − ½/n over the domain.
        uv[2 * k] = (0.5 + ((n - 1) * i) / (nx - 1)) / n;
        uv[2 * k + 1] = (0.5 + ((n - 1) * j) / (ny - 1)) / n;
      }
    }
    const index: number[] = [];
    for (let j = 0; j + 1 < ny; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        const a = j * nx + i;
        index.push(a, a + 1, a + nx, a + 1, a + nx + 1, a + nx);
      }
    }
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(position, 3));
    geometry.setAttribute('uv', new BufferAttribute(uv, 2));
    geometry.setIndex(index);
    this.object.geometry.dispose();
    this.object.geometry = geometry;
  }

  dispose(): void {
    maps.want(this.slot, null);
    this.object.geometry.dispose();
    this.material.dispose();
    this.texture?.dispose();
  }
}
