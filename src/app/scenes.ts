/**
 * The scene presets menu: each scene is a permalink hash (see `url.ts`) with a name and a sentence
 * on what it shows. The numbers quoted in the descriptions are checked in `tests/app/scenes.test.ts`.
 */
import { defaultState } from './defaults.ts';
import type { AppState } from './state.ts';
import { decodeState } from './url.ts';

export interface Scene {
  /** Stable identifier, e.g. `saddle-escape`. */
  readonly id: string;
  /** Menu label, in plain words (the id stays stable for links; the name may change). */
  readonly name: string;
  /** Shown on the canvas when the scene loads: what to look at and why it happens, short. */
  readonly caption: string;
  /** One or two sentences with the numbers: what to look at. */
  readonly description: string;
  /** The scene as a permalink hash (without `#`), in `encodeState`'s canonical form. */
  readonly hash: string;
}

/** Trails of the seed's figures: red, as its `'-ro'` plots. */
export const SCENES: readonly Scene[] = [
  {
    id: 'book-6-8',
    name: "The book's four optimizers, side by side",
    caption:
      "Four panes, one optimizer each, as the book's figure 6-8 prints them. SGD zigzags across the narrow valley because its step follows the steep y slope; Momentum, AdaGrad and Adam curve towards the minimum.",
    description:
      'Deep Learning from Scratch, figure 6-8: f = x²/20 + y² from (−7, 2), 30 updates each of SGD (lr 0.95), ' +
      'Momentum (lr 0.1), AdaGrad (lr 1.5) and Adam (lr 0.3), one per pane, contour lines 1 apart as the book draws them. ' +
      'SGD zigzags across the narrow valley; the others curve towards the minimum.',
    hash: 'v=1&spacing=1&zmax=7&filled=0&panes=4&kinds=2d',
  },
  {
    id: 'seed-sgd',
    name: 'Plain SGD zigzags',
    caption:
      'Watch y flip sign every step: the valley is steep in y, so a step big enough to move along x overshoots across it. x creeps towards 0 while y bounces.',
    description:
      "The seed's first experiment: SGD with lr 0.9 for 100 steps on x²/20 + y² from (−7, 2), central-difference " +
      'gradient, contour levels 0–9. y flips sign every step (y ← −0.8·y) while x creeps towards 0: the zigzag.',
    hash: 'v=1&dom=-10,10,-10,10&spacing=1&zmax=9&filled=0&o=sgd,lr=0.9,color=ff0000&steps=100&grad=numeric&kinds=2d',
  },
  {
    id: 'seed-momentum',
    name: 'Momentum overshoots',
    caption:
      'The ball keeps its speed: it shoots past the minimum and swings around it before settling, a damped oscillation.',
    description:
      "The seed's second experiment: Momentum (lr 0.2, momentum 0.9) for 20 steps from (−7, 2): the ball " +
      'overshoots and swings around the minimum.',
    hash: 'v=1&dom=-10,10,-10,10&spacing=1&zmax=9&filled=0&o=momentum,lr=0.2,color=ff0000&steps=20&grad=numeric&kinds=2d',
  },
  {
    id: 'seed-adagrad',
    name: 'AdaGrad tames the steep side',
    caption:
      'AdaGrad divides each step by the history of its gradients, so the steep y direction is damped at once and the path turns straight towards the minimum; later every step shrinks.',
    description:
      "The seed's third experiment: AdaGrad (lr 0.9, eps 1e-7) for 100 steps from (−7, 2): the steep y direction " +
      'is damped at once, then the steps shrink as the squared gradients add up.',
    hash: 'v=1&dom=-10,10,-10,10&spacing=1&zmax=9&filled=0&o=adagrad,lr=0.9,eps=1e-7,color=ff0000&steps=100&grad=numeric&kinds=2d',
  },
  {
    id: 'rosenbrock-valley',
    name: 'A long, curved valley (Rosenbrock)',
    caption:
      'Every path falls into the curved valley at once, then has to crawl along its flat floor. Watch which optimizers reach (1, 1) and which stall on the way.',
    description:
      'Rosenbrock from (−1.5, 2), 1000 steps, log colour scale: every path drops into the curved valley at once, ' +
      'then crawls along it. Momentum (lr 0.001) and Adam (lr 0.05) reach (1, 1) (f < 1e-3); plain SGD (lr 0.001) ' +
      'is still half-way along the valley (f ≈ 2.8), and AdaGrad (lr 1) has slowed to a stop near the origin (f ≈ 1).',
    // lr 0.001 is SGD's and Momentum's default, so the hash does not repeat it.
    hash: 'v=1&p=rosenbrock&o=sgd&o=momentum&o=adam,lr=0.05&o=adagrad,lr=1&steps=1000',
  },
  {
    id: 'himmelblau-basins',
    name: 'Four minima, four endings (Himmelblau)',
    caption:
      'The same start, four different minima: which basin a path ends in depends on how each optimizer moves in its first steps.',
    description:
      'Himmelblau from (0, −3), 200 steps: four optimizers, four different minima. SGD (lr 0.01) ends at ' +
      '(3.58, −1.85), Momentum (lr 0.01) at (3, 2), Nesterov (lr 0.015) at (−2.81, 3.13), Adam (lr 0.1) at (−3.78, −3.28).',
    hash: 'v=1&p=himmelblau&o=sgd,lr=0.01&o=momentum,lr=0.01&o=nesterov,lr=0.015&o=adam,lr=0.1&start=0,-3&steps=200',
  },
  {
    id: 'saddle-escape',
    name: 'Escaping a saddle',
    caption:
      'The start sits almost on the ridge of a saddle. SGD slides to the flat saddle point and stays; Momentum escapes late; Adam, whose steps do not shrink with a tiny gradient, escapes first.',
    description:
      'f = x² − y² from (−1, 0.001), almost on the ridge, 50 steps. SGD (lr 0.05) slides to the saddle point and ' +
      'stays there (f ≈ −0.01); Momentum (lr 0.02) escapes late (f ≈ −3.6) and Adam (lr 0.05), whose steps do not ' +
      'shrink with the tiny gradient, escapes first (f ≈ −8.9).',
    hash: 'v=1&p=saddle&o=sgd,lr=0.05&o=momentum,lr=0.02&o=adam,lr=0.05&steps=50',
  },
  {
    id: 'rastrigin-local-minima',
    name: 'Many local minima (Rastrigin)',
    caption:
      'A bumpy bowl: plain SGD stops in the nearest dip, while Momentum and Adam carry enough speed to hop over ridges into lower dips.',
    description:
      'Rastrigin from (−2, 3.5), 200 steps. Plain SGD (lr 0.002) stops in the nearest local minimum, ' +
      '(−1.99, 2.98) with f ≈ 12.9; Momentum (lr 0.008) and Adam (lr 0.5) carry over the ridges into ' +
      'lower minima (f ≈ 3.98), still short of the global one at the origin.',
    hash: 'v=1&p=rastrigin&o=sgd,lr=0.002&o=momentum,lr=0.008&o=adam,lr=0.5&steps=200',
  },
  {
    id: 'beale',
    name: 'A flat, bent valley (Beale)',
    caption:
      'The valley towards (3, 0.5) is nearly flat, so plain SGD crawls; Adam rescales its steps and gets there first.',
    description:
      'Beale from (1, 1.5), 1000 steps, log colour scale: a flat, bent valley towards the minimum (3, 0.5). ' +
      'Adam (lr 0.1) converges (f < 1e-10); Momentum (lr 0.002) and AdaGrad (lr 0.5) get close; SGD (lr 0.005) ' +
      'is still on its way (f ≈ 1.5e-3).',
    hash: 'v=1&p=beale&o=sgd,lr=0.005&o=momentum,lr=0.002&o=adagrad,lr=0.5&o=adam,lr=0.1&steps=1000',
  },
];

/** The caption of the scene a first visit opens on (the book's figure 6-8 in one 3-D pane). */
export const OPENING_CAPTION = {
  title: "The book's figure 6-8, alive",
  text:
    'Four optimizers start at (−7, 2) on f = x²/20 + y², a valley far steeper across (y) than along (x). ' +
    'SGD zigzags across it; Momentum, AdaGrad and Adam curve towards the minimum at (0, 0). ' +
    'Play it again with the bar below, drag to orbit, click the surface to start somewhere else.',
} as const;

export function getScene(id: string): Scene | undefined {
  return SCENES.find((s) => s.id === id);
}

/** The state of scene `id` (the default scene for an unknown id). */
export function sceneState(id: string): AppState {
  const scene = getScene(id);
  return scene ? decodeState(scene.hash).state : defaultState();
}
