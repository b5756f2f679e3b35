/// <reference lib="webworker" />
/** The compute worker: runs jobs (long runs, big surfaces) off the page's main thread (see compute-work.ts). */
import type { Job, WorkerMessage } from './compute-messages.ts';
import { computeJob } from './compute-work.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = (e: MessageEvent<Job>) => {
  const job = e.data;
  try {
    const { result, transfer } = computeJob(job, (done, total) =>
      post({ id: job.id, type: 'progress', done, total }),
    );
    post({ id: job.id, type: 'done', result }, transfer);
  } catch (error) {
    post({ id: job.id, type: 'error', message: (error as Error).message });
  }
};
