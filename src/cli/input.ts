/** Reading a JSON cases file (a path, or "-" for standard input), shared by every case-file command. */
import { readFileSync } from 'node:fs';
import { type CaseError, casesOf } from '../core/cases.ts';
import { err, ok, type Result } from '../core/result.ts';
import { clipText } from '../core/text.ts';
import { type CliIo, EXIT_CASE_ERROR, EXIT_OK, type Sink } from './command.ts';

/** Largest cases file read, in bytes (the parsed JSON takes several times as much memory). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * The first byte offset where `bytes` stops being well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates U+D800–U+DFFF, nothing above U+10FFFF), or -1 when all of it is.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Sequence length and the allowed range of the second byte (tighter than 80..BF where the
    // first byte alone would allow overlong forms, surrogates or code points above U+10FFFF).
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + 1 >= n || bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let j = 2; j < len; j++) {
      if (i + j >= n || bytes[i + j] < 0x80 || bytes[i + j] > 0xbf) return i;
    }
    i += len;
  }
  return -1;
}

/** 1-based line and column (in bytes) of `offset`. */
function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * `bytes` as text: a leading UTF-8 byte-order mark is dropped; invalid UTF-8 is an error naming the
 * byte offset, line and column of the first bad byte (never silently replaced by U+FFFD).
 */
export function decodeUtf8(bytes: Uint8Array): Result<string, string> {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
  } catch {
    const at = invalidUtf8Offset(body);
    const offset = start + Math.max(0, at);
    const { line, column } = lineAndColumn(bytes, offset);
    const byte = bytes[offset]?.toString(16).toUpperCase().padStart(2, '0') ?? 'end';
    return err(
      `is not valid UTF-8: byte 0x${byte} at offset ${offset} (line ${line}, byte ${column} of the line)`,
    );
  }
}

/**
 * Reads, parses and unwraps the cases of `path` (a JSON array, or `{"cases": [...]}`). On failure
 * the usage message has been written and the error is the exit status to return.
 */
export function readCases(path: string, io: CliIo): Result<readonly unknown[], number> {
  const name = path === '-' ? 'standard input' : clipText(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    return err(io.usage(`cannot read ${name}: ${clipText((e as Error).message, 200)}`));
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    return err(io.usage(`${name} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; split the cases`));
  }
  const text = decodeUtf8(bytes);
  if (!text.ok) return err(io.usage(`${name} ${text.error}`));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.value);
  } catch (e) {
    return err(io.usage(`${name} is not valid JSON: ${clipText((e as Error).message, 200)}`));
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

/** Size at which {@link bufferedWriter} passes its text on. */
const FLUSH_AT = 64 * 1024;

/**
 * Collects small writes and passes them to `sink` in pieces of about 64 KiB, so that a million tiny
 * results are not a million system calls. Call `flush` at the end (and before writing elsewhere).
 */
export function bufferedWriter(sink: Sink): { write: (text: string) => void; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    sink.write(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= FLUSH_AT) flush();
    },
    flush,
  };
}

/**
 * Runs a streaming writer (`writeResults`, `writeCurvatureResults`, or any built on
 * `streamResults`) against the command's output: results to `io.out` in ~64 KiB pieces, one
 * `descent: case "id": error` line per failed case on `io.err`. Returns the exit status.
 */
export function streamToIo(
  io: CliIo,
  stream: (write: (text: string) => void, onError: (e: CaseError) => void) => number,
): number {
  const out = bufferedWriter(io.out);
  const failed = stream(out.write, (e) => {
    out.flush();
    io.err.write(`descent: case ${e.id === null ? 'null' : `"${clipText(e.id)}"`}: ${e.error}\n`);
  });
  out.flush();
  return failed > 0 ? EXIT_CASE_ERROR : EXIT_OK;
}
