/**
 * The lil-gui panel. It reads the state to show values and writes only through actions on the
 * store; it never touches the scene. Every control binds to a getter that reads the current state
 * and a setter that applies an action, so the panel cannot drift from the state. Changes that cost
 * a recomputation of the surface (expression, domain, resolution, max steps) apply when the field
 * is left or the slider released, not on every keystroke.
 */
import GUI, { type Controller } from 'lil-gui';
import * as A from '../app/actions.ts';
import { COLORMAPS } from '../app/colormaps.ts';
import { defaultState } from '../app/defaults.ts';
import type { Derived } from '../app/derived.ts';
import { SCENES, sceneState } from '../app/scenes.ts';
import { type AppState, LIMITS, type OptimizerEntry, type PaneKind, type ViewState } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import { FUNCTION_PRESETS } from '../core/functions/presets.ts';
import { getOptimizer, OPTIMIZERS } from '../core/optimizers/index.ts';
import type { ParamSpec, ParamValue } from '../core/optimizers/types.ts';
import { addLogSlider, formatValue, tooltip } from './controls.ts';
import { ExpressionError } from './expression-error.ts';

/** What the panel asks of the scene; wired by main.ts. */
export interface PanelCommands {
  resetView(): void;
  topView(): void;
  copyLink(): void;
  png(scale: 1 | 2): void;
  video(): void;
  csv(): void;
  json(): void;
  cases(): void;
}

const CUSTOM = '(custom)';

type Args = readonly unknown[];

/** A controller whose value is read from and written to the state. */
function bind<T>(
  folder: GUI,
  label: string,
  read: () => T,
  write: (v: T) => void,
  ...args: Args
): Controller {
  const proxy = {
    get value() {
      return read();
    },
    set value(v: T) {
      write(v);
    },
  };
  return (folder.add as (o: object, p: string, ...a: Args) => Controller)(proxy, 'value', ...args).name(
    label,
  );
}

const optimizerNames = (): Record<string, string> =>
  Object.fromEntries(OPTIMIZERS.map((o) => [o.name, o.id]));

export class Panel {
  readonly gui: GUI;
  private readonly optimizerFolder: GUI;
  private readonly rows = new Map<number, { folder: GUI; type: string; pane: Controller }>();
  private readonly exprError: ExpressionError;
  private readonly playButton: Controller;
  private readonly stepSlider: Controller;
  /** Whether the step slider is on screen (the panel scrolls; a slider out of view is not redrawn). */
  private stepInView = true;
  private readonly stepWatch: IntersectionObserver;
  /** Buffers of deferred controls, refreshed from the state unless the user is editing them. */
  private readonly refreshers: (() => void)[] = [];
  private derived: Derived | null = null;
  /** The state the panel last showed. */
  private shown: AppState | null = null;
  private readonly kindControls: Controller[];

  constructor(
    container: HTMLElement,
    private readonly store: Store<AppState>,
    commands: PanelCommands,
  ) {
    const s = () => store.state;
    const set = (f: (st: AppState) => AppState) => store.set(f);
    this.gui = new GUI({
      container,
      title: 'Descent',
      width: Math.min(300, Math.floor(window.innerWidth * 0.92)),
    });
    this.gui.domElement.id = 'panel';
    // On a phone the panel starts folded so the scene is visible; a tap on its title opens it.
    if (window.matchMedia('(max-width: 700px)').matches) this.gui.close();

    // ---- scenes, links and exports ----------------------------------------------------------------
    const share = this.gui.addFolder('Scenes & sharing');
    const scene = { id: '' };
    const sceneNames: Record<string, string> = { '(pick a scene)': '' };
    for (const sc of SCENES) sceneNames[sc.name] = sc.id;
    const sceneControl = share.add(scene, 'id', sceneNames).name('scene');
    sceneControl.onChange((id: string) => {
      if (id) set(() => sceneState(id));
      scene.id = '';
      sceneControl.updateDisplay();
    });
    tooltip(sceneControl, SCENES.map((sc) => `${sc.name}: ${sc.description}`).join('\n'));
    tooltip(
      share.add({ reset: () => set(() => defaultState()) }, 'reset').name('start over (the book in 3-D)'),
      'Back to the scene Descent opens with.',
    );
    tooltip(
      share.add(commands, 'copyLink').name('copy link'),
      'The address of exactly this scene: function, optimizers, view, step and camera.',
    );
    const exports = {
      png1: () => commands.png(1),
      png2: () => commands.png(2),
    };
    tooltip(share.add(exports, 'png1').name('image (PNG)'), 'The panes with their labels, as shown.');
    tooltip(share.add(exports, 'png2').name('image (PNG, 2×)'), 'Twice the resolution, for print.');
    tooltip(
      share.add(commands, 'video').name('video (WebM)'),
      'Plays the animation from step 0 and records it.',
    );
    tooltip(
      share.add(commands, 'csv').name('trajectories (CSV)'),
      'id, optimizer, step, x, y, f, |∇f| for every step.',
    );
    tooltip(share.add(commands, 'json').name('trajectories (JSON)'), "In the command line's result format.");
    tooltip(
      share.add(commands, 'cases').name('cases file for descent run'),
      'Re-run this setup headless: npm run --silent descent -- run cases.json',
    );
    share.close();

    // ---- function ---------------------------------------------------------------------------------
    const fn = this.gui.addFolder('Function');
    const presets: Record<string, string> = { [CUSTOM]: CUSTOM };
    for (const p of FUNCTION_PRESETS) presets[p.name] = p.id;
    tooltip(
      bind(
        fn,
        'preset',
        () => s().fn.preset ?? CUSTOM,
        (id: string) => id !== CUSTOM && set((st) => A.setPreset(st, id)),
        presets,
      ),
      'A classic test function with its usual domain and a telling start.',
    );
    const expr = this.deferred(
      fn,
      'f(x, y) =',
      () => s().fn.expression,
      (t: string) => set((st) => A.setExpression(st, t)),
    );
    tooltip(
      expr,
      'Any expression in x and y: + − * / ^, sin cos exp log sqrt abs min max …, pi, e. Press Enter to apply.',
    );
    expr.domElement.classList.add('expression');
    const input = expr.domElement.querySelector('input')!;
    input.id = 'expression';
    input.spellcheck = false;
    input.autocomplete = 'off';
    this.exprError = new ExpressionError(expr.domElement);
    for (const [axis, i] of [
      ['x', 0],
      ['x', 1],
      ['y', 0],
      ['y', 1],
    ] as const) {
      const c = this.deferred(
        fn,
        `${axis} ${i === 0 ? 'min' : 'max'}`,
        () => s().fn.domain[axis][i],
        (v: number) => {
          const d = s().fn.domain;
          const range: [number, number] = [d[axis][0], d[axis][1]];
          range[i] = v;
          set((st) => A.setDomain(st, { ...d, [axis]: range }));
        },
      );
      tooltip(c, `The ${axis} range of the plot (min < max).`);
    }
    tooltip(
      this.deferred(
        fn,
        'resolution',
        () => s().fn.resolution,
        (n: number) => set((st) => A.setResolution(st, n)),
        LIMITS.resolution.min,
        LIMITS.resolution.max,
        1,
      ),
      'Mesh segments per side: higher is smoother and slower. Applied when you release the slider.',
    );
    tooltip(
      bind(
        fn,
        'gradient',
        () => s().gradient,
        (m: 'exact' | 'numeric') => set((st) => A.setGradientMode(st, m)),
        {
          'exact (symbolic)': 'exact',
          'numeric (h = 1e-4)': 'numeric',
        },
      ),
      "Exact derivatives, or the book's central difference (f(x+h) − f(x−h)) / 2h, to compare the two.",
    );

    // ---- view -------------------------------------------------------------------------------------
    const view = this.gui.addFolder('View');
    const v = () => s().view;
    const setView = (patch: Partial<ViewState>) => set((st) => A.setView(st, patch));
    bind(
      view,
      'colormap',
      () => v().colormap,
      (c: ViewState['colormap']) => setView({ colormap: c }),
      Object.fromEntries(COLORMAPS.map((c) => [c.name, c.id])),
    );
    tooltip(
      bind(
        view,
        'colour scale',
        () => v().colorScale,
        (c: 'linear' | 'log') => setView({ colorScale: c }),
        ['linear', 'log'],
      ),
      'Log colours (f − min) on a log scale: needed for Rosenbrock or Goldstein–Price, whose values span decades.',
    );
    tooltip(
      bind(
        view,
        'contours',
        () => v().contours,
        (n: number) => setView({ contours: n }),
        0,
        60,
        1,
      ),
      'Number of contour lines across the colour range (0 hides them).',
    );
    tooltip(
      bind(
        view,
        'contour spacing',
        () => v().contourSpacing,
        (d: number) => setView({ contourSpacing: d }),
        0,
        100,
        0.1,
      ),
      "Explicit spacing of contour lines in units of f, like the seed's levels=arange(0, 100, 1); 0 uses the count.",
    );
    tooltip(
      bind(
        view,
        'wireframe',
        () => v().wireframe,
        (w: boolean) => setView({ wireframe: w }),
      ),
      "Draw the surface as a grid of lines, like the book's figure 6-1.",
    );
    tooltip(
      bind(
        view,
        'height',
        () => v().exaggeration,
        (e: number) => setView({ exaggeration: e }),
        LIMITS.exaggeration.min,
        LIMITS.exaggeration.max,
        0.05,
      ),
      'Vertical exaggeration: the height of the box relative to its width.',
    );
    tooltip(
      bind(
        view,
        'z range',
        () => (v().zMin === null && v().zMax === null ? v().zAuto : 'manual'),
        (mode: ViewState['zAuto'] | 'manual') =>
          setView(
            mode === 'manual'
              ? { zMin: this.autoRange('zMin'), zMax: this.autoRange('zMax') }
              : { zAuto: mode, zMin: null, zMax: null },
          ),
        {
          'data min – max': 'full',
          'robust (1–99 %)': 'robust',
          'set by hand': 'manual',
        },
      ),
      "Heights and colours are clipped to this range: the data's own, its 1st–99th percentile (cuts off a pole's spike), or z min / z max typed below.",
    );
    tooltip(
      this.deferred(
        view,
        'z min',
        () => v().zMin ?? this.autoRange('zMin'),
        (z: number) => setView({ zMin: z }),
      ),
      'Heights and colours below this are clipped.',
    );
    tooltip(
      this.deferred(
        view,
        'z max',
        () => v().zMax ?? this.autoRange('zMax'),
        (z: number) => setView({ zMax: z }),
      ),
      'Heights and colours above this are clipped.',
    );
    tooltip(
      bind(
        view,
        'gradient field',
        () => v().field,
        (f: boolean) => setView({ field: f }),
      ),
      "Arrows of −∇f (the seed's quiver plot): where plain gradient descent would move.",
    );
    tooltip(
      bind(
        view,
        'arrows per side',
        () => v().fieldDensity,
        (n: number) => setView({ fieldDensity: n }),
        LIMITS.fieldDensity.min,
        LIMITS.fieldDensity.max,
        1,
      ),
      'Density of the gradient field.',
    );
    tooltip(
      bind(
        view,
        'arrow length',
        () => v().fieldMode,
        (m: ViewState['fieldMode']) => setView({ fieldMode: m }),
        {
          'same for all': 'normalized',
          'proportional to |∇f|': 'proportional',
        },
      ),
      'Normalized arrows show the direction everywhere; proportional ones also show where the slope is steep.',
    );
    tooltip(
      bind(
        view,
        'filled (2-D)',
        () => v().filled,
        (f: boolean) => setView({ filled: f }),
      ),
      "2-D panes: filled colours, or contour lines only (the seed's plt.contour).",
    );
    tooltip(
      bind(
        view,
        'aspect (2-D)',
        () => v().aspect,
        (a: ViewState['aspect']) => setView({ aspect: a }),
        { 'equal scale': 'equal', 'fill the pane': 'fill' },
      ),
      '2-D panes: x and y at the same scale (the true shape), or stretched to fill the pane.',
    );
    tooltip(
      bind(
        view,
        'minima & saddles',
        () => v().stationary,
        (on: boolean) => setView({ stationary: on }),
      ),
      "Mark f's stationary points: minima (●), saddles (✕), maxima (▲); hover one for its place and f.",
    );
    tooltip(view.add(commands, 'resetView').name('reset view'), 'Back to the starting camera.');
    tooltip(
      view.add(commands, 'topView').name('look straight down'),
      'See the contours from above, as in a 2-D plot.',
    );
    view.close();

    // ---- layout -----------------------------------------------------------------------------------
    const layout = this.gui.addFolder('Layout & compare');
    const lay = () => s().layout;
    tooltip(
      bind(
        layout,
        'panes',
        () => lay().panes,
        (n: 1 | 2 | 4) => set((st) => A.setLayout(st, { panes: Number(n) as 1 | 2 | 4 })),
        {
          '1': 1,
          '2 side by side': 2,
          '4 (2 × 2)': 4,
        },
      ),
      'Several panes show the same function, each with the optimizers assigned to it (each optimizer has a pane).',
    );
    this.kindControls = [0, 1, 2, 3].map((i) =>
      tooltip(
        bind(
          layout,
          `pane ${i + 1}`,
          () => lay().kinds[i],
          (k: PaneKind) => set((st) => A.setPaneKind(st, i, k)),
          {
            '3-D surface': '3d',
            '2-D contours': '2d',
            'chart of f by step': 'chart',
          },
        ),
        "3-D: the surface you can orbit. 2-D: the contour map from above at true scale, like the book's figures.",
      ),
    );
    tooltip(
      bind(
        layout,
        'linked cameras',
        () => lay().linked,
        (l: boolean) => set((st) => A.setLayout(st, { linked: l })),
      ),
      'Orbit or pan one pane and the others of the same kind follow.',
    );
    tooltip(
      bind(
        layout,
        'charts & table',
        () => lay().charts,
        (c: boolean) => set((st) => A.setLayout(st, { charts: c })),
      ),
      'f and |∇f| by step for every optimizer, and a sortable table of results.',
    );
    tooltip(
      bind(
        layout,
        'chart scale',
        () => v().chartScale,
        (c: 'linear' | 'log') => setView({ chartScale: c }),
        ['log', 'linear'],
      ),
      'Value axis of the charts.',
    );
    tooltip(
      layout.add({ book: () => set(A.bookLayout) }, 'book').name('one optimizer per pane (2 × 2)'),
      "The book's figure 6-8 layout: four 2-D panes, one optimizer each.",
    );
    layout.close();

    // ---- optimizers -------------------------------------------------------------------------------
    this.optimizerFolder = this.gui.addFolder('Optimizers');
    const adder = { type: 'adam', add: () => set((st) => A.addOptimizer(st, adder.type)) };
    this.optimizerFolder.add(adder, 'type', optimizerNames()).name('new');
    tooltip(
      this.optimizerFolder.add(adder, 'add').name('+ add optimizer'),
      `Add a trail (up to ${LIMITS.optimizers}).`,
    );

    // ---- start and playback -----------------------------------------------------------------------
    const run = this.gui.addFolder('Start & playback');
    run.onOpenClose(() => this.stepSlider.updateDisplay());
    const startHelp = 'Where every optimizer starts. You can also click the surface, or drag the black ring.';
    tooltip(
      this.deferred(
        run,
        'start x',
        () => s().start[0],
        (x: number) => set((st) => A.setStart(st, x, st.start[1])),
      ),
      startHelp,
    );
    tooltip(
      this.deferred(
        run,
        'start y',
        () => s().start[1],
        (y: number) => set((st) => A.setStart(st, st.start[0], y)),
      ),
      startHelp,
    );
    tooltip(
      this.deferred(
        run,
        'max steps',
        () => s().steps,
        (n: number) => set((st) => A.setSteps(st, n)),
      ),
      `Updates each optimizer runs, ${LIMITS.steps.min} to ${LIMITS.steps.max.toLocaleString('en')} (long runs compute in the background).`,
    );
    const buttons = {
      play: () => set(A.togglePlay),
      forward: () => set(A.stepForward),
      back: () => set(A.stepBack),
      reset: () => set(A.reset),
    };
    this.playButton = tooltip(run.add(buttons, 'play').name('▶ play'), 'Play / pause (space).');
    tooltip(run.add(buttons, 'forward').name('step ▶'), 'One step forward (→).');
    tooltip(run.add(buttons, 'back').name('◀ step back'), 'One step back (←).');
    tooltip(run.add(buttons, 'reset').name('⏮ reset'), 'Back to step 0 (R).');
    this.stepSlider = tooltip(
      bind(
        run,
        'step',
        () => s().playback.step,
        (k: number) => set((st) => A.seek(st, k)),
        0,
        s().steps,
        1,
      ),
      'Scrub through the steps.',
    );
    // Playback moves the slider every step; while it is out of view that redraw is skipped.
    this.stepWatch = new IntersectionObserver(([entry]) => {
      this.stepInView = entry?.isIntersecting ?? true;
      if (this.stepInView) this.stepSlider.updateDisplay();
    });
    this.stepWatch.observe(this.stepSlider.domElement);
    tooltip(
      bind(
        run,
        'steps / s',
        () => s().playback.speed,
        (x: number) => set((st) => A.setSpeed(st, x)),
        LIMITS.speed.min,
        60,
        0.5,
      ),
      'Playback speed.',
    );
  }

  /** A control that edits a local buffer and applies it on finish (Enter, blur, slider release). */
  private deferred<T>(
    folder: GUI,
    label: string,
    read: () => T,
    apply: (v: T) => void,
    ...args: Args
  ): Controller {
    const buffer = { value: read() };
    const c = (folder.add as (o: object, p: string, ...a: Args) => Controller)(buffer, 'value', ...args)
      .name(label)
      .onFinishChange((v: T) => apply(v));
    this.refreshers.push(() => {
      if (!c.domElement.contains(document.activeElement)) buffer.value = read();
    });
    return c;
  }

  /** The automatic z range's end, shown in the z fields while the range is automatic. */
  private autoRange(key: 'zMin' | 'zMax'): number {
    const [low, high] = this.derived?.autoZRange(this.shown?.view.zAuto ?? 'full') ?? [
      Number.NaN,
      Number.NaN,
    ];
    if (!Number.isFinite(low) || !Number.isFinite(high)) return key === 'zMin' ? 0 : 1;
    return Number(formatValue(key === 'zMin' ? low : high));
  }

  /** Shows the state: values, the expression error, optimizer rows. */
  update(s: AppState, derived: Derived): void {
    const previous = this.shown;
    this.shown = s;
    // While playing only the step moves: refresh the two controls that show it, not the whole panel.
    if (previous && onlyPlaybackChanged(previous, s)) {
      this.showPlaying(s.playback.playing);
      // A slider in a folded folder or scrolled out of view is brought up to date when it shows.
      if (this.stepInView && !this.stepSlider.parent._closed) this.stepSlider.updateDisplay();
      return;
    }
    this.derived = derived;
    this.syncOptimizerRows(s.optimizers);
    this.exprError.show(derived.error, s.fn.expression);
    this.showPlaying(s.playback.playing);
    (this.stepSlider as Controller & { max(n: number): Controller }).max(s.steps);
    this.kindControls.forEach((c, i) => {
      c.show(i < s.layout.panes);
    });
    for (const row of this.rows.values()) row.pane.show(s.layout.panes > 1);
    for (const refresh of this.refreshers) refresh();
    for (const c of this.gui.controllersRecursive()) c.updateDisplay();
  }

  /** The play button says what it will do. */
  private showPlaying(playing: boolean): void {
    const label = playing ? '⏸ pause' : '▶ play';
    if (this.playButton._name !== label) this.playButton.name(label);
  }

  private syncOptimizerRows(entries: readonly OptimizerEntry[]): void {
    const keys = new Set(entries.map((e) => e.key));
    for (const [key, row] of this.rows) {
      if (keys.has(key)) continue;
      row.folder.destroy();
      this.rows.delete(key);
    }
    entries.forEach((entry, index) => {
      const row = this.rows.get(entry.key);
      if (row && row.type === entry.optimizer) {
        row.folder.title(rowTitle(entry, index));
        row.folder.domElement.style.setProperty('--trail-color', entry.color);
        return;
      }
      row?.folder.destroy();
      this.rows.set(entry.key, { ...this.optimizerRow(entry, index), type: entry.optimizer });
    });
  }

  private optimizerRow(entry: OptimizerEntry, index: number): { folder: GUI; pane: Controller } {
    const key = entry.key;
    const set = (f: (s: AppState) => AppState) => this.store.set(f);
    const current = () => this.store.state.optimizers.find((e) => e.key === key) ?? entry;
    const folder = this.optimizerFolder.addFolder(rowTitle(entry, index));
    folder.domElement.dataset.optimizerKey = String(key);
    folder.domElement.classList.add('optimizer-row');
    folder.domElement.style.setProperty('--trail-color', entry.color);
    const def = getOptimizer(entry.optimizer)!;
    tooltip(
      bind(
        folder,
        'type',
        () => current().optimizer,
        (id: string) => set((s) => A.setOptimizerType(s, key, id)),
        optimizerNames(),
      ),
      def.summary,
    );
    for (const spec of def.params) this.paramControl(folder, key, spec);
    tooltip(
      bind(
        folder,
        'visible',
        () => current().visible,
        (vis: boolean) => set((s) => A.setOptimizerVisible(s, key, vis)),
      ),
      'Show or hide this trail.',
    );
    const pane = tooltip(
      bind(
        folder,
        'pane',
        () => current().pane,
        (p: number) => set((s) => A.setOptimizerPane(s, key, Number(p))),
        { '1': 0, '2': 1, '3': 2, '4': 3 },
      ),
      'Which pane shows this trail when there are several.',
    );
    const colour = {
      get value() {
        return current().color;
      },
      set value(c: string) {
        set((s) => A.setOptimizerColor(s, key, c));
      },
    };
    tooltip(folder.addColor(colour, 'value').name('colour'), "This trail's colour.");
    const actions = {
      duplicate: () => set((s) => A.duplicateOptimizer(s, key)),
      remove: () => set((s) => A.removeOptimizer(s, key)),
    };
    tooltip(folder.add(actions, 'duplicate'), 'Add a copy of this optimizer to compare one parameter.');
    tooltip(folder.add(actions, 'remove'), 'Remove this trail.');
    return { folder, pane };
  }

  private paramControl(folder: GUI, key: number, spec: ParamSpec): void {
    const read = () =>
      this.store.state.optimizers.find((e) => e.key === key)?.params[spec.name] ?? spec.default;
    const write = (v: ParamValue) => this.store.set((s) => A.setOptimizerParam(s, key, spec.name, v));
    let c: Controller;
    if (spec.kind === 'number' && spec.scale === 'log') {
      c = addLogSlider(folder, spec.name, spec.slider, [spec.min, spec.max], () => read() as number, write);
    } else if (spec.kind === 'number') {
      c = bind(folder, spec.name, read, write, spec.slider[0], spec.slider[1], spec.step);
    } else if (spec.kind === 'boolean') {
      c = bind(folder, spec.name, read, write);
    } else {
      c = bind(folder, spec.name, read, write, [...spec.options]);
    }
    tooltip(c, spec.description);
  }

  dispose(): void {
    this.stepWatch.disconnect();
    this.gui.destroy();
  }
}

/** True when two states differ in playback (step, playing, speed) only. */
function onlyPlaybackChanged(a: AppState, b: AppState): boolean {
  return (
    a.fn === b.fn &&
    a.view === b.view &&
    a.optimizers === b.optimizers &&
    a.start === b.start &&
    a.steps === b.steps &&
    a.gradient === b.gradient &&
    a.layout === b.layout &&
    a.cameras === b.cameras &&
    a.playback.speed === b.playback.speed
  );
}

function rowTitle(entry: OptimizerEntry, index: number): string {
  return `${index + 1} · ${getOptimizer(entry.optimizer)?.name ?? entry.optimizer}`;
}
