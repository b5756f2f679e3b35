import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as A from '../../src/app/actions.ts';
import { COLORMAPS, TRAIL_PALETTE } from '../../src/app/colormaps.ts';
import { defaultState } from '../../src/app/defaults.ts';
import { linkNumber } from '../../src/app/format.ts';
import { linkDefaults } from '../../src/app/link-versions.ts';
import type { AppState, CameraState, OptimizerEntry, PaneKind } from '../../src/app/state.ts';
import { cameraProblem, DRAWABLE, LIMITS } from '../../src/app/state.ts';
import {
  decodeState,
  ENTRY_FIELDS,
  encodeState,
  isValidState,
  MAX_EXPRESSION_LENGTH,
  MAX_HASH_LENGTH,
} from '../../src/app/url.ts';
import { parse } from '../../src/core/expr/index.ts';
import { FUNCTION_PRESETS, getFunctionPreset } from '../../src/core/functions/presets.ts';
import {
  defaultParams,
  OPTIMIZERS,
  type OptimizerDef,
  type ParamSpec,
  type ParamValue,
  resolveParams,
} from '../../src/core/optimizers/index.ts';

// ---- arbitraries of valid states ------------------------------------------------------------------

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const within = (min: number, max: number) => fc.double({ min, max, noNaN: true });
/** A coordinate the scene can draw (domain edges, start points). */
const coordinate = within(-DRAWABLE.coordinate, DRAWABLE.coordinate);
/** Mostly `usual`, sometimes anything `other` gives (so "equal to the default" is exercised). */
const usually = <T>(usual: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(usual) }, { weight: 3, arbitrary: other });

function paramValue(spec: ParamSpec): fc.Arbitrary<ParamValue> {
  switch (spec.kind) {
    case 'number':
      return usually<ParamValue>(
        spec.default,
        Number.isFinite(spec.max)
          ? within(spec.min, spec.max)
          : fc.oneof(within(spec.min, 10), within(spec.min, Number.MAX_VALUE)),
      );
    case 'boolean':
      return usually<ParamValue>(spec.default, fc.boolean());
    case 'choice':
      return usually<ParamValue>(spec.default, fc.constantFrom(...spec.options));
  }
}

const color = fc.oneof(
  fc.constantFrom(...TRAIL_PALETTE),
  fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`),
);

/** A row with random valid parameters (a combination `resolveParams` rejects falls back to the defaults). */
const entry: fc.Arbitrary<Omit<OptimizerEntry, 'key'>> = fc
  .constantFrom(...OPTIMIZERS)
  .chain((def: OptimizerDef) =>
    fc.record({
      optimizer: fc.constant(def.id),
      params: fc
        .record(Object.fromEntries(def.params.map((spec) => [spec.name, paramValue(spec)])))
        .map((p) => {
          const resolved = resolveParams(def, p);
          return resolved.ok ? resolved.value : defaultParams(def);
        }),
      color,
      visible: fc.boolean(),
      pane: fc.integer({ min: 0, max: 3 }),
    }),
  );

const optimizers: fc.Arbitrary<readonly OptimizerEntry[]> = fc.oneof(
  fc.constant(defaultState().optimizers),
  fc
    .array(entry, { minLength: 0, maxLength: LIMITS.optimizers })
    .map((rows) => rows.map((e, i) => ({ ...e, key: i + 1 }))),
);

const orderedPair = fc
  .tuple(coordinate, coordinate)
  .map(([a, b]) => (a < b ? [a, b] : [b, a]) as [number, number])
  .filter(([a, b]) => b - a >= DRAWABLE.minWidth * Math.max(1, Math.abs(a), Math.abs(b)));

/**
 * Typed expressions that parse (a link only keeps those), with the characters URLs care about:
 * spaces, + ^ / * ( ) and scientific notation.
 */
const typedText = fc
  .tuple(
    fc.array(
      fc.constantFrom(
        'x',
        'y',
        '2',
        '0.5',
        '1e-3',
        '2.5E+4',
        'pi',
        'e',
        'sin(x)',
        'cos(y)',
        '(x + 1)',
        'x^2',
        'exp(-x)',
        'hypot(x, y)',
      ),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
    fc.array(fc.constantFrom(' + ', ' - ', '*', '/', '^', ' * '), { minLength: 5, maxLength: 5 }),
  )
  .map(([terms, ops]) => terms.map((t, i) => (i === 0 ? t : `${ops[i - 1]}${t}`)).join(''))
  .filter((text) => parse(text).ok);

const fnState = fc.oneof(
  fc
    .constantFrom(...FUNCTION_PRESETS)
    .map((p) => ({ preset: p.id as string | null, expression: p.expression, p })),
  typedText.map((expression) => ({ preset: null as string | null, expression, p: undefined })),
);

const kind = fc.constantFrom<PaneKind>('3d', '2d', 'chart', 'sweep');
const worldPoint = within(-DRAWABLE.camera, DRAWABLE.camera);
const point3 = fc.tuple(worldPoint, worldPoint, worldPoint);
const camera: fc.Arbitrary<CameraState | null> = fc.option(
  fc
    .record({ position: point3, target: point3, zoom: within(DRAWABLE.zoom.min, DRAWABLE.zoom.max) })
    .filter((c) => cameraProblem(c) === null),
  { nil: null },
);

/** Random valid states: presets or typed expressions, any domain, view, rows, layout and cameras. */
const validState: fc.Arbitrary<AppState> = fnState.chain(({ preset, expression, p }) => {
  const d = defaultState();
  const ref = p ?? { domain: d.fn.domain, start: d.start, colorScale: d.view.colorScale };
  return fc
    .record({
      domain: usually(ref.domain, fc.record({ x: orderedPair, y: orderedPair })),
      resolution: usually(128, fc.integer(LIMITS.resolution)),
      view: fc.record({
        colormap: fc.constantFrom(...COLORMAPS.map((c) => c.id)),
        colorScale: usually(ref.colorScale, fc.constantFrom('linear' as const, 'log' as const)),
        contours: usually(20, fc.integer(LIMITS.contours)),
        contourSpacing: usually(0, within(0, DRAWABLE.f)),
        wireframe: fc.boolean(),
        exaggeration: usually(0.35, within(LIMITS.exaggeration.min, LIMITS.exaggeration.max)),
        zMin: fc.option(within(-DRAWABLE.f, DRAWABLE.f), { nil: null }),
        zMax: fc.option(within(-DRAWABLE.f, DRAWABLE.f), { nil: null }),
        zAuto: fc.constantFrom('full' as const, 'robust' as const),
        field: fc.boolean(),
        fieldDensity: usually(20, fc.integer(LIMITS.fieldDensity)),
        fieldMode: fc.constantFrom('normalized' as const, 'proportional' as const),
        filled: fc.boolean(),
        chartScale: fc.constantFrom('linear' as const, 'log' as const),
        aspect: fc.constantFrom('equal' as const, 'fill' as const),
        stationary: fc.boolean(),
      }),
      optimizers,
      start: usually(ref.start, fc.tuple(coordinate, coordinate)),
      steps: usually(30, fc.integer(LIMITS.steps)),
      gradient: fc.constantFrom('exact' as const, 'numeric' as const),
      speed: usually(4, within(LIMITS.speed.min, LIMITS.speed.max)),
      playing: fc.boolean(),
      atEnd: fc.boolean(),
      stepFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      layout: fc.record({
        panes: fc.constantFrom(1 as const, 2 as const, 4 as const),
        kinds: fc.tuple(kind, kind, kind, kind),
        linked: fc.boolean(),
        charts: fc.boolean(),
      }),
      cameras: fc.tuple(camera, camera, camera, camera),
    })
    .map(
      (r): AppState => ({
        fn: { preset, expression, domain: r.domain, resolution: r.resolution },
        view: r.view,
        optimizers: r.optimizers,
        start: r.start,
        steps: r.steps,
        gradient: r.gradient,
        playback: {
          step: r.atEnd ? r.steps : Math.floor(r.stepFraction * r.steps),
          playing: r.playing,
          speed: r.speed,
          inspected: null,
        },
        layout: r.layout,
        cameras: r.cameras,
      }),
    );
});

const paused = (s: AppState): AppState => ({ ...s, playback: { ...s.playback, playing: false } });

// ---- round trip -----------------------------------------------------------------------------------

describe('encodeState / decodeState round trip', () => {
  it('the arbitrary makes valid states', () => {
    fc.assert(
      fc.property(validState, (s) => {
        expect(isValidState(s)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back every valid state exactly (paused), with nothing ignored', () => {
    fc.assert(
      fc.property(validState, (s) => {
        const { state, ignored } = decodeState(encodeState(s));
        expect(ignored).toEqual([]);
        expect(state).toEqual(paused(s));
      }),
      { numRuns: 600 },
    );
    // 600 random states take 2–4 s on a quiet machine: room for a busy one.
  }, 20_000);

  it('encodes deterministically: a decoded state encodes to the same hash', () => {
    fc.assert(
      fc.property(validState, (s) => {
        const hash = encodeState(s);
        expect(encodeState(decodeState(hash).state)).toBe(hash);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps −0, subnormals and the extremes bit for bit', () => {
    const s = defaultState();
    const t: AppState = {
      ...s,
      fn: { ...s.fn, domain: { x: [-DRAWABLE.coordinate, -0], y: [Number.MIN_VALUE, 1e6] } },
      start: [-0, 5e-324],
      cameras: [
        { position: [0.1 + 0.2, -0, 1 / 3], target: [2 ** -1074, -1e-300, 1234.56789123], zoom: 1e-4 },
        null,
        null,
        null,
      ],
    };
    const back = decodeState(encodeState(t)).state;
    expect(back).toEqual(t);
    expect(Object.is(back.start[0], -0)).toBe(true);
    expect(Object.is(back.fn.domain.x[1], -0)).toBe(true);
    expect(back.cameras[0]!.position[0]).toBe(0.30000000000000004);
  });

  it('numbers the rows 1, 2, … in order (keys are not stored)', () => {
    let s = A.removeOptimizer(defaultState(), 2);
    s = A.addOptimizer(s, 'rmsprop');
    expect(s.optimizers.map((e) => e.key)).toEqual([1, 3, 4, 5]);
    const back = decodeState(encodeState(s)).state;
    expect(back.optimizers.map((e) => e.key)).toEqual([1, 2, 3, 4]);
    expect(back.optimizers.map(({ key: _, ...e }) => e)).toEqual(s.optimizers.map(({ key: _, ...e }) => e));
  });

  it('always comes back paused', () => {
    const s = A.play(A.reset(defaultState()));
    expect(s.playback.playing).toBe(true);
    expect(decodeState(encodeState(s)).state.playback).toEqual({
      step: 0,
      playing: false,
      speed: 4,
      inspected: null,
    });
  });

  it('no optimizer parameter is named like an entry field', () => {
    for (const def of OPTIMIZERS) {
      for (const spec of def.params) expect(ENTRY_FIELDS).not.toContain(spec.name);
    }
  });
});

// ---- the format -----------------------------------------------------------------------------------

describe('the hash format', () => {
  it('the default scene is just the version key', () => {
    expect(encodeState(defaultState())).toBe('v=2');
    expect(decodeState('v=2')).toEqual({ state: defaultState(), ignored: [] });
    // A link without `v` is version 1: an empty hash (or a bare '#') is version 1's default scene.
    expect(decodeState('').state).toEqual(linkDefaults(1).state);
    expect(decodeState('#').state).toEqual(linkDefaults(1).state);
  });

  it('writes only what differs from the default, readably', () => {
    let s = A.setPreset(defaultState(), 'himmelblau');
    s = A.setOptimizerParam(s, 4, 'amsgrad', true);
    s = A.setOptimizerVisible(s, 2, false);
    s = A.setOptimizerPane(s, 1, 3);
    s = A.setSteps(s, 100);
    s = A.seek(s, 30);
    expect(encodeState(s)).toBe(
      'v=2&p=himmelblau&o=sgd,lr=0.95,pane=3&o=momentum,lr=0.1,hidden&o=adagrad,lr=1.5,eps=1e-7' +
        '&o=adam,lr=0.3,eps=1e-7,amsgrad=true,eps_mode=paper&steps=100&step=30',
    );
  });

  it('a preset brings its domain, start and colour scale; a typed expression keeps the text', () => {
    const s = A.setPreset(defaultState(), 'rosenbrock');
    const back = decodeState('v=1&p=rosenbrock').state;
    expect(back.fn).toEqual({ ...s.fn });
    expect(back.start).toEqual([-1.5, 2]);
    expect(back.view.colorScale).toBe('log');

    const typed = A.setExpression(defaultState(), 'sin(x) + y^2/4 - 100*(x+1)');
    const hash = encodeState(typed);
    expect(hash).toBe('v=2&f=sin(x)%20+%20y^2/4%20-%20100*(x+1)');
    expect(decodeState(hash).state.fn).toEqual({ ...typed.fn, preset: null });
  });

  it('reads hand-typed links: a leading #, "+" as plus, %-encoded or raw characters', () => {
    const { state, ignored } = decodeState('#f=x^2+y^2&steps=50&o=adam,lr=0.1&start=1,2');
    expect(ignored).toEqual([]);
    expect(state.fn).toMatchObject({ preset: null, expression: 'x^2+y^2' });
    expect(state.steps).toBe(50);
    expect(state.playback.step).toBe(50);
    expect(state.start).toEqual([1, 2]);
    expect(state.optimizers).toEqual([
      {
        key: 1,
        optimizer: 'adam',
        params: { ...defaultParams(OPTIMIZERS[5]), lr: 0.1 },
        color: TRAIL_PALETTE[0],
        visible: true,
        pane: 0,
      },
    ]);
    expect(decodeState('f=x%5E2%20%2B%20y%5E2').state.fn.expression).toBe('x^2 + y^2');
    // f equal to a preset's expression, with p: the preset.
    expect(
      decodeState(`p=booth&f=${encodeURIComponent(getFunctionPreset('booth')!.expression)}`).state.fn.preset,
    ).toBe('booth');
  });

  it('writes a lone surrogate (not Unicode text) as U+FFFD, as URLs do; such text is no expression', () => {
    const s = A.setExpression(defaultState(), 'x\ud800 + y');
    expect(encodeState(s)).toBe('v=2&f=x%EF%BF%BD%20+%20y');
    const { state, ignored } = decodeState(encodeState(s));
    expect(state.fn.expression).toBe(defaultState().fn.expression);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(/^f: "x\ufffd \+ y" — .* \(at character 2\) — ignored$/);
  });

  it('an empty optimizer list is "o=" alone', () => {
    const s = { ...defaultState(), optimizers: [] };
    expect(encodeState(s)).toBe('v=2&o=');
    expect(decodeState('v=1&o=').state.optimizers).toEqual([]);
  });

  it('pane kinds leave trailing defaults out; cameras are seven numbers', () => {
    const s = A.setCamera(A.bookLayout(defaultState()), 2, {
      position: [1, 2, 3],
      target: [0, 0, -1],
      zoom: 2,
    });
    expect(encodeState(s)).toBe('v=2&panes=4&kinds=2d&cam2=1,2,3,0,0,-1,2');
  });
});

// ---- bad input ------------------------------------------------------------------------------------

/** A base that differs from the default everywhere it matters, to see what falls back to it. */
function customBase(): AppState {
  let s = A.setPreset(defaultState(), 'beale');
  s = A.setSteps(s, 77);
  s = A.setSpeed(s, 9);
  s = A.setView(s, { colormap: 'magma', contours: 7, exaggeration: 1.5 });
  s = A.setLayout(s, { panes: 2 });
  s = A.setCamera(s, 0, { position: [1, 1, 1], target: [0, 0, 0], zoom: 1 });
  return A.seek(s, 12);
}

describe('decodeState on bad input', () => {
  const base = customBase();
  const decode = (hash: string) => decodeState(hash, base);

  it('absent fields take the default scene; unusable ones keep the base', () => {
    expect(decode('v=2').state).toEqual(defaultState());
    const { state, ignored } = decode('v=1&steps=abc&speed=fast&cmap=rainbow&panes=3&cam0=1,2');
    expect(state.steps).toBe(77);
    expect(state.playback.speed).toBe(9);
    expect(state.view.colormap).toBe('magma');
    expect(state.layout.panes).toBe(2);
    expect(state.cameras[0]).toEqual(base.cameras[0]);
    expect(ignored).toEqual([
      'cmap: "rainbow" is not one of viridis, magma, turbo, bwr, grey — ignored',
      'steps: "abc" is not a number — ignored',
      'speed: "fast" is not a number — ignored',
      'panes: "3" is not 1, 2 or 4 — ignored',
      'cam0: "1,2" is not seven numbers px,py,pz,tx,ty,tz,zoom — ignored',
    ]);
  });

  it('zauto: robust or full; anything else keeps the base', () => {
    expect(decode('v=1&zauto=robust').state.view.zAuto).toBe('robust');
    const { state, ignored } = decode('v=1&zauto=clip');
    expect(state.view.zAuto).toBe(base.view.zAuto);
    expect(ignored).toEqual(['zauto: "clip" is not one of full, robust — ignored']);
  });

  const cases: [string, string, (s: AppState) => void][] = [
    ['unknown key', 'v=1&colour=red', () => {}],
    [
      'unknown key "__proto__"',
      '__proto__=1&constructor=x&o=adam,__proto__=1',
      (s) => expect(s.optimizers[0].optimizer).toBe('adam'),
    ],
    ['version', 'v=7', () => {}],
    ['duplicated key', 'steps=10&steps=20', (s) => expect(s.steps).toBe(10)],
    [
      'bad %-encoding',
      'f=%E0%A4%A&steps=%',
      (s) => expect([s.fn.expression, s.steps]).toEqual([base.fn.expression, 77]),
    ],
    ['bad %-encoding in a key', '%zz=1', () => {}],
    ['NaN', 'steps=NaN', (s) => expect(s.steps).toBe(77)],
    ['Infinity', 'speed=Infinity&exag=1e999', (s) => expect(s.playback.speed).toBe(9)],
    ['hexadecimal', 'res=0x40', (s) => expect(s.fn.resolution).toBe(base.fn.resolution)],
    ['empty number', 'steps=', (s) => expect(s.steps).toBe(77)],
    ['steps above the limit', 'steps=1e9', (s) => expect(s.steps).toBe(LIMITS.steps.max)],
    ['steps below the limit', 'steps=-5', (s) => expect(s.steps).toBe(1)],
    ['fractional steps', 'steps=12.4', (s) => expect(s.steps).toBe(12)],
    ['playback step beyond steps', 'steps=10&step=11', (s) => expect(s.playback.step).toBe(10)],
    ['negative playback step', 'step=-1', (s) => expect(s.playback.step).toBe(0)],
    ['speed out of range', 'speed=1000', (s) => expect(s.playback.speed).toBe(LIMITS.speed.max)],
    ['resolution out of range', 'res=4', (s) => expect(s.fn.resolution).toBe(LIMITS.resolution.min)],
    ['negative spacing', 'spacing=-1', (s) => expect(s.view.contourSpacing).toBe(0)],
    ['bad flag', 'wire=yes', (s) => expect(s.view.wireframe).toBe(base.view.wireframe)],
    ['unknown preset', 'p=rosenbrok', (s) => expect(s.fn).toEqual(base.fn)],
    [
      'preset not matching f',
      'p=beale&f=x*y',
      (s) => expect(s.fn).toMatchObject({ preset: null, expression: 'x*y' }),
    ],
    [
      'too long expression',
      `f=${'x+'.repeat(MAX_EXPRESSION_LENGTH)}x`,
      (s) => expect(s.fn.expression).toBe(base.fn.expression),
    ],
    ['domain out of order', 'dom=1,0,-1,1', (s) => expect(s.fn.domain).toEqual(base.fn.domain)],
    ['domain not finite', 'dom=-1e999,1,-1,1', (s) => expect(s.fn.domain).toEqual(base.fn.domain)],
    ['domain of three numbers', 'dom=-1,1,0', () => {}],
    ['start of one number', 'start=1', (s) => expect(s.start).toEqual(base.start)],
    ['start not a number', 'start=1,NaN', (s) => expect(s.start).toEqual(base.start)],
    ['camera zoom 0', 'cam1=0,0,5,0,0,0,0', (s) => expect(s.cameras[1]).toBeNull()],
    ['pane kinds', 'kinds=3d,4d', (s) => expect(s.layout.kinds).toEqual(base.layout.kinds)],
    ['too many pane kinds', 'kinds=2d,2d,2d,2d,2d', () => {}],
    ['gradient mode', 'grad=symbolic', (s) => expect(s.gradient).toBe(base.gradient)],
    [
      'unknown optimizer',
      'o=adamm&o=sgd',
      (s) => expect(s.optimizers.map((e) => e.optimizer)).toEqual(['sgd']),
    ],
    ['unknown parameter', 'o=adam,bta1=0.5,lr=0.2', (s) => expect(s.optimizers[0].params.lr).toBe(0.2)],
    ['parameter out of range', 'o=adam,beta1=1', (s) => expect(s.optimizers[0].params.beta1).toBe(0.9)],
    ['negative learning rate', 'o=sgd,lr=-0.1', (s) => expect(s.optimizers[0].params.lr).toBe(0.001)],
    [
      'parameter of the wrong type',
      'o=adam,amsgrad=maybe,eps_mode=keras',
      (s) => expect(s.optimizers[0].params.amsgrad).toBe(false),
    ],
    ['duplicated parameter', 'o=adam,lr=0.5,lr=0.7', (s) => expect(s.optimizers[0].params.lr).toBe(0.5)],
    [
      'a combination PyTorch rejects',
      'o=sgd,nesterov=true,lr=0.5',
      (s) => expect(s.optimizers[0].params).toEqual(defaultParams(OPTIMIZERS[0])),
    ],
    ['bad colour', 'o=adam,color=red', (s) => expect(s.optimizers[0].color).toBe(TRAIL_PALETTE[0])],
    ['bad pane', 'o=adam,pane=4', (s) => expect(s.optimizers[0].pane).toBe(0)],
    ['parameter without value', 'o=adam,lr', (s) => expect(s.optimizers[0].params.lr).toBe(0.001)],
    ['no usable optimizer', 'o=nope', (s) => expect(s.optimizers).toEqual(base.optimizers)],
    [
      'more than eight optimizers',
      Array.from({ length: 10 }, () => 'o=sgd').join('&'),
      (s) => expect(s.optimizers).toHaveLength(LIMITS.optimizers),
    ],
  ];

  it.each(cases)('%s: one line in ignored, a valid state', (_, hash, check) => {
    const { state, ignored } = decode(hash);
    expect(isValidState(state)).toEqual([]);
    expect(ignored.length).toBeGreaterThan(0);
    check(state);
  });

  it('whole numbers lose the sign of a typed −0', () => {
    const { state, ignored } = decode('step=-0&o=sgd,pane=-0&contours=-0');
    expect(ignored).toEqual([]);
    expect(Object.is(state.playback.step, 0)).toBe(true);
    expect(Object.is(state.optimizers[0].pane, 0)).toBe(true);
    expect(Object.is(state.view.contours, 0)).toBe(true);
  });

  it('says what it ignored, in short lines', () => {
    const lines = (hash: string) => decode(hash).ignored;
    expect(lines('o=sgd&o=sgd&o=adam,bta1=0.5')).toEqual([
      'optimizer 3 (adam): unknown parameter "bta1" (did you mean "beta1"?) — ignored',
    ]);
    expect(lines('o=adamm')).toEqual([
      'optimizer 1: unknown optimizer "adamm" — ignored',
      'no usable optimizer in the link — the current ones are kept',
    ]);
    expect(lines('o=adam,beta1=1,amsgrad=maybe,eps_mode=keras,color=red,pane=9,lr')).toEqual([
      'optimizer 1 (adam): beta1 = 1 is out of range (0 ≤ beta1 < 1) — ignored',
      'optimizer 1 (adam): amsgrad = "maybe" is not true or false — ignored',
      'optimizer 1 (adam): eps_mode = "keras" is not one of pytorch, paper — ignored',
      'optimizer 1 (adam): color "red" is not rrggbb — ignored',
      'optimizer 1 (adam): pane "9" is not 0, 1, 2 or 3 — ignored',
      'optimizer 1 (adam): "lr" has no value — ignored',
    ]);
    expect(lines('o=sgd,nesterov=true')).toEqual([
      'optimizer 1 (sgd): nesterov = true requires momentum > 0 and dampening = 0 (got momentum = 0, dampening = 0)' +
        ' — its parameters were reset to the defaults',
    ]);
    expect(lines('steps=1e9&step=2.5&res=3')).toEqual([
      'res: 3 is below 8 — set to 8',
      'steps: 1000000000 is above 250000 — set to 250000',
      'step: 2.5 is not a whole number — rounded to 3',
    ]);
    expect(lines('p=nope&__proto__=x&v=3&steps=1&steps=2')).toEqual([
      'unknown key "__proto__" — ignored',
      'v: version "3" is not 1 or 2; read as version 1',
      'p: unknown function preset "nope" — ignored',
      'steps appears 2 times — the first is used',
    ]);
    expect(lines(`f=${'x'.repeat(5000)}`)).toEqual([
      'f: the expression is 5000 characters long (the limit is 4000) — ignored',
    ]);
    expect(lines(`colour=${'y'.repeat(100)}`)).toEqual(['unknown key "colour" — ignored']);
    expect(lines(`${'z'.repeat(100)}=1`)).toEqual([`unknown key "${'z'.repeat(40)}…" — ignored`]);
  });

  it('drops an expression that does not parse, saying where it fails (the page opens on a picture)', () => {
    const { state, ignored } = decodeState('f=x%20+');
    expect(state.fn).toEqual(defaultState().fn);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(
      /^f: "x \+" — "\+" is missing its right-hand side \(at character 3\) — ignored$/,
    );
    // The longest expression a link may hold still comes through.
    const longest = `${'1+'.repeat((MAX_EXPRESSION_LENGTH - 1) / 2)}1`.slice(0, MAX_EXPRESSION_LENGTH);
    expect(longest.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
    expect(decode(`f=${longest}`).state.fn.expression).toBe(longest);
  });

  it('leaves Object.prototype alone', () => {
    decodeState('__proto__=1&o=adam,__proto__=1,constructor=2,prototype=3&constructor=x&toString=1');
    decodeState('o=__proto__&o=constructor&o=toString&p=__proto__&p=constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(decodeState('o=toString').state.optimizers).toEqual(defaultState().optimizers);
  });

  it('reads huge links quickly and lists a bounded number of lines', () => {
    const huge = `${'o=adam,lr=0.1&bogus=1&'.repeat(20_000)}${'x'.repeat(500_000)}`;
    const t0 = performance.now();
    const { state, ignored } = decodeState(huge);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(isValidState(state)).toEqual([]);
    expect(ignored[0]).toBe(
      `the link is ${huge.length} characters long; only the first ${MAX_HASH_LENGTH} were read`,
    );
    expect(ignored.length).toBeLessThanOrEqual(31);
    expect(ignored.at(-1)).toMatch(/^… and \d+ more$/);
  });
});

// ---- fuzzing --------------------------------------------------------------------------------------

const JUNK = [
  '',
  '%',
  '%E0%A4%A',
  '%zz',
  '%00',
  '&',
  '=',
  ',',
  '#',
  '+',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x10',
  '1_000',
  '__proto__',
  'constructor',
  'prototype',
  'hidden',
  'o=',
  'true',
  '\u0000',
  '\ud800',
  '2d',
  '3d',
];
const KEYS = [
  'v',
  'p',
  'f',
  'dom',
  'res',
  'cmap',
  'scale',
  'contours',
  'spacing',
  'wire',
  'exag',
  'zmin',
  'zmax',
  'zauto',
  'field',
  'density',
  'fieldmode',
  'filled',
  'chart',
  'aspect',
  'stat',
  'o',
  'start',
  'steps',
  'grad',
  'step',
  'speed',
  'panes',
  'kinds',
  'linked',
  'charts',
  'cam0',
  'cam1',
  'cam2',
  'cam3',
];

const numberText = fc.oneof(finite.map(linkNumber), fc.integer().map(String), fc.constantFrom(...JUNK));
const listText = fc.array(numberText, { maxLength: 8 }).map((l) => l.join(','));
const optimizerText = fc
  .tuple(
    fc.oneof(fc.constantFrom(...OPTIMIZERS.map((o) => o.id)), fc.constantFrom(...JUNK)),
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'lr',
            'beta1',
            'beta2',
            'eps',
            'momentum',
            'nesterov',
            'eps_mode',
            'amsgrad',
            'color',
            'pane',
            'hidden',
          ),
          fc.constantFrom(...JUNK),
        ),
        fc.oneof(numberText, fc.constantFrom('paper', 'pytorch', 'true', 'false', 'ff0000', '#00ff00')),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([id, ps]) => [id, ...ps.map(([k, v]) => `${k}=${v}`)].join(','));
const valueText = fc.oneof(numberText, listText, optimizerText, fc.string({ unit: 'binary', maxLength: 20 }));
const soup = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...JUNK), fc.string({ maxLength: 5 })),
      valueText,
    ),
    {
      maxLength: 30,
    },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

type Edit = readonly ['delete' | 'insert' | 'replace' | 'truncate' | 'duplicate', number, number, string];
const edit: fc.Arbitrary<Edit> = fc.tuple(
  fc.constantFrom(
    'delete' as const,
    'insert' as const,
    'replace' as const,
    'truncate' as const,
    'duplicate' as const,
  ),
  fc.nat(),
  fc.nat({ max: 20 }),
  fc.oneof(fc.constantFrom(...JUNK), fc.string({ unit: 'binary', maxLength: 4 })),
);

function mutate(hash: string, edits: readonly Edit[]): string {
  let h = hash;
  for (const [op, at, len, text] of edits) {
    const i = h.length === 0 ? 0 : at % (h.length + 1);
    if (op === 'delete') h = h.slice(0, i) + h.slice(i + len);
    else if (op === 'insert') h = h.slice(0, i) + text + h.slice(i);
    else if (op === 'replace') h = h.slice(0, i) + text + h.slice(i + text.length);
    else if (op === 'truncate') h = h.slice(0, i);
    else h = h.slice(0, i) + h.slice(i, i + len) + h.slice(i);
  }
  return h;
}

function expectUsable(hash: string, base?: AppState): void {
  const { state, ignored } = decodeState(hash, base);
  expect(isValidState(state)).toEqual([]);
  expect(state.playback.playing).toBe(false);
  expect(Array.isArray(ignored)).toBe(true);
  for (const line of ignored) {
    expect(typeof line).toBe('string');
    expect(line.length).toBeLessThan(300);
  }
}

describe('decodeState never throws and always gives a valid state', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 })),
        (h) => expectUsable(h),
      ),
      { numRuns: 500 },
    );
  });

  it('on random edits and truncations of real hashes', () => {
    fc.assert(
      fc.property(validState, fc.array(edit, { minLength: 1, maxLength: 6 }), (s, edits) =>
        expectUsable(mutate(encodeState(s), edits), s),
      ),
      { numRuns: 500 },
    );
  });

  it('on key/value soups', () => {
    fc.assert(
      fc.property(soup, (h) => expectUsable(h, customBase())),
      { numRuns: 800 },
    );
  });

  it('with any valid base', () => {
    fc.assert(
      fc.property(validState, soup, (base, h) => expectUsable(h, base)),
      { numRuns: 200 },
    );
  });
});

describe('isValidState', () => {
  it('finds what is wrong', () => {
    const s = defaultState();
    expect(isValidState(s)).toEqual([]);
    const bad: AppState = {
      ...s,
      fn: { ...s.fn, preset: 'rosenbrock', domain: { x: [1, 1], y: [0, Number.NaN] } },
      steps: 0,
      optimizers: [{ ...s.optimizers[0], color: 'red', params: { lr: -1 } }],
      layout: { ...s.layout, panes: 3 as 1 },
    };
    expect(isValidState(bad)).toEqual([
      'fn.preset does not match the expression',
      'fn.domain is not finite',
      'optimizers[0].params are not complete and valid',
      'optimizers[0].color is not #rrggbb',
      'steps',
      'playback.step is not within 0..steps',
      'layout.panes',
    ]);
  });
});

describe('links the scene cannot draw (issue #10)', () => {
  const d = defaultState();
  const cases: [string, string, (s: AppState) => void][] = [
    ['v=1&dom=-1e308,1e308,-1e308,1e308', 'dom', (s) => expect(s.fn.domain).toEqual(d.fn.domain)],
    ['v=1&dom=0,5e-324,0,5e-324', 'dom', (s) => expect(s.fn.domain).toEqual(d.fn.domain)],
    ['v=1&dom=-1e-300,1e-300,-1e-300,1e-300', 'dom', (s) => expect(s.fn.domain).toEqual(d.fn.domain)],
    // 1e6 wide by its edges: 1e6 + 0.5 is less than 1e-6 of 1e6 away from 1e6.
    ['v=1&dom=1000000,1000000.5,0,1', 'dom', (s) => expect(s.fn.domain).toEqual(d.fn.domain)],
    ['v=1&dom=-2e6,0,0,1', 'dom', (s) => expect(s.fn.domain).toEqual(d.fn.domain)],
    ['v=1&cam0=1e308,1e308,1e308,0,0,0,1', 'cam0', (s) => expect(s.cameras[0]).toBeNull()],
    ['v=1&cam0=1,2,3,1,2,3,1', 'cam0', (s) => expect(s.cameras[0]).toBeNull()],
    ['v=1&cam0=0,10,0,0,0,0,1e-300', 'cam0', (s) => expect(s.cameras[0]).toBeNull()],
    ['v=1&start=1e308,0', 'start', (s) => expect(s.start).toEqual(d.start)],
    ['v=1&zmin=-1e308&zmax=1e308', 'zmin', (s) => expect([s.view.zMin, s.view.zMax]).toEqual([-1e37, 1e37])],
    ['v=1&spacing=1e300', 'spacing', (s) => expect(s.view.contourSpacing).toBe(1e37)],
  ];
  for (const [hash, key, check] of cases) {
    it(`${hash}: opens on the default, with a note on ${key}`, () => {
      const { state, ignored } = decodeState(hash);
      check(state);
      expect(ignored.some((line) => line.startsWith(`${key}:`))).toBe(true);
      expect(isValidState(state)).toEqual([]);
    });
  }

  it('keeps what it can draw: a domain 1e-6 wide near 0, edges at ±1e6, a camera at the far plane', () => {
    const { state, ignored } = decodeState('v=1&dom=0,0.000001,-1000000,1000000&cam0=0,1000,0,0,0,0,0.001');
    expect(ignored).toEqual([]);
    expect(state.fn.domain).toEqual({ x: [0, 1e-6], y: [-1e6, 1e6] });
    expect(state.cameras[0]).toEqual({ position: [0, 1000, 0], target: [0, 0, 0], zoom: 0.001 });
  });

  it('the actions refuse the same domains, cameras and starts', () => {
    expect(A.setDomain(d, { x: [0, 5e-324], y: [0, 1] })).toBe(d);
    expect(A.setDomain(d, { x: [-1e308, 1e308], y: [0, 1] })).toBe(d);
    expect(A.setCamera(d, 0, { position: [1e308, 0, 0], target: [0, 0, 0], zoom: 1 })).toBe(d);
    expect(A.setStart(d, 1e7, 0)).toBe(d);
    expect(A.setView(d, { zMax: 1e300 }).view.zMax).toBe(1e37);
  });
});
