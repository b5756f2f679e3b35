/**
 * What tells a network link (`#nn=1&…`, landscape-link.ts) from the explorer's (`#v=2&…`): its first
 * field is `nn=`. Kept apart from the codec so the page's startup code can ask without loading it.
 */

/** The key that opens a network link and carries its version. */
export const NET_LINK_KEY = 'nn';

/** True when `hash` (with or without `#`) is a network link. */
export function isNetLink(hash: string): boolean {
  return hash.replace(/^#/, '').startsWith(`${NET_LINK_KEY}=`);
}
