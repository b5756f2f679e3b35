/**
 * User text inside messages: escaped and cut short, so that a 10 MB expression is not echoed back
 * 10 MB and a terminal escape sequence in an id is printed as text, not obeyed.
 */

/** How many characters of user text a message quotes by default. */
export const MESSAGE_TEXT_LIMIT = 80;

/**
 * Characters escaped as `\uXXXX`: C0 controls and DEL, C1 controls, the line and paragraph
 * separators, the bidirectional overrides and isolates (which can reorder what a terminal shows),
 * the byte-order mark, and lone surrogates (a pair is one code point and is kept).
 */
const UNSAFE_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x2028, 0x2029],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
  [0xd800, 0xdfff],
];

function escapeChar(ch: string, quoted: boolean): string {
  const code = ch.charCodeAt(0);
  // A surrogate pair (two code units) is one safe code point; a lone surrogate is one code unit.
  if (ch.length === 1 && UNSAFE_RANGES.some(([lo, hi]) => code >= lo && code <= hi)) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return quoted && (ch === '"' || ch === '\\') ? `\\${ch}` : ch;
}

function clip(text: string, limit: number, quoted: boolean): string {
  let out = '';
  let kept = 0;
  // Iterates code points, so a cut never splits a surrogate pair or an escape; stops at the limit.
  for (const ch of text) {
    if (kept >= limit) return `${out}…`;
    out += escapeChar(ch, quoted);
    kept += ch.length;
  }
  return out;
}

/** `text` with unsafe characters escaped (`\u001b`) and at most `limit` characters kept, then `…`. */
export function clipText(text: string, limit: number = MESSAGE_TEXT_LIMIT): string {
  return clip(text, limit, false);
}

/** `"text"` for a message: clipped and escaped as by {@link clipText}, inner `"` and `\` escaped too. */
export function quoteText(text: string, limit: number = MESSAGE_TEXT_LIMIT): string {
  return `"${clip(text, limit, true)}"`;
}

/**
 * An excerpt of `source` around the half-open range [start, end), for an error message: the whole
 * source when it is short, else up to `limit` characters around the range with `…` at the cuts.
 */
export function excerptText(source: string, start: number, limit: number = MESSAGE_TEXT_LIMIT): string {
  if (source.length <= limit) return clipText(source, limit);
  const from = Math.max(0, Math.min(start - Math.floor(limit / 2), source.length - limit));
  const piece = clipText(source.slice(from, from + limit), limit);
  return `${from > 0 ? '…' : ''}${piece}${from + limit < source.length ? '…' : ''}`;
}
