/**
 * Every change the panel, the keyboard or the mouse can make, as a pure function of the state.
 * The UI calls these through `store.set(s => action(s, ...))`; nothing else edits the state.
 */
import { getFunctionPreset } from '../core/functions/presets.ts';
import type { Domain } from '../core/functions/types.ts';
import { getOptimizer, resolveParams } from '../core/optimizers/index.ts';
import type { ParamValue } from '../core/optimizers/types.ts';
import type { GradientMode } from '../core/runner.ts';
import { paramsFor } from './defaults.ts';
import {
  CAMERA_FIELDS,
  clampSlice,
  FUNCTION_FIELDS,
  LAYOUT_FIELDS,
  playbackFields,
  TOP_FIELDS,
  VIEW_FIELDS,
} from './fields.ts';
import { ROW_FIELDS } from './row-fields.ts';
import {
  type AppState,
  type CameraState,
  type LayoutState,
  LIMITS,
  type OptimizerEntry,
  type PaneKind,
  type ViewState,
} from './state.ts';
import { trailColor } from './trail-colors.ts';

// ---- function -------------------------------------------------------------------------------------

/** Loads a preset: its expression, domain, colour scale and suggested start. */
export function setPreset(s: AppState, id: string): AppState {
  const p = getFunctionPreset(id);
  if (!p) return s;
  return {
    ...s,
    fn: { ...s.fn, preset: p.id, expression: p.expression, domain: p.domain },
    view: { ...s.view, colorScale: p.colorScale, zMin: null, zMax: null },
    start: p.start,
    playback: { ...s.playback, step: s.steps, playing: false },
  };
}

/** A typed expression (valid or not: the derived layer keeps the last good surface). */
export function setExpression(s: AppState, expression: string): AppState {
  if (expression === s.fn.expression) return s;
  const preset =
    s.fn.preset && getFunctionPreset(s.fn.preset)?.expression === expression ? s.fn.preset : null;
  return { ...s, fn: { ...s.fn, preset, expression }, view: { ...s.view, zMin: null, zMax: null } };
}

/** A new domain; one the scene cannot draw (see `domainProblem`) leaves the state unchanged. */
export function setDomain(s: AppState, domain: Domain): AppState {
  return FUNCTION_FIELDS.domain.codec.valid(domain) ? { ...s, fn: { ...s.fn, domain } } : s;
}

export function setResolution(s: AppState, resolution: number): AppState {
  const r = FUNCTION_FIELDS.resolution.codec.clamp(resolution);
  return r === s.fn.resolution ? s : { ...s, fn: { ...s.fn, resolution: r } };
}

// ---- view -----------------------------------------------------------------------------------------

/** Changes view fields, each clamped to its limits (the field table's codecs). */
export function setView(s: AppState, patch: Partial<ViewState>): AppState {
  return { ...s, view: clampSlice(VIEW_FIELDS, { ...s.view, ...patch }) };
}

// ---- optimizers -----------------------------------------------------------------------------------

function withEntry(s: AppState, key: number, change: (e: OptimizerEntry) => OptimizerEntry): AppState {
  return { ...s, optimizers: s.optimizers.map((e) => (e.key === key ? change(e) : e)) };
}

const nextKey = (s: AppState) => Math.max(0, ...s.optimizers.map((e) => e.key)) + 1;

export function addOptimizer(s: AppState, id: string): AppState {
  if (!getOptimizer(id) || s.optimizers.length >= LIMITS.optimizers) return s;
  const entry: OptimizerEntry = {
    key: nextKey(s),
    optimizer: id,
    params: paramsFor(id),
    color: trailColor(id, s.optimizers),
    visible: true,
    pane: s.optimizers.length % 4,
  };
  return { ...s, optimizers: [...s.optimizers, entry] };
}

export function removeOptimizer(s: AppState, key: number): AppState {
  return { ...s, optimizers: s.optimizers.filter((e) => e.key !== key) };
}

export function duplicateOptimizer(s: AppState, key: number): AppState {
  const i = s.optimizers.findIndex((e) => e.key === key);
  if (i < 0 || s.optimizers.length >= LIMITS.optimizers) return s;
  const copy = {
    ...s.optimizers[i],
    key: nextKey(s),
    color: trailColor(s.optimizers[i].optimizer, s.optimizers),
  };
  return { ...s, optimizers: [...s.optimizers.slice(0, i + 1), copy, ...s.optimizers.slice(i + 1)] };
}

/** Changes an entry's optimizer; parameters reset to the new defaults but the learning rate is kept when valid. */
export function setOptimizerType(s: AppState, key: number, id: string): AppState {
  const def = getOptimizer(id);
  if (!def) return s;
  return withEntry(s, key, (e) => {
    if (e.optimizer === id) return e;
    const kept = resolveParams(def, { lr: e.params.lr });
    return { ...e, optimizer: id, params: kept.ok ? kept.value : paramsFor(id) };
  });
}

/** Sets one parameter; an invalid value (out of range, wrong type) leaves the state unchanged. */
export function setOptimizerParam(s: AppState, key: number, name: string, value: ParamValue): AppState {
  return withEntry(s, key, (e) => {
    const def = getOptimizer(e.optimizer);
    if (!def || e.params[name] === value) return e;
    const resolved = resolveParams(def, { ...e.params, [name]: value });
    return resolved.ok ? { ...e, params: resolved.value } : e;
  });
}

export function setOptimizerVisible(s: AppState, key: number, visible: boolean): AppState {
  return withEntry(s, key, (e) => (e.visible === visible ? e : { ...e, visible }));
}

/** Sets a row's colour, `#rrggbb` in either case (stored in lower case); others leave it unchanged. */
export function setOptimizerColor(s: AppState, key: number, color: string): AppState {
  const c = color.toLowerCase();
  return ROW_FIELDS.color.codec.valid(c) ? withEntry(s, key, (e) => ({ ...e, color: c })) : s;
}

/** Shows an optimizer in pane 0–3 (when there are several panes). */
export function setOptimizerPane(s: AppState, key: number, pane: number): AppState {
  if (!ROW_FIELDS.pane.codec.valid(pane)) return s;
  return withEntry(s, key, (e) => (e.pane === pane ? e : { ...e, pane }));
}

// ---- layout and cameras ---------------------------------------------------------------------------

export function setLayout(
  s: AppState,
  patch: Partial<Pick<LayoutState, 'panes' | 'linked' | 'charts'>>,
): AppState {
  const layout = { ...s.layout, ...patch };
  if (!LAYOUT_FIELDS.panes.codec.valid(layout.panes)) return s;
  return { ...s, layout };
}

export function setPaneKind(s: AppState, pane: number, kind: PaneKind): AppState {
  if (!Number.isInteger(pane) || pane < 0 || pane > 3 || s.layout.kinds[pane] === kind) return s;
  const kinds = [...s.layout.kinds] as [PaneKind, PaneKind, PaneKind, PaneKind];
  kinds[pane] = kind;
  // A pane that changes kind starts from its home view.
  return { ...setCamera(s, pane, null), layout: { ...s.layout, kinds } };
}

/** Records where the user left a pane's camera (null: the home view). */
export function setCamera(s: AppState, pane: number, camera: CameraState | null): AppState {
  if (!Number.isInteger(pane) || pane < 0 || pane > 3) return s;
  if (!CAMERA_FIELDS[pane]!.codec.valid(camera)) return s;
  const cameras = [...s.cameras] as [
    CameraState | null,
    CameraState | null,
    CameraState | null,
    CameraState | null,
  ];
  cameras[pane] = camera;
  return { ...s, cameras };
}

/**
 * Records the camera the user left pane `pane` at; with linked cameras, every visible pane of the
 * same kind shares it.
 */
export function recordCamera(s: AppState, pane: number, camera: CameraState): AppState {
  if (!s.layout.linked) return setCamera(s, pane, camera);
  let next = s;
  for (let j = 0; j < s.layout.panes; j++) {
    if (s.layout.kinds[j] === s.layout.kinds[pane]) next = setCamera(next, j, camera);
  }
  return next;
}

/** Every camera back to its home view. */
export function resetCameras(s: AppState): AppState {
  return s.cameras.every((c) => c === null) ? s : { ...s, cameras: [null, null, null, null] };
}

/**
 * The book's figure 6-8 as a layout: four 2-D panes, one optimizer each (the first four rows), as
 * the book prints it.
 */
export function bookLayout(s: AppState): AppState {
  return {
    ...s,
    layout: { ...s.layout, panes: 4, kinds: ['2d', '2d', '2d', '2d'] },
    cameras: [null, null, null, null],
    optimizers: s.optimizers.map((e, i) => ({ ...e, pane: i % 4 })),
  };
}

// ---- run settings ---------------------------------------------------------------------------------

export function setStart(s: AppState, x: number, y: number): AppState {
  if (!TOP_FIELDS.start.codec.valid([x, y])) return s;
  if (x === s.start[0] && y === s.start[1]) return s;
  return { ...s, start: [x, y] };
}

/** Sets the number of updates; a playback standing at the end stays at the (new) end. */
export function setSteps(s: AppState, steps: number): AppState {
  const n = TOP_FIELDS.steps.codec.clamp(steps);
  if (n === s.steps) return s;
  const step = s.playback.step >= s.steps ? n : Math.min(s.playback.step, n);
  return { ...s, steps: n, playback: { ...s.playback, step } };
}

export function setGradientMode(s: AppState, gradient: GradientMode): AppState {
  return gradient === s.gradient ? s : { ...s, gradient };
}

// ---- playback -------------------------------------------------------------------------------------

const withPlayback = (s: AppState, patch: Partial<AppState['playback']>): AppState => {
  const playback = { ...s.playback, ...patch };
  const same = (Object.keys(patch) as (keyof typeof patch)[]).every((k) => playback[k] === s.playback[k]);
  return same ? s : { ...s, playback };
};

/**
 * Opens the step inspector on the optimizer row `key` (at the current step; playback goes on), or
 * closes it (null). A key no row has leaves the state unchanged.
 */
export function inspect(s: AppState, key: number | null): AppState {
  if (key !== null && !s.optimizers.some((e) => e.key === key)) return s;
  return withPlayback(s, { inspected: key });
}

/** Plays from the current step; from the end it starts over at 0. */
export function play(s: AppState): AppState {
  return withPlayback(s, { playing: true, step: s.playback.step >= s.steps ? 0 : s.playback.step });
}

export function pause(s: AppState): AppState {
  return withPlayback(s, { playing: false });
}

export function togglePlay(s: AppState): AppState {
  return s.playback.playing ? pause(s) : play(s);
}

/** One step forward (pauses); at the end nothing moves. */
export function stepForward(s: AppState): AppState {
  return withPlayback(s, { playing: false, step: Math.min(s.steps, s.playback.step + 1) });
}

export function stepBack(s: AppState): AppState {
  return withPlayback(s, { playing: false, step: Math.max(0, s.playback.step - 1) });
}

/** Back to the start, paused. */
export function reset(s: AppState): AppState {
  return withPlayback(s, { playing: false, step: 0 });
}

/** Scrubbing: jump to a step (pauses). */
export function seek(s: AppState, step: number): AppState {
  return withPlayback(s, { playing: false, step: playbackFields(s.steps).step.codec.clamp(step) });
}

export function setSpeed(s: AppState, speed: number): AppState {
  return withPlayback(s, { speed: playbackFields(s.steps).speed.codec.clamp(speed) });
}

/** Advances playback by `n` whole steps; stops at the end. */
export function advance(s: AppState, n: number): AppState {
  if (!s.playback.playing || n <= 0) return s;
  const step = Math.min(s.steps, s.playback.step + n);
  return withPlayback(s, { step, playing: step < s.steps });
}
