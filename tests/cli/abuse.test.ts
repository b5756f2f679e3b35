/**
 * The command line under big and hostile input (issue #10): long runs, many cases, deep JSON, huge
 * text, control characters, byte-order marks, invalid UTF-8. Nothing may crash, print a stack trace,
 * or echo a huge input back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import {
  COMPILE_CACHE_SIZE,
  computeCase,
  formatResults,
  MAX_ID_LENGTH,
  newCompileCache,
  runCases,
  writeResults,
} from '../../src/core/cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'descent-abuse-'));
let fileCount = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `cases-${fileCount++}.json`);
  writeFileSync(path, content);
  return path;
}

/** Runs the command line in-process; records every write separately. */
function descent(args: string[]) {
  const writes: string[] = [];
  let err = '';
  const status = main(args, { write: (t: string) => writes.push(t) }, { write: (t: string) => (err += t) });
  return { out: writes.join(''), writes, err, status };
}

const quad = { f: 'x^2 + y^2', optimizer: 'sgd', params: { lr: 0.1 }, start: [1, 1], steps: 3 };
const ESC = '\u001b';
const BEL = '\u0007';
const CSI8 = '\u009b';

/** Whether `text` holds a C0 control other than newline, DEL, or a C1 control. */
const hasControl = (text: string) =>
  [...text].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && c !== '\n') || (code >= 0x7f && code <= 0x9f);
  });

describe('descent run streams its results', () => {
  it('computes and writes case by case: case i is written before case i + 1 is read', () => {
    const log: string[] = [];
    const raw = [0, 1, 2].map((i) => ({ ...quad, id: `c${i}` }));
    // A proxy logs when each case is read; the sink logs when each result is written.
    const cases = new Proxy(raw, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) log.push(`read ${key}`);
        return Reflect.get(target, key, receiver);
      },
    });
    writeResults(cases, (t) => {
      const m = /"id":"(c\d)"/.exec(t);
      if (m) log.push(`write ${m[1]}`);
    });
    expect(log).toEqual(['read 0', 'write c0', 'read 1', 'write c1', 'read 2', 'write c2']);
  });

  it('writes the same text as JSON.stringify of the whole results, errors included', () => {
    const cases = [
      { ...quad, id: 'a' },
      { ...quad, id: 'typo', f: 'x +' },
      { id: 'd', f: 'sqrt(x)', optimizer: 'sgd', params: { lr: 10 }, start: [1, 0], steps: 5 },
      { ...quad, id: 'long', steps: 10_000 },
      7,
    ];
    let text = '';
    const failed = writeResults(cases, (t) => (text += t));
    expect(failed).toBe(2);
    expect(text).toBe(formatResults(runCases(cases)));
    let empty = '';
    writeResults([], (t) => (empty += t));
    expect(empty).toBe(formatResults([]));
  });

  it('writes a long trajectory in pieces, never as one string', () => {
    const { writes, status } = descent([
      'run',
      file(JSON.stringify([{ ...quad, id: 'long', params: { lr: 0.001 }, steps: 200_000 }])),
    ]);
    expect(status).toBe(0);
    // 200 001 rows are ~10 MB of text; no single write may hold more than ~1 MB of it.
    expect(writes.length).toBeGreaterThan(10);
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(1_000_000);
    expect(JSON.parse(writes.join('')).results[0].trajectory).toHaveLength(200_001);
  }, 30_000);

  it('runs 2,000,000 steps in a 200 MB heap, through a slow pipe, as valid JSON', () => {
    const cases = file(
      JSON.stringify([{ id: 'adam', f: 'rosenbrock', optimizer: 'adam', steps: 2_000_000 }]),
    );
    const out = join(dir, 'two-million.json');
    // The reader starts late: output must wait for it, not pile up in memory.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `node --max-old-space-size=200 --import tsx src/cli/bin.ts run "${cases}" | (sleep 1; cat > "${out}"); echo "status $?"`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('status 0\n');
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n]}\n')).toBe(true);
    const [result] = JSON.parse(text).results;
    expect(result.steps).toBe(2_000_000);
    expect(result.trajectory).toHaveLength(2_000_001);
    expect(result.grad_norm).toHaveLength(2_000_001);
  }, 60_000);

  it('runs 100,000 small cases with a bounded number of writes', () => {
    const cases = Array.from({ length: 100_000 }, (_, i) => ({ ...quad, id: i, steps: 1 }));
    const { writes, status, err } = descent(['run', file(JSON.stringify(cases))]);
    expect(status).toBe(0);
    expect(err).toBe('');
    expect(writes.length).toBeLessThan(1000);
    const { results } = JSON.parse(writes.join(''));
    expect(results).toHaveLength(100_000);
    expect(results[99_999].id).toBe('99999');
  }, 30_000);

  it('turns an unexpected exception inside a case into that case’s error', () => {
    const hostile = {
      ...quad,
      get id(): string {
        throw new Error(`boom ${ESC}]0;pwned${BEL}`);
      },
    };
    const cache = newCompileCache();
    const outcome = computeCase(hostile, 0, cache);
    expect(outcome).toEqual({ id: null, error: expect.stringMatching(/^case #1 failed: Error: boom/) });
    expect(JSON.stringify(outcome)).not.toContain(ESC);
    let text = '';
    expect(writeResults([hostile, { ...quad, id: 'ok' }], (t) => (text += t))).toBe(1);
    expect(JSON.parse(text).results[1].id).toBe('ok');
  });
});

describe('descent run with hostile text', () => {
  it('does not echo a 10 MB f back, on stdout or stderr', () => {
    const f = `x + ${'y'.repeat(10_000_000)}`;
    const { out, err, status } = descent(['run', file(JSON.stringify([{ ...quad, id: 'huge', f }]))]);
    expect(status).toBe(1);
    expect(out.length).toBeLessThan(2000);
    expect(err.length).toBeLessThan(2000);
    expect(JSON.parse(out).results[0].error).toMatch(/10000004 characters/);
  }, 30_000);

  it('escapes control characters in ids, f and names, on stdout and stderr', () => {
    const evil = `${ESC}]0;owned${BEL}${CSI8}2J`;
    const cases = [
      { ...quad, id: `id${evil}`, f: `x + ${evil}` },
      { ...quad, id: 'opt', optimizer: `adam${evil}` },
      { ...quad, id: 'field', [`k${evil}`]: 1 },
    ];
    const { out, err, status } = descent(['run', file(JSON.stringify(cases))]);
    expect(status).toBe(1);
    for (const text of [out, err]) expect(hasControl(text)).toBe(false);
    // The id is escaped, not altered: parsed, it is the id given.
    expect(JSON.parse(out).results[0].id).toBe(`id${evil}`);
    expect(err).toContain('\\u001b]0;owned\\u0007\\u009b2J');
    expect(err.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('cuts long ids, names and many unknown fields short', () => {
    const longId = 'i'.repeat(MAX_ID_LENGTH + 1);
    const manyFields = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`field${i}`, i]));
    const cases = [
      { ...quad, id: longId },
      { ...quad, id: 'opt', optimizer: 'o'.repeat(1_000_000) },
      { ...quad, id: 'fields', ...manyFields },
      { ...quad, id: 'param', params: { ['p'.repeat(1_000_000)]: 1 } },
      { ...quad, id: 'choice', optimizer: 'adam', params: { eps_mode: 'q'.repeat(1_000_000) } },
    ];
    const { out, err } = descent(['run', file(JSON.stringify(cases))]);
    expect(out.length).toBeLessThan(5000);
    expect(err.length).toBeLessThan(5000);
    const { results } = JSON.parse(out);
    expect(results[0].error).toMatch(/longer than 256/);
    expect(results[0].id).toMatch(/^i{80}…$/);
    expect(results[1].error).toMatch(/unknown optimizer "o{80}…"/);
    expect(results[2].error).toMatch(/"field0", "field1", "field2", and 99997 more/);
    expect(results[3].error).toMatch(/p{80}…/);
    expect(results[4].error).toMatch(/"eps_mode" = "q{80}…" is not one of its choices/);
  }, 30_000);

  it('accepts a UTF-8 byte-order mark', () => {
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify([{ ...quad, id: 'b' }])),
    ]);
    const { out, status, err } = descent(['run', file(bom)]);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(out).results[0].id).toBe('b');
  });

  it('rejects invalid UTF-8 and says where', () => {
    // Line 2, third byte of the line: a lone continuation byte 0x80 inside the id string.
    const bytes = Buffer.concat([Buffer.from('[\n{"'), Buffer.from([0x80]), Buffer.from('": 1}]')]);
    const { status, err } = descent(['run', file(bytes)]);
    expect(status).toBe(2);
    expect(err).toMatch(/not valid UTF-8: byte 0x80 at offset 4 \(line 2, byte 3 of the line\)/);
  });

  it('survives deeply nested JSON without a stack trace', () => {
    const depth = 100_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const top = descent(['run', file(deep)]);
    expect(top.status).toBe(1);
    expect(JSON.parse(top.out).results[0].error).toBe('case #1 is not an object');
    const inParams = `[{"id": "p", "f": "x", "optimizer": "sgd", "start": [0, 0], "steps": 1, "params": {"lr": ${deep}}}]`;
    const nested = descent(['run', file(inParams)]);
    expect(nested.status).toBe(1);
    expect(JSON.parse(nested.out).results[0].error).toMatch(/lr must be a number, got an array/);
    for (const r of [top, nested]) expect(r.err).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('the compile cache', () => {
  it('keeps at most COMPILE_CACHE_SIZE expressions however many distinct ones run', () => {
    const cache = newCompileCache();
    for (let i = 0; i < COMPILE_CACHE_SIZE + 100; i++)
      computeCase({ ...quad, id: `${i}`, f: `x^2 + ${i}*y` }, i, cache);
    expect(cache.size).toBe(COMPILE_CACHE_SIZE);
    // The most recent expression is still there; the first one was evicted.
    expect(cache.has(`x^2 + ${COMPILE_CACHE_SIZE + 99}*y`)).toBe(true);
    expect(cache.has('x^2 + 0*y')).toBe(false);
  }, 30_000);
});
