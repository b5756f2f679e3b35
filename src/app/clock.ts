/**
 * The playback clock: while the state says `playing`, it turns elapsed time into whole steps at
 * `speed` steps per second and applies them with `advance`. It asks for animation frames only while
 * playing, so an idle page draws nothing.
 */
import { advance } from './actions.ts';
import { frameLoop } from './frame-loop.ts';
import type { AppState } from './state.ts';
import type { Store } from './store.ts';

export interface FrameScheduler {
  request(callback: (time: number) => void): number;
  cancel(handle: number): void;
  /** Calls `callback` after `ms` milliseconds (a timer, for waits longer than a few frames). */
  after(ms: number, callback: () => void): number;
  cancelAfter(handle: number): void;
  /** The current time on the frames' clock (ms). */
  now(): number;
}

export const browserScheduler: FrameScheduler = {
  request: (cb) => frameLoop().request(cb),
  cancel: (h) => frameLoop().cancel(h),
  after: (ms, cb) => window.setTimeout(cb, ms),
  cancelAfter: (h) => window.clearTimeout(h),
  now: () => performance.now(),
};

/** Waits longer than this (ms) before the next step sleep on a timer instead of ticking every frame. */
const SLEEP_MS = 50;

/** Whole steps due after `elapsed` seconds at `speed` steps/s, plus the fraction carried over. */
export function stepsDue(carry: number, elapsed: number, speed: number): { steps: number; carry: number } {
  const total = carry + Math.max(0, elapsed) * speed;
  const steps = Math.floor(total);
  return { steps, carry: total - steps };
}

export class PlaybackClock {
  private running = false;
  private handle: number | null = null;
  private timer: number | null = null;
  private last: number | null = null;
  private carry = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store<AppState>,
    private readonly scheduler: FrameScheduler = browserScheduler,
  ) {
    this.unsubscribe = store.subscribe((s) => this.sync(s));
    this.sync(store.state);
  }

  private sync(s: AppState): void {
    if (s.playback.playing && !this.running) {
      this.running = true;
      this.last = null;
      // The first step shows at once; later ones follow the speed.
      this.carry = 1;
      this.handle = this.scheduler.request(this.frame);
    } else if (!s.playback.playing && this.running) {
      this.stop();
    }
  }

  private stop(): void {
    this.running = false;
    if (this.handle !== null) this.scheduler.cancel(this.handle);
    if (this.timer !== null) this.scheduler.cancelAfter(this.timer);
    this.handle = null;
    this.timer = null;
  }

  private readonly frame = (time: number): void => {
    this.handle = null;
    const elapsed = this.last === null ? 0 : (time - this.last) / 1000;
    this.last = time;
    const due = stepsDue(this.carry, elapsed, this.store.state.playback.speed);
    this.carry = due.carry;
    if (due.steps > 0) this.store.set((s) => advance(s, due.steps));
    if (!this.running) return;
    // Slow playback sleeps until the next step is due and ticks from the timer, instead of waking
    // every frame; the step's redraw then takes the next animation frame.
    const wait = ((1 - this.carry) / this.store.state.playback.speed) * 1000;
    if (wait > SLEEP_MS) {
      this.timer = this.scheduler.after(wait, () => {
        this.timer = null;
        if (this.running) this.frame(this.scheduler.now());
      });
    } else {
      this.handle = this.scheduler.request(this.frame);
    }
  };

  dispose(): void {
    this.unsubscribe();
    this.stop();
  }
}
