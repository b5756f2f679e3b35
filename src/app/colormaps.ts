/**
 * Colormaps for the surface and the colour bar: matplotlib's viridis, magma and turbo and ColorBrewer's
 * greys exactly as d3-scale-chromatic 3.1.1 gives them (its data and formulas, ported here so the page
 * ships these four rather than the whole library with d3-color; tests/app/colormaps.test.ts checks
 * them against d3-scale-chromatic itself), plus matplotlib's `bwr` (blue → white → red, linear in
 * RGB — its definition) used by the seed's surface plot. Each becomes a 256-entry RGBA lookup table.
 */

export type ColormapId = 'viridis' | 'magma' | 'turbo' | 'bwr' | 'grey';

/** t in [0, 1] → an `rgb(r, g, b)` or `#rrggbb` CSS colour. */
type Interpolator = (t: number) => string;

/** A ramp of `#rrggbb` colours given as one hex string: colour ⌊t·n⌋ (d3-scale-chromatic's `ramp`). */
function ramp(hex: string): Interpolator {
  const n = hex.length / 6;
  const colors = Array.from({ length: n }, (_, i) => `#${hex.slice(6 * i, 6 * i + 6)}`);
  return (t) => colors[Math.max(0, Math.min(n - 1, Math.floor(t * n)))];
}

/** matplotlib's viridis, 256 colours (d3-scale-chromatic's data). */
const VIRIDIS = ramp(
  [
    '44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769',
    '48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a',
    '472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85',
    '4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b',
    '3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d',
    '33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e',
    '2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e',
    '26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d',
    '21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88',
    '1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81',
    '28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74',
    '3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863',
    '5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d',
    '84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32',
    'addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a',
    'd8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725',
  ].join(''),
);

/** matplotlib's magma, 256 colours (d3-scale-chromatic's data). */
const MAGMA = ramp(
  [
    '00000401000501010601010802010902020b02020d03030f03031204041405041606051806051a07061c08071e090720',
    '0a08220b09240c09260d0a290e0b2b100b2d110c2f120d31130d34140e36150e38160f3b180f3d19103f1a10421c1044',
    '1d11471e114920114b21114e22115024125325125527125829115a2a115c2c115f2d11612f1163311165331067341069',
    '36106b38106c390f6e3b0f703d0f713f0f72400f74420f75440f764510774710784910784a10794c117a4e117b4f127b',
    '51127c52137c54137d56147d57157e59157e5a167e5c167f5d177f5f187f601880621980641a80651a80671b80681c81',
    '6a1c816b1d816d1d816e1e81701f81721f817320817521817621817822817922827b23827c23827e2482802582812581',
    '8326818426818627818827818928818b29818c29818e2a81902a81912b81932b80942c80962c80982d80992d809b2e7f',
    '9c2e7f9e2f7fa02f7fa1307ea3307ea5317ea6317da8327daa337dab337cad347cae347bb0357bb2357bb3367ab5367a',
    'b73779b83779ba3878bc3978bd3977bf3a77c03a76c23b75c43c75c53c74c73d73c83e73ca3e72cc3f71cd4071cf4070',
    'd0416fd2426fd3436ed5446dd6456cd8456cd9466bdb476adc4869de4968df4a68e04c67e24d66e34e65e44f64e55064',
    'e75263e85362e95462ea5661eb5760ec5860ed5a5fee5b5eef5d5ef05f5ef1605df2625df2645cf3655cf4675cf4695c',
    'f56b5cf66c5cf66e5cf7705cf7725cf8745cf8765cf9785df9795df97b5dfa7d5efa7f5efa815ffb835ffb8560fb8761',
    'fc8961fc8a62fc8c63fc8e64fc9065fd9266fd9467fd9668fd9869fd9a6afd9b6bfe9d6cfe9f6dfea16efea36ffea571',
    'fea772fea973feaa74feac76feae77feb078feb27afeb47bfeb67cfeb77efeb97ffebb81febd82febf84fec185fec287',
    'fec488fec68afec88cfeca8dfecc8ffecd90fecf92fed194fed395fed597fed799fed89afdda9cfddc9efddea0fde0a1',
    'fde2a3fde3a5fde5a7fde7a9fde9aafdebacfcecaefceeb0fcf0b2fcf2b4fcf4b6fcf6b8fcf7b9fcf9bbfcfbbdfcfdbf',
  ].join(''),
);

/** A channel as d3-color prints it: rounded and clamped to 0…255 (NaN → 0). */
const channel = (v: number): number => Math.max(0, Math.min(255, Math.round(v) || 0));

/** Google's turbo as d3-scale-chromatic gives it: a polynomial fit of each channel in t ∈ [0, 1]. */
function interpolateTurbo(t: number): string {
  t = Math.max(0, Math.min(1, t));
  const r = 34.61 + t * (1172.33 - t * (10793.56 - t * (33300.12 - t * (38394.49 - t * 14825.05))));
  const g = 23.31 + t * (557.33 + t * (1225.33 - t * (3574.96 - t * (1073.77 + t * 707.56))));
  const b = 27.2 + t * (3211.1 - t * (15327.97 - t * (27814 - t * (22569.18 - t * 6838.66))));
  return `rgb(${channel(r)}, ${channel(g)}, ${channel(b)})`;
}

/**
 * The uniform cubic B-spline through `values` (d3-interpolate's `basis`): on segment i of n, with
 * s = (t − i/n)·n, ((1 − s)³v₀ + (3s³ − 6s² + 4)v₁ + (−3s³ + 3s² + 3s + 1)v₂ + s³v₃) / 6, the missing
 * end neighbours mirrored (v₋₁ = 2v₀ − v₁).
 */
function basis(values: readonly number[]): (t: number) => number {
  const n = values.length - 1;
  return (t) => {
    const i = t <= 0 ? 0 : t >= 1 ? n - 1 : Math.floor(t * n);
    t = Math.max(0, Math.min(1, t));
    const v1 = values[i];
    const v2 = values[i + 1];
    const v0 = i > 0 ? values[i - 1] : 2 * v1 - v2;
    const v3 = i < n - 1 ? values[i + 2] : 2 * v2 - v1;
    const t1 = (t - i / n) * n;
    const t2 = t1 * t1;
    const t3 = t2 * t1;
    return (
      ((1 - 3 * t1 + 3 * t2 - t3) * v0 +
        (4 - 6 * t2 + 3 * t3) * v1 +
        (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2 +
        t3 * v3) /
      6
    );
  };
}

/** A B-spline through `#rrggbb` colours per RGB channel (d3-interpolate's `interpolateRgbBasis`). */
function rgbBasis(hex: readonly string[]): Interpolator {
  const [r, g, b] = [0, 1, 2].map((c) => basis(hex.map((h) => parseInt(h.slice(2 * c, 2 * c + 2), 16))));
  return (t) => `rgb(${channel(r(t))}, ${channel(g(t))}, ${channel(b(t))})`;
}

/** ColorBrewer's Greys, white → black (d3-scale-chromatic's 9-colour scheme through a B-spline). */
const GREYS = rgbBasis([
  'ffffff',
  'f0f0f0',
  'd9d9d9',
  'bdbdbd',
  '969696',
  '737373',
  '525252',
  '252525',
  '000000',
]);

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
  { id: 'viridis', name: 'viridis', interpolate: VIRIDIS },
  { id: 'magma', name: 'magma', interpolate: MAGMA },
  { id: 'turbo', name: 'turbo', interpolate: interpolateTurbo },
  { id: 'bwr', name: 'blue–white–red (bwr)', interpolate: interpolateBwr },
  // Greys runs white → black; reversed so that low is dark like the other maps.
  { id: 'grey', name: 'grey', interpolate: (t) => GREYS(1 - t) },
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
