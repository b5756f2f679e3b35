/** The "Start & steps" folder (playback itself is the transport bar under the panes). */
import type GUI from 'lil-gui';
import * as A from '../../app/actions.ts';
import { type AppState, LIMITS } from '../../app/state.ts';
import { tooltip } from '../controls.ts';
import type { PanelContext, Refresh } from './kit.ts';

export function startFolder(gui: GUI, ctx: PanelContext): Refresh {
  const s = () => ctx.store.state;
  const set = (f: (st: AppState) => AppState) => ctx.store.set(f);
  // ---- start and playback -----------------------------------------------------------------------
  // Playback itself is the transport bar under the panes (transport.ts).
  const run = gui.addFolder('Start & steps');
  const startHelp = 'Where every optimizer starts. You can also click the surface, or drag the black ring.';
  tooltip(
    ctx.deferred(
      run,
      'start x',
      () => s().start[0],
      (x: number) => set((st) => A.setStart(st, x, st.start[1])),
    ),
    startHelp,
  );
  tooltip(
    ctx.deferred(
      run,
      'start y',
      () => s().start[1],
      (y: number) => set((st) => A.setStart(st, st.start[0], y)),
    ),
    startHelp,
  );
  const stepsRange = `${LIMITS.steps.min} to ${LIMITS.steps.max.toLocaleString('en')}`;
  ctx.checked(
    tooltip(
      ctx.deferred(
        run,
        'max steps',
        () => s().steps,
        (n: number) => set((st) => A.setSteps(st, n)),
      ),
      `Updates each optimizer runs, ${stepsRange} (long runs compute in the background).`,
    ),
    (n: number) =>
      Number.isInteger(n) && n >= LIMITS.steps.min && n <= LIMITS.steps.max
        ? null
        : `max steps must be a whole number from ${stepsRange}`,
  );
  return () => undefined;
}
