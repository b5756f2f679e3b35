/**
 * Faint paths beside the trails: the K seeds of a noisy row (its spread, `Derived.spreads`, drawn with
 * the row's own run so K paths show the spread) and Schedule-Free's gradient points y next to its
 * reported x (`Trajectory.yx`). One thin-line draw call for the whole pane. Segments carry their step
 * and are sorted by it, so playback to step k is one draw range (a binary search), as the trails do.
 * Long paths are thinned to at most `MAX_SEGMENTS_PER_PATH` segments (every stride-th row).
 */
import { BufferAttribute, BufferGeometry, Color, LineBasicMaterial, LineSegments } from 'three';
import type { OptimizerEntry } from '../../app/state.ts';
import type { CompiledFunction } from '../../core/expr/index.ts';
import type { Trajectory } from '../../core/runner.ts';
import type { LayerContext, PaneLayer } from '../layer.ts';
import { countUpTo, rowPoint } from '../trail-buffers.ts';
import type { Frame } from '../world.ts';

/** Segments drawn per faint path at most. */
export const MAX_SEGMENTS_PER_PATH = 2000;
/** Opacity of the faint paths. */
export const SPREAD_OPACITY = 0.45;

/** One faint path: rows of [x, y, f] and the colour of its row. */
interface FaintPath {
  readonly xyf: Float64Array;
  readonly rows: number;
  readonly color: string;
}

/** The faint paths of `entries`: each noisy row's K seeds, and Schedule-Free's y points. */
export function faintPaths(
  entries: readonly OptimizerEntry[],
  runs: ReadonlyMap<number, Trajectory>,
  spreads: ReadonlyMap<number, readonly Trajectory[]>,
  fn: CompiledFunction | null,
): { paths: FaintPath[]; spread: number; y: number } {
  const paths: FaintPath[] = [];
  let spread = 0;
  let y = 0;
  for (const e of entries) {
    const run = runs.get(e.key);
    const others = spreads.get(e.key);
    if (run && others && others.length > 0) {
      for (const t of [run, ...others]) paths.push({ xyf: t.xyf, rows: t.rows, color: e.color });
      spread += 1 + others.length;
    }
    if (run?.yx && fn) {
      const xyf = new Float64Array(3 * run.rows);
      for (let k = 0; k < run.rows; k++) {
        const px = run.yx[2 * k];
        const py = run.yx[2 * k + 1];
        xyf[3 * k] = px;
        xyf[3 * k + 1] = py;
        xyf[3 * k + 2] = fn.value(px, py);
      }
      paths.push({ xyf, rows: run.rows, color: e.color });
      y += 1;
    }
  }
  return { paths, spread, y };
}

/**
 * Line segments of `paths` in world coordinates, sorted by the step they reach: `positions` (two xyz
 * per segment), `colors` (rgb per vertex) and `info` ((step, path) per segment, for `countUpTo`).
 */
export function faintSegments(
  paths: readonly FaintPath[],
  frame: Frame,
): { positions: Float32Array; colors: Float32Array; info: Float32Array } {
  const pieces: { step: number; path: number; a: number; b: number }[] = [];
  paths.forEach((p, i) => {
    const stride = Math.max(1, Math.ceil((p.rows - 1) / MAX_SEGMENTS_PER_PATH));
    for (let a = 0; a + 1 < p.rows; a += stride) {
      const b = Math.min(p.rows - 1, a + stride);
      pieces.push({ step: b, path: i, a, b });
    }
  });
  pieces.sort((u, v) => u.step - v.step || u.path - v.path);
  const positions = new Float32Array(pieces.length * 6);
  const colors = new Float32Array(pieces.length * 6);
  const info = new Float32Array(pieces.length * 2);
  const color = new Color();
  const rgb = paths.map((p) => color.set(p.color).toArray());
  pieces.forEach((s, j) => {
    const p = paths[s.path];
    rowPoint(p.xyf, s.a, frame, positions, 6 * j);
    rowPoint(p.xyf, s.b, frame, positions, 6 * j + 3);
    colors.set(rgb[s.path], 6 * j);
    colors.set(rgb[s.path], 6 * j + 3);
    info[2 * j] = s.step;
    info[2 * j + 1] = s.path;
  });
  return { positions, colors, info };
}

export class SpreadLayer implements PaneLayer {
  private readonly geometry = new BufferGeometry();
  private readonly material = new LineBasicMaterial({
    vertexColors: true,
    transparent: true,
    opacity: SPREAD_OPACITY,
    depthWrite: false,
  });
  readonly object = new LineSegments(this.geometry, this.material);
  /** Faint paths drawn for noisy rows' seeds, and Schedule-Free y paths (tests read these). */
  spreadPaths = 0;
  yPaths = 0;
  private info: Float32Array = new Float32Array(0);
  private inputs: readonly unknown[] = [];
  private step = -1;

  constructor() {
    this.object.name = 'spread';
    this.object.frustumCulled = false;
    this.object.renderOrder = 1;
  }

  update(c: LayerContext): void {
    const entries = c.state.optimizers.filter((e) => e.visible && c.shows(e));
    const inputs = [
      c.frame,
      c.derived.fn,
      ...entries,
      ...entries.map((e) => c.derived.runs.get(e.key)),
      ...entries.map((e) => c.derived.spreads.get(e.key)),
    ];
    if (inputs.length !== this.inputs.length || inputs.some((v, i) => v !== this.inputs[i])) {
      this.inputs = inputs;
      this.rebuild(c, entries);
      this.step = -1;
    }
    const step = c.state.playback.step;
    if (step !== this.step) {
      this.step = step;
      this.geometry.setDrawRange(0, 2 * countUpTo(this.info, step));
    }
  }

  private rebuild(c: LayerContext, entries: readonly OptimizerEntry[]): void {
    const { paths, spread, y } = faintPaths(entries, c.derived.runs, c.derived.spreads, c.derived.fn);
    this.spreadPaths = spread;
    this.yPaths = y;
    const { positions, colors, info } = faintSegments(paths, c.frame);
    this.info = info;
    this.geometry.setAttribute('position', new BufferAttribute(positions, 3));
    this.geometry.setAttribute('color', new BufferAttribute(colors, 3));
    this.object.visible = paths.length > 0;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}
