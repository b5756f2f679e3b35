/**
 * The work the compute worker does, as pure functions (tested in Node): compile, run or sample and
 * mesh, report progress. `compute.worker.ts` runs them; `compute.ts` is the page's client.
 */
import { type CompiledFunction, compile } from '../core/expr/index.ts';
import { type SurfaceData, surfaceBuffers, surfaceData } from '../core/mesh.ts';
import type { BatchRequest, Job, RunResult, SurfaceRequest } from './compute-messages.ts';
import { runCount } from './lab.ts';
import { finishRun, plainTrajectory, runOf, spreadRuns } from './run-spec.ts';

/** Steps computed between two progress reports. */
export const CHUNK = 20_000;

/** Runs every request of the batch, reporting progress in steps done out of the total. */
export function computeBatch(
  batch: BatchRequest,
  progress: (done: number, total: number) => void,
): RunResult[] {
  const compiled = new Map<string, CompiledFunction>();
  const fnOf = (expression: string) => {
    let fn = compiled.get(expression);
    if (!fn) {
      const result = compile(expression);
      if (!result.ok) throw new Error(result.error.message);
      fn = result.value;
      compiled.set(expression, fn);
    }
    return fn;
  };
  const total = batch.runs.reduce((n, r) => n + r.steps * runCount(r), 0);
  let done = 0;
  return batch.runs.map((r) => {
    const run = runOf(r, fnOf(r.expression));
    for (let k = 0; k < r.steps && run.status !== 'diverged'; k = Math.min(r.steps, k + CHUNK)) {
      run.advanceTo(Math.min(r.steps, k + CHUNK));
      progress(done + Math.min(r.steps, k + CHUNK), total);
    }
    finishRun(run);
    done += r.steps;
    // A noisy row's other seeds (K − 1 runs), lab.ts.
    const spread = spreadRuns(r, fnOf(r.expression));
    done += spread.length * r.steps;
    if (spread.length > 0) progress(done, total);
    const result: RunResult = { key: r.key, ...plainTrajectory(run) };
    return spread.length > 0 ? { ...result, spread } : result;
  });
}

/** Samples and meshes a surface (one sweep: no progress to report). */
export function computeSurface(job: SurfaceRequest): SurfaceData {
  const compiled = compile(job.expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return surfaceData(compiled.value.value, job.domain, job.resolution);
}

/** Runs a job of either kind (runs report progress); returns its result and the buffers to transfer back. */
export function computeJob(
  job: Job,
  progress: (done: number, total: number) => void,
): { result: readonly RunResult[] | SurfaceData; transfer: ArrayBuffer[] } {
  if (job.kind === 'surface') {
    const result = computeSurface(job);
    return { result, transfer: surfaceBuffers(result) };
  }
  const result = computeBatch(job, progress);
  return {
    result,
    transfer: result.flatMap((r) =>
      [r, ...(r.spread ?? [])].flatMap((t) => [
        t.xyf.buffer as ArrayBuffer,
        t.gradNorm.buffer as ArrayBuffer,
        ...(t.lr ? [t.lr.buffer as ArrayBuffer] : []),
        ...(t.yx ? [t.yx.buffer as ArrayBuffer] : []),
      ]),
    ),
  };
}
