/**
 * `descent`: the gradient core from the command line.
 *
 *   descent run CASES.json     run cases (a JSON array, or {"cases": [...]}; "-" reads stdin)
 *   descent functions [--json] the function presets
 *   descent optimizers [--json] the optimizers and their parameters
 *
 * Exit status: 0 when every case ran, 1 when some case had an error, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { casesOf, formatResults, isCaseError, runCases } from '../core/cases.ts';
import { FUNCTION_PRESETS } from '../core/functions/presets.ts';
import { OPTIMIZERS } from '../core/optimizers/index.ts';
import { functionsJson, functionsTable, optimizersJson, optimizersTable } from './tables.ts';

const HELP: Record<string, string> = {
  main: `descent — run gradient-descent optimizers headless

Usage:
  descent run CASES.json      run the cases in a JSON file ("-" reads standard input)
  descent functions [--json]  list the function presets
  descent optimizers [--json] list the optimizers with their parameters
  descent COMMAND --help      help on one command

From the repository: npm run --silent descent -- run cases.json`,
  run: `descent run CASES.json — run optimizer cases and print JSON results

CASES.json holds a JSON array of cases, or {"cases": [...]}; "-" reads standard input. A case:
  {"id": "adam-book", "f": "x^2/20 + y^2", "optimizer": "adam", "params": {"lr": 0.3},
   "start": [-7, 2], "steps": 30, "gradient": "exact"}
  f          an expression in x and y, or a function preset id (see: descent functions)
  optimizer  an optimizer id (see: descent optimizers); omitted params take their defaults
  start      [x, y]; optional when f is a preset id (its suggested start)
  steps      number of updates
  gradient   "exact" (symbolic derivatives, default) or "numeric" (central difference, h = 1e-4)
  tolerance  gradient norm below which the run counts as converged (default 1e-6)
  bound      |x| or |y| beyond this counts as divergence (default 1e6 × the domain's largest edge)

Prints {"results": [...]}, one result per case, in order:
  {"id", "status": "running" | "converged" | "diverged", "steps", "trajectory": [[x, y, f], ...],
   "grad_norm": [...], "diverged_at": step or null, "converged_at": step or null}
Row 0 of a trajectory is the start; it stops at the last finite row. Numbers are full float64
precision; non-finite numbers print as null. A bad case prints {"id", "error"} and the others
still run; the exit status is then 1.`,
  functions: `descent functions [--json] — the function presets: id, name, domain, minima, start, colour scale`,
  optimizers: `descent optimizers [--json] — the optimizers, their update rules and parameters (default, range)`,
};

function readInput(path: string): string {
  return readFileSync(path === '-' ? 0 : path, 'utf8');
}

/** Something to write text to: `process.stdout`, or a buffer in tests. */
export interface Sink {
  write(text: string): unknown;
}

/** Runs one command line; returns the exit status. */
export function main(
  argv: readonly string[],
  out: Sink = process.stdout,
  errOut: Sink = process.stderr,
): number {
  const args = [...argv];
  const wantsHelp = args.includes('--help') || args.includes('-h');
  const json = args.includes('--json');
  const positional = args.filter((a) => a === '-' || !a.startsWith('-'));
  const command = positional.shift();
  const usage = (message: string) => {
    errOut.write(`descent: ${message}\n\n${HELP[command && command in HELP ? command : 'main']}\n`);
    return 2;
  };
  const unknownFlags = args.filter(
    (a) => a.startsWith('-') && a !== '-' && !['--help', '-h', '--json'].includes(a),
  );
  if (command === undefined || command === 'help') {
    (wantsHelp || command === 'help' ? out : errOut).write(`${HELP.main}\n`);
    return wantsHelp || command === 'help' ? 0 : 2;
  }
  if (!(command in HELP) || command === 'main') return usage(`unknown command "${command}"`);
  if (wantsHelp) {
    out.write(`${HELP[command]}\n`);
    return 0;
  }
  if (unknownFlags.length > 0) return usage(`unknown option ${unknownFlags.join(' ')}`);
  switch (command) {
    case 'functions':
      out.write(json ? functionsJson(FUNCTION_PRESETS) : functionsTable(FUNCTION_PRESETS));
      return 0;
    case 'optimizers':
      out.write(json ? optimizersJson(OPTIMIZERS) : optimizersTable(OPTIMIZERS));
      return 0;
    default: {
      if (positional.length !== 1) return usage('run needs exactly one CASES.json file (or "-" for stdin)');
      let text: string;
      try {
        text = readInput(positional[0]);
      } catch (e) {
        return usage(`cannot read ${positional[0]}: ${(e as Error).message}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return usage(`${positional[0]} is not valid JSON: ${(e as Error).message}`);
      }
      const cases = casesOf(parsed);
      if (!cases.ok) return usage(cases.error);
      const outcomes = runCases(cases.value);
      out.write(formatResults(outcomes));
      const failed = outcomes.filter(isCaseError);
      for (const f of failed) errOut.write(`descent: case ${JSON.stringify(f.id)}: ${f.error}\n`);
      return failed.length > 0 ? 1 : 0;
    }
  }
}
