/** `descent torch`: the command around `torchScript` (the script itself is tested in tests/core). */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import { torchScript } from '../../src/core/torch-script.ts';

function descent(args: string[], file?: string) {
  let out = '';
  let err = '';
  if (file !== undefined) {
    const path = join(mkdtempSync(join(tmpdir(), 'descent-')), 'cases.json');
    writeFileSync(path, file);
    args = args.map((a) => (a === '@cases' ? path : a));
  }
  const status = main(args, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
  return { out, err, status };
}

const CASES = [
  {
    id: 'a',
    f: 'x^2/20 + y^2',
    optimizer: 'sgd',
    params: { lr: 0.5 },
    start: [-7, 2],
    steps: 10,
    schedule: { name: 'StepLR', step_size: 3 },
    noise: { sigma: 0.1, seed: 4 },
  },
];

describe('descent torch', () => {
  it('prints the script for a cases file (or {"cases": [...]})', () => {
    const { out, err, status } = descent(['torch', '@cases'], JSON.stringify({ cases: CASES }));
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toBe(torchScript(CASES));
    expect(out.startsWith('#!/usr/bin/env python3\n')).toBe(true);
    expect(out).toContain('S.StepLR(opt, step_size=3, gamma=0.1)');
    expect(out).toContain('"noise": {"sigma": 0.1, "seed": 4}');
  });

  it('is listed in the main help and has its own', () => {
    expect(descent(['--help']).out).toMatch(/descent torch CASES\.json +print a PyTorch script/);
    expect(descent(['torch', '--help']).out).toMatch(/prints the same JSON as "descent run CASES\.json"/);
  });

  it('refuses a missing or invalid file with a usage error', () => {
    expect(descent(['torch']).status).toBe(2);
    expect(descent(['torch', '@cases'], '{not json').status).toBe(2);
  });
});
