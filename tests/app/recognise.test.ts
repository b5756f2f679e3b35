import { describe, expect, it } from 'vitest';
import { setExpression } from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { adoptRecognisedPreset, recognisePreset } from '../../src/app/recognise.ts';

describe('a preset typed by hand', () => {
  it('is recognised whatever the spacing, and ** for ^', () => {
    expect(recognisePreset('(1-x)^2 + 100*(y-x^2)^2')?.id).toBe('rosenbrock');
    expect(recognisePreset('(1 - x)**2 + 100*(y - x**2)**2')?.id).toBe('rosenbrock');
    expect(recognisePreset('x^2 + y^2 + 1')).toBeUndefined();
  });

  it("gets the preset's domain and colour scale; the start stays", () => {
    const typed = setExpression({ ...defaultState(), start: [0.5, 0.5] }, '(1-x)^2 + 100*(y-x^2)^2');
    expect(typed.fn.preset).toBeNull();
    const { state, preset } = adoptRecognisedPreset(typed);
    expect(preset?.id).toBe('rosenbrock');
    expect(state.fn.preset).toBe('rosenbrock');
    expect(state.fn.domain).toEqual({ x: [-2, 2], y: [-1, 3] });
    expect(state.view.colorScale).toBe('log');
    expect(state.start).toEqual([0.5, 0.5]);
  });

  it('leaves other formulas and presets alone', () => {
    const typed = setExpression(defaultState(), 'sin(x) + y^2');
    expect(adoptRecognisedPreset(typed).state).toBe(typed);
    const d = defaultState();
    expect(adoptRecognisedPreset(d).state).toBe(d);
  });
});
