/** `descent schedules`: the schedule registry as text and JSON. */

import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import { SCHEDULES } from '../../src/core/schedules/index.ts';

function descent(args: string[]) {
  let out = '';
  const status = main(args, { write: (t: string) => (out += t) }, { write: () => {} });
  return { out, status };
}

describe('descent schedules', () => {
  it('lists every schedule with its arguments, defaults and required ones', () => {
    const { out, status } = descent(['schedules']);
    expect(status).toBe(0);
    for (const s of SCHEDULES) expect(out).toContain(`${s.name} — `);
    expect(out).toMatch(/T_max = required \(int ≥ 1\)/);
    expect(out).toMatch(/step_size_down = None \(int ≥ 0\)/);
    expect(out).toMatch(/anneal_strategy = "cos" \("cos" \| "linear"\)/);
  });

  it('prints the specs as JSON', () => {
    const list = JSON.parse(descent(['schedules', '--json']).out);
    expect(list.map((s: { name: string }) => s.name)).toEqual(SCHEDULES.map((s) => s.name));
    const oneCycle = list.find((s: { name: string }) => s.name === 'OneCycleLR');
    expect(oneCycle.params.find((p: { name: string }) => p.name === 'div_factor')).toMatchObject({
      kind: 'number',
      default: 25,
      max: 'Infinity',
    });
  });
});
