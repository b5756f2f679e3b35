/**
 * The command line's building blocks: a command is a table entry (one file per command under
 * `commands/`, registered in `commands/index.ts`); the main help and the usage errors derive from
 * that list.
 */

/** Something to write text to: `process.stdout`, or a buffer in tests. */
export interface Sink {
  write(text: string): unknown;
}

/** Where a command writes: results to `out`, messages to `err`. */
export interface CliIo {
  readonly out: Sink;
  readonly err: Sink;
  /** Writes `descent: MESSAGE` and the command's help to `err`; returns the usage exit status, 2. */
  usage(message: string): number;
}

/** A command line split for one command: what follows the command's name. */
export interface CommandArgs {
  /** Arguments that are not options ("-" counts as a positional: standard input). */
  readonly positional: readonly string[];
  /** Options given, by name (`--json`); `--name=value` is stored as name → value. */
  readonly options: ReadonlyMap<string, string | true>;
}

export interface Command {
  /** The word after `descent`. */
  readonly name: string;
  /** The command's synopsis for the main help, e.g. `run CASES.json`. */
  readonly usage: string;
  /** One line for the main help. */
  readonly summary: string;
  /** The full text of `descent NAME --help`. */
  readonly help: string;
  /** Options the command accepts besides `--help`/`-h` (e.g. `--json`); others are usage errors. */
  readonly options?: readonly string[];
  /** Runs the command; returns the exit status (0 ok, 1 some case failed, 2 usage). */
  run(args: CommandArgs, io: CliIo): number;
}

/** Exit statuses: every case ran; some case had an error; the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_CASE_ERROR = 1;
export const EXIT_USAGE = 2;
