import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/expr/index.ts';
import { FUNCTION_PRESETS, getFunctionPreset } from '../../src/core/functions/presets.ts';
import { classify, eigenvalues2, stationaryPoints, withKnown } from '../../src/core/stationary.ts';

function fn(src: string) {
  const r = compile(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const round = (v: number, d = 6) => Number(v.toFixed(d)) + 0;

describe('eigenvalues and classification', () => {
  it('eigenvalues of [[2, 1], [1, 2]] are 1 and 3; of [[0, 1], [1, 0]] −1 and 1', () => {
    expect(eigenvalues2(2, 1, 2)).toEqual([1, 3]);
    expect(eigenvalues2(0, 1, 0)).toEqual([-1, 1]);
  });

  it('min, max, saddle, degenerate by the signs of the eigenvalues', () => {
    expect(classify(2, 0, 3, 1e-9)).toBe('minimum');
    expect(classify(-2, 0, -3, 1e-9)).toBe('maximum');
    expect(classify(2, 0, -2, 1e-9)).toBe('saddle');
    expect(classify(0, 1, 0, 1e-9)).toBe('saddle');
    expect(classify(2, 0, 0, 1e-9)).toBe('degenerate');
  });
});

describe('stationaryPoints', () => {
  it('x² − y²: one saddle at the origin, f = 0', () => {
    const points = stationaryPoints(fn('x^2 - y^2'), { x: [-2, 2], y: [-2, 2] });
    expect(points.map((p) => [p.kind, round(p.x), round(p.y), round(p.f)])).toEqual([['saddle', 0, 0, 0]]);
  });

  it('x²/20 + y²: one minimum at the origin', () => {
    const points = stationaryPoints(fn('x^2/20 + y^2'), { x: [-10, 10], y: [-5, 5] });
    expect(points.map((p) => [p.kind, round(p.x), round(p.y)])).toEqual([['minimum', 0, 0]]);
  });

  it('(x − 1)² + (y + 2)² with the minimum outside the domain: nothing', () => {
    expect(stationaryPoints(fn('(x - 1)^2 + (y + 2)^2'), { x: [2, 3], y: [0, 1] })).toEqual([]);
  });

  it("Himmelblau: its 4 minima (f = 0), 4 saddles and 1 maximum at the literature's places", () => {
    const points = stationaryPoints(fn('(x^2 + y - 11)^2 + (x + y^2 - 7)^2'), { x: [-5, 5], y: [-5, 5] });
    const pick = (kind: string) =>
      points
        .filter((p) => p.kind === kind)
        .map((p) => [round(p.x, 4), round(p.y, 4)])
        .sort((a, b) => a[0] - b[0]);
    // Himmelblau (1972); the saddles and the maximum as tabulated e.g. in Wikipedia's "Himmelblau's function".
    expect(pick('minimum')).toEqual([
      [-3.7793, -3.2832],
      [-2.8051, 3.1313],
      [3, 2],
      [3.5844, -1.8481],
    ]);
    expect(pick('maximum')).toEqual([[-0.2708, -0.923]]);
    expect(pick('saddle')).toEqual([
      [-3.073, -0.0814],
      [-0.128, -1.9537],
      [0.0867, 2.8843],
      [3.3852, 0.0739],
    ]);
    for (const p of points.filter((q) => q.kind === 'minimum')) expect(Math.abs(p.f)).toBeLessThan(1e-20);
    expect(round(points.find((p) => p.kind === 'maximum')!.f, 3)).toBe(181.617);
  });

  it('monkey saddle x³ − 3xy²: the origin is degenerate (H = 0 there)', () => {
    const points = stationaryPoints(fn('x^3 - 3x*y^2'), { x: [-1, 1], y: [-1, 1] });
    expect(points.map((p) => p.kind)).toEqual(['degenerate']);
    expect(Math.hypot(points[0].x, points[0].y)).toBeLessThan(1e-6);
  });

  it('a constant or a plane has no isolated stationary point; work is bounded', () => {
    expect(stationaryPoints(fn('3'), { x: [-1, 1], y: [-1, 1] })).toEqual([]);
    expect(stationaryPoints(fn('x + 2y'), { x: [-1, 1], y: [-1, 1] }, { starts: 1e9 })).toEqual([]);
  });

  it("finds every preset's listed critical points (from the literature) with their kind, in bounded time", () => {
    const kindOf = {
      'global minimum': 'minimum',
      'local minimum': 'minimum',
      'local maximum': 'maximum',
    } as const;
    for (const p of FUNCTION_PRESETS) {
      const t = performance.now();
      // Lévi N.13 (sin²(3πx) …) has a stationary point every ~1/6 along x and y: its basins are
      // narrower than 17 starts a side can reach, so it gets the finder's densest grid.
      const starts = p.id === 'levi13' ? 64 : 17;
      const found = stationaryPoints(fn(p.expression), p.domain, { limit: 10_000, starts });
      expect(performance.now() - t, p.id).toBeLessThan(2000);
      const diagonal = Math.hypot(p.domain.x[1] - p.domain.x[0], p.domain.y[1] - p.domain.y[0]);
      for (const c of p.critical) {
        const match = found.find((q) => Math.hypot(q.x - c.x, q.y - c.y) < 1e-4 * diagonal);
        const kind = c.kind in kindOf ? kindOf[c.kind as keyof typeof kindOf] : c.kind;
        expect(match?.kind, `${p.id} ${c.kind} at (${c.x}, ${c.y})`).toBe(kind);
      }
    }
  });

  it('withKnown: listed points replace the numeric ones next to them', () => {
    const preset = getFunctionPreset('himmelblau')!;
    const found = stationaryPoints(fn(preset.expression), preset.domain);
    const merged = withKnown(found, preset.critical, preset.domain);
    expect(merged.filter((p) => p.kind === 'minimum').every((p) => p.known)).toBe(true);
    expect(merged.filter((p) => p.kind === 'minimum')).toHaveLength(4);
    expect(merged.filter((p) => p.kind === 'saddle')).toHaveLength(4);
    expect(merged).toHaveLength(9);
  });
});
