/**
 * The network's loss on its plane drawn with the explorer's own surface machinery: the loss grid
 * becomes a `GridSample` over (α, β), `surfaceMesh` (src/core/mesh.ts) builds the mesh, and the
 * scene's `SurfaceLayer` draws it with the surface shader (colormap, contours, lighting) in a `View`
 * (camera, orbit controls, render on demand), 3-D or 2-D as the explorer's panes.
 *
 * Height and colour are log₁₀ of the loss (a trained network's loss spans decades) or the loss itself,
 * coloured and contoured as the view's `NetView` says (the explorer's colormaps, colour scale,
 * contours, wireframe, fill and height; `landscape-link.ts`). The optimizers'
 * paths are their least-squares (α, β) per step, draped on the surface: the surface there is the loss
 * of θ₀ + α·d₁ + β·d₂, not of the run's own weights, which lie off the plane by the distance the
 * legend reports.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  Line,
  LineBasicMaterial,
  Mesh,
  MeshBasicMaterial,
  SphereGeometry,
} from 'three';
import { getColormap } from '../app/colormaps.ts';
import { defaultState } from '../app/defaults.ts';
import type { NetView } from '../app/landscape-link.ts';
import type { ViewState } from '../app/state.ts';
import type { GridSample } from '../core/grid.ts';
import { percentiles } from '../core/grid.ts';
import { COARSE_SEGMENTS, gridStep, ROBUST_RANGE, type SurfaceData, surfaceMesh } from '../core/mesh.ts';
import type { ExperimentResult } from '../core/nn/experiment.ts';
import { AxesLayer, margins2d } from '../scene/axes.ts';
import { SurfaceLayer } from '../scene/surface.ts';
import { LIFT } from '../scene/trail-buffers.ts';
import { View } from '../scene/view.ts';
import { makeFrame, SIZE, worldX, worldY, worldZ } from '../scene/world.ts';

export type LandscapeKind = '3d' | '2d';

/** The loss grid as a grid sample over (α, β) of log₁₀ loss, or of the loss (non-finite stays a hole). */
export function lossGrid(r: ExperimentResult, height: NetView['height'] = 'log'): GridSample {
  const n = r.alpha.length;
  const heights = new Float32Array(n * n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nonFinite = 0;
  // GridSample is row-major in y: heights[j·n + i] = f(α_i, β_j); the result is loss[i·n + j].
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const loss = r.loss[i * n + j]!;
      const v = height === 'log' ? Math.log10(loss) : loss;
      heights[j * n + i] = v;
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      } else nonFinite++;
    }
  }
  return {
    domain: { x: [r.alpha[0]!, r.alpha[n - 1]!], y: [r.beta[0]!, r.beta[n - 1]!] },
    nx: n,
    ny: n,
    heights,
    min: nonFinite === n * n ? Number.NaN : min,
    max: nonFinite === n * n ? Number.NaN : max,
    nonFinite,
  };
}

/** The drawable surface of a loss grid (the explorer's `surfaceData`, from samples already taken). */
export function lossSurface(grid: GridSample): SurfaceData {
  const step = gridStep(grid);
  const k = Math.ceil((grid.nx - 1) / COARSE_SEGMENTS);
  const [low, high] = percentiles(grid, ROBUST_RANGE);
  return {
    grid,
    step,
    mesh: surfaceMesh(grid, 1, step),
    coarse: k > 1 ? surfaceMesh(grid, k, step) : null,
    robust: [low!, high!],
  };
}

/** Bilinear interpolation of the grid at (x, y), clamped to the domain. */
export function sampleAt(grid: GridSample, x: number, y: number): number {
  const { nx, ny, domain, heights } = grid;
  const u = Math.min(nx - 1, Math.max(0, ((x - domain.x[0]) / (domain.x[1] - domain.x[0])) * (nx - 1)));
  const v = Math.min(ny - 1, Math.max(0, ((y - domain.y[0]) / (domain.y[1] - domain.y[0])) * (ny - 1)));
  const i = Math.min(nx - 2, Math.floor(u));
  const j = Math.min(ny - 2, Math.floor(v));
  const s = u - i;
  const t = v - j;
  const h = (a: number, b: number) => heights[b * nx + a]!;
  return (
    (1 - s) * (1 - t) * h(i, j) +
    s * (1 - t) * h(i + 1, j) +
    (1 - s) * t * h(i, j + 1) +
    s * t * h(i + 1, j + 1)
  );
}

/** The view settings the surface layer reads: the explorer's defaults with the network view's own. */
function viewState(look: NetView): ViewState {
  const { colormap, colorScale, contours, wireframe, filled, exaggeration } = look;
  return { ...defaultState().view, colormap, colorScale, contours, wireframe, filled, exaggeration };
}

const colormapOf = (look: NetView) => getColormap(look.colormap) ?? getColormap('viridis')!;

export class LandscapeSurface {
  readonly view: View;
  private readonly layer: SurfaceLayer;
  private framed = false;
  private readonly axes: AxesLayer;
  private readonly trails: { line: Line; head: Mesh; count: number }[] = [];
  private readonly headGeometry = new SphereGeometry(0.12 * (SIZE / 10), 12, 8);
  private readonly warmLine = new LineBasicMaterial();
  private readonly warmHead = new MeshBasicMaterial();
  /** The renderer's live geometries when it was disposed (tests: 0 means nothing leaked). */
  private finalGeometries: number | null = null;

  /**
   * A surface of `kind` drawn as `look` says; the height (log or not), the kind and the exaggeration
   * are fixed for its life (a new one is made when they change), the rest changes with `setLook`.
   */
  constructor(
    host: HTMLElement,
    readonly kind: LandscapeKind,
    private look: NetView,
  ) {
    this.layer = new SurfaceLayer(colormapOf(look));
    this.axes = new AxesLayer({ x: 'α', y: 'β', f: look.height === 'log' ? 'log₁₀ loss' : 'loss' });
    this.view = new View(host, kind, {
      // The axes have labels only once a result gave them a frame.
      onPlaceLabels: () => {
        if (this.framed) this.axes.placeLabels((p) => this.view.toScreen(p));
      },
    });
    this.view.scene.add(this.layer.object, this.axes.object);
    this.layer.setView(viewState(look), colormapOf(look), kind);
    // Compile the surface's and the trails' shaders now, not in the first frame after a result: a
    // line and a head with the trails' kinds of material, kept alive so their programs stay cached.
    const line = new Line(this.headGeometry, this.warmLine);
    const head = new Mesh(this.headGeometry, this.warmHead);
    this.view.scene.add(line, head);
    this.view.renderer.compile(this.view.scene, this.view.camera);
    this.view.scene.remove(line, head);
  }

  /** A new result: its surface, and one trail per run (all steps; `setStep` shows the first k). */
  setResult(r: ExperimentResult, colourOf: (id: string) => string): void {
    this.clearTrails();
    const grid = lossGrid(r, this.look.height);
    const data = lossSurface(grid);
    this.layer.setSurface(data);
    const [lo, hi] = [grid.min, grid.max];
    const frame = makeFrame(grid.domain, lo, hi, this.kind === '3d' ? this.look.exaggeration : 0);
    this.layer.setFrame(frame);
    this.axes.setFrame(frame);
    this.framed = true;
    const d = grid.domain;
    this.view.setExtent(
      {
        halfX: (frame.scale * (d.x[1] - d.x[0])) / 2,
        halfZ: (frame.scaleY * (d.y[1] - d.y[0])) / 2,
        height: frame.height,
      },
      margins2d(d),
    );
    this.view.markLabelsDirty();
    const m = 0.01 * SIZE;
    this.view.setClipBox(
      worldX(frame, d.x[0]) - m,
      worldX(frame, d.x[1]) + m,
      -m,
      frame.height + 3 * LIFT,
      worldZ(frame, d.y[1]) - m,
      worldZ(frame, d.y[0]) + m,
    );
    this.view.home();
    const lift = LIFT;
    for (const p of r.paths) {
      const steps = p.loss.length;
      const positions = new Float32Array(3 * steps);
      for (let k = 0; k < steps; k++) {
        const a = p.coords[2 * k]!;
        const b = p.coords[2 * k + 1]!;
        const h = this.kind === '3d' ? worldY(frame, sampleAt(grid, a, b)) + lift : frame.height + lift;
        positions.set([worldX(frame, a), Number.isFinite(h) ? h : 0, worldZ(frame, b)], 3 * k);
      }
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new BufferAttribute(positions, 3));
      const colour = new Color(colourOf(p.id));
      const line = new Line(geometry, new LineBasicMaterial({ color: colour }));
      line.name = `trail ${p.id}`;
      line.frustumCulled = false;
      const head = new Mesh(this.headGeometry, new MeshBasicMaterial({ color: colour }));
      head.name = `head ${p.id}`;
      this.view.scene.add(line, head);
      this.trails.push({ line, head, count: steps });
    }
    this.view.requestRender();
  }

  /** Colours, colour scale, contours, wireframe and fill (uniforms: the meshes stay as they are). */
  setLook(look: NetView): void {
    this.look = look;
    this.layer.setView(viewState(look), colormapOf(look), this.kind);
    this.view.requestRender();
  }

  /** True when `look` needs a new surface (`setLook` cannot show it): another height or exaggeration. */
  needsRebuild(look: NetView): boolean {
    return look.height !== this.look.height || look.exaggeration !== this.look.exaggeration;
  }

  /** Back to the camera a result opens with. */
  home(): void {
    this.view.home();
    this.view.requestRender();
  }

  /** Shows each trail up to step k (its head at k, or at its last step if it stopped earlier). */
  setStep(k: number): void {
    for (const t of this.trails) {
      const last = Math.min(k, t.count - 1);
      t.line.geometry.setDrawRange(0, last + 1);
      const p = t.line.geometry.getAttribute('position') as BufferAttribute;
      t.head.position.set(p.getX(last), p.getY(last), p.getZ(last));
    }
    this.view.requestRender();
  }

  /** The trails drawn (name and number of vertices): for tests. */
  trailInfo(): { name: string; points: number }[] {
    return this.trails.map((t) => ({ name: t.line.name, points: t.count }));
  }

  get geometries(): number {
    return this.finalGeometries ?? this.view.renderer.info.memory.geometries;
  }

  private clearTrails(): void {
    for (const t of this.trails) {
      this.view.scene.remove(t.line, t.head);
      t.line.geometry.dispose();
      (t.line.material as LineBasicMaterial).dispose();
      (t.head.material as MeshBasicMaterial).dispose();
    }
    this.trails.length = 0;
  }

  dispose(): void {
    this.clearTrails();
    this.headGeometry.dispose();
    this.warmLine.dispose();
    this.warmHead.dispose();
    this.layer.dispose();
    this.axes.dispose();
    this.finalGeometries = this.view.renderer.info.memory.geometries;
    this.view.dispose();
  }
}
