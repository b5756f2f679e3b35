import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/expr/index.ts';
import {
  DEFAULT_FUNCTION_ID,
  FUNCTION_PRESETS,
  getFunctionPreset,
} from '../../src/core/functions/presets.ts';
import { sampleGrid } from '../../src/core/grid.ts';

const compiled = (src: string) => {
  const c = compile(src);
  if (!c.ok) throw new Error(`${src}: ${c.error.message}`);
  return c.value;
};

describe('function presets', () => {
  it('default to the book quadratic x^2/20 + y^2 from (-7, 2)', () => {
    const book = getFunctionPreset(DEFAULT_FUNCTION_ID)!;
    expect(book.expression).toBe('x^2/20 + y^2');
    expect(book.start).toEqual([-7, 2]);
  });

  it('have unique ids and sensible fields', () => {
    expect(new Set(FUNCTION_PRESETS.map((p) => p.id)).size).toBe(FUNCTION_PRESETS.length);
    expect(FUNCTION_PRESETS.length).toBe(15);
    for (const p of FUNCTION_PRESETS) {
      expect(p.domain.x[0]).toBeLessThan(p.domain.x[1]);
      expect(p.domain.y[0]).toBeLessThan(p.domain.y[1]);
      expect(p.critical.length).toBeGreaterThan(0);
      const [sx, sy] = p.start;
      expect(sx >= p.domain.x[0] && sx <= p.domain.x[1] && sy >= p.domain.y[0] && sy <= p.domain.y[1]).toBe(
        true,
      );
    }
  });

  describe.each(FUNCTION_PRESETS.map((p) => [p.id, p] as const))('%s', (_id, preset) => {
    const fn = compiled(preset.expression);

    it.each(preset.critical.map((c) => [`${c.kind} (${c.x}, ${c.y})`, c] as const))(
      'has its %s: f as listed and ∇f ≈ 0',
      (_label, c) => {
        const g = new Float64Array(2);
        const f = fn.valueGrad(c.x, c.y, g);
        // Coordinates are given to ~1e-9; f to ~1e-7 relative.
        expect(Math.abs(f - c.f)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c.f)));
        const H = new Float64Array(3);
        fn.hessian(c.x, c.y, H);
        const scale = Math.max(1, Math.abs(H[0]), Math.abs(H[1]), Math.abs(H[2]));
        expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-7 * scale);
      },
    );

    it('has no grid sample below its global minimum', () => {
      const best = preset.critical.filter((c) => c.kind === 'global minimum');
      if (best.length === 0) {
        // Saddle-type functions are unbounded below: some sample lies below the critical value.
        const g = sampleGrid(fn.value, preset.domain, 101, 101);
        expect(g.min).toBeLessThan(preset.critical[0].f);
        return;
      }
      const g = sampleGrid(fn.value, preset.domain, 201, 201);
      expect(g.nonFinite).toBe(0);
      expect(g.min).toBeGreaterThanOrEqual(best[0].f - 1e-9);
    });
  });

  it('span several decades where a log colour scale is suggested', () => {
    for (const p of FUNCTION_PRESETS.filter((q) => q.colorScale === 'log')) {
      const g = sampleGrid(compiled(p.expression).value, p.domain, 101, 101);
      const low = p.critical[0].f;
      expect((g.max - low) / Math.max(1e-12, g.min - low + 1)).toBeGreaterThan(100);
    }
  });
});
