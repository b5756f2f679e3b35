/**
 * The network view's link: every field round-trips, the text is the documented one, and hostile or
 * broken links open on defaults with a note per problem, never a throw. Expected texts and values are
 * written out by hand from the format in src/app/landscape-link.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeNetLink,
  defaultNetConfig,
  encodeNetLink,
  MAX_NET_LINK_LENGTH,
  type NetConfig,
  specOf,
} from '../../src/app/landscape-link.ts';
import { isNetLink } from '../../src/app/landscape-link-key.ts';
import { decodeState } from '../../src/app/url.ts';

const DEFAULT_TEXT =
  'nn=1&data=xor&noise=0.1&points=200&seed=1&hidden=8,8&act=tanh&steps=300&batch=0&plane=pca&n=31' +
  '&o=sgd,lr=0.3&o=momentum,lr=0.05&o=adagrad,lr=0.1&o=adam,lr=0.02' +
  '&cmap=viridis&scale=linear&height=log&contours=14&wire=0&filled=1&exag=0.5&kind=3d';

const other: NetConfig = {
  setup: {
    dataset: 'spiral',
    noise: 0.25,
    points: 310,
    seed: 2_000_000_000,
    hidden: [16, 4, 3],
    activation: 'relu',
    steps: 1234,
    batch: 32,
    plane: 'filter',
    n: 51,
  },
  runs: [
    { optimizer: 'rmsprop', lr: 0.001, on: true },
    { optimizer: 'nesterov', lr: 1e-7, on: false },
  ],
  view: {
    colormap: 'magma',
    colorScale: 'log',
    height: 'linear',
    contours: 0,
    wireframe: true,
    filled: false,
    exaggeration: 0.8,
    kind: '2d',
  },
};

describe('the network link', () => {
  it('writes every field of the default configuration, version first', () => {
    expect(encodeNetLink(defaultNetConfig())).toBe(DEFAULT_TEXT);
    expect(decodeNetLink(DEFAULT_TEXT)).toEqual({ config: defaultNetConfig(), ignored: [] });
  });

  it('round-trips a configuration that differs in every field', () => {
    const text = encodeNetLink(other);
    expect(text).toContain('&hidden=16,4,3&');
    expect(text).toContain('&o=nesterov,lr=1e-7,off&');
    expect(decodeNetLink(text)).toEqual({ config: other, ignored: [] });
    expect(decodeNetLink(`#${text}`).config).toEqual(other);
  });

  it('no hidden layer is an empty value, read back as none', () => {
    const c = { ...other, setup: { ...other.setup, hidden: [] } };
    expect(encodeNetLink(c)).toContain('&hidden=&');
    expect(decodeNetLink(encodeNetLink(c)).config.setup.hidden).toEqual([]);
    // Spaces as people type them are read; a stray comma is not.
    expect(decodeNetLink('nn=1&hidden=8,%2016').config.setup.hidden).toEqual([8, 16]);
    expect(decodeNetLink('nn=1&hidden=8,,16').ignored).toEqual([
      'hidden: "8,,16" is not up to 6 widths from 1 to 64, e.g. 8,8 — ignored',
    ]);
  });

  it('is told apart from the explorer links, which stay as they were', () => {
    expect(isNetLink(DEFAULT_TEXT)).toBe(true);
    expect(isNetLink(`#${DEFAULT_TEXT}`)).toBe(true);
    expect(isNetLink('v=2&p=rosenbrock')).toBe(false);
    expect(isNetLink('')).toBe(false);
    expect(isNetLink('v=2&nn=1')).toBe(false);
    expect(decodeState('v=2&p=rosenbrock').ignored).toEqual([]);
  });

  it('the spec asks the worker for the switched-on rows, numbered by row', () => {
    const spec = specOf(other);
    expect(spec).toEqual({
      dataset: 'spiral',
      noise: 0.25,
      points: 310,
      trainFraction: 0.5,
      seed: 2_000_000_000,
      layers: [2, 16, 4, 3, 1],
      activation: 'relu',
      steps: 1234,
      batch: 32,
      runs: [{ id: '1: rmsprop', optimizer: 'rmsprop', params: { lr: 0.001 } }],
      plane: 'filter',
      n: 51,
    });
    expect(specOf({ ...other, runs: [{ optimizer: 'sgd', lr: 0.1, on: false }] })).toBe(
      'switch on at least one optimizer',
    );
  });
});

describe('a hostile or broken network link', () => {
  const read = (text: string) => decodeNetLink(text);

  it('notes unknown keys, bad values and out-of-range numbers, keeping the defaults', () => {
    const { config, ignored } = read(
      'nn=1&data=mnist&noise=abc&points=1e9&seed=-4&hidden=8,999&act=sigmoid&steps=2.5&plane=up&n=0x10&cmap=jet&contours=-3&kind=4d&evil=1',
    );
    const d = defaultNetConfig();
    expect(config.setup).toEqual({ ...d.setup, points: 2000, seed: 0, steps: 3 });
    expect(config.view).toEqual({ ...d.view, contours: 0 });
    expect(ignored).toEqual([
      'unknown key "evil" — ignored',
      'data: "mnist" is not one of circle, xor, gauss, spiral — ignored',
      'noise: "abc" is not a number — ignored',
      'points: 1000000000 is above 2000 — set to 2000',
      'seed: -4 is below 0 — set to 0',
      'hidden: "8,999" is not up to 6 widths from 1 to 64, e.g. 8,8 — ignored',
      'act: "sigmoid" is not one of tanh, relu — ignored',
      'steps: 2.5 is not a whole number — rounded to 3',
      'plane: "up" is not one of filter, pca — ignored',
      'n: "0x10" is not a number — ignored',
      'cmap: "jet" is not one of viridis, magma, turbo, bwr, grey — ignored',
      'contours: -3 is below 0 — set to 0',
      'kind: "4d" is not one of 3d, 2d — ignored',
    ]);
  });

  it('script and markup are data: unknown optimizer names are quoted in the note and dropped', () => {
    const { config, ignored } = read('nn=1&o=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E,lr=0.1&o=adam,lr=0.01');
    expect(config.runs).toEqual([{ optimizer: 'adam', lr: 0.01, on: true }]);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(/^o="<img src=x onerror=alert\(1\)>,lr=0\.1": unknown optimizer/);
  });

  it('bad rows: no lr, a bad lr, an lr the optimizer refuses, a stray part; all bad means the default four', () => {
    const { config, ignored } = read('nn=1&o=sgd&o=sgd,lr=NaN&o=sgd,lr=-1&o=sgd,lr=0.1,fast');
    expect(config.runs).toEqual(defaultNetConfig().runs);
    expect(ignored).toEqual([
      'o="sgd": no lr=… — row ignored',
      'o="sgd,lr=NaN": lr "NaN" is not a number — row ignored',
      'o="sgd,lr=-1": lr must be a number from 0 to 10 — row ignored',
      'o="sgd,lr=0.1,fast": "fast" is not lr=… or off — row ignored',
      'o: no usable optimizer row — the default four',
    ]);
  });

  it('at most 8 rows; a repeated key keeps the first; an unknown version is read as version 1', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `o=sgd,lr=0.${i + 1}`).join('&');
    const { config, ignored } = read(`nn=7&${rows}&seed=5&seed=6`);
    expect(config.runs).toHaveLength(8);
    expect(config.runs[7]).toEqual({ optimizer: 'sgd', lr: 0.8, on: true });
    expect(config.setup.seed).toBe(5);
    expect(ignored).toEqual([
      'nn: version "7" is not one this page reads (1) — read as version 1',
      'o: more than 8 optimizer rows — the rest ignored',
      'seed: given twice — the first is used',
    ]);
  });

  it('prototype names, bad %-encoding and empty parts are harmless', () => {
    const { config, ignored } = read('nn=1&&__proto__=1&constructor=x&noise=%E0%A4%A&toString');
    expect(config).toEqual(defaultNetConfig());
    expect(ignored).toEqual([
      'unknown key "__proto__" — ignored',
      'unknown key "constructor" — ignored',
      '"noise": bad %-encoding — ignored',
      'unknown key "toString" — ignored',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an overlong link is cut, and the notes are capped', () => {
    const long = `nn=1&${'x=1&'.repeat(MAX_NET_LINK_LENGTH)}`;
    const { config, ignored } = read(long);
    expect(config).toEqual(defaultNetConfig());
    expect(ignored[0]).toBe(
      `the link is ${long.length} characters long; only the first ${MAX_NET_LINK_LENGTH} were read`,
    );
    expect(ignored).toHaveLength(21);
    expect(ignored[20]).toMatch(/^and \d+ more$/);
  });
});
