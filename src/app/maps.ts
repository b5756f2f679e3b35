/**
 * The page's maps of many runs (issue 15): basins of attraction per pane, hyperparameter sweeps and the
 * fair tune. This module holds what the maps need on the main thread — which maps are wanted, their
 * results as they fill in, progress — and lazily loads the worker pool (`batch-pool.ts`) the first time a
 * map is computed, so the first screen never pays for it.
 *
 * Basins: every WebGL pane's basin layer says which map it wants (`want(slot, job)`); the hub computes
 * the wanted maps one after another on the pool (coarse 64² picture first, then refined in place) and
 * forgets a map no pane wants any more. A change of function, optimizer or parameter changes the job's
 * key, so the stale map is cancelled at once (its unsent tasks dropped, late answers ignored).
 */
import { spaced } from '../core/batch/axes.ts';
import type { Domain } from '../core/functions/types.ts';
import type { BatchPool, MapJob, MapResult } from './batch-pool.ts';

/** Cell-steps one basin map may cost: 256² starts × 500 steps is 3.3e7. */
export const MAX_BASIN_WORK = 6e7;
export const BASIN_SIDES = [64, 128, 256] as const;
/**
 * Repaints of a map refining in place: at most one per this many milliseconds. Each one redraws the
 * panes, which in a software renderer (SwiftShader) holds the main thread for a whole frame.
 */
export const REFINE_REPAINT_MS = 250;

export interface BasinSettings {
  readonly on: boolean;
  /** Starts per side of the grid. */
  readonly n: number;
}

/** A map as the layers and the panel see it. */
export interface MapEntry {
  readonly key: string;
  readonly job: MapJob;
  /** Null until the pool has started it. */
  map: MapResult | null;
  done: number;
  total: number;
  finished: boolean;
  error: string | null;
  /** Wall time from submit to the coarse picture and to the end (ms), for the bench and the panel. */
  coarseMs: number | null;
  totalMs: number | null;
}

/** The side of a basin map for `steps` updates: `n`, halved until n²·steps ≤ MAX_BASIN_WORK (≥ 16). */
export function basinSide(n: number, steps: number): number {
  let side = n;
  while (side > 16 && side * side * steps > MAX_BASIN_WORK) side = Math.floor(side / 2);
  return side;
}

/** A job's identity: every field that changes a cell. */
export const jobKey = (job: MapJob): string => JSON.stringify(job);

type Listener = () => void;

export class MapsHub {
  basins: BasinSettings = { on: false, n: 128 };
  private readonly wants = new Map<number, string>();
  private readonly entries = new Map<string, MapEntry>();
  private running: MapEntry | null = null;
  private pool: BatchPool | null = null;
  private loading: Promise<BatchPool> | null = null;
  private readonly listeners = new Set<Listener>();
  private notifyQueued = false;
  private started = 0;
  private later: ReturnType<typeof setTimeout> | null = null;
  /** How long the workers last stood idle for a repaint (ms): the next waits at least twice that. */
  private heldMs = 0;
  /** The held repaint under way (`repaint`), for the map being computed. */
  private repainting: object | null = null;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setBasins(patch: Partial<BasinSettings>): void {
    this.basins = { ...this.basins, ...patch };
    if (!this.basins.on) {
      for (const [slot, key] of [...this.wants])
        if (this.entries.get(key)?.job.kind === 'basins') this.want(slot, null);
    }
    this.notify();
  }

  /** Pane `slot` wants this basin map (null: none); returns its entry as far as it is computed. */
  want(slot: number, job: MapJob | null): MapEntry | null {
    const key = job ? jobKey(job) : null;
    const before = this.wants.get(slot) ?? null;
    if (key === null) this.wants.delete(slot);
    else this.wants.set(slot, key);
    if (job && key && !this.entries.has(key)) {
      this.entries.set(key, {
        key,
        job,
        map: null,
        done: 0,
        total: 0,
        finished: false,
        error: null,
        coarseMs: null,
        totalMs: null,
      });
    }
    if (before !== key) this.prune();
    return key ? this.entries.get(key)! : null;
  }

  /** The map a slot shows. */
  entryOf(slot: number): MapEntry | null {
    const key = this.wants.get(slot);
    return key ? (this.entries.get(key) ?? null) : null;
  }

  /**
   * With basins shown: the grid start nearest (x, y) of a shown basin map over `domain` (so that the
   * path drawn from a clicked cell is that cell's run), else null.
   */
  snap(domain: Domain, x: number, y: number): [number, number] | null {
    if (!this.basins.on) return null;
    for (const e of this.wanted) {
      const job = e.job;
      if (job.kind !== 'basins') continue;
      const g = job.grid;
      if (
        g.x[0] !== domain.x[0] ||
        g.x[1] !== domain.x[1] ||
        g.y[0] !== domain.y[0] ||
        g.y[1] !== domain.y[1]
      )
        continue;
      const nearest = (v: number, [lo, hi]: readonly [number, number]) => {
        const i = Math.round(((v - lo) / (hi - lo)) * (g.n - 1));
        return spaced(lo, hi, g.n, 'linear')[Math.min(g.n - 1, Math.max(0, i))]!;
      };
      return [nearest(x, g.x), nearest(y, g.y)];
    }
    return null;
  }

  /** What is being computed (for the panel's progress line). */
  get current(): MapEntry | null {
    return this.running;
  }

  /** Every wanted map, in slot order. */
  get wanted(): MapEntry[] {
    return [...this.wants.entries()]
      .sort((a, b) => a[0] - b[0])
      .flatMap(([, k]) => (this.entries.has(k) ? [this.entries.get(k)!] : []));
  }

  /** Stops the map being computed and every one waiting (the layers keep what is in). */
  cancel(): void {
    this.pool?.cancel();
    if (this.running && !this.running.finished) this.running.error = 'cancelled';
    for (const e of this.entries.values()) if (!e.finished && !e.error) e.error = 'cancelled';
    this.running = null;
    this.notify();
  }

  /**
   * @param createPool makes the worker pool on first use (by default: loads `batch-pool.ts` and its
   * workers); tests hand in their own.
   */
  constructor(
    private readonly createPool: () => Promise<BatchPool> = () =>
      import('./batch-pool.ts').then((m) => m.createBatchPool()),
  ) {}

  /** The pool, made on first use. */
  async loadPool(): Promise<BatchPool> {
    if (this.pool) return this.pool;
    this.loading ??= this.createPool().then((pool) => {
      this.pool = pool;
      return pool;
    });
    return this.loading;
  }

  /** Drops maps no slot wants, cancels a stale running map, starts the next wanted one. */
  private prune(): void {
    const wanted = new Set(this.wants.values());
    for (const key of [...this.entries.keys()]) if (!wanted.has(key)) this.entries.delete(key);
    if (this.running && !wanted.has(this.running.key)) {
      this.pool?.cancel();
      this.running = null;
      // The listeners learn that nothing computes (unless the next wanted map starts).
      this.notify();
    }
    this.queueNext();
  }

  private queueNext(): void {
    if (this.running) return;
    const next = this.wanted.find((e) => !e.finished && e.error === null);
    if (!next) return;
    this.running = next;
    void this.loadPool().then((pool) => {
      if (this.running !== next) return;
      this.repainting = null;
      this.started = performance.now();
      next.map = pool.submit(next.job, {
        onUpdate: (done, total, coarse) => {
          next.done = done;
          next.total = total;
          // The first picture is the whole coarse one (a part of it is only stripes): one repaint when it
          // is complete, then at most one every REFINE_REPAINT_MS while it refines.
          if (!coarse) return;
          if (next.coarseMs === null) {
            next.coarseMs = performance.now() - this.started;
            this.repaint();
          } else this.notifyLater();
        },
        onDone: () => {
          next.finished = true;
          next.totalMs = performance.now() - this.started;
          this.running = null;
          this.notify();
          this.queueNext();
        },
        onError: (message) => {
          next.error = message;
          this.running = null;
          this.notify();
          this.queueNext();
        },
      });
      next.total = next.map.n * next.map.m;
      this.notify();
    });
  }

  /**
   * While the fine pass fills in: a repaint at most every `REFINE_REPAINT_MS`, and at least twice as
   * long after the last one as the workers stood idle for it (each repaint holds the pool, see `repaint`).
   */
  private notifyLater(): void {
    if (this.later !== null) return;
    // The workers stand idle at most a third of the time, however slow the renderer's frames are.
    this.later = setTimeout(
      () => {
        this.later = null;
        this.repaint();
      },
      Math.max(REFINE_REPAINT_MS, 2 * this.heldMs),
    );
  }

  /**
   * A repaint while a map computes, with the pool held (`BatchPool.hold`): once the workers' tasks in
   * flight are in, the listeners run and the panes draw their frame; the pool goes on once that frame
   * is drawn. A software renderer (SwiftShader) then draws with the cores to itself, and the main
   * thread, which waits for it, waits the least.
   */
  private repaint(): void {
    const pool = this.pool;
    // A hidden page draws no frame: nothing to make room for.
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    if (!pool || !this.running || hidden) {
      this.notify();
      return;
    }
    if (this.repainting !== null) return;
    const token = {};
    this.repainting = token;
    pool.hold(() => {
      const idle = performance.now();
      this.notify();
      afterNextFrame(() => {
        // Not if the map was replaced meanwhile (a new submit released the pool and may hold it again).
        if (this.repainting !== token) return;
        this.repainting = null;
        this.heldMs = performance.now() - idle;
        pool.release();
      });
    });
  }

  /** Listeners run once per animation frame at most. */
  private notify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    const run = () => {
      this.notifyQueued = false;
      for (const l of this.listeners) l();
    };
    if (typeof requestAnimationFrame === 'undefined') queueMicrotask(run);
    else requestAnimationFrame(run);
  }
}

/** A held repaint releases the pool after this long at the latest (a hidden page draws no frames). */
export const HOLD_LIMIT_MS = 1000;

/**
 * Runs `f` once the frame after the next animation frame has been drawn — the listeners run in the next
 * one and ask the panes for a frame, which the frame loop draws in the one after (a task posted from an
 * animation-frame callback runs after that frame's rendering) — or after `HOLD_LIMIT_MS`, whichever
 * comes first. Without animation frames (Node): soon.
 */
function afterNextFrame(f: () => void): void {
  if (typeof requestAnimationFrame === 'undefined') {
    setTimeout(f, 0);
    return;
  }
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    clearTimeout(limit);
    f();
  };
  const limit = setTimeout(once, HOLD_LIMIT_MS);
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(once, 0)));
}

/** The page's one hub. */
export const maps = new MapsHub();
