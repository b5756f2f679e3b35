/** The gradient field drawn on the floor of the box: arrows of −∇f (see `core/field.ts`). */
import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments } from 'three';
import type { Arrow } from '../core/field.ts';
import { type Frame, worldX, worldZ } from './frame.ts';

/** Line segments (xyz xyz) for arrows on the plane at world height `y`: a shaft and two barbs each. */
export function arrowSegments(arrows: readonly Arrow[], frame: Frame, y: number): Float32Array {
  const out = new Float32Array(arrows.length * 18);
  let o = 0;
  const put = (ax: number, az: number, bx: number, bz: number) => {
    out.set([ax, y, az, bx, y, bz], o);
    o += 6;
  };
  for (const a of arrows) {
    const tx = worldX(frame, a.x);
    const tz = worldZ(frame, a.y);
    const hx = worldX(frame, a.x + a.dx);
    const hz = worldZ(frame, a.y + a.dy);
    const vx = hx - tx;
    const vz = hz - tz;
    put(tx, tz, hx, hz);
    // Barbs: 30% of the length, ±25° off the reversed direction.
    const c = Math.cos(0.44);
    const s = Math.sin(0.44);
    put(hx, hz, hx - 0.3 * (c * vx - s * vz), hz - 0.3 * (s * vx + c * vz));
    put(hx, hz, hx - 0.3 * (c * vx + s * vz), hz - 0.3 * (-s * vx + c * vz));
  }
  return out;
}

export class FieldLayer {
  private readonly material = new LineBasicMaterial({ color: 0x444a55 });
  readonly object = new LineSegments(new BufferGeometry(), this.material);

  /** Arrows on the plane at world height `y`. */
  set(arrows: readonly Arrow[], frame: Frame, y: number): void {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(arrowSegments(arrows, frame, y), 3));
    this.object.geometry.dispose();
    this.object.geometry = geometry;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.material.dispose();
  }
}
