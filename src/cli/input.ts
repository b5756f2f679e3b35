/** Reading a JSON cases file (a path, or "-" for standard input), shared by every case-file command. */
import { readFileSync } from 'node:fs';
import { casesOf } from '../core/cases.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { CliIo } from './command.ts';

function readInput(path: string): string {
  return readFileSync(path === '-' ? 0 : path, 'utf8');
}

/**
 * Reads, parses and unwraps the cases of `path` (a JSON array, or `{"cases": [...]}`). On failure
 * the usage message has been written and the error is the exit status to return.
 */
export function readCases(path: string, io: CliIo): Result<readonly unknown[], number> {
  let text: string;
  try {
    text = readInput(path);
  } catch (e) {
    return err(io.usage(`cannot read ${path}: ${(e as Error).message}`));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return err(io.usage(`${path} is not valid JSON: ${(e as Error).message}`));
  }
  const cases = casesOf(parsed);
  return cases.ok ? ok(cases.value) : err(io.usage(cases.error));
}

/** The one CASES.json argument of a case-file command, or the usage error's exit status. */
export function casesArgument(
  command: string,
  positional: readonly string[],
  io: CliIo,
): Result<readonly unknown[], number> {
  if (positional.length !== 1) {
    return err(io.usage(`${command} needs exactly one CASES.json file (or "-" for stdin)`));
  }
  return readCases(positional[0], io);
}
