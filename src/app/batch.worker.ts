/// <reference lib="webworker" />
/** A batch worker: computes the cells of map tasks off the page's main thread (see batch-pool.ts). */
import { answerTask, type MapTask } from './batch-pool.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<MapTask>) => {
  const { message, transfer } = answerTask(e.data);
  scope.postMessage(message, transfer);
};
