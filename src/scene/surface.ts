/**
 * The surface of f: a mesh (or a grid wireframe, the seed's figure 6-1) coloured by the colormap
 * shader in `shaders/surface.*`. Geometry is built from a `GridSample`; non-finite samples become
 * holes (no triangle or line touches them), never NaN positions. Clipping and exaggeration move
 * vertices in place; a new grid rebuilds and disposes the old geometry.
 */
import {
  BufferAttribute,
  BufferGeometry,
  DataTexture,
  DoubleSide,
  Group,
  LinearFilter,
  LineSegments,
  Mesh,
  RGBAFormat,
  ShaderMaterial,
  Vector2,
  Vector3,
} from 'three';
import fragmentShader from '../../shaders/surface.frag?raw';
import vertexShader from '../../shaders/surface.vert?raw';
import { type Colormap, colormapTable } from '../app/colormaps.ts';
import type { PaneKind, ViewState } from '../app/state.ts';
import { LOG_OFFSET } from '../app/ticks.ts';
import type { GridSample } from '../core/grid.ts';
import { coarsen, gridCoordinate } from '../core/grid.ts';
import { type Frame, worldX, worldY, worldZ } from './frame.ts';

/** The surface shader's uniforms: the one place their names are spelled in TypeScript. */
export interface SurfaceUniforms {
  uColormap: { value: DataTexture };
  uRange: { value: Vector2 };
  uLog: { value: number };
  uLogOffset: { value: number };
  uContours: { value: number };
  uSpacing: { value: number };
  uLightDir: { value: Vector3 };
  uFill: { value: number };
  [name: string]: { value: unknown };
}

/** Writes world positions of every grid vertex (0 for non-finite ones, which no face uses). */
export function fillPositions(positions: Float32Array, grid: GridSample, frame: Frame): void {
  const { nx, ny, heights, domain } = grid;
  for (let j = 0; j < ny; j++) {
    const z = worldZ(frame, gridCoordinate(domain.y[0], domain.y[1], j, ny));
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const h = heights[k];
      positions[3 * k] = worldX(frame, gridCoordinate(domain.x[0], domain.x[1], i, nx));
      positions[3 * k + 1] = Number.isFinite(h) ? worldY(frame, h) : 0;
      positions[3 * k + 2] = z;
    }
  }
}

/**
 * Triangle indices: two per grid cell, each kept only when its three corners are finite; wound so
 * that the face normals point up (+Y) in the frame's orientation (x → +X, y → −Z).
 */
export function surfaceIndex(grid: GridSample): Uint32Array {
  const { nx, ny, heights } = grid;
  const out = new Uint32Array(6 * (nx - 1) * (ny - 1));
  let n = 0;
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = j * nx + i;
      const b = a + 1;
      const c = a + nx;
      const d = c + 1;
      const okA = Number.isFinite(heights[a]);
      const okD = Number.isFinite(heights[d]);
      if (okA && okD && Number.isFinite(heights[b])) {
        out[n++] = a;
        out[n++] = b;
        out[n++] = d;
      }
      if (okA && okD && Number.isFinite(heights[c])) {
        out[n++] = a;
        out[n++] = d;
        out[n++] = c;
      }
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Grid-line indices (no diagonals) between finite neighbours, for the wireframe. */
export function wireframeIndex(grid: GridSample, every = 1): Uint32Array {
  const { nx, ny, heights } = grid;
  const ok = (k: number) => Number.isFinite(heights[k]);
  const out = new Uint32Array(4 * nx * ny);
  let n = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = j * nx + i;
      if (j % every === 0 && i < nx - 1 && ok(a) && ok(a + 1)) {
        out[n++] = a;
        out[n++] = a + 1;
      }
      if (i % every === 0 && j < ny - 1 && ok(a) && ok(a + nx)) {
        out[n++] = a;
        out[n++] = a + nx;
      }
    }
  }
  return out.slice(0, n);
}

/**
 * Vertex normals of the height field from its neighbours: n ∝ (−∂y/∂X, 1, −∂y/∂Z) by central
 * differences of the world positions (one-sided at the edges and next to holes). Linear in the
 * number of vertices, unlike a general mesh's face-by-face accumulation.
 */
export function fillNormals(normals: Float32Array, positions: Float32Array, grid: GridSample): void {
  const { nx, ny, heights } = grid;
  const ok = (k: number) => Number.isFinite(heights[k]);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const l = i > 0 && ok(k - 1) ? k - 1 : k;
      const r = i < nx - 1 && ok(k + 1) ? k + 1 : k;
      const d = j > 0 && ok(k - nx) ? k - nx : k;
      const u = j < ny - 1 && ok(k + nx) ? k + nx : k;
      const dX = positions[3 * r] - positions[3 * l];
      const dZ = positions[3 * u + 2] - positions[3 * d + 2];
      const sx = dX !== 0 ? (positions[3 * r + 1] - positions[3 * l + 1]) / dX : 0;
      const sz = dZ !== 0 ? (positions[3 * u + 1] - positions[3 * d + 1]) / dZ : 0;
      const len = Math.sqrt(sx * sx + 1 + sz * sz);
      normals[3 * k] = -sx / len;
      normals[3 * k + 1] = 1 / len;
      normals[3 * k + 2] = -sz / len;
    }
  }
}

export function buildSurfaceGeometry(grid: GridSample, frame: Frame): BufferGeometry {
  const geometry = new BufferGeometry();
  const n = grid.nx * grid.ny;
  const positions = new Float32Array(3 * n);
  fillPositions(positions, grid, frame);
  const values = new Float32Array(n);
  for (let k = 0; k < n; k++) values[k] = Number.isFinite(grid.heights[k]) ? grid.heights[k] : 0;
  const normals = new Float32Array(3 * n);
  fillNormals(normals, positions, grid);
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('normal', new BufferAttribute(normals, 3));
  geometry.setAttribute('aValue', new BufferAttribute(values, 1));
  geometry.setIndex(new BufferAttribute(surfaceIndex(grid), 1));
  geometry.computeBoundingSphere();
  geometry.computeBoundingBox();
  return geometry;
}

/** Light directions in view space: a headlight above the camera (3-D); straight along the view (2-D). */
const LIGHT_3D = new Vector3(0.35, 0.8, 0.5).normalize();
const LIGHT_2D = new Vector3(0, 0, 1);

/** Segments per side of the light mesh drawn while the camera moves on a slow (software) renderer. */
export const COARSE_SEGMENTS = 32;

export class SurfaceLayer {
  readonly object = new Group();
  readonly material: ShaderMaterial;
  private readonly uniforms: SurfaceUniforms;
  private readonly mesh: Mesh;
  /** A lighter copy of the mesh (every k-th sample), shown instead of it in low-detail mode. */
  private readonly coarse: Mesh;
  private readonly lines: LineSegments;
  private texture: DataTexture;
  private grid: GridSample | null = null;
  private coarseGrid: GridSample | null = null;
  private lowDetail = false;
  private wireframe = false;

  constructor(colormap: Colormap) {
    this.texture = makeColormapTexture(colormap);
    this.uniforms = {
      uColormap: { value: this.texture },
      uRange: { value: new Vector2(0, 1) },
      uLog: { value: 0 },
      uLogOffset: { value: LOG_OFFSET },
      uContours: { value: 0 },
      uSpacing: { value: 0 },
      uLightDir: { value: LIGHT_3D.clone() },
      uFill: { value: 1 },
    };
    this.material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: this.uniforms,
      side: DoubleSide,
      // Push the surface back a little so trails and contour-free lines drawn on it win the depth test.
      polygonOffset: true,
      polygonOffsetFactor: 1,
      polygonOffsetUnits: 1,
    });
    this.mesh = new Mesh(new BufferGeometry(), this.material);
    this.mesh.name = 'surface';
    this.coarse = new Mesh(new BufferGeometry(), this.material);
    this.coarse.name = 'surface-coarse';
    this.coarse.visible = false;
    this.lines = new LineSegments(new BufferGeometry(), this.material);
    this.lines.name = 'surface-wireframe';
    this.lines.visible = false;
    this.object.add(this.mesh, this.coarse, this.lines);
  }

  /** The mesh that picking raycasts against. */
  get pickable(): Mesh {
    return this.mesh;
  }

  /** New samples: rebuild the geometries, disposing the old ones. */
  setGrid(grid: GridSample, frame: Frame): void {
    this.grid = grid;
    const geometry = buildSurfaceGeometry(grid, frame);
    this.mesh.geometry.dispose();
    this.mesh.geometry = geometry;
    const k = Math.ceil((Math.max(grid.nx, grid.ny) - 1) / COARSE_SEGMENTS);
    this.coarseGrid = k > 1 ? coarsen(grid, k) : null;
    this.coarse.geometry.dispose();
    this.coarse.geometry = this.coarseGrid
      ? buildSurfaceGeometry(this.coarseGrid, frame)
      : new BufferGeometry();
    const wire = new BufferGeometry();
    wire.setAttribute('position', geometry.getAttribute('position'));
    wire.setAttribute('normal', geometry.getAttribute('normal'));
    wire.setAttribute('aValue', geometry.getAttribute('aValue'));
    wire.setIndex(new BufferAttribute(wireframeIndex(grid, Math.max(1, Math.round((grid.nx - 1) / 64))), 1));
    this.lines.geometry.dispose();
    this.lines.geometry = wire;
    this.setRange(frame);
    this.showDetail();
  }

  /** Same samples, new clip range or exaggeration: move the vertices in place. */
  setFrame(frame: Frame): void {
    if (!this.grid) return;
    moveVertices(this.mesh.geometry, this.grid, frame);
    if (this.coarseGrid) moveVertices(this.coarse.geometry, this.coarseGrid, frame);
    this.setRange(frame);
  }

  /** Low detail (while the camera moves on a slow renderer): the light mesh replaces the full one. */
  setLowDetail(low: boolean): void {
    this.lowDetail = low;
    this.showDetail();
  }

  private showDetail(): void {
    const light = this.lowDetail && this.coarseGrid !== null;
    this.mesh.visible = !this.wireframe && !light;
    this.coarse.visible = !this.wireframe && light;
    this.lines.visible = this.wireframe;
  }

  private setRange(frame: Frame): void {
    this.uniforms.uRange.value.set(frame.zMin, frame.zMax);
    this.uniforms.uLogOffset.value = LOG_OFFSET * (frame.zMax - frame.zMin);
  }

  /** Colours, contours and wireframe; a 2-D pane draws filled contours or, unfilled, coloured lines on white. */
  setView(view: ViewState, colormap: Colormap, kind: PaneKind): void {
    this.uniforms.uFill.value = kind === '3d' || view.filled ? 1 : 0;
    // 2-D is unlit: a light along the view axis gives full colour to the flat map seen from above.
    this.uniforms.uLightDir.value.copy(kind === '3d' ? LIGHT_3D : LIGHT_2D);
    this.uniforms.uLog.value = view.colorScale === 'log' ? 1 : 0;
    this.uniforms.uContours.value = view.wireframe ? 0 : view.contours;
    this.uniforms.uSpacing.value = view.wireframe ? 0 : view.contourSpacing;
    this.wireframe = view.wireframe;
    this.showDetail();
    if (this.texture.name !== colormap.id) {
      this.texture.dispose();
      this.texture = makeColormapTexture(colormap);
      this.uniforms.uColormap.value = this.texture;
    }
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.coarse.geometry.dispose();
    this.lines.geometry.dispose();
    this.material.dispose();
    this.texture.dispose();
  }
}

function moveVertices(geometry: BufferGeometry, grid: GridSample, frame: Frame): void {
  const position = geometry.getAttribute('position') as BufferAttribute;
  const normal = geometry.getAttribute('normal') as BufferAttribute;
  fillPositions(position.array as Float32Array, grid, frame);
  fillNormals(normal.array as Float32Array, position.array as Float32Array, grid);
  position.needsUpdate = true;
  normal.needsUpdate = true;
  geometry.computeBoundingSphere();
  geometry.computeBoundingBox();
}

function makeColormapTexture(colormap: Colormap): DataTexture {
  const texture = new DataTexture(colormapTable(colormap), 256, 1, RGBAFormat);
  texture.name = colormap.id;
  texture.magFilter = LinearFilter;
  texture.minFilter = LinearFilter;
  texture.needsUpdate = true;
  return texture;
}
