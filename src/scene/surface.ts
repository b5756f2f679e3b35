/**
 * The surface of f: a mesh (or a grid wireframe, the seed's figure 6-1) coloured by the colormap
 * shader in `shaders/surface.*`. The geometry wraps a `SurfaceMesh` (src/core/mesh.ts) as it is:
 * the vertex shader places and lights each vertex from (x, y, f) and the neighbours' f, so a new z
 * range, exaggeration or pane kind changes uniforms only; a new surface swaps the geometries and
 * disposes the old ones.
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
  Sphere,
  Vector2,
  Vector3,
} from 'three';
import fragmentShader from '../../shaders/surface.frag?raw';
import vertexShader from '../../shaders/surface.vert?raw';
import { type Colormap, colormapTable, getColormap } from '../app/colormaps.ts';
import type { ViewState } from '../app/state.ts';
import { LOG_OFFSET } from '../app/ticks.ts';
import type { SurfaceData, SurfaceMesh } from '../core/mesh.ts';
import type { LayerContext, PaneLayer, SceneKind } from './layer.ts';
import type { Frame } from './world.ts';

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
  uScale: { value: Vector2 };
  uHeight: { value: number };
  uStep: { value: Vector2 };
  [name: string]: { value: unknown };
}

/** A geometry over `mesh`'s arrays (shared, not copied: every pane draws the same mesh). */
export function surfaceGeometry(mesh: SurfaceMesh): BufferGeometry {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(mesh.vertices, 3));
  geometry.setAttribute('aNeighbours', new BufferAttribute(mesh.neighbours, 4));
  return withIndex(geometry, mesh.triangles);
}

/** The wireframe lines of `mesh` over the attributes of its `surface` geometry (uploaded once). */
export function wireframeGeometry(mesh: SurfaceMesh, surface: BufferGeometry): BufferGeometry {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', surface.getAttribute('position'));
  geometry.setAttribute('aNeighbours', surface.getAttribute('aNeighbours'));
  return withIndex(geometry, mesh.lines);
}

function withIndex(geometry: BufferGeometry, index: Uint32Array): BufferGeometry {
  geometry.setIndex(new BufferAttribute(index, 1));
  // The shader places the vertices: bounds from the raw attributes would mean nothing. three.js only
  // reads the centre (to order draws), so one sphere around everything spares it a pass over the mesh.
  geometry.boundingSphere = new Sphere(new Vector3(), Number.POSITIVE_INFINITY);
  return geometry;
}

/** Light directions in view space: a headlight above the camera (3-D); straight along the view (2-D). */
const LIGHT_3D = new Vector3(0.35, 0.8, 0.5).normalize();
const LIGHT_2D = new Vector3(0, 0, 1);

export class SurfaceLayer implements PaneLayer {
  readonly object = new Group();
  readonly material: ShaderMaterial;
  private readonly uniforms: SurfaceUniforms;
  private readonly mesh: Mesh;
  /** A lighter copy of the mesh (every k-th sample), shown instead of it in low-detail mode. */
  private readonly coarse: Mesh;
  private readonly lines: LineSegments;
  private texture: DataTexture;
  private hasCoarse = false;
  private lowDetail = false;
  private wireframe = false;

  constructor(colormap: Colormap = getColormap('viridis')!) {
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
      uScale: { value: new Vector2(1, 1) },
      uHeight: { value: 1 },
      uStep: { value: new Vector2(1, 1) },
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
    // The shader places the vertices, so three.js's bounds (from the raw attributes) mean nothing.
    for (const o of [this.mesh, this.coarse, this.lines]) o.frustumCulled = false;
  }

  /** A new surface when the grid changed, a new placement when the frame did, colours when the view did. */
  update(c: LayerContext): void {
    if (c.changes.grid && c.derived.surface) this.setSurface(c.derived.surface);
    if (c.frameChanged) this.setFrame(c.frame);
    const v = c.state.view;
    if (!c.previous || v !== c.previous.view)
      this.setView(v, getColormap(v.colormap) ?? getColormap('viridis')!, c.kind);
  }

  /** A new surface: new geometries over its meshes, disposing the old ones. */
  setSurface(data: SurfaceData): void {
    this.uniforms.uStep.value.set(...data.step);
    const mesh = surfaceGeometry(data.mesh);
    this.replace(this.mesh, mesh);
    this.replace(this.coarse, data.coarse ? surfaceGeometry(data.coarse) : new BufferGeometry());
    this.replace(this.lines, wireframeGeometry(data.mesh, mesh));
    this.hasCoarse = data.coarse !== null;
    this.showDetail();
  }

  private replace(object: Mesh | LineSegments, geometry: BufferGeometry): void {
    object.geometry.dispose();
    object.geometry = geometry;
  }

  /** Where the surface sits: scale, height and z range (uniforms only; the meshes stay as they are). */
  setFrame(frame: Frame): void {
    this.uniforms.uScale.value.set(frame.scale, frame.scaleY);
    this.uniforms.uHeight.value = frame.height;
    this.uniforms.uRange.value.set(frame.zMin, frame.zMax);
    this.uniforms.uLogOffset.value = LOG_OFFSET * (frame.zMax - frame.zMin);
  }

  /** Low detail (while the camera moves on a slow renderer): the light mesh replaces the full one. */
  setLowDetail(low: boolean): void {
    this.lowDetail = low;
    this.showDetail();
  }

  private showDetail(): void {
    const light = this.lowDetail && this.hasCoarse;
    this.mesh.visible = !this.wireframe && !light;
    this.coarse.visible = !this.wireframe && light;
    this.lines.visible = this.wireframe;
  }

  /** Colours, contours and wireframe; a 2-D pane draws filled contours or, unfilled, coloured lines on white. */
  setView(view: ViewState, colormap: Colormap, kind: SceneKind): void {
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

function makeColormapTexture(colormap: Colormap): DataTexture {
  const texture = new DataTexture(colormapTable(colormap), 256, 1, RGBAFormat);
  texture.name = colormap.id;
  texture.magFilter = LinearFilter;
  texture.minFilter = LinearFilter;
  texture.needsUpdate = true;
  return texture;
}
