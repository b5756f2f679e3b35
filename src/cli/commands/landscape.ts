import { LANDSCAPE_LIMITS, writeLandscapeResults } from '../../core/nn/cases.ts';
import type { Command } from '../command.ts';
import { casesArgument, streamToIo } from '../input.ts';

export const landscapeCommand: Command = {
  name: 'landscape',
  usage: 'landscape CASES.json',
  summary: "a small network's loss on a plane through its weights, and training runs projected on it",
  help: `descent landscape CASES.json — a network's loss landscape and training paths, as JSON

CASES.json holds a JSON array of cases, or {"cases": [...]}; "-" reads standard input. A case:
  {"id": "xor", "data": {"x": [[x1, x2], ...], "y": [0, 1, ...]},
   "layers": [2, 8, 8, 1], "activation": "tanh", "loss": "bce",
   "weights": [{"W": [[...], ...], "b": [...]}, ...],
   "directions": [d1, d2], "normalize": "filter",
   "grid": {"alpha": [-1, 1], "beta": [-1, 1], "n": 31},
   "runs": [{"id": "adam", "optimizer": "adam", "params": {"lr": 0.01}, "steps": 500}]}
  layers      widths from the input (the length of each x) to the output (1: one logit)
  activation  "tanh" or "relu" after every hidden layer; the last layer is linear
  loss        "bce": the mean of torch's BCEWithLogitsLoss (the default)
  weights     per layer W (out × in rows) and b, torch's nn.Linear layout: the plane's centre θ₀
              and every run's start
  directions  two raw directions in the same layout
  normalize   "filter": each row of each W of a direction rescaled to the norm of the same row of
              θ₀, biases set to 0 (Li et al. 2018, loss-landscape's filter/biasbn); "none": as given
  grid        θ(α, β) = θ₀ + α·d1 + β·d2 at n evenly spaced α and β, ends included
  runs        full-batch training from θ₀ with any optimizer (see: descent optimizers); optional
              "schedule": a torch.optim.lr_scheduler, {"name": "StepLR", "step_size": 10}, stepped
              after each update as in torch's loop

Prints {"results": [...]}, one result per case, in order:
  {"id", "alpha": [n], "beta": [n], "loss": [[n] × n] (loss[i][j] at alpha[i], beta[j]),
   "runs": [{"id", "loss": [per step, row 0 = start], "params": [per step: every parameter in
   torch's parameters() order, W1 row-major, b1, W2, b2, ...], "coords": [[α, β] per step]}]}
coords are the least-squares coordinates of params − θ₀ on the normalised directions. A run stops
at its last finite step. Limits per case: ${LANDSCAPE_LIMITS.points} points, n ≤ ${LANDSCAPE_LIMITS.gridN}, ${LANDSCAPE_LIMITS.runs} runs of at most
${LANDSCAPE_LIMITS.steps} steps, points × parameters × (n² + steps) ≤ ${LANDSCAPE_LIMITS.work.toExponential(0)}. A bad case prints {"id", "error"}
and the others still run; the exit status is then 1.`,
  run(args, io) {
    const cases = casesArgument('landscape', args.positional, io);
    if (!cases.ok) return cases.error;
    // Each case is written as it finishes (the shared streaming path); messages go to stderr as they happen.
    return streamToIo(io, (write, onError) => writeLandscapeResults(cases.value, write, onError));
  },
};
