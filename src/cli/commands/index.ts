/**
 * Every command of `descent`, in the order the main help lists them. To add a command, write
 * `commands/NAME.ts` exporting a {@link Command} and add it here; help and dispatch follow.
 */
import type { Command } from '../command.ts';
import { basinsCommand } from './basins.ts';
import { curvatureCommand } from './curvature.ts';
import { functionsCommand } from './functions.ts';
import { landscapeCommand } from './landscape.ts';
import { optimizersCommand } from './optimizers.ts';
import { runCommand } from './run.ts';
import { schedulesCommand } from './schedules.ts';
import { sweepCommand } from './sweep.ts';
import { torchCommand } from './torch.ts';
import { tuneCommand } from './tune.ts';

export const COMMANDS: readonly Command[] = [
  runCommand,
  basinsCommand,
  sweepCommand,
  tuneCommand,
  torchCommand,
  curvatureCommand,
  landscapeCommand,
  functionsCommand,
  optimizersCommand,
  schedulesCommand,
];
