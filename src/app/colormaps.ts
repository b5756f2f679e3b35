/**
 * Colormaps for the surface and the colour bar, from d3-scale-chromatic (matplotlib's viridis, magma
 * and turbo) plus matplotlib's `bwr` (blue → white → red, linear in RGB — its definition) used by the
 * seed's surface plot. Each becomes a 256-entry RGBA lookup table.
 */
import { interpolateGreys, interpolateMagma, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';

export type ColormapId = 'viridis' | 'magma' | 'turbo' | 'bwr' | 'grey';

/** t in [0, 1] → an `rgb(r, g, b)` or `#rrggbb` CSS colour. */
type Interpolator = (t: number) => string;

/** matplotlib's bwr: (0, 0, 1) at 0, (1, 1, 1) at 0.5, (1, 0, 0) at 1, linear between. */
function interpolateBwr(t: number): string {
  const u = Math.min(1, Math.max(0, t));
  const r = u < 0.5 ? 2 * u : 1;
  const g = u < 0.5 ? 2 * u : 2 - 2 * u;
  const b = u < 0.5 ? 1 : 2 - 2 * u;
  return `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
}

export interface Colormap {
  readonly id: ColormapId;
  readonly name: string;
  readonly interpolate: Interpolator;
}

export const COLORMAPS: readonly Colormap[] = [
  { id: 'viridis', name: 'viridis', interpolate: interpolateViridis },
  { id: 'magma', name: 'magma', interpolate: interpolateMagma },
  { id: 'turbo', name: 'turbo', interpolate: interpolateTurbo },
  { id: 'bwr', name: 'blue–white–red (bwr)', interpolate: interpolateBwr },
  // d3's Greys runs white → black; reversed so that low is dark like the other maps.
  { id: 'grey', name: 'grey', interpolate: (t) => interpolateGreys(1 - t) },
];

export function getColormap(id: string): Colormap | undefined {
  return COLORMAPS.find((c) => c.id === id);
}

/** Parses `#rrggbb` or `rgb(r, g, b)` into 0–255 components. */
export function parseCssColor(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not a colour: ${css}`);
}

/** The colormap sampled at `size` texel centres, (i + 0.5) / size, as RGBA bytes. */
export function colormapTable(colormap: Colormap, size = 256): Uint8Array {
  const table = new Uint8Array(size * 4);
  for (let i = 0; i < size; i++) {
    const [r, g, b] = parseCssColor(colormap.interpolate((i + 0.5) / size));
    table.set([r, g, b, 255], 4 * i);
  }
  return table;
}

/** Colour-blind-safe trail colours (Okabe & Ito 2008), in the order new optimizers take them. */
export const TRAIL_PALETTE: readonly string[] = [
  '#d55e00', // vermillion
  '#56b4e9', // sky blue
  '#cc79a7', // reddish purple
  '#e69f00', // orange
  '#009e73', // bluish green
  '#f0e442', // yellow
  '#0072b2', // blue
  '#000000', // black
];
