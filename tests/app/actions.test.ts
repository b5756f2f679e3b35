import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { LIMITS, paneShows } from '../../src/app/state.ts';

describe('the default state', () => {
  it("is the book's figure 6-8: x²/20 + y², (−7, 2), 30 steps, four optimizers", () => {
    const s = defaultState();
    expect(s.fn.expression).toBe('x^2/20 + y^2');
    expect(s.start).toEqual([-7, 2]);
    expect(s.steps).toBe(30);
    expect(s.optimizers.map((e) => [e.optimizer, e.params.lr])).toEqual([
      ['sgd', 0.95],
      ['momentum', 0.1],
      ['adagrad', 1.5],
      ['adam', 0.3],
    ]);
    // The book's epsilon and Adam form.
    expect(s.optimizers[2].params.eps).toBe(1e-7);
    expect(s.optimizers[3].params).toMatchObject({ eps: 1e-7, eps_mode: 'paper', beta1: 0.9, beta2: 0.999 });
    expect(new Set(s.optimizers.map((e) => e.color)).size).toBe(4);
  });
});

describe('playback transitions', () => {
  const at = (step: number, playing = false) => {
    const s = defaultState();
    return { ...s, playback: { ...s.playback, step, playing } };
  };

  it('play from the end starts over at 0; play elsewhere continues', () => {
    expect(A.play(at(30)).playback).toMatchObject({ step: 0, playing: true });
    expect(A.play(at(12)).playback).toMatchObject({ step: 12, playing: true });
  });

  it('pause and toggle', () => {
    expect(A.pause(at(5, true)).playback.playing).toBe(false);
    expect(A.togglePlay(at(5, true)).playback.playing).toBe(false);
    expect(A.togglePlay(at(5)).playback.playing).toBe(true);
  });

  it('step forward and back stay within 0..steps and pause', () => {
    expect(A.stepForward(at(5, true)).playback).toMatchObject({ step: 6, playing: false });
    expect(A.stepForward(at(30)).playback.step).toBe(30);
    expect(A.stepBack(at(5)).playback.step).toBe(4);
    expect(A.stepBack(at(0)).playback.step).toBe(0);
  });

  it('reset goes to step 0, paused', () => {
    expect(A.reset(at(17, true)).playback).toMatchObject({ step: 0, playing: false });
  });

  it('advance moves whole steps while playing and stops at the end', () => {
    expect(A.advance(at(3, true), 2).playback).toMatchObject({ step: 5, playing: true });
    expect(A.advance(at(29, true), 5).playback).toMatchObject({ step: 30, playing: false });
    const paused = at(3);
    expect(A.advance(paused, 2)).toBe(paused);
  });

  it('seek clamps and rounds', () => {
    expect(A.seek(at(0), 12.6).playback.step).toBe(13);
    expect(A.seek(at(0), 99).playback.step).toBe(30);
    expect(A.seek(at(0), -3).playback.step).toBe(0);
  });

  it('unchanged transitions return the same object (no needless redraw)', () => {
    const s = at(0);
    expect(A.stepBack(s)).toBe(s);
    expect(A.reset(s)).toBe(s);
  });

  it('fewer max steps pull the current step back; at the end it stays at the end', () => {
    expect(A.setSteps(at(30), 10)).toMatchObject({ steps: 10, playback: { step: 10 } });
    expect(A.setSteps(at(30), 100)).toMatchObject({ steps: 100, playback: { step: 100 } });
    expect(A.setSteps(at(12), 100)).toMatchObject({ steps: 100, playback: { step: 12 } });
    expect(A.setSteps(at(30), 1e9).steps).toBe(LIMITS.steps.max);
  });
});

describe('optimizer rows', () => {
  it("add takes its type's colour and default parameters", () => {
    const s = A.addOptimizer(defaultState(), 'rmsprop');
    const e = s.optimizers[4];
    // RMSprop's hue is reddish purple #cc79a7, which the book's AdaGrad already wears: the next
    // shade, 35 % towards black: (204, 121, 167)·0.65 = (133, 79, 109) = #854f6d.
    expect(e).toMatchObject({ key: 5, optimizer: 'rmsprop', color: '#854f6d', visible: true });
    expect(e.params).toMatchObject({ lr: 0.01, alpha: 0.99, centered: false });
  });

  it('remove, duplicate (next to the original, new key and colour)', () => {
    const s = defaultState();
    expect(A.removeOptimizer(s, 2).optimizers.map((e) => e.key)).toEqual([1, 3, 4]);
    const d = A.duplicateOptimizer(s, 2);
    expect(d.optimizers.map((e) => e.key)).toEqual([1, 2, 5, 3, 4]);
    expect(d.optimizers[2].params).toEqual(s.optimizers[1].params);
    expect(d.optimizers[2].color).not.toBe(s.optimizers[1].color);
  });

  it('stops at the limit of rows', () => {
    let s = defaultState();
    for (let i = 0; i < 10; i++) s = A.addOptimizer(s, 'sgd');
    expect(s.optimizers.length).toBe(LIMITS.optimizers);
  });

  it('changing the type keeps a valid learning rate and resets the rest', () => {
    const s = A.setOptimizerType(defaultState(), 1, 'adam');
    expect(s.optimizers[0]).toMatchObject({
      optimizer: 'adam',
      params: { lr: 0.95, beta1: 0.9, eps_mode: 'pytorch' },
    });
  });

  it('a parameter change validates: out of range is ignored', () => {
    const s = defaultState();
    expect(A.setOptimizerParam(s, 4, 'beta1', 0.5).optimizers[3].params.beta1).toBe(0.5);
    expect(A.setOptimizerParam(s, 4, 'beta1', 1.5)).toEqual(s);
    expect(A.setOptimizerParam(s, 4, 'nonsense', 1)).toEqual(s);
  });

  it('colour must be #rrggbb', () => {
    const s = defaultState();
    expect(A.setOptimizerColor(s, 1, '#00FF00').optimizers[0].color).toBe('#00ff00');
    expect(A.setOptimizerColor(s, 1, 'red;background:url(x)')).toBe(s);
  });
});

describe('function and start', () => {
  it('a preset brings its expression, domain, colour scale and start', () => {
    const s = A.setPreset(defaultState(), 'rosenbrock');
    expect(s.fn).toMatchObject({
      preset: 'rosenbrock',
      expression: '(1 - x)^2 + 100*(y - x^2)^2',
      domain: { x: [-2, 2], y: [-1, 3] },
    });
    expect(s.view.colorScale).toBe('log');
    expect(s.start).toEqual([-1.5, 2]);
  });

  it('typing an expression leaves the preset, unless it is the preset text again', () => {
    const s = A.setExpression(defaultState(), 'x^2 + y^2');
    expect(s.fn.preset).toBeNull();
    const back = A.setExpression(A.setPreset(s, 'booth'), '(x + 2*y - 7)^2 + (2*x + y - 5)^2');
    expect(back.fn.preset).toBe('booth');
  });

  it('rejects an empty or inverted domain and non-finite starts', () => {
    const s = defaultState();
    expect(A.setDomain(s, { x: [1, 1], y: [0, 1] })).toBe(s);
    expect(A.setDomain(s, { x: [0, Number.NaN], y: [0, 1] })).toBe(s);
    expect(A.setStart(s, Number.POSITIVE_INFINITY, 0)).toBe(s);
    expect(A.setStart(s, 1, 2).start).toEqual([1, 2]);
  });

  it('view values are clamped to their limits', () => {
    const s = A.setView(defaultState(), { exaggeration: 100, contours: -3 });
    expect(s.view.exaggeration).toBe(LIMITS.exaggeration.max);
    expect(s.view.contours).toBe(0);
  });
});

describe('layout and cameras', () => {
  const cam = (x: number) => ({ position: [x, 1, 2] as const, target: [0, 0, 0] as const, zoom: 1 });

  it('panes: 1, 2 or 4 only; each optimizer keeps its pane', () => {
    const s = defaultState();
    expect(A.setLayout(s, { panes: 4 }).layout.panes).toBe(4);
    expect(A.setLayout(s, { panes: 3 as 4 })).toBe(s);
    expect(s.optimizers.map((e) => e.pane)).toEqual([0, 1, 2, 3]);
    expect(A.setOptimizerPane(s, 1, 3).optimizers[0].pane).toBe(3);
    expect(A.setOptimizerPane(s, 1, 7)).toBe(s);
  });

  it('which optimizers a pane shows', () => {
    const s = defaultState();
    const keys = (count: number, i: number) => s.optimizers.filter(paneShows(count, i)).map((e) => e.key);
    expect(keys(1, 0)).toEqual([1, 2, 3, 4]);
    expect(keys(4, 2)).toEqual([3]);
    // Two panes: panes 0 and 2 go left, 1 and 3 right.
    expect(keys(2, 0)).toEqual([1, 3]);
    expect(keys(2, 1)).toEqual([2, 4]);
  });

  it('the book layout: four 2-D panes, one optimizer each', () => {
    const s = A.bookLayout(A.setOptimizerPane(defaultState(), 2, 0));
    expect(s.layout).toMatchObject({ panes: 4, kinds: ['2d', '2d', '2d', '2d'] });
    expect(s.optimizers.map((e) => e.pane)).toEqual([0, 1, 2, 3]);
  });

  it('a recorded camera goes to every linked pane of the same kind', () => {
    let s = A.setLayout(defaultState(), { panes: 4 });
    s = A.setPaneKind(s, 0, '3d');
    s = A.setPaneKind(s, 2, '3d');
    const linked = A.recordCamera(s, 0, cam(5));
    expect(linked.cameras).toEqual([cam(5), null, cam(5), null]);
    const unlinked = A.recordCamera(A.setLayout(s, { linked: false }), 0, cam(5));
    expect(unlinked.cameras).toEqual([cam(5), null, null, null]);
    expect(A.resetCameras(linked).cameras).toEqual([null, null, null, null]);
  });

  it('a pane that changes kind starts from its home view', () => {
    const s = A.setCamera(defaultState(), 1, cam(3));
    const t = A.setPaneKind(s, 1, '3d');
    expect(t.layout.kinds[1]).toBe('3d');
    expect(t.cameras[1]).toBeNull();
  });
});
