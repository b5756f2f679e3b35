/**
 * The seeded normal generator: bit-for-bit against the Python port written from its doc comment
 * (tests/reference/noise_ref.py), its ln against Python's math.log, and its distribution.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portableLog, SeededNormal } from '../../src/core/noise.ts';

interface NoiseFixture {
  readonly seeds: readonly {
    readonly seed: number;
    readonly uint32: readonly number[];
    readonly uniform: readonly number[];
    readonly normal: readonly number[];
  }[];
  readonly log: readonly (readonly [number, number, number])[];
}

const FIXTURE: NoiseFixture = JSON.parse(
  readFileSync(new URL('../reference/fixtures/noise.json', import.meta.url), 'utf8'),
);

describe('SeededNormal', () => {
  for (const s of FIXTURE.seeds) {
    it(`seed ${s.seed}: the same bits as the Python port`, () => {
      let g = new SeededNormal(s.seed);
      expect(s.uint32.map(() => g.nextUint32())).toEqual(s.uint32);
      g = new SeededNormal(s.seed);
      expect(s.uniform.map(() => g.nextUniform())).toEqual(s.uniform);
      g = new SeededNormal(s.seed);
      const normals = s.normal.map(() => g.next());
      for (let i = 0; i < normals.length; i++)
        expect(Object.is(normals[i], s.normal[i]), `normal ${i}`).toBe(true);
    });
  }

  it('ln matches the port exactly and math.log to a few ulps', () => {
    for (const [s, port, libm] of FIXTURE.log) {
      expect(portableLog(s)).toBe(port);
      expect(Math.abs(portableLog(s) - libm)).toBeLessThanOrEqual(
        4 * Number.EPSILON * Math.max(1, Math.abs(libm)),
      );
    }
  });

  it('gives mean 0 and variance 1 (200 000 draws, within 5 standard errors)', () => {
    const g = new SeededNormal(2024);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let fourth = 0;
    for (let i = 0; i < n; i++) {
      const z = g.next();
      sum += z;
      sq += z * z;
      fourth += z ** 4;
    }
    // For N(0, 1): sd of the mean = 1/√n, of the mean square = √(2/n), of the mean 4th power = √(96/n).
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(fourth / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('refuses seeds outside 0 … 2³² − 1', () => {
    expect(() => new SeededNormal(-1)).toThrow(/seed/);
    expect(() => new SeededNormal(2 ** 32)).toThrow(/seed/);
    expect(() => new SeededNormal(1.5)).toThrow(/seed/);
  });
});
