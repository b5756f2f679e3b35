/**
 * Every command of `descent`, in the order the main help lists them. To add a command, write
 * `commands/NAME.ts` exporting a {@link Command} and add it here; help and dispatch follow.
 */
import type { Command } from '../command.ts';
import { curvatureCommand } from './curvature.ts';
import { functionsCommand } from './functions.ts';
import { optimizersCommand } from './optimizers.ts';
import { runCommand } from './run.ts';
import { schedulesCommand } from './schedules.ts';
import { torchCommand } from './torch.ts';

export const COMMANDS: readonly Command[] = [
  runCommand,
  torchCommand,
  curvatureCommand,
  functionsCommand,
  optimizersCommand,
  schedulesCommand,
];
