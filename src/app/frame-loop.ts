/**
 * One animation-frame loop for the whole page. Whoever needs a frame (the playback clock, each
 * pane's view) asks here; a single `requestAnimationFrame` runs every request, in the order asked.
 * A request made while the frame runs joins the same frame if its callback has not run yet — so a
 * playback step and the redraw it causes share one frame — and otherwise waits for the next one.
 */
type Callback = (time: number) => void;

export interface FrameLoop {
  request(callback: Callback): number;
  cancel(handle: number): void;
}

/** A loop over `raf` (the browser's requestAnimationFrame, or a fake in tests). */
export function createFrameLoop(raf: (cb: (time: number) => void) => unknown): FrameLoop {
  let queue = new Map<number, Callback>();
  let next = 1;
  let scheduled = false;
  /** Callbacks already run in the frame being flushed. */
  let ran: Set<Callback> | null = null;
  let deferred = new Map<number, Callback>();

  const flush = (time: number) => {
    scheduled = false;
    ran = new Set();
    while (queue.size > 0) {
      const [handle, cb] = queue.entries().next().value as [number, Callback];
      queue.delete(handle);
      ran.add(cb);
      cb(time);
    }
    ran = null;
    if (deferred.size > 0) {
      queue = deferred;
      deferred = new Map();
      schedule();
    }
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      raf(flush);
    }
  };
  return {
    request(cb) {
      const handle = next++;
      if (ran?.has(cb)) deferred.set(handle, cb);
      else {
        queue.set(handle, cb);
        if (!ran) schedule();
      }
      return handle;
    },
    cancel(handle) {
      queue.delete(handle);
      deferred.delete(handle);
    },
  };
}

/** The page's loop (created on first use, so that Node can import this module). */
let page: FrameLoop | null = null;
export function frameLoop(): FrameLoop {
  page ??= createFrameLoop((cb) => requestAnimationFrame(cb));
  return page;
}
