/**
 * The lil-gui panel. It reads the state to show values and writes only through actions on the
 * store; it never touches the scene. Every control binds to a getter that reads the current state
 * and a setter that applies an action, so the panel cannot drift from the state. Changes that cost
 * a recomputation of the surface (expression, domain, resolution, max steps) apply when the field
 * is left or the slider released, not on every keystroke. One module per folder (`panel/*.ts`),
 * each `(gui, ctx) => refresh`.
 */
import GUI from 'lil-gui';
import type { Derived } from '../app/derived.ts';
import { type AppState, changedSlices } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import { functionFolder } from './panel/function.ts';
import { lazyFolder, type PanelCommands, PanelContext, type Refresh } from './panel/kit.ts';
import { layoutFolder } from './panel/layout.ts';
import { optimizersFolder } from './panel/optimizers.ts';
import { scenesFolder } from './panel/scenes.ts';
import { startFolder } from './panel/start.ts';
import { viewFolder } from './panel/view.ts';

export type { PanelCommands };

/** The folders, top to bottom. */
const FOLDERS = [
  scenesFolder,
  functionFolder,
  viewFolder,
  layoutFolder,
  optimizersFolder,
  startFolder,
  // Many runs are a second step: folded, its controls loaded on the first opening.
  lazyFolder('Maps (many runs)', 'maps-folder', () => import('./panel/maps.ts').then((m) => m.mapsFolder)),
];

export class Panel {
  readonly gui: GUI;
  private readonly ctx: PanelContext;
  private readonly refreshes: Refresh[];
  /** The state the panel last showed. */
  private shown: AppState | null = null;

  constructor(container: HTMLElement, store: Store<AppState>, commands: PanelCommands) {
    this.gui = new GUI({
      container,
      title: 'Descent',
      width: Math.min(300, Math.floor(window.innerWidth * 0.92)),
    });
    this.gui.domElement.id = 'panel';
    // On a phone the panel starts folded so the scene is visible; a tap on its title opens it.
    if (window.matchMedia('(max-width: 700px)').matches) this.gui.close();
    this.ctx = new PanelContext(store, commands);
    this.refreshes = FOLDERS.map((folder) => folder(this.gui, this.ctx));
  }

  /** Shows the state: every folder's refresh, then every control's value. */
  update(s: AppState, derived: Derived): void {
    const previous = this.shown;
    this.shown = s;
    // Playback lives in the transport bar: a step changes nothing in the panel.
    if (previous && onlyPlaybackChanged(previous, s)) return;
    for (const refresh of this.refreshes) refresh(s, derived);
    this.ctx.refresh(derived);
    for (const c of this.gui.controllersRecursive()) c.updateDisplay();
  }

  dispose(): void {
    this.gui.destroy();
  }
}

/** True when two states differ in playback (step, playing, speed) only: every other slice is the same object. */
function onlyPlaybackChanged(a: AppState, b: AppState): boolean {
  const changed = changedSlices(a, b);
  return (
    (changed.size === 0 || (changed.size === 1 && changed.has('playback'))) &&
    a.playback.speed === b.playback.speed
  );
}
