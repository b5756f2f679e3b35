import { MAX_TUNE_N, MAX_TUNE_ROUNDS, MAX_WORK, runTuneCase } from '../../core/batch/cases.ts';
import { REFINE_N, TUNE_DEFAULTS } from '../../core/batch/tune.ts';
import type { Command } from '../command.ts';
import { CELL_HELP, runBatchCommand } from './basins.ts';

const D = TUNE_DEFAULTS;

export const tuneCommand: Command = {
  name: 'tune',
  usage: 'tune CASES.json',
  summary: "a fair tune: each case's best learning rate and its tuning curve",
  help: `descent tune CASES.json — find each case's best learning rate for its function, start and steps

A case is a descent run case (one optimizer; a file of cases tunes several), plus optionally
  "tune": {"range": [lo, hi], "n": n, "metric": "final_f" | "steps", "rounds": r}
defaults range [${D.range.join(', ')}], n ${D.n} (n ≤ ${MAX_TUNE_N}), metric "${D.metric}", rounds ${D.rounds} (≤ ${MAX_TUNE_ROUNDS}).
  1. a log grid: lr[i] = lo·(hi/lo)^(i/(n − 1)), the last exactly hi;
  2. each round: ${REFINE_N} more rates, log-spaced strictly between the best rate's two neighbours.
Metric: "final_f" = the run's final f (a diverged run fails); "steps" = steps to reach the case's
tolerance, converged_at (a run that does not converge fails). The best has the smallest metric, ties
broken by the smaller final f, then the smaller lr. Every other parameter is the case's "params".

Prints {"results": [{"id", "optimizer", "metric", "best": point or null, "curve": [point, …]}, …]},
the curve in ascending lr; a point is a cell with "lr" and "value" (the metric; null where it failed):
  {"lr", "value", "end": [x, y], "f", "status", "steps", "label"}
${CELL_HELP}
A case may ask for at most ${MAX_WORK.toExponential(0)} cell-steps. A bad case prints {"id", "error"}, the others
still run, and the exit status is 1.`,
  run: (args, io) => runBatchCommand('tune', runTuneCase, args, io),
};
