/** A rectangle of the (x, y) plane: x in [x[0], x[1]], y in [y[0], y[1]]. */
export interface Domain {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** A point of interest of f: a minimum, a saddle, a local maximum. */
export interface CriticalPoint {
  readonly x: number;
  readonly y: number;
  readonly f: number;
  readonly kind: 'global minimum' | 'local minimum' | 'saddle' | 'local maximum' | 'degenerate';
}

export interface FunctionPreset {
  /** Stable identifier used in URLs and the command line, e.g. `rosenbrock`. */
  readonly id: string;
  /** Display name, e.g. `Rosenbrock`. */
  readonly name: string;
  /** f(x, y) in Descent's expression language. */
  readonly expression: string;
  /** The usual plotting / search domain. */
  readonly domain: Domain;
  /** Every known minimum (and, for saddle-type functions, the critical points). */
  readonly critical: readonly CriticalPoint[];
  /** A start that shows the function's character. */
  readonly start: readonly [number, number];
  /** Colour scale that makes the landscape readable: `log` for functions spanning many decades. */
  readonly colorScale: 'linear' | 'log';
  /** One sentence on what the function teaches. */
  readonly note: string;
}
