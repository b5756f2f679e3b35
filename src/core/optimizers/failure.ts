/** A step that cannot be taken (Newton's singular system): the run stops there as diverged, with this reason. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
}
