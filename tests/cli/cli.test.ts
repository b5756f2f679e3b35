import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';

/** Runs the command line in-process and captures its output. */
function descent(args: string[], stdin?: string) {
  let out = '';
  let err = '';
  if (stdin !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'descent-'));
    const file = join(dir, 'cases.json');
    writeFileSync(file, stdin);
    args = args.map((a) => (a === '@cases' ? file : a));
  }
  const status = main(args, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
  return { out, err, status };
}

const bookSgd = {
  id: 'sgd',
  f: 'x^2/20 + y^2',
  optimizer: 'sgd',
  params: { lr: 0.95 },
  start: [-7, 2],
  steps: 30,
};

describe('descent run', () => {
  it('prints the trajectory of each case with full precision', () => {
    const { out, status, err } = descent(['run', '@cases'], JSON.stringify([bookSgd]));
    expect(err).toBe('');
    expect(status).toBe(0);
    const { results } = JSON.parse(out);
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(r.id).toBe('sgd');
    expect(r.status).toBe('running');
    expect(r.diverged_at).toBeNull();
    expect(r.trajectory).toHaveLength(31);
    expect(r.trajectory[0]).toEqual([-7, 2, 6.45]);
    // x_k = −7·0.905^k, y_k = 2·(−0.9)^k (hand-derived closed form of SGD on this quadratic).
    expect(r.trajectory[30][0]).toBeCloseTo(-7 * 0.905 ** 30, 13);
    expect(r.trajectory[30][1]).toBeCloseTo(2 * 0.9 ** 30, 13);
  });

  it('accepts {"cases": [...]} and a preset id with its default start and default params', () => {
    const { out, status } = descent(
      ['run', '@cases'],
      JSON.stringify({ cases: [{ id: 'r', f: 'rosenbrock', optimizer: 'adam', steps: 1 }] }),
    );
    expect(status).toBe(0);
    const [r] = JSON.parse(out).results;
    expect(r.trajectory[0].slice(0, 2)).toEqual([-1.5, 2]);
    // Adam's first step moves each coordinate by lr·sign(g) (up to eps): lr = 0.001 default.
    // ∇ at (−1.5, 2): (−2(1−x) − 400x(y−x²), 200(y−x²)) = (−5 + 600·(−0.25), 200·(−0.25)) = (−155, −50).
    expect(r.trajectory[1][0]).toBeCloseTo(-1.5 + 0.001, 9);
    expect(r.trajectory[1][1]).toBeCloseTo(2 + 0.001, 9);
  });

  it('reports bad cases one by one, runs the others, and exits with 1', () => {
    const cases = [
      { ...bookSgd, id: 'typo', f: 'x^2 + sine(y)' },
      { ...bookSgd, id: 'noopt', optimizer: 'adamm' },
      { ...bookSgd, id: 'param', params: { lr: 0.1, betas: 0.9 } },
      { ...bookSgd, id: 'range', optimizer: 'adam', params: { beta1: 1.5 } },
      { id: 'missing', f: 'x^2', optimizer: 'sgd', start: [1, 1] },
      { ...bookSgd, id: 'nostart', start: undefined },
      bookSgd,
      42,
    ];
    const { out, err, status } = descent(['run', '@cases'], JSON.stringify(cases));
    expect(status).toBe(1);
    const { results } = JSON.parse(out);
    expect(results).toHaveLength(8);
    expect(results[0]).toEqual({ id: 'typo', error: expect.stringMatching(/sine.*did you mean "?sin"?/i) });
    expect(results[0].error).toMatch(/character 7/);
    expect(results[1].error).toMatch(/unknown optimizer "adamm"/);
    expect(results[2].error).toMatch(/betas/);
    expect(results[3].error).toMatch(/beta1/);
    expect(results[4].error).toMatch(/missing "steps"/);
    expect(results[5].error).toMatch(/missing "start"/);
    expect(results[6].trajectory).toHaveLength(31);
    expect(results[7]).toEqual({ id: null, error: 'case #8 is not an object' });
    expect(err.split('\n').filter(Boolean)).toHaveLength(7);
  });

  it('writes non-finite numbers as null and flags divergence with the step', () => {
    // sqrt(x) from x = 1 with lr 10 lands on x = −4 at step 1 (NaN).
    const { out, status } = descent(
      ['run', '@cases'],
      JSON.stringify([
        { id: 'd', f: 'sqrt(x)', optimizer: 'sgd', params: { lr: 10 }, start: [1, 0], steps: 5 },
      ]),
    );
    expect(status).toBe(0);
    const [r] = JSON.parse(out).results;
    expect(r.status).toBe('diverged');
    expect(r.diverged_at).toBe(1);
    expect(r.trajectory).toEqual([[1, 0, 1]]);
    // |∇ sqrt(x)| at 1 is 0.5; the y-derivative of sqrt(x) is 0.
    expect(r.grad_norm).toEqual([0.5]);
  });

  it('fails with status 2 and a message on a missing file or invalid JSON', () => {
    expect(descent(['run', '/nonexistent/cases.json']).status).toBe(2);
    const bad = descent(['run', '@cases'], '[{"id": ');
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/not valid JSON/);
    expect(descent(['run', '@cases'], '{"x": 1}').err).toMatch(/expected a JSON array/);
  });
});

describe('descent functions / optimizers / help', () => {
  it('lists the presets as a table and as JSON', () => {
    const table = descent(['functions']);
    expect(table.status).toBe(0);
    expect(table.out).toMatch(/rosenbrock\s+Rosenbrock/);
    const json = JSON.parse(descent(['functions', '--json']).out);
    expect(json.find((p: { id: string }) => p.id === 'book').expression).toBe('x^2/20 + y^2');
  });

  it('lists the optimizers with their parameters', () => {
    const table = descent(['optimizers']);
    expect(table.out).toMatch(/adam — Adam/);
    expect(table.out).toMatch(/eps_mode=pytorch/);
    const json = JSON.parse(descent(['optimizers', '--json']).out);
    expect(json.map((o: { id: string }) => o.id)).toEqual(
      expect.arrayContaining([
        'sgd',
        'momentum',
        'nesterov',
        'adagrad',
        'rmsprop',
        'adam',
        'adamw',
        'adamax',
        'nadam',
        'radam',
        'adadelta',
      ]),
    );
  });

  it('has --help on every command', () => {
    for (const cmd of [[], ['run'], ['functions'], ['optimizers']]) {
      const r = descent([...cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/descent/);
    }
    expect(descent(['run', '--help']).out).toMatch(/diverged_at/);
  });

  it('derives the main help from the command registry, and each command has its own help', () => {
    const help = descent(['--help']).out;
    expect(COMMANDS.length).toBeGreaterThanOrEqual(3);
    for (const c of COMMANDS) {
      expect(help).toContain(`descent ${c.usage}`);
      expect(help).toContain(c.summary);
      expect(descent([c.name, '--help']).out).toBe(`${c.help}\n`);
    }
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it('rejects unknown commands and options with status 2', () => {
    expect(descent(['frobnicate']).status).toBe(2);
    expect(descent(['functions', '--yaml']).status).toBe(2);
    expect(descent([]).status).toBe(2);
  });
});

describe('npm run descent (a real process)', () => {
  it('reads stdin with "-" and exits 1 when a case fails', () => {
    const r = spawnSync('npm', ['run', '--silent', 'descent', '--', 'run', '-'], {
      input: JSON.stringify([bookSgd, { ...bookSgd, id: 'bad', f: 'x +' }]),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const { results } = JSON.parse(r.stdout);
    expect(results[0].trajectory).toHaveLength(31);
    expect(results[1].error).toMatch(/\+/);
  }, 30_000);

  it('exits 0 and prints help', () => {
    const out = execFileSync('npm', ['run', '--silent', 'descent', '--', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/descent run CASES.json/);
  }, 30_000);
});
