/// <reference lib="webworker" />
/** The network landscape's worker: trains the runs and samples the plane off the main thread. */
import { type ExperimentSpec, runExperiment } from '../core/nn/experiment.ts';
import type { LandscapeMessage } from './landscape-job.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: LandscapeMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = (e: MessageEvent<ExperimentSpec>) => {
  try {
    const result = runExperiment(e.data, (fraction, phase) => post({ type: 'progress', fraction, phase }));
    if (!result.ok) {
      post({ type: 'error', message: result.error });
      return;
    }
    const r = result.value;
    const buffers = [
      r.loss,
      r.theta0,
      r.d1,
      r.d2,
      ...r.paths.flatMap((p) => [p.params, p.coords, p.distance]),
    ];
    post({ type: 'done', result: r }, [...new Set(buffers.map((b) => b.buffer))] as Transferable[]);
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
  }
};
