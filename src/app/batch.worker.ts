/// <reference lib="webworker" />
/** A batch worker: computes the cells of map tasks off the page's main thread (see batch-pool.ts). */
import { cellBuffers, computeTask, type MapTask, type PoolMessage } from './batch-pool.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<MapTask>) => {
  const task = e.data;
  try {
    const cells = computeTask(task);
    const m: PoolMessage = {
      type: 'cells',
      jobId: task.jobId,
      taskId: task.taskId,
      indices: task.indices,
      cells,
    };
    scope.postMessage(m, cellBuffers(cells, task.indices));
  } catch (error) {
    const m: PoolMessage = {
      type: 'error',
      jobId: task.jobId,
      taskId: task.taskId,
      message: (error as Error).message,
    };
    scope.postMessage(m);
  }
};
