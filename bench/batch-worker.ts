/**
 * The page's batch worker body under Node's worker_threads, for `bench/batch.ts`: the same
 * `answerTask` as `src/app/batch.worker.ts`, behind `parentPort` instead of `self`.
 */
import { parentPort } from 'node:worker_threads';
import { answerTask, type MapTask } from '../src/app/batch-pool.ts';

const port = parentPort!;
port.on('message', (task: MapTask) => {
  const { message, transfer } = answerTask(task);
  port.postMessage(message, transfer);
});
