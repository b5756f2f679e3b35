import { describe, expect, it } from 'vitest';
import { compile, parse } from '../../../src/core/expr/index.ts';
import { compiled, gradientOf, hessianOf, parseError } from './helpers.ts';

/** Runs `fn` and returns how long it took, in milliseconds. */
function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

describe('length limit (4000 characters)', () => {
  it('accepts exactly 4000 characters', () => {
    const src = `${'x+'.repeat(1999)}x `;
    expect(src.length).toBe(4000);
    expect(compiled(src).value(1, 0)).toBe(2000);
  });

  it('rejects 4001 characters, pointing past the limit', () => {
    const src = `${'x+'.repeat(2000)}x`;
    expect(parseError(src)).toEqual({
      message: 'The expression is too long (4001 characters; the limit is 4000)',
      start: 4000,
      end: 4001,
    });
  });

  it('rejects huge inputs quickly', () => {
    for (const src of ['('.repeat(100000), `${'x+'.repeat(5000)}x`, 'x'.repeat(1e6)]) {
      const ms = timed(() => expect(compile(src).ok).toBe(false));
      expect(ms).toBeLessThan(100);
    }
  });
});

describe('nesting limit (200 levels)', () => {
  it('accepts 200 nested parentheses and rejects 201 at the 201st', () => {
    expect(compiled(`${'('.repeat(200)}x${')'.repeat(200)}`).value(3, 0)).toBe(3);
    const e = parseError(`${'('.repeat(201)}x${')'.repeat(201)}`);
    expect(e).toEqual({
      message: 'The expression is nested too deeply (more than 200 levels)',
      start: 200,
      end: 201,
    });
  });

  it('counts signs, exponents and calls too, without overflowing the stack', () => {
    for (const src of [
      `${'-'.repeat(3999)}x`,
      `${'x^'.repeat(1999)}x`,
      `${'sin('.repeat(999)}x`,
      '+-'.repeat(1000),
    ]) {
      const ms = timed(() => {
        const r = parse(src);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toContain('nested too deeply');
      });
      expect(ms).toBeLessThan(100);
    }
  });

  it('compiles 199 nested sines exactly', () => {
    const f = compiled(`${'sin('.repeat(199)}x${')'.repeat(199)}`);
    let v = 0.8;
    let d = 1;
    for (let k = 0; k < 199; k++) {
      d *= Math.cos(v);
      v = Math.sin(v);
    }
    const [fv, gx, gy] = gradientOf(f, 0.8, 0);
    expect(fv).toBe(v);
    expect(gx).toBeCloseTo(d, 14);
    expect(gy).toBe(0);
  });
});

describe('large but valid expressions', () => {
  it('differentiates a 2000-factor product quickly', () => {
    // f = x^1999·y: fx = 1999, fy = 1 at (1, 1); fxx = 1999·1998, fxy = 1999, fyy = 0.
    let f = compiled('x');
    const ms = timed(() => {
      f = compiled(`${'x*'.repeat(1999)}y`);
    });
    expect(ms).toBeLessThan(3000);
    expect(gradientOf(f, 1, 1)).toEqual([1, 1999, 1]);
    expect(hessianOf(f, 1, 1)).toEqual([1, 1999 * 1998, 1999, 0]);
  });

  it('keeps derivative growth linear for deep compositions', () => {
    const ms = timed(() => {
      compiled(`${'exp(sin(x*y)*'.repeat(150)}y${')'.repeat(150)}`);
      compiled(`${'x^'.repeat(199)}x`);
    });
    expect(ms).toBeLessThan(3000);
  });
});
