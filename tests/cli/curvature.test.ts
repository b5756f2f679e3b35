import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import { MAX_POINTS } from '../../src/core/cases.ts';
import fixtures from '../reference/fixtures/curvature.json';

const dir = mkdtempSync(join(tmpdir(), 'descent-curvature-'));
let n = 0;

function curvature(cases: unknown) {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, JSON.stringify(cases));
  let out = '';
  let err = '';
  const status = main(
    ['curvature', path],
    { write: (t: string) => (out += t) },
    { write: (t: string) => (err += t) },
  );
  return { out, err, status };
}

/** Within 1e-9, relative to the size of what is compared (absolute below 1). */
const near = (a: number, b: number, scale = Math.max(1, Math.abs(b))) => Math.abs(a - b) <= 1e-9 * scale;

interface Point {
  point: number[];
  f: number;
  gradient: number[];
  hessian: number[][];
  eigenvalues: number[];
  eigenvectors: number[][];
}

describe('descent curvature against sympy + numpy (tests/reference/curvature_ref.py)', () => {
  const cases = fixtures.functions.map(({ id, f, points }) => ({
    id,
    f,
    points: points.map((p) => p.point),
  }));
  const { out, err, status } = curvature(cases);

  it('runs every case', () => {
    expect(err).toBe('');
    expect(status).toBe(0);
  });

  const results: { id: string; points: Point[] }[] = JSON.parse(out).results;
  fixtures.functions.forEach((ref, i) => {
    it(`${ref.id}: f, gradient, exact Hessian, eigenvalues and eigenvectors (up to sign)`, () => {
      expect(results[i].id).toBe(ref.id);
      expect(results[i].points).toHaveLength(ref.points.length);
      ref.points.forEach((want, k) => {
        const got = results[i].points[k];
        expect(Object.keys(got)).toEqual([
          'point',
          'f',
          'gradient',
          'hessian',
          'eigenvalues',
          'eigenvectors',
        ]);
        expect(got.point).toEqual(want.point);
        const hScale = Math.max(1, ...want.hessian.flat().map(Math.abs));
        const where = `${ref.id} at ${want.point}`;
        expect(near(got.f, want.f), `${where} f ${got.f} vs ${want.f}`).toBe(true);
        for (let j = 0; j < 2; j++) {
          expect(near(got.gradient[j], want.gradient[j]), `${where} g${j}`).toBe(true);
          for (let l = 0; l < 2; l++)
            expect(near(got.hessian[j][l], want.hessian[j][l], hScale), `${where} H`).toBe(true);
          expect(near(got.eigenvalues[j], want.eigenvalues[j], hScale), `${where} λ${j}`).toBe(true);
          const [u, v] = [got.eigenvectors[j], want.eigenvectors[j]];
          const same = Math.max(Math.abs(u[0] - v[0]), Math.abs(u[1] - v[1]));
          const flipped = Math.max(Math.abs(u[0] + v[0]), Math.abs(u[1] + v[1]));
          expect(Math.min(same, flipped), `${where} v${j}: ${u} vs ${v}`).toBeLessThanOrEqual(1e-9);
        }
      });
    });
  });
});

describe('descent curvature errors', () => {
  it('accepts a preset id, and reports bad points and non-finite values per case', () => {
    const { out, err, status } = curvature({
      cases: [
        { id: 'preset', f: 'saddle', points: [[0, 0]] },
        {
          id: 'bad point',
          f: 'x^2',
          points: [
            [0, 0],
            [1, 'a'],
          ],
        },
        { id: 'three', f: 'x^2', points: [[0, 0, 0]] },
        {
          id: 'log',
          f: 'log(x) + y',
          points: [
            [1, 0],
            [0, 0],
          ],
        },
        { id: 'big', f: 'exp(x)', points: [[1000, 0]] },
        { id: 'typo', f: 'sine(x)', points: [[0, 0]] },
        { id: 'nopoints', f: 'x' },
        { id: 'extra', f: 'x', points: [], steps: 3 },
        { id: 'empty', f: 'x', points: [] },
      ],
    });
    expect(status).toBe(1);
    const r = JSON.parse(out).results;
    // saddle preset: x² − y² has H = diag(2, −2): λ = (−2, 2), vectors (0, 1) and (1, 0).
    expect(r[0].points[0].eigenvalues).toEqual([-2, 2]);
    expect(r[0].points[0].eigenvectors).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(r[1].error).toMatch(/^point #2 \[1,"a"\] is not \[x, y\]/);
    expect(r[2].error).toMatch(/^point #1 \[0,0,0\] is not \[x, y\]/);
    expect(r[3].error).toBe('point #2 (0, 0): f is -Infinity there');
    expect(r[4].error).toBe('point #1 (1000, 0): f is Infinity there');
    expect(r[5].error).toMatch(/sine/);
    expect(r[6].error).toMatch(/missing "points"/);
    expect(r[7].error).toMatch(/unknown field "steps"/);
    expect(r[8]).toEqual({ id: 'empty', points: [] });
    expect(err.split('\n').filter(Boolean)).toHaveLength(7);
  });

  it('refuses more than MAX_POINTS points in a case', () => {
    const points = Array.from({ length: MAX_POINTS + 1 }, () => [0, 0]);
    const { out } = curvature([{ id: 'many', f: 'x', points }]);
    expect(JSON.parse(out).results[0].error).toMatch(/more than 100000 points/);
  }, 30_000);

  it('has help', () => {
    let out = '';
    expect(main(['curvature', '--help'], { write: (t: string) => (out += t) }, { write: () => 0 })).toBe(0);
    expect(out).toMatch(/eigenvectors\[i\]/);
  });
});
