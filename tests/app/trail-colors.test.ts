import { describe, expect, it } from 'vitest';
import { addOptimizer, duplicateOptimizer } from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { shade, TYPE_HUES, trailColor, typeHue } from '../../src/app/trail-colors.ts';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';

/** sRGB relative luminance (WCAG 2). */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

describe('trail colours by type', () => {
  it('eight distinct hues, none black', () => {
    expect(new Set(TYPE_HUES).size).toBe(8);
    for (const h of TYPE_HUES) expect(luminance(h)).toBeGreaterThan(0.02);
  });

  it("a type's hue is the same in every scene, and the book's four are told apart", () => {
    expect(typeHue('adam')).toBe('#f0e442');
    expect(typeHue('sgd')).toBe('#d55e00');
    expect(new Set(['sgd', 'momentum', 'adagrad', 'adam'].map(typeHue)).size).toBe(4);
    for (const o of OPTIMIZERS) expect(TYPE_HUES).toContain(typeHue(o.id));
    // Adam added to an empty scene and to the book's scene: yellow both times.
    const empty = { ...defaultState(), optimizers: [] };
    expect(addOptimizer(empty, 'adam').optimizers[0].color).toBe('#f0e442');
    expect(addOptimizer(defaultState(), 'adam').optimizers[4].color).not.toBe('#000000');
  });

  it('duplicates of one type are told apart by shade', () => {
    // 35 % towards black: (213, 94, 0)·0.65 = (138.45, 61.1, 0) → #8a3d00.
    expect(shade('#d55e00', -0.35)).toBe('#8a3d00');
    // 40 % towards white: 213 + 42·0.4 = 229.8 → e6; 94 + 161·0.4 = 158.4 → 9e; 0 + 255·0.4 = 102 → 66.
    expect(shade('#d55e00', 0.4)).toBe('#e69e66');
    const empty = { ...defaultState(), optimizers: [] };
    let s = addOptimizer(empty, 'sgd');
    s = duplicateOptimizer(s, s.optimizers[0].key);
    s = duplicateOptimizer(s, s.optimizers[0].key);
    expect(s.optimizers.map((e) => e.color).sort()).toEqual(['#8a3d00', '#d55e00', '#e69e66']);
    expect(trailColor('sgd', s.optimizers)).toBe(shade('#d55e00', -0.6));
  });
});
