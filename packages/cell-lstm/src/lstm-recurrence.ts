// The LSTM recurrence as a plain function of tensors: the seam a fused kernel can replace.
import * as tf from '@tensorflow/tfjs';
import { projectRows } from '@srnn/cells';

/** LSTM weights in Keras/tfjs-layers layout: gate blocks ordered [input i | forget f | cell c | output o]. */
export interface LstmWeights {
  /** [features, 4 * units] */
  kernel: tf.Tensor2D;
  /** [units, 4 * units] */
  recurrentKernel: tf.Tensor2D;
  /** [4 * units] */
  bias: tf.Tensor1D;
}

/** Element-wise activation functions of the recurrence. */
export interface LstmActivations {
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
 * Runs an LSTM over `inputs` [sequences, steps, features] from zero states and returns the last
 * hidden state [sequences, units]. The input projections of all steps are computed up front and
 * the recurrent weights split per gate once, so the loop never splits activations (slow on cpu).
 */
export function lstmLastState(
  inputs: tf.Tensor3D,
  weights: LstmWeights,
  activations: LstmActivations,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [sequences, steps] = inputs.shape;
    const units = weights.recurrentKernel.shape[0];
    // All steps' input projections in one product (each distinct token once when the inputs are
    // an embedding lookup), then laid out [gate, step, sequence, unit] so that each gate's
    // projection of each step is a contiguous slab.
    const byGate = tf.transpose(
      tf.reshape(projectRows(inputs, weights.kernel, weights.bias), [sequences, steps, 4, units]),
      [2, 1, 0, 3],
    );
    const projections = tf.unstack(byGate).map((gate) => unstackSteps(gate as tf.Tensor3D));
    const recurrent = tf.split(weights.recurrentKernel, 4, 1);
    const gate = (index: number, t: number, state: tf.Tensor2D): tf.Tensor =>
      tf.add(projections[index]![t]!, tf.matMul(state, recurrent[index]!));
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    let memory: tf.Tensor = tf.zeros([sequences, units]);
    for (let t = 0; t < steps; t += 1) {
      const input = activations.recurrentActivation(gate(0, t, state));
      const forget = activations.recurrentActivation(gate(1, t, state));
      const candidate = activations.activation(gate(2, t, state));
      const output = activations.recurrentActivation(gate(3, t, state));
      memory = tf.add(tf.mul(forget, memory), tf.mul(input, candidate));
      state = tf.mul(output, activations.activation(memory)) as tf.Tensor2D;
    }
    return state;
  });
}
