import { SCHEDULES, type ScheduleParamSpec } from '../../core/schedules/index.ts';
import { type Command, EXIT_OK } from '../command.ts';

/** One argument as `name = default (kind)`; required arguments and torch's None say so. */
function describeArg(p: ScheduleParamSpec): string {
  switch (p.kind) {
    case 'number': {
      const what = p.integer ? 'int' : 'float';
      const value = p.default === 'required' ? 'required' : p.default === null ? 'None' : String(p.default);
      return `${p.name} = ${value} (${what} ${p.minExclusive ? '>' : '≥'} ${p.min}${p.max === Number.POSITIVE_INFINITY || p.integer ? '' : `, ≤ ${p.max}`})`;
    }
    case 'boolean':
      return `${p.name} = ${p.default ? 'true' : 'false'}`;
    case 'choice':
      return `${p.name} = "${p.default}" (${p.options.map((o) => `"${o}"`).join(' | ')})`;
    case 'integers':
      return `${p.name} = required (list of ints${p.increasing ? ', increasing' : ''})`;
    case 'schedules':
      return `${p.name} = required (list of schedules)`;
  }
}

function schedulesText(): string {
  return `${SCHEDULES.map(
    (s) =>
      `${s.name} — ${s.summary}\n  ${s.formula}\n${s.params.map((p) => `  ${describeArg(p).padEnd(52)} ${p.description}`).join('\n')}`,
  ).join('\n\n')}\n`;
}

export const schedulesCommand: Command = {
  name: 'schedules',
  usage: 'schedules [--json]',
  summary: 'list the learning-rate schedules (torch.optim.lr_scheduler) and their arguments',
  help: `descent schedules [--json] — the schedules a case's "schedule" may name, with torch's argument names,
defaults (None: may be omitted; required: no default) and allowed ranges`,
  options: ['--json'],
  run(args, io) {
    io.out.write(
      args.options.has('--json')
        ? `${JSON.stringify(
            SCHEDULES.map(({ name, summary, formula, params }) => ({ name, summary, formula, params })),
            (_, v) => (v === Number.POSITIVE_INFINITY ? 'Infinity' : v),
            2,
          )}\n`
        : schedulesText(),
    );
    return EXIT_OK;
  },
};
