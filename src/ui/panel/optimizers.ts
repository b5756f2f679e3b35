/**
 * The "Optimizers" folder: a menu and button to add a row, then one compact row per optimizer (its
 * title the legend's words, opened to edit every parameter). A new row gets a learning rate that moves
 * visibly on the current function (`auto-lr.ts`).
 */
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import * as A from '../../app/actions.ts';
import { withVisibleLr } from '../../app/auto-lr.ts';
import { type AppState, LIMITS, type OptimizerEntry } from '../../app/state.ts';
import { formatRange, getOptimizer, OPTIMIZERS } from '../../core/optimizers/index.ts';
import type { ParamSpec, ParamValue } from '../../core/optimizers/types.ts';
import { tooltip } from '../controls.ts';
import { legendName, lrText } from '../legend-text.ts';
import { LogNumberController } from '../log-number-controller.ts';
import { bind, type PanelContext, type Refresh } from './kit.ts';

const optimizerNames = (): Record<string, string> =>
  Object.fromEntries(OPTIMIZERS.map((o) => [o.name, o.id]));

/** "Momentum β 0.5 · lr 0.1": the legend's words. */
function rowTitle(entry: OptimizerEntry, entries: readonly OptimizerEntry[]): string {
  const lr = lrText(entry);
  return lr ? `${legendName(entry, entries)} · ${lr}` : legendName(entry, entries);
}

export function optimizersFolder(gui: GUI, ctx: PanelContext): Refresh {
  const rows = new OptimizerRows(gui, ctx);
  return (s) => rows.update(s);
}

class OptimizerRows {
  private readonly folder: GUI;
  private readonly rows = new Map<
    number,
    { folder: GUI; type: string; pane: Controller; lab: (s: AppState) => void }
  >();
  /** Whether the rows the page opened with have been built (they start folded). */
  private rowsBuilt = false;

  constructor(
    gui: GUI,
    private readonly ctx: PanelContext,
  ) {
    const set = (f: (st: AppState) => AppState) => ctx.store.set(f);
    this.folder = gui.addFolder('Optimizers');
    // A new row gets a learning rate that moves visibly on this function (auto-lr.ts).
    const adder = {
      type: 'adam',
      add: () =>
        set((st) => {
          const added = A.addOptimizer(st, adder.type);
          const row = added.optimizers.at(-1);
          return row && added !== st ? withVisibleLr(added, row.key, ctx.derived()?.fn ?? null) : added;
        }),
    };
    this.folder.add(adder, 'type', optimizerNames()).name('new');
    tooltip(
      this.folder.add(adder, 'add').name('+ add optimizer'),
      `Add a trail (up to ${LIMITS.optimizers}).`,
    );
  }

  update(s: AppState): void {
    this.syncOptimizerRows(s.optimizers);
    for (const row of this.rows.values()) {
      row.pane.show(s.layout.panes > 1);
      row.lab(s);
    }
  }

  /**
   * One compact row per optimizer, in the state's order: a title with the swatch, the name (with the
   * parameter that tells duplicates apart) and the lr, folded open to edit. The rows the page opens
   * with start folded; a row added later opens. A row whose type changes is rebuilt in place, as
   * open as it was; a duplicate appears right under its source.
   */
  private syncOptimizerRows(entries: readonly OptimizerEntry[]): void {
    const keys = new Set(entries.map((e) => e.key));
    for (const [key, row] of this.rows) {
      if (keys.has(key)) continue;
      row.folder.destroy();
      this.rows.delete(key);
    }
    const first = !this.rowsBuilt;
    this.rowsBuilt = true;
    entries.forEach((entry) => {
      const row = this.rows.get(entry.key);
      const title = rowTitle(entry, entries);
      if (row && row.type === entry.optimizer) {
        if (row.folder._title !== title) row.folder.title(title);
        row.folder.domElement.style.setProperty('--trail-color', entry.color);
        return;
      }
      const open = row ? !row.folder._closed : !first;
      row?.folder.destroy();
      const built = this.optimizerRow(entry, title);
      built.folder.open(open);
      this.rows.set(entry.key, { ...built, type: entry.optimizer });
    });
    // lil-gui appends new folders at the end: put the rows back in the state's order — only when
    // they are out of it (moving a row's element would cut its open/close transition short).
    const children = this.folder.$children;
    const wanted = entries.map((e) => this.rows.get(e.key)?.folder.domElement);
    const current = [...children.children].filter((el) => el.classList.contains('optimizer-row'));
    if (wanted.some((el, i) => el !== current[i])) {
      for (const el of wanted) if (el) children.append(el);
    }
  }

  private optimizerRow(
    entry: OptimizerEntry,
    title: string,
  ): { folder: GUI; pane: Controller; lab: (s: AppState) => void } {
    const key = entry.key;
    const set = (f: (s: AppState) => AppState) => this.ctx.store.set(f);
    const current = () => this.ctx.store.state.optimizers.find((e) => e.key === key) ?? entry;
    const folder = this.folder.addFolder(title);
    folder.domElement.dataset.optimizerKey = String(key);
    folder.domElement.classList.add('optimizer-row');
    folder.domElement.style.setProperty('--trail-color', entry.color);
    const def = getOptimizer(entry.optimizer)!;
    tooltip(
      bind(
        folder,
        'type',
        () => current().optimizer,
        (id: string) =>
          set((s) => withVisibleLr(A.setOptimizerType(s, key, id), key, this.ctx.derived()?.fn ?? null)),
        optimizerNames(),
      ),
      def.summary,
    );
    for (const spec of def.params) this.paramControl(folder, key, spec);
    // The step inspector on this row at the playback step (its card: ui/inspector.ts).
    tooltip(
      folder.add({ inspect: () => set((s) => A.inspect(s, key)) }, 'inspect'),
      'Inside its update at this step: the state under torch’s names, the step size, the curvature (I).',
    );
    // The lab — lr schedule (with its preview) and gradient noise (schedule.ts) — is built when the
    // row first opens: its code loads then, not with the page.
    let lab: ((s: AppState) => void) | null = null;
    let loading = false;
    folder.onOpenClose((f) => {
      if (f !== folder || f._closed || loading) return;
      loading = true;
      void import('./schedule.ts').then((m) => {
        lab = m.labControls(folder, key, this.ctx);
        lab(this.ctx.store.state);
        for (const c of folder.controllersRecursive()) c.updateDisplay();
      });
    });
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
      // The tune (its worker pool and curve) loads on the first click.
      tune: () => void import('./tune-row.ts').then((m) => m.tuneRow(folder, key, this.ctx)),
    };
    tooltip(
      folder.add(actions, 'tune').name('tune lr'),
      "This row's best lr for the current function, start and steps (19 rates 1e-5 … 10, log, then two refinements; by final f or steps to the tolerance), with its tuning curve.",
    );
    tooltip(folder.add(actions, 'duplicate'), 'Add a copy of this optimizer to compare one parameter.');
    tooltip(folder.add(actions, 'remove'), 'Remove this trail.');
    return { folder, pane, lab: (st) => lab?.(st) };
  }

  private paramControl(folder: GUI, key: number, spec: ParamSpec): void {
    const read = () =>
      this.ctx.store.state.optimizers.find((e) => e.key === key)?.params[spec.name] ?? spec.default;
    const write = (v: ParamValue) => this.ctx.store.set((s) => A.setOptimizerParam(s, key, spec.name, v));
    let c: Controller;
    if (spec.kind === 'number' && spec.scale === 'log') {
      c = new LogNumberController(folder, spec.name, spec.slider, {
        read: () => read() as number,
        write,
        min: spec.min,
        max: spec.max,
        name: spec.name,
        range: formatRange(spec),
      });
    } else if (spec.kind === 'number') {
      c = bind(folder, spec.name, read, write, spec.slider[0], spec.slider[1], spec.step);
    } else if (spec.kind === 'boolean') {
      c = bind(folder, spec.name, read, write);
    } else {
      c = bind(folder, spec.name, read, write, [...spec.options]);
    }
    tooltip(c, spec.description);
  }
}
