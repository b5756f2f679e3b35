/** The Maps folder's summary of a finished basin map (loaded with the first map). */
import type { MapResult } from '../../app/batch-pool.ts';
import { getFunctionPreset } from '../../core/functions/presets.ts';
import { basinCounts } from '../../scene/layers/basins-paint.ts';

/** One part of a basin map's summary: a label's hue (null: none) and its text. */
export interface CountPart {
  readonly label: number | null;
  readonly text: string;
}

/**
 * A finished basin map's summary: "4 minima:", then per minimum its place and share of the starts
 * ("(3, 2) 27 %"), then "diverged 2 %" and "none 1 %" when there are any.
 */
export function basinCountParts(map: MapResult, f: string): CountPart[] {
  const { labels, diverged, none } = basinCounts(map);
  const total = map.n * map.m;
  const pct = (k: number) => `${Math.round((100 * k) / total)} %`;
  const preset = getFunctionPreset(f);
  const parts: CountPart[] = [{ label: null, text: `${labels.size} minima:` }];
  for (const [label, k] of [...labels.entries()].sort((a, b) => a[0] - b[0])) {
    const p = preset?.critical[label];
    const where = p ? `(${Number(p.x.toPrecision(3))}, ${Number(p.y.toPrecision(3))})` : `#${label + 1}`;
    parts.push({ label, text: `${where} ${pct(k)}` });
  }
  if (diverged) parts.push({ label: null, text: `diverged ${pct(diverged)}` });
  if (none) parts.push({ label: null, text: `none ${pct(none)}` });
  return parts;
}

/** The summary as one line of text. */
export const basinCountsLine = (map: MapResult, f: string): string =>
  basinCountParts(map, f)
    .map((p) => p.text)
    .join(' ');
