/**
 * @packageDocumentation
 * Fused recurrent kernels for TensorFlow.js: any gated cell's whole recurrence in one kernel call,
 * with a hand-written gradient that is one kernel call too (cpu and wasm backends; other backends
 * run the cell's step as tfjs ops). A cell describes its gates ({@link GatedCell}); the GRU is one
 * such description ({@link gruCell}).
 */
export { gatedRecurrence } from './gated-recurrence';
export { recurrenceWithOps, type OpsRecurrenceSettings } from './recurrence-ops';
export {
  IMPLEMENTATIONS,
  resolveRecurrenceOptions,
  type Implementation,
  type RecurrenceOptions,
  type ResolvedRecurrenceOptions,
} from './recurrence-options';
export {
  role,
  type CellPhase,
  type CellStage,
  type CpuRows,
  type GatedCell,
  type OpsStep,
  type StreamRole,
} from './cell-description';
export {
  $,
  assign,
  exp,
  f32x4,
  FunctionBuilder,
  gate,
  gateDerivative,
  hardSigmoid,
  sigmoid,
  tanh,
  tanhDerivative,
} from './simd-math';
export type { Streams } from './simd-stage';
export type { Code } from '@srnn/wasm-assembler';
export { gruCell, gruOpsStep } from './gru-cell';
export { gruSequence, gruSequenceLastState } from './gru-sequence';
export { gruLastStateWithOps } from './gru-sequence-ops';
export {
  FUSED_ACTIVATIONS,
  FUSED_RECURRENT_ACTIVATIONS,
  resolveGruSequenceOptions,
} from './gru-options';
export type {
  ElementwiseFunction,
  FusedActivation,
  FusedRecurrentActivation,
  GruSequenceOptions,
  ResolvedGruSequenceOptions,
} from './gru-options';
export {
  FUSED_BACKENDS,
  RECURRENCE_BACKWARD_KERNEL,
  RECURRENCE_FORWARD_KERNEL,
  fusedRecurrenceAvailable,
  registerRecurrenceKernels,
} from './recurrence-kernels';
export { MIN_SHARED_RECURRENCE_FLOPS } from './sequence-shares';
