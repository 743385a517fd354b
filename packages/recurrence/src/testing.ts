/**
 * @packageDocumentation
 * Hooks for tests and benchmarks (`@srnn/recurrence/testing`): counters, thresholds and the raw
 * kernels. Not part of the stable API.
 */
export {
  recurrenceWorkerShares,
  setMinSharedRecurrenceFlops,
  setRecurrenceWorkerWeight,
  useWorkerTasksModule,
} from './sequence-shares';
export { compileCell, type CellPlan, type CompiledCell } from './cell-plan';
export {
  runBackwardKernel,
  runForwardKernel,
  type BackwardInputs,
  type ForwardResult,
} from './recurrence-kernels';
export type { RecurrenceKernelAttrs } from './recurrence-dimensions';
