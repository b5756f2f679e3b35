/**
 * The page's side of the network landscape's worker: one experiment at a time, with progress; a new
 * request or `cancel()` terminates the running worker (a run cannot be interrupted inside).
 */
import type { ExperimentResult, ExperimentSpec } from '../core/nn/experiment.ts';

export type LandscapeMessage =
  | { readonly type: 'progress'; readonly fraction: number; readonly phase: 'train' | 'grid' }
  | { readonly type: 'done'; readonly result: ExperimentResult }
  | { readonly type: 'error'; readonly message: string };

export class LandscapeJob {
  private worker: Worker | null = null;
  private rejectRunning: ((e: Error) => void) | null = null;

  /** Runs `spec` in a fresh worker; `onProgress(fraction, phase)` while it works. */
  run(
    spec: ExperimentSpec,
    onProgress: (fraction: number, phase: 'train' | 'grid') => void,
  ): Promise<ExperimentResult> {
    this.cancel();
    const worker = new Worker(new URL('./landscape.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      this.rejectRunning = reject;
      worker.onmessage = (e: MessageEvent<LandscapeMessage>) => {
        const m = e.data;
        if (m.type === 'progress') {
          onProgress(m.fraction, m.phase);
          return;
        }
        this.finish(worker);
        if (m.type === 'done') resolve(m.result);
        else reject(new Error(m.message));
      };
      worker.onerror = (e) => {
        this.finish(worker);
        reject(new Error(e.message || 'the landscape worker failed'));
      };
      worker.postMessage(spec);
    });
  }

  /** Stops the running experiment; its promise rejects with "cancelled". */
  cancel(): void {
    const reject = this.rejectRunning;
    if (this.worker !== null) this.finish(this.worker);
    reject?.(new Error('cancelled'));
  }

  private finish(worker: Worker): void {
    worker.terminate();
    if (this.worker === worker) {
      this.worker = null;
      this.rejectRunning = null;
    }
  }
}
