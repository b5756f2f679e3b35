import { describe, expect, it } from 'vitest';
import {
  type BatchPieces,
  runBasinsCase,
  streamBasinsCase,
  writeBatchResults,
} from '../../../src/core/batch/cases.ts';
import { newCompileCache, safeJson } from '../../../src/core/cases.ts';

const basins = {
  id: 'b\u2028',
  f: 'log(x) + y^2',
  optimizer: 'sgd',
  params: { lr: 0.1 },
  steps: 5,
  grid: { x: [-1, 2], y: [-1, 1], n: 4 },
};

describe('streamBasinsCase', () => {
  it('writes the same text as the whole result, one row per piece', () => {
    const whole = runBasinsCase(basins, 0, newCompileCache());
    const streamed = streamBasinsCase(basins, 0, newCompileCache()) as BatchPieces;
    const pieces = [...streamed.pieces()];
    // A header, the 4 rows, the end.
    expect(pieces).toHaveLength(6);
    expect(pieces.join('')).toBe(safeJson(whole));
    // x = −1 and 0: log is not finite at the start, so those cells have no end point (null in JSON).
    expect(JSON.parse(pieces.join('')).cells[0][0]).toEqual({
      end: [null, null],
      f: null,
      status: 'diverged',
      steps: 0,
      label: null,
    });
  });
});

describe('writeBatchResults', () => {
  it('writes each case, an error for a bad one and for one that throws, and returns the errors', () => {
    let text = '';
    const errors = writeBatchResults(
      [basins, { id: 'bad' }, { id: 'boom' }],
      (raw, i, cache) => {
        if ((raw as { id: string }).id === 'boom') throw new RangeError('out of memory');
        return streamBasinsCase(raw, i, cache);
      },
      (t) => {
        text += t;
      },
    );
    const { results } = JSON.parse(text);
    expect(results).toHaveLength(3);
    expect(results[0].cells).toHaveLength(4);
    // The id's line separator is escaped in the text, and the same string once parsed.
    expect(text).toContain('b\\u2028');
    expect(results[0].id).toBe('b\u2028');
    expect(results[1]).toEqual({ id: 'bad', error: expect.stringMatching(/missing "f"/) });
    expect(results[2]).toEqual({ id: 'boom', error: 'case #3 failed: RangeError: out of memory' });
    expect(errors.map((e) => e.id)).toEqual(['bad', 'boom']);
  });
});
