import { OPTIMIZERS } from '../../core/optimizers/index.ts';
import { type Command, EXIT_OK } from '../command.ts';
import { optimizersJson, optimizersTable } from '../tables.ts';

export const optimizersCommand: Command = {
  name: 'optimizers',
  usage: 'optimizers [--json]',
  summary: 'list the optimizers with their parameters',
  help: 'descent optimizers [--json] — the optimizers, their update rules and parameters (default, range)',
  options: ['--json'],
  run(args, io) {
    io.out.write(args.options.has('--json') ? optimizersJson(OPTIMIZERS) : optimizersTable(OPTIMIZERS));
    return EXIT_OK;
  },
};
