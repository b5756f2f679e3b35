/**
 * A row's lab controls, inside its optimizer row: the learning-rate schedule (none, or any class of
 * torch.optim.lr_scheduler from the schedule registry, with its arguments by torch's names) with a
 * preview of lr over the scene's steps, and seeded gradient noise (σ, seed, K seeds drawn as a
 * spread). Every argument is typed and checked by the registry's specs before it applies: a value it
 * refuses shows why under the field (`aria-invalid`) and the schedule stays as it was.
 */
import type GUI from 'lil-gui';
import '../lab.css';
import type { Controller } from 'lil-gui';
import {
  entryTrace,
  momentumKeyOfDef,
  type NoiseState,
  scheduleJson,
  setOptimizerNoise,
  setOptimizerSchedule,
  starterSchedule,
  validNoise,
} from '../../app/lab.ts';
import type { AppState, OptimizerEntry } from '../../app/state.ts';
import { getOptimizer } from '../../core/optimizers/index.ts';
import {
  getSchedule,
  resolveSchedule,
  SCHEDULES,
  type ScheduleArg,
  type ScheduleParamSpec,
  type ScheduleSpec,
} from '../../core/schedules/index.ts';
import { tooltip } from '../controls.ts';
import { bind, type PanelContext } from './kit.ts';

const NONE = 'none';
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** An argument as typed text: numbers as written, None as `None`, lists comma-separated, schedules as JSON. */
export function argText(spec: ScheduleParamSpec, v: ScheduleArg | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (spec.kind === 'schedules') return JSON.stringify((v as readonly ScheduleSpec[]).map(scheduleJson));
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/**
 * Typed text back to a JSON argument for the registry to check: empty is "the default" (undefined),
 * `None` is null, a number is a number, anything else stays text (and the check names it).
 */
export function argValue(spec: ScheduleParamSpec, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^(none|null)$/i.test(t)) return null;
  if (spec.kind === 'schedules') {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  }
  if (spec.kind === 'integers') {
    return t
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map((p) => (DECIMAL.test(p.trim()) ? Number(p.trim()) : p.trim()));
  }
  return DECIMAL.test(t) ? Number(t) : t;
}

/** The row's schedule with argument `name` set to `value` (undefined: its default), checked. */
function withArg(entry: OptimizerEntry, name: string, value: unknown) {
  const def = getOptimizer(entry.optimizer);
  const raw: Record<string, unknown> = entry.schedule ? scheduleJson(entry.schedule) : {};
  if (value === undefined) delete raw[name];
  else raw[name] = value;
  return resolveSchedule(raw, def ? momentumKeyOfDef(def) : null);
}

/** Adds the schedule and noise controls of row `key` to its folder. Returns the row's refresh. */
export function labControls(folder: GUI, key: number, ctx: PanelContext): (s: AppState) => void {
  const current = (): OptimizerEntry | undefined => ctx.store.state.optimizers.find((e) => e.key === key);
  const set = (f: (s: AppState) => AppState) => ctx.store.set(f);
  const sched = folder.addFolder('lr schedule');
  sched.domElement.classList.add('lab-schedule');
  const names: Record<string, string> = { '(none: constant lr)': NONE };
  for (const d of SCHEDULES) names[d.name] = d.name;
  let args: Controller[] = [];
  let shownName = '';
  const preview = new LrPreview(sched.$children);

  const typeControl = tooltip(
    bind(
      sched,
      'schedule',
      () => current()?.schedule?.name ?? NONE,
      (name: string) => {
        set((s) => {
          const entry = s.optimizers.find((e) => e.key === key);
          if (!entry) return s;
          if (name === NONE) return setOptimizerSchedule(s, key, null);
          const def = getOptimizer(entry.optimizer);
          const mk = def ? momentumKeyOfDef(def) : null;
          const lr = typeof entry.params.lr === 'number' ? entry.params.lr : 0.1;
          const resolved = resolveSchedule(starterSchedule(name, s.steps, lr, mk), mk);
          return resolved.ok ? setOptimizerSchedule(s, key, resolved.value) : s;
        });
      },
      names,
    ),
    'torch.optim.lr_scheduler: the lr (and momentum or β₁ for OneCycleLR/CyclicLR) changes after every step, as sched.step() after opt.step().',
  );

  const build = (entry: OptimizerEntry | undefined) => {
    const name = entry?.schedule?.name ?? NONE;
    if (name === shownName) return;
    shownName = name;
    for (const c of args) c.destroy();
    args = [];
    const def = entry?.schedule ? getSchedule(entry.schedule.name) : undefined;
    for (const spec of def?.params ?? []) args.push(argControl(spec));
  };

  const argControl = (spec: ScheduleParamSpec): Controller => {
    const read = () => current()?.schedule?.args[spec.name];
    if (spec.kind === 'boolean') {
      return tooltip(
        bind(
          sched,
          spec.name,
          () => read() === true,
          (v: boolean) => set((s) => apply(s, spec.name, v)),
        ),
        spec.description,
      );
    }
    if (spec.kind === 'choice') {
      return tooltip(
        bind(
          sched,
          spec.name,
          () => String(read() ?? spec.default),
          (v: string) => set((s) => apply(s, spec.name, v)),
          [...spec.options],
        ),
        spec.description,
      );
    }
    const c = ctx.deferred(
      sched,
      spec.name,
      () => argText(spec, read()),
      (text: string) => set((s) => apply(s, spec.name, argValue(spec, text))),
    );
    ctx.checked(c, (text: string) => {
      const entry = current();
      if (!entry) return null;
      const r = withArg(entry, spec.name, argValue(spec, text));
      return r.ok ? null : r.error.split('\n')[0].replace(/^schedule\./, '');
    });
    const none = spec.kind === 'number' && spec.default === null ? ' Empty or None: torch’s None.' : '';
    return tooltip(c, `${spec.description}${none}`);
  };

  const apply = (s: AppState, name: string, value: unknown): AppState => {
    const entry = s.optimizers.find((e) => e.key === key);
    if (!entry) return s;
    const r = withArg(entry, name, value);
    return r.ok ? setOptimizerSchedule(s, key, r.value) : s;
  };

  // ---- noise ----
  const noiseFolder = folder.addFolder('gradient noise');
  noiseFolder.domElement.classList.add('lab-noise');
  const noiseOf = (): NoiseState => current()?.noise ?? { sigma: 0, seed: 0, seeds: 1 };
  const noiseField = (label: string, field: keyof NoiseState, help: string) => {
    const c = ctx.deferred(
      noiseFolder,
      label,
      () => String(noiseOf()[field]),
      (text: string) =>
        set((s) => {
          const next = { ...noiseOf(), [field]: Number(text.trim()) };
          return setOptimizerNoise(
            s,
            key,
            next.sigma === 0 && next.seeds === 1 && next.seed === 0 ? null : next,
          );
        }),
    );
    ctx.checked(c, (text: string) => {
      if (!DECIMAL.test(text.trim())) return `${label} must be a number`;
      return validNoise({ ...noiseOf(), [field]: Number(text.trim()) });
    });
    return tooltip(c, help);
  };
  noiseField('σ', 'sigma', 'Every gradient gets σ·ξ added, ξ ~ N(0, I) from the seeded generator (0: none).');
  noiseField(
    'seed',
    'seed',
    'The generator seed (0 … 2³² − 1): the same seed gives the same path everywhere.',
  );
  noiseField(
    'K seeds',
    'seeds',
    'Run seeds seed … seed + K − 1 of this row and draw them as faint paths (1 … 32).',
  );
  noiseFolder.close();
  // Folded unless the row has one (a row opened to edit its parameters stays short).
  sched.open(current()?.schedule !== undefined);
  noiseFolder.open(current()?.noise !== undefined);

  typeControl.domElement.dataset.lab = 'schedule-type';
  return (s: AppState) => {
    const entry = s.optimizers.find((e) => e.key === key);
    build(entry);
    preview.update(entry, s.steps);
    sched.title(entry?.schedule ? `lr schedule: ${entry.schedule.name}` : 'lr schedule');
    noiseFolder.title(
      entry?.noise && entry.noise.sigma > 0 ? `gradient noise: σ ${entry.noise.sigma}` : 'gradient noise',
    );
  };
}

/** A small line of lr over the scene's steps under the schedule's menu (hidden without a schedule). */
class LrPreview {
  private readonly canvas = document.createElement('canvas');
  private readonly caption = document.createElement('div');
  private readonly box = document.createElement('div');
  private shown: readonly unknown[] = [];

  constructor(parent: HTMLElement) {
    this.box.className = 'lr-preview';
    this.canvas.width = 200;
    this.canvas.height = 36;
    this.canvas.setAttribute('role', 'img');
    this.caption.className = 'lr-preview-caption';
    this.box.append(this.canvas, this.caption);
    this.box.hidden = true;
    parent.prepend(this.box);
  }

  update(entry: OptimizerEntry | undefined, steps: number): void {
    const key = [entry?.schedule, entry?.params, steps];
    if (key.every((v, i) => v === this.shown[i])) return;
    this.shown = key;
    // The box moves below the menu and the arguments, which lil-gui appends.
    this.box.parentElement?.append(this.box);
    const trace = entry ? entryTrace(entry, steps) : null;
    this.box.hidden = trace === null;
    if (trace === null) return;
    const lr = trace.lr;
    let max = 0;
    for (const v of lr) if (Number.isFinite(v) && v > max) max = v;
    const ctx = this.canvas.getContext('2d');
    const w = this.canvas.width;
    const h = this.canvas.height;
    const first = lr.length > 0 ? lr[0] : 0;
    const last = lr.length > 0 ? lr[lr.length - 1] : 0;
    const text = `lr ${fmt(first)} → ${fmt(last)} (max ${fmt(max)}) over ${steps} steps${trace.error ? `; torch would stop: ${trace.error}` : ''}`;
    this.caption.textContent = text;
    this.canvas.setAttribute('aria-label', text);
    if (!ctx) return;
    ctx.clearRect(0, 0, w, h);
    ctx.strokeStyle = '#888';
    ctx.beginPath();
    ctx.moveTo(0, h - 0.5);
    ctx.lineTo(w, h - 0.5);
    ctx.stroke();
    if (lr.length === 0 || !(max > 0)) return;
    ctx.strokeStyle = entry?.color ?? '#333';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    // One point per pixel column: the lr at the step under it.
    for (let px = 0; px < w; px++) {
      const k = Math.min(lr.length - 1, Math.floor((px / (w - 1)) * (lr.length - 1)));
      const y = h - 2 - (lr[k] / max) * (h - 4);
      if (px === 0) ctx.moveTo(px, y);
      else ctx.lineTo(px, y);
    }
    ctx.stroke();
  }
}

const fmt = (v: number) =>
  v === 0
    ? '0'
    : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4
      ? v.toExponential(2)
      : String(Number(v.toPrecision(3)));
