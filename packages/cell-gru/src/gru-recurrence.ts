// The GRU recurrence as a plain function of tensors: the seam a fused kernel can replace without
// touching the layer (weights, serialization) around it.
import * as tf from '@tensorflow/tfjs';
import { gateProjections } from '@srnn/cells';

/** GRU weights in Keras/tfjs-layers layout: gate blocks ordered [update z | reset r | candidate h]. */
export interface GruWeights {
  /** [features, 3 * units] */
  kernel: tf.Tensor2D;
  /** [units, 3 * units] */
  recurrentKernel: tf.Tensor2D;
  /** [3 * units] */
  bias: tf.Tensor1D;
}

/** Element-wise activation functions of the recurrence. */
export interface GruActivations {
  activation: (x: tf.Tensor) => tf.Tensor;
  recurrentActivation: (x: tf.Tensor) => tf.Tensor;
}

/**
 * Splits [steps, sequences, units] into one [sequences, units] tensor per step. One step is a
 * reshape: tfjs's gradient of a one-output unstack fails ("tensors passed to stack must be a
 * Tensor[]").
 */
function unstackSteps(timeMajor: tf.Tensor): tf.Tensor2D[] {
  const [steps, sequences, units] = timeMajor.shape as [number, number, number];
  if (steps === 1) return [tf.reshape(timeMajor, [sequences, units])];
  return tf.unstack(timeMajor) as tf.Tensor2D[];
}

/**
 * Runs a GRU (reset gate applied before the recurrent matmul, as Keras 2 with `reset_after=False`)
 * over `inputs` [sequences, steps, features] from a zero state and returns the last hidden state
 * [sequences, units]. The input projections of all steps are computed up front, and the
 * recurrent weights are split per gate once, so the loop never splits activations (SplitV along
 * the last axis is slow on the cpu backend) and only does the recurrent part.
 */
export function gruLastState(
  inputs: tf.Tensor3D,
  weights: GruWeights,
  activations: GruActivations,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [sequences, steps, features] = inputs.shape;
    const units = weights.recurrentKernel.shape[0];
    // Time-major rows, so each step's slice of a projection is contiguous.
    const timeMajor = tf.reshape(tf.transpose(inputs, [1, 0, 2]), [
      steps * sequences,
      features,
    ]) as tf.Tensor2D;
    // [3, steps * sequences, units]: each gate's projection of each step is a contiguous slab.
    const [inputZ, inputR, inputH] = tf
      .unstack(gateProjections(timeMajor, weights.kernel, weights.bias, 3))
      .map((gate) => unstackSteps(tf.reshape(gate, [steps, sequences, units])));
    const [recurrentZ, recurrentR, recurrentH] = tf.split(weights.recurrentKernel, 3, 1);
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    for (let t = 0; t < steps; t += 1) {
      const z = activations.recurrentActivation(tf.add(inputZ![t]!, tf.matMul(state, recurrentZ!)));
      const r = activations.recurrentActivation(tf.add(inputR![t]!, tf.matMul(state, recurrentR!)));
      const candidate = activations.activation(
        tf.add(inputH![t]!, tf.matMul(tf.mul(r, state), recurrentH!)),
      );
      // h = z * h_prev + (1 - z) * candidate, written as candidate + z * (h_prev - candidate).
      state = tf.add(candidate, tf.mul(z, tf.sub(state, candidate))) as tf.Tensor2D;
    }
    return state;
  });
}
