import { MAX_STEPS, writeResults } from '../../core/cases.ts';
import { SCHEDULES } from '../../core/schedules/index.ts';
import type { Command } from '../command.ts';
import { casesArgument, streamToIo } from '../input.ts';

/** `text` wrapped at 100 columns, each line indented by `indent` spaces. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

export const runCommand: Command = {
  name: 'run',
  usage: 'run CASES.json',
  summary: 'run the cases in a JSON file ("-" reads standard input)',
  help: `descent run CASES.json — run optimizer cases and print JSON results

CASES.json holds a JSON array of cases, or {"cases": [...]}; "-" reads standard input. A case:
  {"id": "adam-book", "f": "x^2/20 + y^2", "optimizer": "adam", "params": {"lr": 0.3},
   "start": [-7, 2], "steps": 30, "gradient": "exact"}
  f          an expression in x and y, or a function preset id (see: descent functions)
  optimizer  an optimizer id (see: descent optimizers); omitted params take their defaults
  start      [x, y]; optional when f is a preset id (its suggested start)
  steps      number of updates, at most ${MAX_STEPS.toLocaleString('en-US')}
  gradient   "exact" (symbolic derivatives, default) or "numeric" (central difference, h = 1e-4)
  tolerance  gradient norm below which the run counts as converged (default 1e-6)
  bound      |x| or |y| beyond this counts as divergence (default 1e6 × the domain's largest edge)
  schedule   a torch.optim.lr_scheduler class and its arguments by torch's names, stepped after every
             update: {"name": "CosineAnnealingLR", "T_max": 50}, {"name": "SequentialLR",
             "schedulers": [{"name": "LinearLR", "start_factor": 0.1, "total_iters": 5}, ...],
             "milestones": [5]}; one of
${wrap(SCHEDULES.map((s) => s.name).join(' '), 13)}
  noise      {"sigma": σ, "seed": n}: adds σ·ξ to every gradient, ξ ~ N(0, I) from a seeded generator
             (the same seed gives the same numbers everywhere); |∇f| and convergence stay noiseless

Prints {"results": [...]}, one result per case, in order:
  {"id", "status": "running" | "converged" | "diverged", "steps", "trajectory": [[x, y, f], ...],
   "grad_norm": [...], "lr": [...], "diverged_at": step or null, "converged_at": step or null}
Row 0 of a trajectory is the start; it stops at the last finite row. lr[k] is the learning rate that
update k + 1 used (row k → row k + 1), torch's param_groups[0]["lr"] at that step. Numbers are full float64
precision; non-finite numbers print as null. A bad case prints {"id", "error"} and the others
still run; the exit status is then 1.

Results are written case by case as they finish (memory does not grow with the number of cases; a
case holds 32 bytes per step while it runs). Messages quote at most 80 characters of your text,
with control characters escaped (\\u001b). The file may start with a UTF-8 byte-order mark; it must
be valid UTF-8.`,
  run(args, io) {
    const cases = casesArgument('run', args.positional, io);
    if (!cases.ok) return cases.error;
    return streamToIo(io, (write, onError) => writeResults(cases.value, write, onError));
  },
};
