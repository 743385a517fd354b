// The LSTM's fused kernel (lstm-gates.ts on @srnn/recurrence's gated-cell framework), registered
// as something the 'lstm' cell has: either direction, the last state or every state, in one
// kernel call (and its gradient in one more) on the cpu and wasm backends, for the activations
// the fused LSTM computes.
import type * as tf from '@tensorflow/tfjs';
import type { FusedRecurrence, RecurrenceRequest } from '@srnn/cells';
import { fusedRecurrenceAvailable } from '@srnn/recurrence';
import { lstmGatesSupport, lstmRecurrence } from './lstm-gates';
import type { LstmActivation } from './options';

/** The fused LSTM: any direction and state output, tanh/linear and sigmoid/hardSigmoid. */
export const lstmFusedRecurrence: FusedRecurrence = {
  name: 'lstm-fused',
  supports: (request: RecurrenceRequest): boolean =>
    lstmGatesSupport(
      String(request.settings['activation']),
      String(request.settings['recurrentActivation']),
    ) && fusedRecurrenceAvailable(),
  run: (projection: tf.Tensor3D, recurrentKernel: tf.Tensor2D, request: RecurrenceRequest) =>
    lstmRecurrence(projection, recurrentKernel, {
      activation: request.settings['activation'] as LstmActivation,
      recurrentActivation: request.settings['recurrentActivation'] as LstmActivation,
      reverse: request.direction === 'backward',
      returnSequences: request.states === 'every',
      implementation: 'fused',
    }),
};
