import { describe, expect, it } from 'vitest';
import { clipText, excerptText, quoteText } from '../../src/core/text.ts';

describe('clipText / quoteText / excerptText', () => {
  it('keeps short text as it is', () => {
    expect(clipText('x^2 + y')).toBe('x^2 + y');
    expect(quoteText('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('cuts at the limit and marks the cut with …', () => {
    expect(clipText('abcdef', 3)).toBe('abc…');
    expect(clipText('abc', 3)).toBe('abc');
    expect(clipText('x'.repeat(10_000_000))).toBe(`${'x'.repeat(80)}…`);
  });

  it('escapes control, bidi and separator characters as \\uXXXX', () => {
    expect(clipText('\u001b]0;t\u0007')).toBe('\\u001b]0;t\\u0007');
    expect(clipText('a\u009bb\u007f\u202ec\u2028\ufeff')).toBe('a\\u009bb\\u007f\\u202ec\\u2028\\ufeff');
    expect(clipText('tab\tnl\n')).toBe('tab\\u0009nl\\u000a');
  });

  it('never splits a surrogate pair, and escapes a lone surrogate', () => {
    expect(clipText('😀😀', 2)).toBe('😀…');
    expect(clipText('a\ud800b')).toBe('a\\ud800b');
  });

  it('shows a window around an error position in long text', () => {
    const source = `${'a'.repeat(1000)}#${'b'.repeat(1000)}`;
    const excerpt = excerptText(source, 1000, 20);
    expect(excerpt).toBe(`…${'a'.repeat(10)}#${'b'.repeat(9)}…`);
    expect(excerptText(source, 0, 20)).toBe(`${'a'.repeat(20)}…`);
    expect(excerptText(source, 2000, 20)).toBe(`…${'b'.repeat(20)}`);
    expect(excerptText('short', 2)).toBe('short');
  });
});
