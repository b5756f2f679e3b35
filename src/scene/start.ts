/** The start handle: a dark ring on the surface at the optimizers' common start, dragged to move it. */
import { Mesh, MeshBasicMaterial, TorusGeometry } from 'three';
import type { LayerContext, PaneLayer } from './layer.ts';
import { LIFT } from './trail-buffers.ts';
import { worldX, worldY, worldZ } from './world.ts';

export class StartLayer implements PaneLayer {
  private readonly material = new MeshBasicMaterial({ color: 0x111111 });
  private readonly geometry = new TorusGeometry(0.2, 0.06, 10, 32).rotateX(Math.PI / 2);
  readonly object = new Mesh(this.geometry, this.material);

  constructor() {
    this.object.name = 'start';
  }

  update(c: LayerContext): void {
    const [x, y] = c.state.start;
    const f = c.derived.fn?.value(x, y) ?? Number.NaN;
    const h = Number.isFinite(f) ? worldY(c.frame, f) : 0;
    this.object.position.set(worldX(c.frame, x), h + LIFT, worldZ(c.frame, y));
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}
