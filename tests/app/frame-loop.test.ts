import { describe, expect, it } from 'vitest';
import { createFrameLoop } from '../../src/app/frame-loop.ts';

function fakeRaf() {
  const frames: ((t: number) => void)[] = [];
  return {
    raf: (cb: (t: number) => void) => frames.push(cb),
    get waiting() {
      return frames.length;
    },
    run(time: number) {
      const cbs = frames.splice(0);
      for (const cb of cbs) cb(time);
    },
  };
}

describe('frame loop', () => {
  it('runs every request in one animation frame, in order', () => {
    const r = fakeRaf();
    const loop = createFrameLoop(r.raf);
    const log: string[] = [];
    loop.request(() => log.push('a'));
    loop.request(() => log.push('b'));
    expect(r.waiting).toBe(1);
    r.run(16);
    expect(log).toEqual(['a', 'b']);
    expect(r.waiting).toBe(0);
  });

  it('a request made during the frame joins it (a step and its redraw share a frame)', () => {
    const r = fakeRaf();
    const loop = createFrameLoop(r.raf);
    const log: string[] = [];
    const render = () => log.push('render');
    loop.request(() => {
      log.push('step');
      loop.request(render);
    });
    r.run(16);
    expect(log).toEqual(['step', 'render']);
    expect(r.waiting).toBe(0);
  });

  it('a callback that asks again from inside its own run waits for the next frame', () => {
    const r = fakeRaf();
    const loop = createFrameLoop(r.raf);
    let runs = 0;
    const damping = () => {
      runs++;
      if (runs < 3) loop.request(damping);
    };
    loop.request(damping);
    r.run(16);
    expect(runs).toBe(1);
    r.run(32);
    r.run(48);
    expect(runs).toBe(3);
    expect(r.waiting).toBe(0);
  });

  it('cancel drops a request', () => {
    const r = fakeRaf();
    const loop = createFrameLoop(r.raf);
    let ran = false;
    const h = loop.request(() => {
      ran = true;
    });
    loop.cancel(h);
    r.run(16);
    expect(ran).toBe(false);
  });
});
