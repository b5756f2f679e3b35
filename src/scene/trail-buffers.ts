/**
 * The pure half of the trails: which rows of a run are drawn (long runs thinned), and the world-space
 * buffers of markers and line pieces, sorted by step, that the trail layer (`trails.ts`) uploads.
 * No three.js here: these are plain typed arrays, tested exactly on tiny runs.
 */
import { LIMITS } from '../app/state.ts';
import type { Trajectory } from '../core/runner.ts';
import { type Frame, inDomain, SIZE, worldX, worldY, worldYUnclipped, worldZ } from './world.ts';

/** Line pieces between two drawn rows, so that the line follows the surface instead of cutting through it. */
export function subdivisionsFor(segments: number): number {
  return segments <= 500 ? 8 : segments <= 5000 ? 2 : 1;
}

/** Height above the surface at which trails float, in world units. */
export const LIFT = 0.012 * SIZE;

/** The most trails a layer holds (the state's limit on optimizers). */
export const MAX_TRAILS = LIMITS.optimizers;

/** Runs of up to this many rows are drawn whole, a marker at every step (the book's pictures). */
export const THIN_ROWS = 2001;

/** Longer runs: a row is drawn once it is this far (world units, about a pixel) from the last one drawn. */
export const THIN_TOLERANCE = 0.001 * SIZE;

/** At most this many rows of one run are drawn: the tolerance doubles until they fit. */
export const MAX_DRAWN_ROWS = 20_000;

/**
 * World position of row `k` of `xyf` (x, y, f per row), lifted above the surface, into `out` at `o`.
 * Inside the domain f is clipped to the box like the surface; outside it is not, so that a step
 * flung out of the domain leaves the box upwards (or downwards) as f does, where the clipping planes
 * cut it, instead of running along the box's lid.
 */
export function rowPoint(
  xyf: Float64Array,
  k: number,
  frame: Frame,
  out: Float32Array | Float64Array,
  o: number,
): void {
  const x = xyf[3 * k];
  const y = xyf[3 * k + 1];
  const f = xyf[3 * k + 2];
  out[o] = worldX(frame, x);
  out[o + 1] = (inDomain(frame, x, y) ? worldY(frame, f) : worldYUnclipped(frame, f)) + LIFT;
  out[o + 2] = worldZ(frame, y);
}

/**
 * The rows of `run` to draw, in order: all of them for a run of up to `THIN_ROWS` rows; for a longer
 * one the first, the last, and every row at least `tolerance` (world units) from the last row kept,
 * the tolerance doubling until at most `MAX_DRAWN_ROWS` remain.
 */
export function drawnRows(run: Trajectory, frame: Frame, tolerance = THIN_TOLERANCE): Int32Array {
  const { rows, xyf } = run;
  if (rows <= THIN_ROWS) return Int32Array.from({ length: rows }, (_, k) => k);
  const world = new Float64Array(3 * rows);
  for (let k = 0; k < rows; k++) rowPoint(xyf, k, frame, world, 3 * k);
  for (let eps = tolerance; ; eps *= 2) {
    const kept: number[] = [0];
    let last = 0;
    for (let k = 1; k < rows - 1; k++) {
      const dx = world[3 * k] - world[3 * last];
      const dy = world[3 * k + 1] - world[3 * last + 1];
      const dz = world[3 * k + 2] - world[3 * last + 2];
      if (dx * dx + dy * dy + dz * dz >= eps * eps) {
        kept.push(k);
        last = k;
      }
    }
    kept.push(rows - 1);
    if (kept.length <= MAX_DRAWN_ROWS) return Int32Array.from(kept);
  }
}

/** What a layer draws: markers and line pieces, each with its step and trail, sorted by step. */
export interface TrailBuffers {
  /** xyz per marker. */
  readonly points: Float32Array;
  /** (step, trail) per marker. */
  readonly pointInfo: Float32Array;
  /** xyz xyz per line piece. */
  readonly segments: Float32Array;
  /** (step, trail) per piece: it shows from the step its drawn segment ends at. */
  readonly segmentInfo: Float32Array;
  /** (start, end) per piece: world distance along its trail from the trail's start (for dashes). */
  readonly segmentDistance: Float32Array;
  /** Line pieces per drawn segment. */
  readonly sub: number;
  /** Drawn rows of the longest trail. */
  readonly longest: number;
}

/** Items of several trails merged by step (then trail): each trail's list is already in step order. */
function mergeByStep(lists: readonly Int32Array[]): [number, number][] {
  const cursor = lists.map(() => 0);
  const out: [number, number][] = [];
  for (;;) {
    let best = -1;
    for (let t = 0; t < lists.length; t++) {
      if (cursor[t] < lists[t].length && (best < 0 || lists[t][cursor[t]] < lists[best][cursor[best]]))
        best = t;
    }
    if (best < 0) return out;
    out.push([lists[best][cursor[best]++], best]);
  }
}

/**
 * Markers and line pieces of `runs` (one trail each; null: nothing yet) in world space, draped over
 * f (whose value along the way comes from `value`, falling back to the straight chord where f is not
 * finite) in `subdivisionsFor` pieces per segment — one on a flat frame — sorted by step.
 */
export function trailBuffers(
  runs: readonly (Trajectory | null)[],
  frame: Frame,
  value: (x: number, y: number) => number,
): TrailBuffers {
  const drawn = runs.map((r) => (r ? drawnRows(r, frame) : new Int32Array(0)));
  // A flat map (a 2-D pane, height 0) has nothing to follow: one straight piece per segment draws the same
  // line as eight (a software renderer pays for every piece: 4000 pieces cost 500 steps' 2-D frame 60 ms).
  const sub = frame.height === 0 ? 1 : subdivisionsFor(Math.max(0, ...drawn.map((d) => d.length - 1)));
  const markers = mergeByStep(drawn);
  const points = new Float32Array(3 * markers.length);
  const pointInfo = new Float32Array(2 * markers.length);
  markers.forEach(([k, t], i) => {
    rowPoint(runs[t]!.xyf, k, frame, points, 3 * i);
    pointInfo[2 * i] = k;
    pointInfo[2 * i + 1] = t;
  });
  // A drawn segment is named by the row it ends at; the previous drawn row is where it starts.
  const ends = drawn.map((d) => d.subarray(1));
  const pieces = mergeByStep(ends);
  const segments = new Float32Array(6 * sub * pieces.length);
  const segmentInfo = new Float32Array(2 * sub * pieces.length);
  const segmentDistance = new Float32Array(2 * sub * pieces.length);
  const along = new Float64Array(drawn.length);
  const from = new Float64Array(3);
  const to = new Float64Array(3);
  const index = drawn.map(() => 0);
  let o = 0;
  for (const [k1, t] of pieces) {
    const k0 = drawn[t][index[t]++];
    const xyf = runs[t]!.xyf;
    rowPoint(xyf, k0, frame, from, 0);
    rowPoint(xyf, k1, frame, to, 0);
    const x0 = xyf[3 * k0];
    const y0 = xyf[3 * k0 + 1];
    const dx = xyf[3 * k1] - x0;
    const dy = xyf[3 * k1 + 1] - y0;
    let px = from[0];
    let py = from[1];
    let pz = from[2];
    for (let s = 1; s <= sub; s++) {
      const u = s / sub;
      const f = s === sub ? Number.NaN : value(x0 + u * dx, y0 + u * dy);
      const chord = from[1] + u * (to[1] - from[1]);
      const h = Number.isFinite(f) ? Math.max(worldY(frame, f) + LIFT, chord) : chord;
      const qx = s === sub ? to[0] : worldX(frame, x0 + u * dx);
      const qz = s === sub ? to[2] : worldZ(frame, y0 + u * dy);
      const w = 6 * o;
      segments[w] = px;
      segments[w + 1] = py;
      segments[w + 2] = pz;
      segments[w + 3] = qx;
      segments[w + 4] = h;
      segments[w + 5] = qz;
      segmentInfo[2 * o] = k1;
      segmentInfo[2 * o + 1] = t;
      segmentDistance[2 * o] = along[t];
      along[t] += Math.hypot(qx - px, h - py, qz - pz);
      segmentDistance[2 * o + 1] = along[t];
      o++;
      px = qx;
      py = h;
      pz = qz;
    }
  }
  const longest = Math.max(0, ...drawn.map((d) => d.length));
  return { points, pointInfo, segments, segmentInfo, segmentDistance, sub, longest };
}

/** How many of the first entries of `info` ((step, trail) pairs sorted by step) have step ≤ `step`. */
export function countUpTo(info: Float32Array, step: number): number {
  let lo = 0;
  let hi = info.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (info[2 * mid] <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
