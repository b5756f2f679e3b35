/// <reference lib="webworker" />
/** The compute worker: runs `computeBatch` off the page's main thread (see compute.ts). */
import { type BatchRequest, computeBatch, type WorkerMessage } from './compute.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = (e: MessageEvent<BatchRequest>) => {
  const batch = e.data;
  try {
    const results = computeBatch(batch, (done, total) =>
      post({ id: batch.id, type: 'progress', done, total }),
    );
    post(
      { id: batch.id, type: 'done', results },
      results.flatMap((r) => [r.xyf.buffer, r.gradNorm.buffer]),
    );
  } catch (error) {
    post({ id: batch.id, type: 'error', message: (error as Error).message });
  }
};
