import type * as tf from '@tensorflow/tfjs';
import { gruOpsStep } from './gru-cell';
import type { ElementwiseFunction } from './gru-options';
import { recurrenceWithOps } from './recurrence-ops';

/**
 * The same recurrence as the fused GRU kernels in stock tfjs ops, one small group of ops per step
 * (the reference, and the path for other backends and custom activations). Gradients come from
 * tfjs's autodiff.
 */
export function gruLastStateWithOps(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  timeMajor: boolean,
  activation: ElementwiseFunction,
  recurrentActivation: ElementwiseFunction,
): tf.Tensor2D {
  return recurrenceWithOps(
    gruOpsStep(activation, recurrentActivation),
    projection,
    recurrentKernel,
    {
      inputBlocks: 3,
      recurrentBlocks: 3,
      parts: 1,
      timeMajor,
      reverse: false,
      returnSequences: false,
    },
  ) as tf.Tensor2D;
}
