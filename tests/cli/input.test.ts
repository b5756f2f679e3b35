import { describe, expect, it } from 'vitest';
import { decodeUtf8, invalidUtf8Offset } from '../../src/cli/input.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('UTF-8 checking of the cases file', () => {
  it('accepts well-formed UTF-8 of every length, and the extremes', () => {
    // "aé€😀": 1, 2, 3 and 4 bytes; U+10FFFF = F4 8F BF BF; U+D7FF = ED 9F BF.
    expect(invalidUtf8Offset(new TextEncoder().encode('aé€😀'))).toBe(-1);
    expect(invalidUtf8Offset(bytes(0xf4, 0x8f, 0xbf, 0xbf, 0xed, 0x9f, 0xbf))).toBe(-1);
  });

  it('finds the first bad byte (RFC 3629 table 3-7 cases)', () => {
    expect(invalidUtf8Offset(bytes(0x61, 0x80))).toBe(1); // lone continuation byte
    expect(invalidUtf8Offset(bytes(0xc0, 0x80))).toBe(0); // overlong NUL
    expect(invalidUtf8Offset(bytes(0x61, 0xe0, 0x9f, 0xbf))).toBe(1); // overlong 3-byte form
    expect(invalidUtf8Offset(bytes(0xed, 0xa0, 0x80))).toBe(0); // surrogate U+D800
    expect(invalidUtf8Offset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(invalidUtf8Offset(bytes(0x61, 0x62, 0xe2, 0x82))).toBe(2); // truncated at the end
    expect(invalidUtf8Offset(bytes(0xff))).toBe(0);
  });

  it('drops a byte-order mark and says where invalid text is', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x5b, 0x5d))).toEqual({ ok: true, value: '[]' });
    // Offsets count the BOM: "\uFEFF[\n" is 5 bytes, then 0xFF on line 2, byte 1.
    const r = decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x5b, 0x0a, 0xff));
    expect(r).toEqual({
      ok: false,
      error: 'is not valid UTF-8: byte 0xFF at offset 5 (line 2, byte 1 of the line)',
    });
  });
});
