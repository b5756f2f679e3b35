/** The "Scenes & sharing" folder: scene presets, start over, the link and the exports. */
import type GUI from 'lil-gui';
import { SCENES } from '../../app/scenes.ts';
import { tooltip } from '../controls.ts';
import type { PanelContext, Refresh } from './kit.ts';

export function scenesFolder(gui: GUI, ctx: PanelContext): Refresh {
  // ---- scenes, links and exports ----------------------------------------------------------------
  const share = gui.addFolder('Scenes & sharing');
  const { commands } = ctx;
  const scene = { id: '' };
  const sceneNames: Record<string, string> = { '(pick a scene)': '' };
  for (const sc of SCENES) sceneNames[sc.name] = sc.id;
  const sceneControl = share.add(scene, 'id', sceneNames).name('scene');
  sceneControl.onChange((id: string) => {
    if (id) commands.openScene(id);
    scene.id = '';
    sceneControl.updateDisplay();
  });
  tooltip(
    sceneControl,
    'A scene: a function, optimizers and a view that tell one story. Its caption shows on the canvas.',
  );
  tooltip(
    share.add({ reset: () => commands.startOver() }, 'reset').name('start over (the book in 3-D)'),
    'Back to the scene Descent opens with.',
  );
  tooltip(
    share.add(commands, 'copyLink').name('copy link'),
    'The address of exactly this scene: function, optimizers, view, step and camera.',
  );
  const exports = {
    png1: () => commands.png(1),
    png2: () => commands.png(2),
  };
  tooltip(share.add(exports, 'png1').name('image (PNG)'), 'The panes with their labels, as shown.');
  tooltip(share.add(exports, 'png2').name('image (PNG, 2×)'), 'Twice the resolution, for print.');
  tooltip(
    share.add(commands, 'video').name('video (WebM)'),
    'Plays the animation from step 0 and records it.',
  );
  tooltip(
    share.add(commands, 'csv').name('trajectories (CSV)'),
    'id, optimizer, step, x, y, f, |∇f| for every step.',
  );
  tooltip(share.add(commands, 'json').name('trajectories (JSON)'), "In the command line's result format.");
  tooltip(
    share.add(commands, 'cases').name('cases file for descent run'),
    'Re-run this setup headless: npm run --silent descent -- run cases.json',
  );
  tooltip(
    share.add(commands, 'torch').name('PyTorch script'),
    'A Python script that reproduces every row with torch.optim and lr_scheduler (descent torch).',
  );
  share.close();
  return () => undefined;
}
