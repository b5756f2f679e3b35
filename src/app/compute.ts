/**
 * The page's client of its compute workers: `Background` is what `Derived` needs (submit a job, get
 * progress and the result), `BackgroundCompute` implements it over a module Web Worker running
 * `compute.worker.ts`. A newer job supersedes an older one: the worker is restarted so stale work
 * stops at once. The messages are in `compute-messages.ts`, the work itself in `compute-work.ts`.
 */
import type { Job, ResultOf, WorkerMessage } from './compute-messages.ts';

/** What `Derived` needs from a background computer (the page's worker; absent in Node). */
export interface Background {
  /**
   * Starts `job`, replacing any unfinished one; `onProgress`, `onDone` and `onError` (with a message
   * for people) fire for this job only.
   */
  submit<J extends Job>(
    job: Omit<J, 'id'>,
    onProgress: (done: number, total: number) => void,
    onDone: (result: ResultOf<J>) => void,
    onError: (message: string) => void,
  ): void;
  dispose(): void;
}

/** A `Background` backed by a module Web Worker made by `create` (restarted to cancel). */
export class BackgroundCompute implements Background {
  private worker: Worker | null = null;
  private busy = false;
  private next = 1;

  constructor(private readonly create: () => Worker) {}

  submit<J extends Job>(
    job: Omit<J, 'id'>,
    onProgress: (done: number, total: number) => void,
    onDone: (result: ResultOf<J>) => void,
    onError: (message: string) => void,
  ): void {
    if (this.busy) this.stop();
    this.worker ??= this.create();
    const id = this.next++;
    this.busy = true;
    this.worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') onProgress(m.done, m.total);
      else {
        this.busy = false;
        if (m.type === 'done') onDone(m.result as ResultOf<J>);
        else onError(m.message);
      }
    };
    // The worker itself failed (it could not load, or ran out of memory): start afresh next time.
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.stop();
      onError(e.message || 'the background worker stopped');
    };
    this.worker.postMessage({ ...job, id });
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
  }

  dispose(): void {
    this.stop();
  }
}
