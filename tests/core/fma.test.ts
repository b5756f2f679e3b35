import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fma } from '../../src/core/fma.ts';

/** Exact results from Python's fractions (tests/reference/fma_ref.py), as IEEE 754 bit patterns. */
const fixture = JSON.parse(
  readFileSync(new URL('../reference/fixtures/fma.json', import.meta.url), 'utf8'),
) as {
  cases: [string, string, string, string][];
};

const view = new DataView(new ArrayBuffer(8));
const fromBits = (hex: string): number => {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};
const toBits = (v: number): string => {
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
};

describe('fma (one rounding of a·b + c)', () => {
  it('matches the exact rational result bit for bit on every fixture case', () => {
    expect(fixture.cases.length).toBeGreaterThan(5000);
    const wrong: string[] = [];
    for (const [a, b, c, r] of fixture.cases) {
      const got = toBits(fma(fromBits(a), fromBits(b), fromBits(c)));
      if (got !== r) wrong.push(`fma(${a}, ${b}, ${c}) = ${got}, want ${r}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('differs from the unfused a·b + c where the product is inexact', () => {
    // (1 + 2^-30)(1 - 2^-30) = 1 - 2^-60: unfused it rounds to 1, so a·b − 1 = 0; fused it is −2^-60.
    const a = 1 + 2 ** -30;
    const b = 1 - 2 ** -30;
    expect(a * b - 1).toBe(0);
    expect(fma(a, b, -1)).toBe(-(2 ** -60));
  });

  it('gives NaN where a·b + c is undefined', () => {
    expect(fma(Number.POSITIVE_INFINITY, 0, 1)).toBeNaN();
    expect(fma(Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(fma(Number.NaN, 1, 1)).toBeNaN();
  });
});
