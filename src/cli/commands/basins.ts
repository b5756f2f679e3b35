import {
  type BatchRunner,
  MAX_GRID_N,
  MAX_WORK,
  streamBasinsCase,
  writeBatchResults,
} from '../../core/batch/cases.ts';
import { clipText } from '../../core/text.ts';
import { type CliIo, type Command, type CommandArgs, EXIT_CASE_ERROR, EXIT_OK } from '../command.ts';
import { bufferedWriter, casesArgument } from '../input.ts';

/** Shared by basins, sweep and tune: read the cases, run and print each in turn, then name the errors. */
export function runBatchCommand(name: string, runOne: BatchRunner, args: CommandArgs, io: CliIo): number {
  const cases = casesArgument(name, args.positional, io);
  if (!cases.ok) return cases.error;
  const out = bufferedWriter(io.out);
  const failed = writeBatchResults(cases.value, runOne, out.write);
  out.flush();
  for (const e of failed) {
    io.err.write(`descent: case ${e.id === null ? 'null' : `"${clipText(e.id)}"`}: ${e.error}\n`);
  }
  return failed.length > 0 ? EXIT_CASE_ERROR : EXIT_OK;
}

/** The part of every batch command's help that describes a cell. */
export const CELL_HELP = `A cell is {"end": [x, y], "f", "status", "steps", "label"}: the end point and f of the run (its
last trajectory row; null when not even the start was finite), its status, "steps" = converged_at when
converged, diverged_at when diverged, else the steps asked, and "label" = which minimum it reached:
for a preset, the index in its list of critical points (descent functions --json) of the nearest
minimum within 1% of the domain's largest edge; for an expression, a cluster of end points (leader
clustering in cell order, same radius with the domain [-10, 10]², at most 64 clusters); null for
diverged cells or none within reach. Every cell equals descent run of that case, bit for bit.`;

export const basinsCommand: Command = {
  name: 'basins',
  usage: 'basins CASES.json',
  summary: 'basins of attraction: run a case from every start of a grid',
  help: `descent basins CASES.json — run a case from every start of an n × n grid

A case is a descent run case without "start", plus
  "grid": {"x": [lo, hi], "y": [lo, hi], "n": n}     2 ≤ n ≤ ${MAX_GRID_N}
e.g. {"id": "adam", "f": "himmelblau", "optimizer": "adam", "params": {"lr": 0.05}, "steps": 500,
      "grid": {"x": [-5, 5], "y": [-5, 5], "n": 64}}
The starts are x[i] = lo + (hi − lo)·i/(n − 1) (x[n − 1] = hi exactly), the same for y.

Prints {"results": [{"id", "x": [n values], "y": [n values], "cells": [[cell, …], …]}, …]} with
cells[i][j] the run from (x[i], y[j]).
${CELL_HELP}
A case may ask for at most ${MAX_WORK.toExponential(0)} cell-steps (n² × steps). A bad case prints {"id", "error"},
the others still run, and the exit status is 1.`,
  run: (args, io) => runBatchCommand('basins', streamBasinsCase, args, io),
};
