#!/usr/bin/env node
import { writeSync } from 'node:fs';
import { clipText } from '../core/text.ts';
import { main } from './cli.ts';
import type { Sink } from './command.ts';

/** Raised when the reader of our output has gone away (`descent run … | head`). */
class BrokenPipe extends Error {}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes straight to a file descriptor and waits until the text is out. `process.stdout` queues in
 * memory whatever a full pipe does not take, so a slow reader (`descent run big.json | less`) would
 * make a long result sit in memory whole; here memory stays at one piece of text.
 */
function fdSink(fd: number): Sink {
  return {
    write(text: string) {
      const bytes = Buffer.from(text, 'utf8');
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
          else if (code === 'EPIPE') throw new BrokenPipe();
          else throw e;
        }
      }
    },
  };
}

const err = fdSink(2);
try {
  process.exitCode = main(process.argv.slice(2), fdSink(1), err);
} catch (e) {
  // The reader closed the pipe: stop quietly, as a process killed by SIGPIPE would (128 + 13).
  if (e instanceof BrokenPipe) process.exitCode = 141;
  else {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    err.write(`descent: internal error: ${clipText(message, 200)}\n`);
    process.exitCode = 70;
  }
}
