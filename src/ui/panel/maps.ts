/**
 * The "Maps" folder (issue 15): many runs at once.
 *
 * - Basins: on/off and starts a side; each WebGL pane then shows the basins of its first optimizer
 *   (`scene/layers/basins.ts`), computed by the worker pool with progress and cancel.
 * - Hyperparameter map: the settings of the sweep panes (`scene/sweep-pane.ts`) — two parameters (or
 *   one, and `steps`), each a range with a scale, cells a side and the metric — and "show in a pane".
 * - Fair tune: "compare at best" tunes every row on the worker pool (`app/tune-run.ts`: 19 rates
 *   1e-5 … 10 log-spaced, two refinements; metric final f, or steps to the tolerance) and sets each to
 *   its own best lr; one row's tune with its curve is "tune lr" on the row (`tune-row.ts`).
 * Everything heavy (the pool, the sweep module) loads on first use.
 */
import '../maps.css';
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import * as A from '../../app/actions.ts';
import { BASIN_SIDES, maps } from '../../app/maps.ts';
import type { AppState, OptimizerEntry } from '../../app/state.ts';
import type { Scale } from '../../core/batch/axes.ts';
import type { Metric } from '../../core/batch/tune.ts';
import { getOptimizer } from '../../core/optimizers/index.ts';
import type { NumberParam } from '../../core/optimizers/types.ts';
import { DEFAULT_TOLERANCE } from '../../core/runner.ts';
import { BASIN_HUES } from '../../scene/layers/basins-paint.ts';
import { tooltip } from '../controls.ts';
import type { PanelContext, Refresh } from './kit.ts';

const rowName = (s: AppState, e: OptimizerEntry) =>
  `${s.optimizers.indexOf(e) + 1}. ${getOptimizer(e.optimizer)?.name ?? e.optimizer}`;

/** Builds the Maps folder's controls into `folder` (loaded on its first opening: see panel.ts). */
export function mapsFolder(folder: GUI, ctx: PanelContext): Refresh {
  const s = () => ctx.store.state;

  // ---- basins ----------------------------------------------------------------------------------
  const basins = { on: maps.basins.on, n: maps.basins.n, cancel: () => maps.cancel() };
  tooltip(
    folder
      .add(basins, 'on')
      .name('basins')
      .onChange((on: boolean) => maps.setBasins({ on })),
    "From every start of an n × n grid: which minimum the pane's first optimizer reaches (one hue per minimum, darker = more steps; grey: none reached, black: diverged, greyed hue: unfinished). Click the map to start there.",
  );
  tooltip(
    folder
      .add(basins, 'n', [...BASIN_SIDES])
      .name('starts a side')
      .onChange((n: number) => maps.setBasins({ n: Number(n) })),
    'Starts per side of the grid (fewer for long runs: n² × steps stays under 6·10⁷).',
  );
  // The computations load with the first map (the first screen does not need them).
  let work: typeof import('./maps-work.ts') | null = null;
  const workOf = async () => {
    work ??= await import('./maps-work.ts');
    return work;
  };
  const status = document.createElement('div');
  status.className = 'maps-status';
  status.setAttribute('role', 'status');
  folder.$children.append(status);
  tooltip(
    folder.add(basins, 'cancel').name('cancel maps'),
    'Stop computing the basin maps, the hyperparameter maps and the tunes.',
  );
  const showStatus = () => {
    status.replaceChildren();
    for (const e of maps.wanted) {
      // Sweeps and tunes show their progress where they are drawn.
      if (e.job.kind !== 'basins') continue;
      const name = getOptimizer(e.job.optimizer)?.name ?? e.job.optimizer;
      const n = e.job.grid.n;
      const line = document.createElement('div');
      line.textContent = `${name}, ${n}²: `;
      if (e.error) line.append(e.error);
      else if (!e.finished) line.append(`${e.total ? Math.round((100 * e.done) / e.total) : 0} %`);
      else if (e.map && work) {
        for (const part of work.basinCountParts(e.map, e.job.f)) {
          if (part.label !== null) {
            const swatch = document.createElement('span');
            swatch.className = 'maps-swatch';
            swatch.style.background = `rgb(${BASIN_HUES[part.label % BASIN_HUES.length]!.join(',')})`;
            line.append(' ', swatch);
          }
          line.append(` ${part.text}`);
        }
        line.append(` · ${((e.totalMs ?? 0) / 1000).toFixed(2)} s`);
      }
      status.append(line);
    }
  };
  const basinControls = folder.controllersRecursive().filter((c) => c.object === basins);
  maps.subscribe(() => {
    // The hub may be driven from elsewhere (the console, the tests): show its settings.
    if (basins.on !== maps.basins.on || basins.n !== maps.basins.n) {
      basins.on = maps.basins.on;
      basins.n = maps.basins.n;
      for (const c of basinControls) c.updateDisplay();
    }
    if (work || !maps.wanted.some((e) => e.job.kind === 'basins')) showStatus();
    else void workOf().then(showStatus);
  });

  // ---- sweep -----------------------------------------------------------------------------------
  // The map itself is a pane ("hyperparameter map" in Layout & compare: `scene/sweep-pane.ts`); these
  // are the settings every sweep pane shares (`app/sweep.ts`), loaded with this folder.
  const sweepFolder = folder.addFolder('Hyperparameter map');
  // Until the module is in, there is nothing to refresh.
  let refreshSweep: (st: AppState) => void = () => {};
  void import('../../app/sweep.ts').then(buildSweep);
  function buildSweep(m: typeof import('../../app/sweep.ts')): void {
    const current = m.sweepSettings.current;
    const edit = {
      x: current.x.name,
      xFrom: current.x.from,
      xTo: current.x.to,
      xScale: current.x.scale as Scale,
      y: current.y?.name ?? 'none',
      yFrom: current.y?.from ?? 0,
      yTo: current.y?.to ?? 0.99,
      yScale: (current.y?.scale ?? 'linear') as Scale,
      n: current.n,
      metric: current.metric,
      show: () => ctx.store.set(showSweepPane),
    };
    const apply = () =>
      m.sweepSettings.set({
        x: { name: edit.x, from: edit.xFrom, to: edit.xTo, scale: edit.xScale },
        y: edit.y === 'none' ? null : { name: edit.y, from: edit.yFrom, to: edit.yTo, scale: edit.yScale },
        n: edit.n,
        metric: edit.metric,
      });
    /** A parameter picked for an axis starts on its useful range (lr: 1e-3 … 3; steps: 1 … the scene's). */
    const rangeOf = (name: string): [number, number, Scale] => {
      if (name === 'lr') return [1e-3, 3, 'log'];
      if (name === 'steps') return [1, Math.max(2, s().steps), 'linear'];
      const spec = paramSpecs(s()).find((p) => p.name === name);
      return spec ? [spec.slider[0], spec.slider[1], spec.scale] : [0, 1, 'linear'];
    };
    const pick = (axis: 'x' | 'y') => () => {
      const name = edit[axis];
      if (name !== 'none') {
        const [from, to, scale] = rangeOf(name);
        if (axis === 'x') Object.assign(edit, { xFrom: from, xTo: to, xScale: scale });
        else Object.assign(edit, { yFrom: from, yTo: to, yScale: scale });
      }
      for (const c of sweepFolder.controllers) c.updateDisplay();
      apply();
    };
    const names = (st: AppState) => [...new Set(st.optimizers.flatMap((e) => sweepParamsOf(m, e.optimizer)))];
    tooltip(
      sweepFolder.add(edit, 'show').name('show in a pane'),
      'Turns the last pane into a hyperparameter map of its first optimizer (with one pane, adds a second). Hover a cell for its value; click it to load its setting into the row.',
    );
    let xParam = sweepFolder.add(edit, 'x', names(s())).name('x: parameter').onChange(pick('x'));
    sweepFolder.add(edit, 'xFrom').name('x from').onFinishChange(apply);
    sweepFolder.add(edit, 'xTo').name('x to').onFinishChange(apply);
    sweepFolder.add(edit, 'xScale', ['log', 'linear']).name('x scale').onChange(apply);
    let yParam = sweepFolder
      .add(edit, 'y', ['none', ...names(s())])
      .name('y: parameter')
      .onChange(pick('y'));
    sweepFolder.add(edit, 'yFrom').name('y from').onFinishChange(apply);
    sweepFolder.add(edit, 'yTo').name('y to').onFinishChange(apply);
    sweepFolder.add(edit, 'yScale', ['log', 'linear']).name('y scale').onChange(apply);
    sweepFolder.add(edit, 'n', 4, 128, 1).name('cells a side').onFinishChange(apply);
    tooltip(
      sweepFolder
        .add(edit, 'metric', { 'final f': 'final_f', 'steps to tolerance': 'steps', diverged: 'diverged' })
        .name('metric')
        .onChange(apply),
      `final f (log colour), steps until |Δ| meets the tolerance ${DEFAULT_TOLERANCE}, or diverged (dark).`,
    );
    let shown = '';
    refreshSweep = (st) => {
      const list = names(st);
      if (list.join() === shown) return;
      shown = list.join();
      xParam = reoptions(xParam, list, pick('x'));
      yParam = reoptions(yParam, ['none', ...list], pick('y'));
    };
    refreshSweep(s());
  }
  sweepFolder.close();

  // ---- tune ------------------------------------------------------------------------------------
  const tuneFolder = folder.addFolder('Fair tune');
  const tune = {
    metric: 'final_f' as Metric,
    compare: () => void compareAtBest(),
  };
  tooltip(
    tuneFolder.add(tune, 'metric', { 'final f': 'final_f', 'steps to tolerance': 'steps' }).name('metric'),
    'What "best" means: the lowest final f (diverged: worst), or the fewest steps to converge.',
  );
  tooltip(
    tuneFolder.add(tune, 'compare').name('compare at best'),
    'Tunes every row (19 rates from 1e-5 to 10, log, then two refinements) and sets each to its own best lr: the fair comparison. One row\'s tune and its curve: "tune lr" on the row.',
  );
  const tuneStatus = document.createElement('div');
  tuneStatus.className = 'maps-status';
  tuneStatus.setAttribute('role', 'status');
  tuneFolder.$children.append(tuneStatus);
  tuneFolder.close();

  let comparing: { cancel(): void } | null = null;
  async function compareAtBest(): Promise<void> {
    comparing?.cancel();
    const st = s();
    const { tuneOnWorkers, tuneInputs } = await import('../../app/tune-run.ts');
    let cancelled = false;
    let run: { cancel(): void } | null = null;
    const self = {
      cancel: () => {
        cancelled = true;
        run?.cancel();
      },
    };
    comparing = self;
    // A change of the scene (function, start, steps, a row) makes the comparison stale: cancel it.
    // Only when a source of the inputs changed identity: playback steps do no work here.
    const inputs = st.optimizers.map((e) => tuneInputs(st, e)).join('\n');
    let sources: readonly unknown[] = [st.fn, st.start, st.steps, st.gradient, st.optimizers];
    const off = ctx.store.subscribe((now) => {
      const next = [now.fn, now.start, now.steps, now.gradient, now.optimizers];
      if (next.every((v, k) => v === sources[k])) return;
      sources = next;
      if (now.optimizers.map((e) => tuneInputs(now, e)).join('\n') !== inputs) self.cancel();
    });
    const best: [number, number][] = [];
    const lines: string[] = [];
    for (const [k, entry] of st.optimizers.entries()) {
      if (cancelled) break;
      tuneStatus.textContent = `tuning row ${k + 1} of ${st.optimizers.length}…`;
      const r = tuneOnWorkers(st, entry, tune.metric);
      run = r;
      const outcome = await r.outcome;
      if (cancelled) break;
      if (!outcome.ok) {
        lines.push(`${rowName(st, entry)}: ${outcome.error}`);
        continue;
      }
      const c = outcome.curve;
      if (c.best < 0) lines.push(`${rowName(st, entry)}: every rate failed`);
      else {
        best.push([entry.key, c.lr[c.best]!]);
        lines.push(`${rowName(st, entry)}: lr ${Number(c.lr[c.best]!.toPrecision(4))}`);
      }
    }
    off();
    if (comparing === self) comparing = null;
    if (cancelled) {
      tuneStatus.textContent = 'compare at best cancelled: the scene changed';
      return;
    }
    ctx.store.set((cur) => best.reduce((next, [key, lr]) => A.setOptimizerParam(next, key, 'lr', lr), cur));
    tuneStatus.textContent = lines.join('\n');
  }

  let lastRows: readonly OptimizerEntry[] | null = null;
  return (st) => {
    if (st.optimizers !== lastRows) {
      lastRows = st.optimizers;
      refreshSweep(st);
    }
  };
}

/** The number parameters of every row's optimizer (for an axis's default range). */
function paramSpecs(s: AppState): NumberParam[] {
  return s.optimizers.flatMap((e) =>
    (getOptimizer(e.optimizer)?.params ?? []).filter((p): p is NumberParam => p.kind === 'number'),
  );
}

function sweepParamsOf(m: typeof import('../../app/sweep.ts'), id: string): string[] {
  const def = getOptimizer(id);
  return def ? m.sweepParams(def) : [];
}

/**
 * Shows the hyperparameter map in a pane: nothing to do when a shown pane is one; with one pane, a
 * second pane becomes the map; else the last shown pane does.
 */
export function showSweepPane(s: AppState): AppState {
  const { panes, kinds } = s.layout;
  if (kinds.slice(0, panes).includes('sweep')) return s;
  if (panes === 1) return A.setPaneKind(A.setLayout(s, { panes: 2 }), 1, 'sweep');
  return A.setPaneKind(s, panes - 1, 'sweep');
}

/**
 * A select's new options, in place: lil-gui's `options()` builds a new controller at the end of the
 * folder and destroys the old one; the new one is moved to where the old one stood.
 */
function reoptions(
  c: Controller,
  options: readonly string[] | Record<string, number>,
  onChange?: () => void,
): Controller {
  const next = c.domElement.nextSibling;
  const parent = c.domElement.parentElement;
  const fresh = c.options(options as Record<string, unknown>);
  if (parent) parent.insertBefore(fresh.domElement, next);
  if (onChange) fresh.onChange(onChange);
  fresh.updateDisplay();
  return fresh;
}
