import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/app/defaults.ts';
import { arrivalOf, openingState } from '../../src/app/opening.ts';
import { STORAGE_KEY } from '../../src/app/permalink.ts';

const storage = (saved: string | null) => ({ getItem: (k: string) => (k === STORAGE_KEY ? saved : null) });

describe('the opening move', () => {
  it('a hash is a link, a saved session a return, nothing a first visit', () => {
    expect(arrivalOf('v=1&steps=5', storage('v=1'))).toBe('link');
    expect(arrivalOf('', storage('v=1'))).toBe('session');
    expect(arrivalOf('', storage(null))).toBe('first-visit');
    expect(arrivalOf('', null)).toBe('first-visit');
    const forbidden = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(arrivalOf('', forbidden)).toBe('first-visit');
  });

  it('a first visit plays from step 0; with reduced motion it stands on the last step', () => {
    const s = defaultState();
    expect(openingState(s, 'first-visit', false).playback).toMatchObject({ step: 0, playing: true });
    expect(openingState(s, 'first-visit', true).playback).toMatchObject({ step: s.steps, playing: false });
  });

  it('a link opens paused at its own step, whatever the motion preference', () => {
    const s = { ...defaultState(), playback: { ...defaultState().playback, step: 12, playing: true } };
    for (const reduced of [false, true]) {
      expect(openingState(s, 'link', reduced).playback).toMatchObject({ step: 12, playing: false });
      expect(openingState(s, 'session', reduced).playback).toMatchObject({ step: 12, playing: false });
    }
  });
});
