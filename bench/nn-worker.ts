/** Worker side of the network section: runs `trainAndSlice` on request and reports its own time. */
import { parentPort } from 'node:worker_threads';
import { trainAndSlice } from './nn-task.ts';

parentPort?.on('message', (job: { steps: number; n: number }) => {
  const t0 = performance.now();
  const value = trainAndSlice(job.steps, job.n);
  parentPort?.postMessage({ ms: performance.now() - t0, value });
});
