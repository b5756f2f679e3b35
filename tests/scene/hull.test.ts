import { describe, expect, it } from 'vitest';
import { convexHull, hullMeetsRect } from '../../src/scene/hull.ts';

describe('convexHull', () => {
  it('keeps the corners of a square and drops its centre and edge midpoints', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [1, 1],
      [1, 0],
    ]);
    expect(hull).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });
});

describe('hullMeetsRect', () => {
  // A diamond with corners (0, 5), (5, 0), (10, 5), (5, 10): its edge x + y = 5 runs from (0, 5) to (5, 0).
  const diamond: [number, number][] = [
    [0, 5],
    [5, 0],
    [10, 5],
    [5, 10],
  ];

  it('sees a rectangle in the corner of the bounding box that the diamond does not reach', () => {
    // The square [0, 2]² lies below x + y = 5 (its far corner (2, 2) has x + y = 4): apart.
    expect(hullMeetsRect(diamond, { x0: 0, y0: 0, x1: 2, y1: 2 })).toBe(false);
    // [0, 3]²: its corner (3, 3) has x + y = 6 > 5: they overlap.
    expect(hullMeetsRect(diamond, { x0: 0, y0: 0, x1: 3, y1: 3 })).toBe(true);
  });

  it('counts a rectangle inside the hull and the hull inside a rectangle', () => {
    expect(hullMeetsRect(diamond, { x0: 4, y0: 4, x1: 6, y1: 6 })).toBe(true);
    expect(hullMeetsRect(diamond, { x0: -1, y0: -1, x1: 11, y1: 11 })).toBe(true);
  });

  it('allows a slack', () => {
    // [0, 3]² reaches 1/√2 px over the edge x + y = 5 (its corner (3, 3) lies (6 − 5)/√2 from it).
    expect(hullMeetsRect(diamond, { x0: 0, y0: 0, x1: 3, y1: 3 }, 0.7)).toBe(true);
    expect(hullMeetsRect(diamond, { x0: 0, y0: 0, x1: 3, y1: 3 }, 0.71)).toBe(false);
  });

  it('does not count touching, nor rectangles beside it', () => {
    expect(hullMeetsRect(diamond, { x0: 10, y0: 0, x1: 12, y1: 10 })).toBe(false);
    expect(hullMeetsRect(diamond, { x0: 0, y0: 11, x1: 10, y1: 12 })).toBe(false);
    expect(hullMeetsRect([], { x0: 0, y0: 0, x1: 1, y1: 1 })).toBe(false);
  });
});
