/** The caption band of exported images: the function's line, wrapped to the image's width. */
import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/app/defaults.ts';
import { CAPTION, captionLayout, wrapText } from '../../src/ui/exporter.ts';
import { functionText } from '../../src/ui/header.ts';

/** A monospace measure: every character 1 unit wide. */
const chars = (s: string) => s.length;

describe('functionText', () => {
  it('names a preset and gives f; a typed function is f alone', () => {
    const s = defaultState();
    expect(functionText(s, 'x^2/20 + y^2')).toBe('Book quadratic (ch. 6): f(x, y) = x^2/20 + y^2');
    const typed = { ...s, fn: { ...s.fn, preset: null, expression: 'sin(x)*y' } };
    expect(functionText(typed, 'sin(x)*y')).toBe('f(x, y) = sin(x)*y');
  });
});

describe('wrapText', () => {
  it('keeps a line that fits, breaks after the last space that fits', () => {
    expect(wrapText('f(x, y) = x', 20, chars, 3)).toEqual(['f(x, y) = x']);
    expect(wrapText('aa bb cc dd', 5, chars, 3)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('aa bb cc dd', 7, chars, 3)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('aaa bbbb c', 4, chars, 3)).toEqual(['aaa', 'bbbb', 'c']);
  });

  it('cuts a word wider than the line anywhere; the last line allowed ends in … when text is left', () => {
    expect(wrapText('abcdefghij', 4, chars, 3)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('abcdefghij', 4, chars, 2)).toEqual(['abcd', 'efg…']);
    expect(wrapText('aa bb cc dd ee', 5, chars, 2)).toEqual(['aa bb', 'cc d…']);
  });

  it('always makes progress: one character a line when nothing fits', () => {
    expect(wrapText('abc', 0, chars, 5)).toEqual(['a', 'b', 'c']);
    expect(wrapText('', 10, chars, 3)).toEqual([]);
  });
});

describe('captionLayout', () => {
  it('the function of the scene in lines inside the padding, and the band that holds them', () => {
    const s = defaultState();
    const one = captionLayout(s, 'x^2/20 + y^2', 800, (t) => 7 * t.length);
    expect(one.lines).toEqual(['Book quadratic (ch. 6): f(x, y) = x^2/20 + y^2']);
    expect(one.height).toBe(CAPTION.lineHeight + 2 * CAPTION.padding);
    // 46 characters at 7 px in 200 − 2·8 = 184 px: 26 characters a line at most.
    const narrow = captionLayout(s, 'x^2/20 + y^2', 200, (t) => 7 * t.length);
    expect(narrow.lines).toEqual(['Book quadratic (ch. 6):', 'f(x, y) = x^2/20 + y^2']);
    expect(narrow.height).toBe(2 * CAPTION.lineHeight + 2 * CAPTION.padding);
  });
});
