import type { FunctionPreset } from './types.ts';

/**
 * The function presets: the book's quadratic (the default) and the classic 2-D test functions of
 * `shared/reference/test-functions.md` (Wikipedia "Test functions for optimization"; Surjanovic &
 * Bingham's Virtual Library of Simulation Experiments). Every minimum listed here is checked in
 * `tests/core/functions.test.ts` (value and vanishing gradient).
 */
export const FUNCTION_PRESETS: readonly FunctionPreset[] = [
  {
    id: 'book',
    name: 'Book quadratic (ch. 6)',
    expression: 'x^2/20 + y^2',
    // The book's figure 6-8 range (its 3-D figure 6-1 uses y in [-10, 10] too).
    domain: { x: [-10, 10], y: [-5, 5] },
    critical: [{ x: 0, y: 0, f: 0, kind: 'global minimum' }],
    start: [-7, 2],
    colorScale: 'linear',
    note: 'Deep Learning from Scratch, ch. 6: stretched 20:1 along x, so SGD zigzags across the valley.',
  },
  {
    id: 'rosenbrock',
    name: 'Rosenbrock',
    expression: '(1 - x)^2 + 100*(y - x^2)^2',
    domain: { x: [-2, 2], y: [-1, 3] },
    critical: [{ x: 1, y: 1, f: 0, kind: 'global minimum' }],
    start: [-1.5, 2],
    colorScale: 'log',
    note: 'A long, curved, flat-bottomed valley: easy to find, hard to follow to the minimum.',
  },
  {
    id: 'beale',
    name: 'Beale',
    expression: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
    critical: [{ x: 3, y: 0.5, f: 0, kind: 'global minimum' }],
    start: [1, 1.5],
    colorScale: 'log',
    note: 'Sharp ridges and flat plateaus at the corners; values span six decades.',
  },
  {
    id: 'himmelblau',
    name: 'Himmelblau',
    expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    domain: { x: [-5, 5], y: [-5, 5] },
    critical: [
      { x: 3, y: 2, f: 0, kind: 'global minimum' },
      { x: -2.805118087, y: 3.131312518, f: 0, kind: 'global minimum' },
      { x: -3.779310253, y: -3.283185991, f: 0, kind: 'global minimum' },
      { x: 3.58442834, y: -1.848126527, f: 0, kind: 'global minimum' },
      { x: -0.27084459, y: -0.923038556, f: 181.6165215, kind: 'local maximum' },
    ],
    start: [0, 0],
    colorScale: 'linear',
    note: 'Four equal minima: which basin a path ends in depends on the start and the optimizer.',
  },
  {
    id: 'rastrigin',
    name: 'Rastrigin',
    expression: '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)',
    domain: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
    critical: [{ x: 0, y: 0, f: 0, kind: 'global minimum' }],
    start: [-2, 3.5],
    colorScale: 'linear',
    note: 'A lattice of local minima: plain gradient descent stops in the nearest one.',
  },
  {
    id: 'ackley',
    name: 'Ackley',
    expression: '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
    domain: { x: [-5, 5], y: [-5, 5] },
    critical: [{ x: 0, y: 0, f: 0, kind: 'global minimum' }],
    start: [-4, 3],
    colorScale: 'linear',
    note: 'A bumpy plain around a deep funnel; not differentiable at the origin.',
  },
  {
    id: 'booth',
    name: 'Booth',
    expression: '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
    domain: { x: [-10, 10], y: [-10, 10] },
    critical: [{ x: 1, y: 3, f: 0, kind: 'global minimum' }],
    start: [-8, -8],
    colorScale: 'linear',
    note: 'A tilted quadratic bowl: every method gets there, at different speeds.',
  },
  {
    id: 'goldstein-price',
    name: 'Goldstein–Price',
    expression:
      '(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    domain: { x: [-2, 2], y: [-2, 2] },
    critical: [
      { x: 0, y: -1, f: 3, kind: 'global minimum' },
      { x: -0.6, y: -0.4, f: 30, kind: 'local minimum' },
      { x: 1.8, y: 0.2, f: 84, kind: 'local minimum' },
      { x: 1.2, y: 0.8, f: 840, kind: 'local minimum' },
    ],
    start: [1.5, 1.5],
    colorScale: 'log',
    note: 'Values from 3 to a million: unreadable without a log colour scale.',
  },
  {
    id: 'six-hump-camel',
    name: 'Six-hump camel',
    expression: '(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2',
    domain: { x: [-3, 3], y: [-2, 2] },
    critical: [
      { x: 0.0898420131, y: -0.712656403, f: -1.0316284535, kind: 'global minimum' },
      { x: -0.0898420131, y: 0.712656403, f: -1.0316284535, kind: 'global minimum' },
    ],
    start: [-1.5, 1],
    colorScale: 'linear',
    note: 'Six humps, two global minima, and local ones that trap a slow learner.',
  },
  {
    id: 'three-hump-camel',
    name: 'Three-hump camel',
    expression: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2',
    domain: { x: [-5, 5], y: [-5, 5] },
    critical: [
      { x: 0, y: 0, f: 0, kind: 'global minimum' },
      { x: 1.747552346, y: -0.873776173, f: 0.2986384422, kind: 'local minimum' },
      { x: -1.747552346, y: 0.873776173, f: 0.2986384422, kind: 'local minimum' },
    ],
    start: [-4, 4],
    colorScale: 'log',
    note: 'One global and two local minima inside steep sixth-power walls.',
  },
  {
    id: 'matyas',
    name: 'Matyas',
    expression: '0.26*(x^2 + y^2) - 0.48*x*y',
    domain: { x: [-10, 10], y: [-10, 10] },
    critical: [{ x: 0, y: 0, f: 0, kind: 'global minimum' }],
    start: [-8, 6],
    colorScale: 'linear',
    note: 'A flat, diagonal valley: the gradient is small along it.',
  },
  {
    id: 'levi13',
    name: 'Lévi N.13',
    expression: 'sin(3*pi*x)^2 + (x - 1)^2*(1 + sin(3*pi*y)^2) + (y - 1)^2*(1 + sin(2*pi*y)^2)',
    domain: { x: [-10, 10], y: [-10, 10] },
    critical: [{ x: 1, y: 1, f: 0, kind: 'global minimum' }],
    start: [-4, 5],
    colorScale: 'linear',
    note: 'Ripples on a bowl: many local minima, one global.',
  },
  {
    id: 'styblinski-tang',
    name: 'Styblinski–Tang',
    expression: '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2',
    domain: { x: [-5, 5], y: [-5, 5] },
    critical: [
      { x: -2.903534028, y: -2.903534028, f: -78.33233141, kind: 'global minimum' },
      { x: 2.746802771, y: -2.903534028, f: -64.19561236, kind: 'local minimum' },
      { x: -2.903534028, y: 2.746802771, f: -64.19561236, kind: 'local minimum' },
      { x: 2.746802771, y: 2.746802771, f: -50.05889331, kind: 'local minimum' },
    ],
    start: [0.5, 4.5],
    colorScale: 'linear',
    note: 'Four basins of different depths: the nearest is not the deepest.',
  },
  {
    id: 'saddle',
    name: 'Saddle x² − y²',
    expression: 'x^2 - y^2',
    domain: { x: [-2, 2], y: [-2, 2] },
    critical: [{ x: 0, y: 0, f: 0, kind: 'saddle' }],
    start: [-1, 0.001],
    colorScale: 'linear',
    note: 'Unbounded below: a path that starts almost on the ridge stalls, then escapes.',
  },
  {
    id: 'monkey-saddle',
    name: 'Monkey saddle',
    expression: 'x^3 - 3*x*y^2',
    domain: { x: [-2, 2], y: [-2, 2] },
    critical: [{ x: 0, y: 0, f: 0, kind: 'degenerate' }],
    start: [1, 0.2],
    colorScale: 'linear',
    note: 'Three valleys meet at a flat, degenerate critical point.',
  },
];

/** The default scene's function: the book's quadratic. */
export const DEFAULT_FUNCTION_ID = 'book';

export function getFunctionPreset(id: string): FunctionPreset | undefined {
  return FUNCTION_PRESETS.find((p) => p.id === id);
}
