/**
 * @packageDocumentation
 * Hooks for tests and benchmarks (`@srnn/recurrence/testing`): counters, thresholds and the raw
 * kernels. Not part of the stable API.
 */
export {
  MIN_SHARED_RECURRENCE_FLOPS,
  RECURRENCE_WORKER_WEIGHT,
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
