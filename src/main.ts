/** Composition root: builds the store, the derived data, the panes and the panel, and wires them. */
import './ui/styles.css';
import * as A from './app/actions.ts';
import { wantsLogScale } from './app/auto-scale.ts';
import { PlaybackClock } from './app/clock.ts';
import { BackgroundCompute } from './app/compute.ts';
import { defaultState } from './app/defaults.ts';
import { Derived } from './app/derived.ts';
import { History } from './app/history.ts';
import { inspector } from './app/inspector-model.ts';
import { maps } from './app/maps.ts';
import { arrivalOf, openingState } from './app/opening.ts';
import { browserLocation, HashSync, initialState } from './app/permalink.ts';
import { roundPick } from './app/pick-precision.ts';
import { getScene, OPENING_CAPTION, sceneState } from './app/scenes.ts';
import { type AppState, DRAWABLE } from './app/state.ts';
import { Store } from './app/store.ts';
import { loadInspectorLayers } from './scene/layers/inspector-layers.ts';
import { SpreadLayer } from './scene/layers/spread.ts';
import { ScenePane } from './scene/pane.ts';
import { Panes } from './scene/panes.ts';
import { webglAvailable } from './scene/view.ts';
import { Caption } from './ui/caption.ts';
import { ColorBar } from './ui/colorbar.ts';
import { CompareDrawer } from './ui/compare.ts';
import { Exporter } from './ui/exporter.ts';
import { Header } from './ui/header.ts';
import { bindCurvatureProbe } from './ui/inspector-probe.ts';
import { InspectorToggle } from './ui/inspector-toggle.ts';
import { bindKeys } from './ui/keyboard.ts';
import { addLandscapeEntry } from './ui/landscape-entry.ts';
import { Legend } from './ui/legend.ts';
import { showMessage } from './ui/message.ts';
import { Panel } from './ui/panel.ts';
import { Progress } from './ui/progress.ts';
import { Readout } from './ui/readout.ts';
import { Toast } from './ui/toast.ts';
import { Transport } from './ui/transport.ts';

function start(root: HTMLElement): void {
  const viewport = document.createElement('div');
  viewport.id = 'viewport';
  viewport.className = 'viewport';
  root.append(viewport);
  const header = new Header(root);
  const landscape = addLandscapeEntry(root, root.querySelector<HTMLElement>('.header')!);
  if (!webglAvailable()) {
    showMessage(
      root,
      'no-webgl',
      'This browser cannot show the 3-D explorer',
      'Descent draws with WebGL 2, which is turned off or unsupported here. Try a current Chrome, Firefox, Edge or Safari with hardware acceleration enabled. The command line (npm run descent) works without it.',
    );
    return;
  }

  // A network link (#nn=…) is the network view's: the explorer opens paused on its last session.
  const address = landscape.explorerLocation(browserLocation());
  const arrival = landscape.openedOnLink ? 'link' : arrivalOf(address.readHash(), address.storage);
  const opened = initialState(address);
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const store = new Store<AppState>(openingState(opened.state, arrival, reducedMotion));
  // Long runs compute in a worker; when they arrive (or report progress) the page redraws.
  // Two workers, so a new surface never cancels runs still computing (and the other way round).
  const worker = () => new Worker(new URL('./app/compute.worker.ts', import.meta.url), { type: 'module' });
  const backgrounds = { runs: new BackgroundCompute(worker), surface: new BackgroundCompute(worker) };
  const derived = new Derived(
    backgrounds,
    () => render(store.state),
    (message) => toast.show(message, [], 0),
  );
  let lostMessage: HTMLElement | null = null;
  const panes = new Panes(viewport, {
    onPickStart: (x, y) =>
      store.set((s) => A.setStart(s, ...(maps.snap(s.fn.domain, x, y) ?? roundPick(s.fn.domain, x, y)))),
    onCameraEnd: (index, camera) => store.set((s) => A.recordCamera(s, index, camera)),
    onApply: (change) => store.set(change),
    onContextLost: (lost) => {
      lostMessage?.remove();
      lostMessage = lost
        ? showMessage(root, 'context-lost', 'The graphics context was lost', 'Restoring it…')
        : null;
    },
    onContextGone: () => {
      lostMessage?.remove();
      lostMessage = showMessage(
        root,
        'context-lost',
        'The graphics context did not come back',
        'The browser took the 3-D drawing away and has not returned it. Reloading the page redraws it; your scene is kept in the link.',
      );
      const reload = document.createElement('button');
      reload.type = 'button';
      reload.textContent = 'Reload';
      reload.addEventListener('click', () => window.location.reload());
      lostMessage.append(reload);
      reload.focus();
    },
  });
  const legend = new Legend(panes.hosts, store);
  const caption = new Caption(viewport);
  const toast = new Toast(root);
  const permalink = new HashSync(
    store,
    address,
    (lines) => toast.show('Parts of this link could not be used and were ignored:', lines, 0),
    (message) => toast.show(message, [], 0),
  );
  const exporter = new Exporter(
    store,
    derived,
    viewport,
    (scale) => panes.snapshots(scale),
    () => [colorbar, legend],
    () => permalink.hash,
    (text) => (text ? toast.show(text) : toast.hide()),
  );
  const panel = new Panel(root, store, {
    openScene: (id) => {
      store.set(() => sceneState(id));
      const scene = getScene(id);
      if (scene) caption.show(scene.name, scene.caption);
    },
    notify: (text) => toast.show(text),
    startOver: () => {
      store.set(() => defaultState());
      caption.show(OPENING_CAPTION.title, OPENING_CAPTION.text);
    },
    resetView: () => {
      store.set(A.resetCameras);
      panes.home();
    },
    topView: () => panes.topView(),
    copyLink: () => void exporter.copyLink(),
    png: (scale) => exporter.png(scale),
    video: () => void exporter.video(),
    csv: () => exporter.csv(),
    json: () => exporter.json(),
    cases: () => exporter.cases(),
    torch: () => void exporter.torch(),
  });
  const transport = new Transport(viewport, store, (open) => readout.setOpen(open));
  const readout = new Readout(viewport);
  const inspectorCard = new InspectorToggle(viewport, store, () => render(store.state));
  transport.element.append(inspectorCard.toggle);
  bindCurvatureProbe(
    panes.element,
    inspector,
    (e) => {
      const pane = panes.panes.find((p) => p instanceof ScenePane && p.container.contains(e.target as Node));
      return pane instanceof ScenePane ? pane.pickDomain(e.clientX, e.clientY) : null;
    },
    () => render(store.state),
  );
  const colorbar = new ColorBar(viewport);
  const compare = new CompareDrawer(root, root);
  const progress = new Progress(viewport);

  // A function typed by hand whose values span more than three decades gets the log colour scale
  // once its surface is known (a link's own scale is left alone: only a typed change arms this).
  let autoScale: string | null = null;
  store.subscribe((s, previous) => {
    if (s.fn.expression !== previous.fn.expression && s.fn.preset === null) autoScale = s.fn.expression;
  });
  let fallingBack = false;
  // The step inspector follows the state at most once a frame (playback may step several times
  // between two frames), just before the frame is drawn; closed, it is never queued.
  let inspectionQueued = false;
  const queueInspection = () => {
    if (inspectionQueued) return;
    inspectionQueued = true;
    requestAnimationFrame(() => {
      inspectionQueued = false;
      const version = inspector.version;
      inspector.update(store.state, derived);
      if (inspector.version !== version)
        panes.update(store.state, derived, { fn: false, grid: false, runs: false });
      inspectorCard.update(store.state);
    });
  };
  // The derivations load when the inspector first opens: inspect again once they are here.
  inspector.loaders.push(loadInspectorLayers);
  inspector.onLoad = queueInspection;
  function render(s: AppState): void {
    const changes = derived.update(s);
    if (s.view.colorScale === 'log' && derived.rangeOverflows && !fallingBack) {
      // f beyond what float32 can draw is drawn clipped: a log scale of the clip says nothing.
      fallingBack = true;
      queueMicrotask(() => {
        fallingBack = false;
        store.set((st) => A.setView(st, { colorScale: 'linear' }));
        toast.show(
          `f reaches beyond ±${DRAWABLE.f}, more than the graphics card can draw:`,
          [`the surface is drawn clipped at ±${DRAWABLE.f}`, 'the log colour scale fell back to linear'],
          0,
        );
      });
    } else if (
      autoScale !== null &&
      autoScale === s.fn.expression &&
      derived.source === autoScale &&
      derived.grid &&
      changes.grid
    ) {
      autoScale = null;
      if (s.view.colorScale === 'linear' && wantsLogScale(derived.grid.heights))
        queueMicrotask(() => store.set((st) => A.setView(st, { colorScale: 'log' })));
    }
    if (s.playback.inspected !== null || inspector.open || inspector.current) queueInspection();
    panes.update(s, derived, changes);
    legend.update(s, derived);
    transport.update(s);
    panel.update(s, derived);
    readout.update(s, derived);
    compare.update(s, derived);
    header.update(s, derived.source);
    progress.update(derived);
    if (derived.grid) colorbar.update(s, ...derived.zRange(s.view));
  }
  store.subscribe(render);
  render(store.state);
  // A basin map filling in (workers) redraws the panes; nothing in the state changed. While a map
  // computes (one the update may just have started), panes on a slow renderer draw in low detail.
  maps.subscribe(() => {
    panes.update(store.state, derived, { fn: false, grid: false, runs: false });
    panes.setBusy(maps.current !== null);
  });
  if (opened.ignored.length > 0)
    toast.show('Parts of this link could not be used and were ignored:', opened.ignored, 0);
  if (arrival === 'first-visit') caption.show(OPENING_CAPTION.title, OPENING_CAPTION.text);
  new PlaybackClock(store);
  bindKeys(store, new History(store));
  // A read-only window into the running app for the console, the end-to-end tests and the benchmark.
  Object.defineProperty(window, 'descent', {
    value: Object.freeze({
      get state() {
        return store.state;
      },
      get frames() {
        return panes.frames;
      },
      get memory() {
        return panes.memory;
      },
      /** Each shown pane's plotted box on the page (client pixels; see `PaneView.plotBox`). */
      plotBoxes: () => panes.plotBoxes(),
      /** The network landscape view, while open (and the last one opened). */
      landscape,
      /** The same boxes under the name the layout tests use. */
      surfaceBoxes: () => panes.plotBoxes(),
      /** Per shown 3-D/2-D pane: the faint paths of noisy rows' seeds and of Schedule-Free's y points. */
      faintPaths: () =>
        panes.panes.flatMap((p) =>
          p instanceof ScenePane
            ? p.layers.flatMap((l) =>
                l instanceof SpreadLayer ? [{ spread: l.spreadPaths, y: l.yPaths }] : [],
              )
            : [],
        ),
      /** The maps of many runs (basins, sweeps, tunes): see app/maps.ts. */
      maps,
      /** The caption lines of the last exported image or video frame (the function shown). */
      exportCaption: () => exporter.caption,
    }),
  });
}

start(document.getElementById('app')!);
