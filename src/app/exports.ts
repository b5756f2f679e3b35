/**
 * Data exports of the current scene, as text (no DOM: the UI saves the strings):
 *
 * - `casesFile`: the setup as a command-line cases file, so `descent run` reproduces the page (with each
 *   row's `schedule` and `noise`);
 * - `trajectoriesJson`: the page's trajectories in the command line's result format — the same text
 *   `descent run` prints for `casesFile`'s output, bit for bit;
 * - `trajectoriesCsv`: the same trajectories as one CSV row per optimizer and step.
 *
 * Case ids number the optimizer rows: `1-sgd`, `2-momentum`, …
 */
import { type CaseOutcome, formatResults, resultOf } from '../core/cases.ts';
import { getFunctionPreset } from '../core/functions/presets.ts';
import { DEFAULT_DOMAIN, divergenceBound } from '../core/runner.ts';
import type { Derived } from './derived.ts';
import { linkNumber } from './format.ts';
import { caseExtras } from './lab.ts';
import type { AppState, OptimizerEntry } from './state.ts';

/** The id of row `index` in every export: `1-sgd`. */
export function caseId(entry: OptimizerEntry, index: number): string {
  return `${index + 1}-${entry.optimizer}`;
}

/**
 * The function as a case's `f`: the preset id when the expression is the preset's, else the text.
 * The command line bounds divergence by the preset's domain (or `DEFAULT_DOMAIN` for an expression);
 * the page by the current domain, so `bound` is written when the two differ.
 */
function caseFunction(s: AppState): { f: string; bound?: number } {
  const preset = s.fn.preset === null ? undefined : getFunctionPreset(s.fn.preset);
  const usePreset = preset !== undefined && preset.expression === s.fn.expression;
  const f = usePreset ? preset.id : s.fn.expression;
  // The command line reads an `f` that names a preset as that preset, whatever the page meant.
  const cliPreset = getFunctionPreset(f);
  const cliBound = divergenceBound(cliPreset ? cliPreset.domain : DEFAULT_DOMAIN);
  const bound = divergenceBound(s.fn.domain);
  return bound === cliBound ? { f } : { f, bound };
}

/**
 * The current setup as a command-line cases file (a pretty-printed JSON array): one case per
 * optimizer row, hidden rows included, with every parameter, the start, steps and gradient mode.
 */
export function casesFile(s: AppState): string {
  return `${JSON.stringify(caseList(s), null, 2)}\n`;
}

/** The cases of `casesFile` as data (the PyTorch script export builds its script from them). */
export function caseList(s: AppState): object[] {
  const { f, bound } = caseFunction(s);
  return s.optimizers.map((e, i) => ({
    id: caseId(e, i),
    f,
    optimizer: e.optimizer,
    params: e.params,
    start: s.start,
    steps: s.steps,
    gradient: s.gradient,
    ...(bound === undefined ? {} : { bound }),
    ...caseExtras(e),
  }));
}

/**
 * One outcome per optimizer row, from `derived` (which must be up to date with `s`): the row's run,
 * or an error when there is none (no expression has compiled yet).
 */
function outcomes(s: AppState, derived: Derived): CaseOutcome[] {
  return s.optimizers.map((e, i) => {
    const run = derived.runs.get(e.key);
    if (run) return resultOf(caseId(e, i), run);
    const reason = derived.error ? `f: ${derived.error.message}` : 'not computed';
    return { id: caseId(e, i), error: reason };
  });
}

/**
 * The trajectories shown on the page in the command line's result format (`formatResults`). While
 * the typed expression is invalid the page shows — and this exports — the last valid function's runs.
 */
export function trajectoriesJson(s: AppState, derived: Derived): string {
  return formatResults(outcomes(s, derived));
}

/** The CSV header of `trajectoriesCsv`. */
export const CSV_HEADER = 'id,optimizer,step,x,y,f,grad_norm';

/**
 * The trajectories as CSV: `id,optimizer,step,x,y,f,grad_norm`, one row per optimizer and step
 * (step 0 is the start; a diverged run stops at its last finite row), numbers in shortest
 * round-trip form.
 */
export function trajectoriesCsv(s: AppState, derived: Derived): string {
  const lines = [CSV_HEADER];
  s.optimizers.forEach((e, i) => {
    const run = derived.runs.get(e.key);
    if (!run) return;
    const id = caseId(e, i);
    for (let k = 0; k < run.rows; k++) {
      const values = [run.xyf[3 * k], run.xyf[3 * k + 1], run.xyf[3 * k + 2], run.gradNorm[k]];
      lines.push([id, e.optimizer, String(k), ...values.map(linkNumber)].join(','));
    }
  });
  return `${lines.join('\n')}\n`;
}
