/**
 * The messages between the page and its compute worker: the jobs (long runs, big surfaces), their
 * results and the worker's replies. Plain data only (structured-cloned or transferred).
 */
import type { Domain } from '../core/functions/types.ts';
import type { SurfaceData } from '../core/mesh.ts';
import type { Trajectory } from '../core/runner.ts';
import type { PlainRunSpec } from './run-spec.ts';

/** One run: its spec (the same plain data the page caches runs by) and the entry it is for. */
export interface RunRequest extends PlainRunSpec {
  readonly key: number;
}

export interface BatchRequest {
  readonly id: number;
  readonly kind: 'runs';
  readonly runs: readonly RunRequest[];
}

/** f sampled at (resolution + 1)² points over `domain`, with its meshes. */
export interface SurfaceRequest {
  readonly id: number;
  readonly kind: 'surface';
  readonly expression: string;
  readonly domain: Domain;
  readonly resolution: number;
}

export type Job = BatchRequest | SurfaceRequest;

/** What a job gives back. */
export type ResultOf<J extends Job> = J extends BatchRequest ? readonly RunResult[] : SurfaceData;

/** A finished trajectory as plain data (its arrays are transferred, not copied). */
export interface RunResult extends Trajectory {
  readonly key: number;
  /** The other seeds of a noisy row's spread (seed + 1 … seed + K − 1); absent when K = 1. */
  readonly spread?: readonly Trajectory[];
}

export type WorkerMessage =
  | { readonly id: number; readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly type: 'done'; readonly result: readonly RunResult[] | SurfaceData }
  | { readonly id: number; readonly type: 'error'; readonly message: string };
