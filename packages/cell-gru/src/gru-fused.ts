// The GRU's fused kernel from @srnn/recurrence, registered as something the 'gru' cell has: the
// whole forward recurrence to the last state in one kernel call (and its gradient in one more) on
// the cpu and wasm backends, for the activations the kernel computes natively.
import type * as tf from '@tensorflow/tfjs';
import type { FusedRecurrence, RecurrenceRequest } from '@srnn/cells';
import {
  FUSED_ACTIVATIONS,
  FUSED_RECURRENT_ACTIVATIONS,
  fusedRecurrenceAvailable,
  gruSequenceLastState,
  type FusedActivation,
  type FusedRecurrentActivation,
} from '@srnn/recurrence';

const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);

/** The fused GRU: forward, last state, named activations, cpu or wasm (with SIMD). */
export const gruFusedRecurrence: FusedRecurrence = {
  name: 'gru-fused',
  supports: (request: RecurrenceRequest): boolean =>
    request.direction === 'forward' &&
    request.states === 'last' &&
    includes(FUSED_ACTIVATIONS, request.settings['activation']) &&
    includes(FUSED_RECURRENT_ACTIVATIONS, request.settings['recurrentActivation']) &&
    fusedRecurrenceAvailable(),
  run: (projection: tf.Tensor3D, recurrentKernel: tf.Tensor2D, request: RecurrenceRequest) =>
    gruSequenceLastState(projection, recurrentKernel, {
      activation: request.settings['activation'] as FusedActivation,
      recurrentActivation: request.settings['recurrentActivation'] as FusedRecurrentActivation,
      implementation: 'fused',
    }),
};
