/**
 * @packageDocumentation
 * Fused recurrent kernels for TensorFlow.js: a whole GRU recurrence in one kernel call, with a
 * hand-written gradient that is one kernel call too (cpu and wasm backends; other backends run
 * the same math as tfjs ops).
 */
export { gruSequenceLastState } from './gru-sequence';
export { gruLastStateWithOps } from './gru-sequence-ops';
export {
  FUSED_ACTIVATIONS,
  FUSED_RECURRENT_ACTIVATIONS,
  IMPLEMENTATIONS,
  resolveGruSequenceOptions,
} from './gru-options';
export type {
  ElementwiseFunction,
  FusedActivation,
  FusedRecurrentActivation,
  GruSequenceOptions,
  Implementation,
  ResolvedGruSequenceOptions,
} from './gru-options';
export {
  FUSED_BACKENDS,
  GRU_BACKWARD_KERNEL,
  GRU_FORWARD_KERNEL,
  fusedGruAvailable,
  registerGruKernels,
} from './gru-kernels';
export { MIN_SHARED_RECURRENCE_FLOPS, recurrenceWorkerShares } from './sequence-shares';
