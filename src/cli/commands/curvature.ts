import { MAX_POINTS, writeCurvatureResults } from '../../core/cases.ts';
import type { Command } from '../command.ts';
import { casesArgument, streamToIo } from '../input.ts';

export const curvatureCommand: Command = {
  name: 'curvature',
  usage: 'curvature CASES.json',
  summary: 'the exact Hessian, its eigenvalues and eigenvectors at points',
  help: `descent curvature CASES.json — the curvature of f at points, as JSON

CASES.json holds a JSON array of cases, or {"cases": [...]}; "-" reads standard input. A case:
  {"id": "rosen", "f": "(1 - x)^2 + 100*(y - x^2)^2", "points": [[1, 1], [-1.5, 2]]}
  f       an expression in x and y, or a function preset id (see: descent functions)
  points  [[x, y], ...], at most ${MAX_POINTS.toLocaleString('en-US')}

Prints {"results": [...]}, one result per case, in order:
  {"id", "points": [{"point": [x, y], "f", "gradient": [fx, fy],
                     "hessian": [[fxx, fxy], [fxy, fyy]],
                     "eigenvalues": [λ1, λ2], "eigenvectors": [[v1x, v1y], [v2x, v2y]]}, ...]}
The gradient and Hessian are exact (symbolic derivatives). Eigenvalues are in ascending order;
eigenvectors[i] is the unit eigenvector of eigenvalues[i] (its larger component positive). Both
eigenvalues > 0: a minimum-like bowl; opposite signs: a saddle, and eigenvectors[0] is the
direction of negative curvature. A point where f, the gradient or the Hessian is not finite, or a
bad point, makes its case {"id", "error"}; the other cases still run and the exit status is 1.`,
  run(args, io) {
    const cases = casesArgument('curvature', args.positional, io);
    if (!cases.ok) return cases.error;
    return streamToIo(io, (write, onError) => writeCurvatureResults(cases.value, write, onError));
  },
};
