import { MAX_SWEEP_N, MAX_WORK, runSweepCase } from '../../core/batch/cases.ts';
import type { Command } from '../command.ts';
import { CELL_HELP, runBatchCommand } from './basins.ts';

export const sweepCommand: Command = {
  name: 'sweep',
  usage: 'sweep CASES.json',
  summary: 'hyperparameter maps: run a case over one or two parameter ranges',
  help: `descent sweep CASES.json — run a case over a grid of one or two parameters

A case is a descent run case plus
  "sweep": {"<param>": {"range": [lo, hi], "n": n, "scale": "log" | "linear"}, "<param>": {…}}
one or two parameters, in that order: number parameters of the optimizer (descent optimizers), or
"steps" (values rounded to integers). 2 ≤ n ≤ ${MAX_SWEEP_N}; "scale" defaults to the parameter's own
(log for lr and eps); log needs lo > 0. The swept values replace the case's "params" for them.
  linear: v[i] = lo + (hi − lo)·i/(n − 1)      log: v[i] = lo·(hi/lo)^(i/(n − 1))
and v[n − 1] = hi exactly. Each printed value is exactly the one its cells ran with.
e.g. {"id": "m", "f": "x^2/20 + y^2", "optimizer": "momentum", "start": [-7, 2], "steps": 100,
      "sweep": {"lr": {"range": [0.01, 2], "n": 32}, "momentum": {"range": [0, 0.99], "n": 32}}}

Prints {"results": [{"id", "axes": {"<param>": [values], …}, "cells": [[cell, …], …]}, …]} with
cells[i][j] at the first parameter's i-th value and the second's j-th (one parameter: cells[i][0]).
${CELL_HELP}
A case may ask for at most ${MAX_WORK.toExponential(0)} cell-steps. A bad case prints {"id", "error"}, the others
still run, and the exit status is 1.`,
  run: (args, io) => runBatchCommand('sweep', runSweepCase, args, io),
};
