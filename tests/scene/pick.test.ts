import { describe, expect, it } from 'vitest';
import { intersectSurface } from '../../src/scene/pick.ts';
import { makeFrame, worldX, worldY, worldZ } from '../../src/scene/world.ts';

const bowl = (x: number, y: number) => (x * x) / 20 + y * y;
const frame = makeFrame({ x: [-10, 10], y: [-5, 5] }, 0, 30, 0.35);

describe('intersectSurface', () => {
  it('a ray straight down lands on the (x, y) below it', () => {
    const [x, y] = intersectSurface(
      { x: worldX(frame, -7), y: 50, z: worldZ(frame, 2) },
      { x: 0, y: -1, z: 0 },
      frame,
      bowl,
    )!;
    expect(x).toBeCloseTo(-7, 9);
    expect(y).toBeCloseTo(2, 9);
  });

  it('an oblique ray meets a tilted plane where the algebra says', () => {
    // f = x + 15 over [−10, 10]², z range [0, 30], exaggeration 1 (scale 0.5, height 10): world
    // height = (x + 15)/3 = (2X + 15)/3. The ray from (−5, 10, 0) along (1, −1, 0)/√2 meets it where
    // 10 − t' = (2(−5 + t') + 15)/3, i.e. t' = 5 (t' the X travelled): X = 0, so x = 0.
    const plane = makeFrame({ x: [-10, 10], y: [-10, 10] }, 0, 30, 1);
    const s = Math.SQRT1_2;
    const hit = intersectSurface({ x: -5, y: 10, z: 1 }, { x: s, y: -s, z: 0 }, plane, (x) => x + 15)!;
    expect(hit[0]).toBeCloseTo(0, 9);
    expect(hit[1]).toBeCloseTo(-2, 9); // Z = 1 is y = −2
  });

  it('takes the first crossing along the ray, not a later one', () => {
    // A level ray at the height of f = 9 over x = 0, travelling towards +y (world −Z): it enters at
    // y = −5 under the surface (f = 25), comes out of it at y = −3 and would cross again at y = 3.
    const h = worldY(frame, 9);
    const [x, y] = intersectSurface({ x: 0, y: h, z: 20 }, { x: 0, y: 0, z: -1 }, frame, bowl)!;
    expect(x).toBeCloseTo(0, 9);
    expect(y).toBeCloseTo(-3, 9);
  });

  it('misses when the ray passes outside the box or only over holes', () => {
    const up = intersectSurface({ x: 0, y: 1, z: 0 }, { x: 0, y: 1, z: 0 }, frame, bowl);
    expect(up).toBeNull();
    const holes = intersectSurface({ x: 0, y: 50, z: 0 }, { x: 0, y: -1, z: 0 }, frame, () => Number.NaN);
    expect(holes).toBeNull();
  });

  it('works on a flat 2-D pane (height 0)', () => {
    const flat = makeFrame({ x: [-10, 10], y: [-5, 5] }, 0, 30, 0);
    const [x, y] = intersectSurface(
      { x: worldX(flat, 3), y: 100, z: worldZ(flat, -4) },
      { x: 0, y: -1, z: 0 },
      flat,
      bowl,
    )!;
    expect(x).toBeCloseTo(3, 9);
    expect(y).toBeCloseTo(-4, 9);
  });
});
