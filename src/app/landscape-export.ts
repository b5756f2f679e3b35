/**
 * The network view's experiment as a file the command line can check: `{"cases": [case],
 * "results": [result]}`, where `case` is the `descent landscape` input that reproduces what the page
 * computed — the training set as `data`, θ₀ as `weights`, the plane's directions as used (already
 * normalised, so `"normalize": "none"`), the grid's ends and n, the runs — and `result` is the page's
 * own numbers in exactly the shape `descent landscape` prints for that case. So
 *
 *     descent landscape export.json
 *
 * prints `{"results": [...]}` that should equal the file's `results` (the CLI reads `{"cases"}` and
 * ignores the other keys). The page's extras (test loss, distance off the plane, the link) sit under
 * `"page"`, outside the CLI's shape.
 *
 * Minibatch runs are the one thing the CLI cannot redo (it trains full batch): `page.note` says so
 * and the runs' numbers then differ while the grid still matches.
 */
import { safeJson } from '../core/cases.ts';
import type { ExperimentResult, ExperimentSpec } from '../core/nn/experiment.ts';
import { layerSlices } from '../core/nn/mlp.ts';

/** A flat parameter vector in torch's `nn.Linear` layout: per layer `{"W": out × in rows, "b": [out]}`. */
export function linearLayout(
  layers: readonly number[],
  flat: Float64Array,
): { W: number[][]; b: number[] }[] {
  return layerSlices(layers).map((s) => ({
    W: Array.from({ length: s.outputs }, (_, o) =>
      Array.from(flat.subarray(s.w + o * s.inputs, s.w + (o + 1) * s.inputs)),
    ),
    b: Array.from(flat.subarray(s.b, s.b + s.outputs)),
  }));
}

const rows = (flat: Float64Array, width: number, count: number): number[][] =>
  Array.from({ length: count }, (_, k) => Array.from(flat.subarray(k * width, (k + 1) * width)));

/** The `descent landscape` case that reproduces `result` (see the file's comment). */
export function landscapeCase(id: string, spec: ExperimentSpec, result: ExperimentResult): object {
  const n = result.alpha.length;
  const { train } = result;
  return {
    id,
    data: {
      x: Array.from({ length: train.n }, (_, i) => [train.x[2 * i]!, train.x[2 * i + 1]!]),
      y: Array.from(train.y),
    },
    layers: [...spec.layers],
    activation: spec.activation,
    loss: 'bce',
    weights: linearLayout(spec.layers, result.theta0),
    directions: [linearLayout(spec.layers, result.d1), linearLayout(spec.layers, result.d2)],
    normalize: 'none',
    grid: {
      alpha: [result.alpha[0]!, result.alpha[n - 1]!],
      beta: [result.beta[0]!, result.beta[n - 1]!],
      n,
    },
    runs: spec.runs.map((r) => ({
      id: r.id,
      optimizer: r.optimizer,
      ...(r.params === undefined ? {} : { params: r.params }),
      steps: spec.steps,
      ...(r.schedule === undefined ? {} : { schedule: r.schedule }),
    })),
  };
}

/** The page's numbers in `descent landscape`'s result shape. */
export function landscapeResult(id: string, result: ExperimentResult): object {
  const n = result.alpha.length;
  const dim = result.theta0.length;
  return {
    id,
    alpha: Array.from(result.alpha),
    beta: Array.from(result.beta),
    loss: rows(result.loss, n, n),
    runs: result.paths.map((p) => {
      const count = p.loss.length;
      return {
        id: p.id,
        loss: Array.from(p.loss),
        params: rows(p.params, dim, count),
        coords: Array.from({ length: count }, (_, k) => [p.coords[2 * k]!, p.coords[2 * k + 1]!]),
      };
    }),
  };
}

/** The whole file: the case, the page's result, and the page's extras (see the file's comment). */
export function landscapeExport(
  spec: ExperimentSpec,
  result: ExperimentResult,
  link: string,
  caption: string,
): string {
  const id = `${spec.dataset} ${spec.layers.join('-')} ${spec.activation}`;
  const page = {
    caption,
    link: `#${link}`,
    dataset: spec.dataset,
    noise: spec.noise,
    points: spec.points,
    seed: spec.seed,
    trainFraction: spec.trainFraction,
    plane: spec.plane,
    explained: result.explained,
    test: {
      x: Array.from({ length: result.test.n }, (_, i) => [result.test.x[2 * i]!, result.test.x[2 * i + 1]!]),
      y: Array.from(result.test.y),
    },
    runs: result.paths.map((p) => ({
      id: p.id,
      testLoss: Array.from(p.testLoss),
      distance: Array.from(p.distance),
      divergedAt: p.divergedAt,
    })),
    ...(spec.batch === undefined
      ? {}
      : {
          note: `the runs trained on minibatches of ${spec.batch}; descent landscape trains full batch, so its runs will differ (its grid matches)`,
        }),
  };
  return safeJson({
    cases: [landscapeCase(id, spec, result)],
    results: [landscapeResult(id, result)],
    page,
  });
}
