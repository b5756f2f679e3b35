/**
 * The "Maps" folder (issue 15): many runs at once.
 *
 * - Basins: on/off and starts a side; each WebGL pane then shows the basins of its first optimizer
 *   (`scene/layers/basins.ts`), computed by the worker pool with progress and cancel.
 * - Sweep: two parameters of one optimizer row (or one, and `steps`), each a range with a scale, and a
 *   metric → a heatmap; clicking a cell loads that setting into the row.
 * - Tune: the row's best lr for the current function, start and steps (`core/batch/tune.ts`: 19 rates
 *   1e-5 … 10 log-spaced, two refinements; metric final f, or steps to the tolerance), its curve; and
 *   "compare at best", every row at its own best lr.
 * Everything heavy (the pool, the map view) loads on first use.
 */
import '../maps.css';
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import * as A from '../../app/actions.ts';
import type { BatchPool, MapResult } from '../../app/batch-pool.ts';
import { BASIN_SIDES, maps } from '../../app/maps.ts';
import type { AppState, OptimizerEntry } from '../../app/state.ts';
import type { Axis } from '../../core/batch/cases.ts';
import { getOptimizer } from '../../core/optimizers/index.ts';
import type { NumberParam } from '../../core/optimizers/types.ts';
import { DEFAULT_TOLERANCE, divergenceBound } from '../../core/runner.ts';
import { BASIN_HUES } from '../../scene/layers/basins-paint.ts';
import { tooltip } from '../controls.ts';
import type { MapsBox, SweepMetric } from '../maps-view.ts';
import type { PanelContext, Refresh } from './kit.ts';
import type { TuneOutcome } from './maps-work.ts';

/** What the heatmap's colours mean, by metric. */
const COLOUR_NOTES: Record<SweepMetric, string> = {
  final_f: 'Dark: low final f (log scale); dark red: diverged.',
  steps: 'Dark: few steps to the tolerance; grey: not converged; dark red: diverged.',
  diverged: 'Dark: diverged; light: did not.',
};

/** Most cell-steps a sweep may cost in the page. */
export const MAX_SWEEP_WORK = 5e7;

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
  tooltip(folder.add(basins, 'cancel').name('cancel maps'), 'Stop computing the basin maps.');
  const showStatus = () => {
    status.replaceChildren();
    for (const e of maps.wanted) {
      const name = getOptimizer(e.job.optimizer)?.name ?? e.job.optimizer;
      const n = e.job.kind === 'basins' ? e.job.grid.n : 0;
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
    if (work || maps.wanted.length === 0) showStatus();
    else void workOf().then(showStatus);
  });

  // ---- the map box (lazy) ----------------------------------------------------------------------
  let box: MapsBox | null = null;
  const boxOf = async (): Promise<MapsBox> => {
    if (box) return box;
    const { MapsBox: Box } = await import('../maps-view.ts');
    box ??= new Box(document.getElementById('panes') ?? document.body);
    return box;
  };
  let sweepPool: BatchPool | null = null;
  const poolOf = async (): Promise<BatchPool> => {
    if (sweepPool) return sweepPool;
    const { createBatchPool } = await import('../../app/batch-pool.ts');
    sweepPool ??= createBatchPool();
    return sweepPool;
  };

  // ---- sweep -----------------------------------------------------------------------------------
  const sweepFolder = folder.addFolder('Hyperparameter map');
  const sweep = {
    row: 0,
    x: 'lr',
    xFrom: 1e-3,
    xTo: 3,
    xScale: 'log' as 'log' | 'linear',
    y: 'momentum',
    yFrom: 0,
    yTo: 0.99,
    yScale: 'linear' as 'log' | 'linear',
    n: 48,
    metric: 'final_f' as SweepMetric,
    compute: () => void computeSweep(),
  };
  const rowControls: Controller[] = [];
  rowControls.push(sweepFolder.add(sweep, 'row', { '1': 0 }).name('row'));
  let xParam = sweepFolder.add(sweep, 'x', ['lr']).name('x: parameter');
  sweepFolder.add(sweep, 'xFrom').name('x from');
  sweepFolder.add(sweep, 'xTo').name('x to');
  sweepFolder.add(sweep, 'xScale', ['log', 'linear']).name('x scale');
  let yParam = sweepFolder.add(sweep, 'y', ['none']).name('y: parameter');
  sweepFolder.add(sweep, 'yFrom').name('y from');
  sweepFolder.add(sweep, 'yTo').name('y to');
  sweepFolder.add(sweep, 'yScale', ['log', 'linear']).name('y scale');
  sweepFolder.add(sweep, 'n', 4, 128, 1).name('cells a side');
  tooltip(
    sweepFolder
      .add(sweep, 'metric', { 'final f': 'final_f', 'steps to tolerance': 'steps', diverged: 'diverged' })
      .name('metric'),
    `final f (log colour), steps until |Δ| meets the tolerance ${DEFAULT_TOLERANCE}, or diverged (dark).`,
  );
  tooltip(
    sweepFolder.add(sweep, 'compute').name('compute map'),
    "Runs the row's optimizer from the start once per cell; click a cell to load its setting.",
  );
  const sweepStatus = document.createElement('div');
  sweepStatus.className = 'maps-status';
  sweepStatus.setAttribute('role', 'status');
  sweepFolder.$children.append(sweepStatus);
  sweepFolder.close();

  const paramNames = (id: string) => {
    const def = getOptimizer(id);
    const numbers = def ? def.params.filter((p): p is NumberParam => p.kind === 'number') : [];
    return [...numbers.map((p) => p.name), 'steps'];
  };
  let shownOptimizer = '';
  let shownRows = '';
  /** The x and y parameter lists follow the sweep row's optimizer. */
  const refreshParams = (st: AppState) => {
    const entry = st.optimizers[sweep.row];
    if (!entry || entry.optimizer === shownOptimizer) return;
    shownOptimizer = entry.optimizer;
    const names = paramNames(entry.optimizer);
    if (!names.includes(sweep.x)) sweep.x = 'lr';
    if (sweep.y !== 'none' && !names.includes(sweep.y)) {
      // The classic second axis: momentum (SGD, RMSprop) or beta1 (the Adam family), 0 … 0.99.
      sweep.y = ['momentum', 'beta1'].find((n) => names.includes(n)) ?? 'none';
      sweep.yFrom = 0;
      sweep.yTo = 0.99;
      sweep.yScale = 'linear';
    }
    xParam = reoptions(xParam, names);
    yParam = reoptions(yParam, ['none', ...names]);
    for (const c of sweepFolder.controllers) c.updateDisplay();
  };
  /** The row lists name the optimizer rows (rebuilt only when the names change). */
  const refreshRows = (st: AppState) => {
    const options: Record<string, number> = {};
    st.optimizers.forEach((e, i) => {
      options[rowName(st, e)] = i;
    });
    if (sweep.row >= st.optimizers.length) sweep.row = 0;
    if (tune.row >= st.optimizers.length) tune.row = 0;
    const key = Object.keys(options).join('\n');
    if (key !== shownRows) {
      shownRows = key;
      rowControls.forEach((c, k) => {
        rowControls[k] = reoptions(c, options, k === 0 ? () => refreshParams(s()) : undefined);
      });
    }
    refreshParams(st);
  };

  async function computeSweep(): Promise<void> {
    const st = s();
    const entry = st.optimizers[sweep.row];
    const def = entry && getOptimizer(entry.optimizer);
    if (!entry || !def) return;
    const raw: Record<string, unknown> = {
      [sweep.x]: { range: [sweep.xFrom, sweep.xTo], n: sweep.n, scale: sweep.xScale },
    };
    if (sweep.y !== 'none' && sweep.y !== sweep.x)
      raw[sweep.y] = { range: [sweep.yFrom, sweep.yTo], n: sweep.n, scale: sweep.yScale };
    const { axesOf } = await import('../../core/batch/cases.ts');
    const axes = axesOf(raw, def);
    if (!axes.ok) {
      sweepStatus.textContent = axes.error;
      return;
    }
    const longest = Math.max(
      st.steps,
      ...axes.value.filter((a) => a.name === 'steps').flatMap((a) => a.values),
    );
    const cells = axes.value.reduce((k, a) => k * a.values.length, 1);
    if (cells * longest > MAX_SWEEP_WORK) {
      sweepStatus.textContent = `${cells} cells × ${longest} steps is too much for the page (at most ${MAX_SWEEP_WORK.toExponential(0)} steps); fewer cells or steps.`;
      return;
    }
    const job = {
      kind: 'sweep' as const,
      f: st.fn.preset ?? st.fn.expression,
      optimizer: entry.optimizer,
      params: entry.params,
      steps: st.steps,
      gradient: st.gradient,
      tolerance: DEFAULT_TOLERANCE,
      bound: divergenceBound(st.fn.domain),
      start: st.start,
      axes: axes.value,
    };
    const [pool, view] = await Promise.all([poolOf(), boxOf()]);
    const lambdaMax = (await workOf()).quadraticLambdaMax(st);
    const momentum = typeof entry.params.momentum === 'number' ? entry.params.momentum : 0;
    const key = entry.key;
    const pick = (map: MapResult, axesShown: readonly Axis[]) => (i: number, j: number) => {
      const setting: [string, number][] = [[axesShown[0]!.name, axesShown[0]!.values[i]!]];
      if (axesShown[1]) setting.push([axesShown[1].name, axesShown[1].values[j]!]);
      void map;
      ctx.store.set((cur) => {
        let next = cur;
        for (const [name, v] of setting)
          next = name === 'steps' ? A.setSteps(next, v) : A.setOptimizerParam(next, key, name, v);
        return next;
      });
      sweepStatus.textContent = `loaded ${setting.map(([n, v]) => `${n} = ${Number(v.toPrecision(4))}`).join(', ')}`;
    };
    const started = performance.now();
    const draw = (map: MapResult, note: string) =>
      view.showSweep(
        {
          map,
          axes: axes.value,
          scales: [sweep.xScale, sweep.yScale],
          metric: sweep.metric,
          title: `${rowName(st, entry)}: ${sweep.metric === 'final_f' ? 'final f' : sweep.metric === 'steps' ? 'steps to tolerance' : 'diverged'}`,
          lambdaMax,
          optimizer: entry.optimizer,
          momentum,
        },
        note,
        pick(map, axes.value),
      );
    const map: MapResult = pool.submit(job, {
      onUpdate: (done, total) => {
        sweepStatus.textContent = `${Math.round((100 * done) / total)} %`;
        draw(map, `${done} of ${total} runs`);
      },
      onDone: () => {
        const ms = performance.now() - started;
        sweepStatus.textContent = `${map.n * map.m} runs in ${(ms / 1000).toFixed(2)} s; click a cell to load it`;
        draw(
          map,
          `${COLOUR_NOTES[sweep.metric]} ${
            lambdaMax
              ? `Quadratic, λmax = ${Number(lambdaMax.toPrecision(4))}: white dashes, SGD's edge lr·λmax = 2(1 + β); pink, critical damping β = (1 − √(lr·λmax))².`
              : 'Click a cell to load its setting into the row.'
          }`,
        );
      },
      onError: (message) => {
        sweepStatus.textContent = message;
      },
    });
  }

  // ---- tune ------------------------------------------------------------------------------------
  const tuneFolder = folder.addFolder('Fair tune');
  const tune = {
    row: 0,
    metric: 'final_f' as 'final_f' | 'steps',
    run: () => void runTune(),
    compare: () => void compareAtBest(),
  };
  rowControls.push(tuneFolder.add(tune, 'row', { '1': 0 }).name('row'));
  tooltip(
    tuneFolder.add(tune, 'metric', { 'final f': 'final_f', 'steps to tolerance': 'steps' }).name('metric'),
    'What "best" means: the lowest final f (diverged: worst), or the fewest steps to converge.',
  );
  tooltip(
    tuneFolder.add(tune, 'run').name('tune lr'),
    "The row's best lr for this function, start and steps: 19 rates from 1e-5 to 10 (log), then two refinements around the best; the curve shows the metric against lr.",
  );
  tooltip(
    tuneFolder.add(tune, 'compare').name('compare at best'),
    'Tunes every row and sets each to its own best lr: the fair comparison.',
  );
  const tuneStatus = document.createElement('div');
  tuneStatus.className = 'maps-status';
  tuneStatus.setAttribute('role', 'status');
  tuneFolder.$children.append(tuneStatus);
  tuneFolder.close();

  const showCurve = async (entry: OptimizerEntry, outcome: TuneOutcome) => {
    const view = await boxOf();
    const st = s();
    if (!outcome.ok) return;
    const c = outcome.curve;
    const bestLr = c.best >= 0 ? c.lr[c.best]! : null;
    view.showTune(
      `${rowName(st, entry)}: ${tune.metric === 'final_f' ? 'final f' : 'steps to tolerance'} against lr`,
      c.lr,
      c.value,
      c.best,
      bestLr === null
        ? 'Every rate failed.'
        : `best lr ${Number(bestLr.toPrecision(4))} (orange); red ticks: diverged or unconverged rates`,
    );
  };

  async function runTune(): Promise<void> {
    const st = s();
    const entry = st.optimizers[tune.row];
    if (!entry) return;
    tuneStatus.textContent = 'tuning…';
    const outcome = await (await workOf()).tuneRow(st, entry, tune.metric);
    if (!outcome.ok) {
      tuneStatus.textContent = outcome.error;
      return;
    }
    const c = outcome.curve;
    tuneStatus.textContent =
      c.best >= 0
        ? `best lr ${Number(c.lr[c.best]!.toPrecision(4))} of ${c.lr.length} rates`
        : 'every rate failed';
    await showCurve(entry, outcome);
  }

  async function compareAtBest(): Promise<void> {
    const st = s();
    tuneStatus.textContent = 'tuning every row…';
    const best: [number, number][] = [];
    const lines: string[] = [];
    for (const entry of st.optimizers) {
      const outcome = await (await workOf()).tuneRow(st, entry, tune.metric);
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
    ctx.store.set((cur) => best.reduce((next, [key, lr]) => A.setOptimizerParam(next, key, 'lr', lr), cur));
    tuneStatus.textContent = lines.join('\n');
  }

  let lastRows: readonly OptimizerEntry[] | null = null;
  return (st) => {
    if (st.optimizers !== lastRows) {
      lastRows = st.optimizers;
      refreshRows(st);
    }
  };
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
