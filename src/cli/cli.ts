/**
 * `descent`: the gradient core from the command line. The commands are table entries in
 * `commands/` (see `commands/index.ts`); this file splits the command line, prints the help
 * derived from that table, and dispatches.
 *
 * Exit status: 0 when every case ran, 1 when some case had an error, 2 on a usage error.
 */
import { type CliIo, type Command, type CommandArgs, EXIT_OK, EXIT_USAGE, type Sink } from './command.ts';
import { COMMANDS } from './commands/index.ts';

export type { Sink } from './command.ts';

const BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.name, c]));

/** The main help: one line per registered command. */
export function mainHelp(): string {
  const rows = [
    ...COMMANDS.map((c) => [`descent ${c.usage}`, c.summary]),
    ['descent COMMAND --help', 'help on one command'],
  ];
  const width = Math.max(...rows.map(([u]) => u.length)) + 1;
  return `descent — run gradient-descent optimizers headless

Usage:
${rows.map(([u, s]) => `  ${u.padEnd(width)} ${s}`).join('\n')}

From the repository: npm run --silent descent -- run cases.json`;
}

const HELP_FLAGS = new Set(['--help', '-h']);
const isOption = (a: string) => a.startsWith('-') && a !== '-';

/** Splits the arguments after the command's name. */
function splitArgs(args: readonly string[]): CommandArgs {
  const options = new Map<string, string | true>();
  for (const a of args.filter(isOption)) {
    const eq = a.indexOf('=');
    if (eq > 0) options.set(a.slice(0, eq), a.slice(eq + 1));
    else options.set(a, true);
  }
  return { positional: args.filter((a) => !isOption(a)), options };
}

/** Runs one command line; returns the exit status. */
export function main(
  argv: readonly string[],
  out: Sink = process.stdout,
  errOut: Sink = process.stderr,
): number {
  const wantsHelp = argv.some((a) => HELP_FLAGS.has(a));
  const commandIndex = argv.findIndex((a) => !isOption(a));
  const name = commandIndex < 0 ? undefined : argv[commandIndex];
  const command = name === undefined ? undefined : BY_NAME.get(name);
  const io: CliIo = {
    out,
    err: errOut,
    usage(message) {
      errOut.write(`descent: ${message}\n\n${command ? command.help : mainHelp()}\n`);
      return EXIT_USAGE;
    },
  };
  if (name === undefined || name === 'help') {
    const asked = wantsHelp || name === 'help';
    (asked ? out : errOut).write(`${mainHelp()}\n`);
    return asked ? EXIT_OK : EXIT_USAGE;
  }
  if (!command) return io.usage(`unknown command "${name}"`);
  if (wantsHelp) {
    out.write(`${command.help}\n`);
    return EXIT_OK;
  }
  const args = splitArgs(argv.filter((_, i) => i !== commandIndex));
  const allowed = new Set(command.options ?? []);
  const unknown = [...args.options.keys()].filter((o) => !allowed.has(o) && !HELP_FLAGS.has(o));
  if (unknown.length > 0) return io.usage(`unknown option ${unknown.join(' ')}`);
  return command.run(args, io);
}
