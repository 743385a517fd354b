import * as tf from '@tensorflow/tfjs';
import type { ElementwiseFunction, FusedActivation, FusedRecurrentActivation } from './gru-options';

// The formulas of tfjs-layers (hardSigmoid: clip(0.2 x + 0.5, 0, 1)), as tensor functions.
const TENSOR_ACTIVATIONS: Record<FusedActivation | FusedRecurrentActivation, ElementwiseFunction> =
  {
    linear: (x) => x,
    tanh: (x) => tf.tanh(x),
    sigmoid: (x) => tf.sigmoid(x),
    hardSigmoid: (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  };

/** The tensor function for a named activation, or the function itself. */
export function tensorActivation(
  activation: FusedActivation | FusedRecurrentActivation | ElementwiseFunction,
): ElementwiseFunction {
  return typeof activation === 'function' ? activation : TENSOR_ACTIVATIONS[activation];
}
