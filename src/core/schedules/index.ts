/** Learning-rate schedules (torch.optim.lr_scheduler): the public surface of `src/core/schedules`. */

export type { ScheduleArg, ScheduleArgs, ScheduleParamSpec, ScheduleSpec } from './params.ts';
export {
  getSchedule,
  MAX_TRACE_STEPS,
  momentumKeyOf,
  resolveSchedule,
  SCHEDULES,
  Schedule,
  type ScheduleGroup,
  type ScheduleTrace,
  traceSchedule,
} from './registry.ts';
export type { MomentumKey, ScheduleDef } from './scheduler.ts';
