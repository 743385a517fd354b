/**
 * @packageDocumentation
 * Fused optimizers for TensorFlow.js: {@link FusedAdamOptimizer} is exactly tf.train.adam's update,
 * done in one pass over each variable's data by a custom kernel on the cpu and wasm backends.
 */
export { FusedAdamOptimizer, fusedAdam } from './fused-adam-optimizer';
export type { NamedRowGradient, NamedTensor } from './fused-adam-optimizer';
export {
  adamRunningPowers,
  setAdamRunningPowers,
  setAdamLearningRate,
  type AdamRunningPowers,
} from './adam-state';
export { FUSED_ADAM_DEFAULTS } from './fused-adam-config';
export type { FusedAdamConfig, FusedAdamOptions } from './fused-adam-config';
export {
  FUSED_ADAM_KERNEL,
  FUSED_ADAM_BACKENDS,
  registerFusedAdamKernels,
} from './fused-adam-kernel';
export { FUSED_ADAM_ROWS_KERNEL, registerFusedAdamRowsKernels } from './fused-adam-rows-kernel';
