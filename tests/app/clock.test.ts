import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { type FrameScheduler, PlaybackClock, stepsDue } from '../../src/app/clock.ts';
import { defaultState } from '../../src/app/defaults.ts';
import type { AppState } from '../../src/app/state.ts';
import { Store } from '../../src/app/store.ts';

/** A scheduler driven by hand: `tick(ms)` sets the time, fires the timers due by then, then the frame. */
function fakeScheduler() {
  let pending: ((t: number) => void) | null = null;
  let timers: { due: number; cb: () => void }[] = [];
  let now = 0;
  const scheduler: FrameScheduler = {
    request: (cb) => {
      pending = cb;
      return 1;
    },
    cancel: () => {
      pending = null;
    },
    after: (ms, cb) => {
      timers.push({ due: now + ms, cb });
      return timers.length;
    },
    cancelAfter: () => {
      timers = [];
    },
    now: () => now,
  };
  return {
    scheduler,
    /** A frame or a timer is waiting. */
    get pending() {
      return pending !== null || timers.length > 0;
    },
    tick(time: number) {
      now = time;
      const due = timers.filter((t) => t.due <= time);
      timers = timers.filter((t) => t.due > time);
      for (const t of due) t.cb();
      const cb = pending;
      pending = null;
      cb?.(time);
    },
  };
}

describe('stepsDue', () => {
  it('turns elapsed seconds into whole steps and carries the fraction', () => {
    expect(stepsDue(0, 0.5, 4)).toEqual({ steps: 2, carry: 0 });
    const a = stepsDue(0, 0.1, 4); // 0.4 step
    expect(a.steps).toBe(0);
    expect(a.carry).toBeCloseTo(0.4, 12);
    const b = stepsDue(a.carry, 0.2, 4); // 0.4 + 0.8
    expect(b.steps).toBe(1);
    expect(b.carry).toBeCloseTo(0.2, 12);
  });
});

describe('PlaybackClock', () => {
  it('asks for frames only while playing, steps at the set speed and stops at the end', () => {
    const start: AppState = {
      ...defaultState(),
      steps: 5,
      playback: { ...defaultState().playback, step: 0, playing: false, speed: 10 },
    };
    const store = new Store(start);
    const f = fakeScheduler();
    new PlaybackClock(store, f.scheduler);
    expect(f.pending).toBe(false); // idle: no frames
    store.set(A.play);
    expect(f.pending).toBe(true);
    f.tick(1000); // first frame: the first step shows at once
    expect(store.state.playback.step).toBe(1);
    f.tick(1050); // 0.05 s at 10 steps/s = 0.5 step: the clock sleeps on a timer until 1100
    expect(store.state.playback.step).toBe(1);
    f.tick(1100); // the timer fires: one more step
    expect(store.state.playback.step).toBe(2);
    f.tick(1500); // 4 more steps, but only 3 remain
    expect(store.state.playback).toMatchObject({ step: 5, playing: false });
    expect(f.pending).toBe(false);
  });

  it('pausing cancels the pending frame', () => {
    const store = new Store({
      ...defaultState(),
      playback: { ...defaultState().playback, step: 0, playing: false, speed: 4 },
    });
    const f = fakeScheduler();
    new PlaybackClock(store, f.scheduler);
    store.set(A.play);
    store.set(A.pause);
    expect(f.pending).toBe(false);
  });
});
