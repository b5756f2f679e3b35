import { FUNCTION_PRESETS } from '../../core/functions/presets.ts';
import { type Command, EXIT_OK } from '../command.ts';
import { functionsJson, functionsTable } from '../tables.ts';

export const functionsCommand: Command = {
  name: 'functions',
  usage: 'functions [--json]',
  summary: 'list the function presets',
  help: 'descent functions [--json] — the function presets: id, name, domain, minima, start, colour scale',
  options: ['--json'],
  run(args, io) {
    io.out.write(
      args.options.has('--json') ? functionsJson(FUNCTION_PRESETS) : functionsTable(FUNCTION_PRESETS),
    );
    return EXIT_OK;
  },
};
