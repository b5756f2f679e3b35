/**
 * The ported colormaps against their source, d3-scale-chromatic 3.1.1 itself (a dev-time reference
 * here; the page no longer ships it): the same CSS colour string at every t.
 */
import { interpolateGreys, interpolateMagma, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { getColormap } from '../../src/app/colormaps.ts';

/** t over [−0.05, 1.05] in steps of 1/2048 (every ramp entry, texel centres, both ends and beyond). */
const TS = Array.from({ length: 2048 + 205 }, (_, i) => -0.05 + i / 2048);

describe('colormaps ported from d3-scale-chromatic', () => {
  const cases: [string, (t: number) => string][] = [
    ['viridis', interpolateViridis],
    ['magma', interpolateMagma],
    ['turbo', interpolateTurbo],
    ['grey', (t) => interpolateGreys(1 - t)],
  ];
  for (const [id, reference] of cases)
    it(`${id} gives d3's colour at every t`, () => {
      const ours = getColormap(id)!.interpolate;
      const wrong = TS.filter((t) => ours(t) !== reference(t));
      expect(wrong).toEqual([]);
      expect(ours(0.5)).toBe(reference(0.5));
    });
});
