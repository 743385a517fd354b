import * as tf from '@tensorflow/tfjs';

/**
 * Splits `[steps, sequences, width]` into one `[sequences, width]` tensor per step. One step is a
 * reshape: tfjs cannot differentiate a one-output unstack ("tensors passed to stack must be a
 * Tensor[]").
 */
export function unstackSteps(timeMajor: tf.Tensor): tf.Tensor2D[] {
  const [steps, sequences, width] = timeMajor.shape as [number, number, number];
  if (steps === 1) return [tf.reshape(timeMajor, [sequences, width])];
  return tf.unstack(timeMajor) as tf.Tensor2D[];
}

/** Stacks per-step `[sequences, units]` states to `[sequences, steps, units]` (one step: a reshape). */
export function stackSteps(states: readonly tf.Tensor2D[]): tf.Tensor3D {
  if (states.length === 1) return tf.expandDims(states[0]!, 1) as tf.Tensor3D;
  return tf.stack(states as tf.Tensor2D[], 1) as tf.Tensor3D;
}
