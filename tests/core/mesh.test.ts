import { describe, expect, it } from 'vitest';
import type { GridSample } from '../../src/core/grid.ts';
import { sampleGrid } from '../../src/core/grid.ts';
import { COARSE_SEGMENTS, surfaceBuffers, surfaceData, surfaceMesh } from '../../src/core/mesh.ts';

const domain = { x: [-2, 2], y: [0, 2] } as const;

/** A 3×3 grid over `domain` (steps 2 and 1) with one hole in the middle of the top row. */
function gridWithHole(): GridSample {
  const heights = Float32Array.from([0, 1, 2, 3, 4, 5, 6, Number.NaN, 8]);
  return { domain, nx: 3, ny: 3, heights, min: 0, max: 8, nonFinite: 1 };
}

/** Vertex v's four neighbour values. */
const neighbours = (m: { neighbours: Float32Array }, v: number) => [...m.neighbours.slice(4 * v, 4 * v + 4)];

describe('surfaceMesh', () => {
  it('makes two triangles per cell, counter-clockwise seen from +f (up in the world)', () => {
    const g = sampleGrid((x, y) => x + y, domain, 3, 3);
    const m = surfaceMesh(g);
    expect(m.triangles.length).toBe(4 * 2 * 3);
    expect([...m.triangles.slice(0, 6)]).toEqual([0, 1, 4, 0, 4, 3]);
    const xy = (v: number) => [m.vertices[3 * v], m.vertices[3 * v + 1]];
    for (let t = 0; t < m.triangles.length; t += 3) {
      const [a, b, c] = [...m.triangles.slice(t, t + 3)].map(xy);
      const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
      expect(cross).toBeGreaterThan(0);
    }
  });

  it('stores (x, y) relative to the domain centre and f as it is', () => {
    const m = surfaceMesh(sampleGrid((x, y) => x * x + y, domain, 3, 3));
    // Vertex 5 = (i 2, j 1) = (x 2, y 1), f = 5; the centre is (0, 1).
    expect([...m.vertices.slice(15, 18)]).toEqual([2, 0, 5]);
  });

  it('leaves holes where samples are not finite, with no NaN anywhere', () => {
    const m = surfaceMesh(gridWithHole());
    // Bottom cells (0,1,3,4) and (1,2,4,5) keep both triangles. Vertex 7 (top middle) kills
    // (3,4,7) and (3,7,6) of cell 3,4,6,7, and (4,8,7) of cell 4,5,7,8; (4,5,8) survives: 5 triangles.
    const triangles = [...m.triangles];
    expect(triangles.length).toBe(5 * 3);
    expect(triangles).not.toContain(7);
    expect(triangles.slice(12)).toEqual([4, 5, 8]);
    const lines = [...m.lines];
    expect(lines).not.toContain(7);
    expect(lines.length / 2).toBe(12 - 3); // 12 grid edges, 3 touch vertex 7
    expect(m.vertices.every(Number.isFinite)).toBe(true);
    expect(m.neighbours.every(Number.isFinite)).toBe(true);
    expect(m.vertices[3 * 7 + 2]).toBe(0);
  });

  it('gives exact neighbour values on a plane, at the edges too', () => {
    // f = 2x + 3y with step 1: f one step left, right, below, above is f − 2, f + 2, f − 3, f + 3.
    const g = sampleGrid((x, y) => 2 * x + 3 * y, { x: [0, 4], y: [0, 4] }, 5, 5);
    const m = surfaceMesh(g);
    for (let v = 0; v < 25; v++) {
      const f = g.heights[v];
      expect(neighbours(m, v)).toEqual([f - 2, f + 2, f - 3, f + 3]);
    }
  });

  it('central differences inside, one-sided at edges and next to holes', () => {
    // f = x² at x = −2, −1, 0, 1, 2 (step 1): at x = 0 the slopes to the sides are −1 and 1, so the
    // values one step away are 1 and 1 (central slope 0); at x = −2 only the right slope, −3, exists:
    // 4 + 3 = 7 to the left, 4 − 3 = 1 to the right.
    const g = sampleGrid((x) => x * x, { x: [-2, 2], y: [0, 1] }, 5, 2);
    const m = surfaceMesh(g);
    expect(neighbours(m, 2).slice(0, 2)).toEqual([1, 1]);
    expect(neighbours(m, 0).slice(0, 2)).toEqual([7, 1]);
    // Next to the hole above vertex 4 (f 4): the slope below, (4 − 1)/1, serves both ways; sideways
    // (4 − 3)/2 and (5 − 4)/2 times the step 2.
    expect(neighbours(surfaceMesh(gridWithHole()), 4)).toEqual([3, 5, 1, 7]);
  });
});

describe('surfaceData', () => {
  it('samples (resolution + 1)² points and adds a coarse mesh for grids finer than COARSE_SEGMENTS', () => {
    const plane = (x: number, y: number) => 2 * x + 3 * y;
    const d = surfaceData(plane, { x: [0, 10], y: [0, 10] }, 100);
    expect([d.grid.nx, d.grid.ny]).toEqual([101, 101]);
    expect(d.step).toEqual([0.1, 0.1]);
    const coarse = d.coarse!;
    // Every 4th sample (⌈100 / 32⌉), 0 … 96, and the last one: 26 per side.
    expect(coarse.vertices.length / 3).toBe(26 * 26);
    // The last column sits at the domain's edge, 5 from the centre; its neighbours are still exact.
    expect(coarse.vertices[3 * 25]).toBeCloseTo(5, 12);
    const f = coarse.vertices[3 * 25 + 2];
    expect(neighbours(coarse, 25).map((n) => n - f)).toEqual(
      [-0.2, 0.2, -0.3, 0.3].map((n) => expect.closeTo(n, 4)),
    );
    expect(coarse.lines.length).toBe(0);
    expect(surfaceData(plane, { x: [0, 1], y: [0, 1] }, COARSE_SEGMENTS).coarse).toBeNull();
  });

  it('lists each buffer once for transfer (a duplicate would make postMessage throw)', () => {
    const d = surfaceData((x, y) => x * y, { x: [-1, 1], y: [-1, 1] }, 64);
    const buffers = surfaceBuffers(d);
    expect(buffers.length).toBe(1 + 2 * 4);
    expect(new Set(buffers).size).toBe(buffers.length);
  });
});
