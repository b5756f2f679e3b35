/**
 * The page's batch worker body under Node's worker_threads, for `bench/batch.ts`: the same
 * `computeTask` as `src/app/batch.worker.ts`, behind `parentPort` instead of `self`.
 */
import { parentPort } from 'node:worker_threads';
import { cellBuffers, computeTask, type MapTask, type PoolMessage } from '../src/app/batch-pool.ts';

const port = parentPort!;
port.on('message', (task: MapTask) => {
  try {
    const cells = computeTask(task);
    const m: PoolMessage = {
      type: 'cells',
      jobId: task.jobId,
      taskId: task.taskId,
      indices: task.indices,
      cells,
    };
    port.postMessage(m, cellBuffers(cells, task.indices));
  } catch (error) {
    const m: PoolMessage = {
      type: 'error',
      jobId: task.jobId,
      taskId: task.taskId,
      message: (error as Error).message,
    };
    port.postMessage(m);
  }
});
