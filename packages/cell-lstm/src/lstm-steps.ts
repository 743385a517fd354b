// The LSTM's generic path: tfjs ops, one small group per step (any backend, any activation, every
// state or the last). A fused kernel registered for 'lstm' replaces it where able.
import * as tf from '@tensorflow/tfjs';
import type { StateOutput } from '@srnn/cells';
import { stackSteps, unstackSteps } from '@srnn/cells/toolkit';

/** Element-wise activation functions of the recurrence. */
export interface LstmActivations {
  activation: (x: tf.Tensor) => tf.Tensor;
  recurrentActivation: (x: tf.Tensor) => tf.Tensor;
}

/**
 * Runs an LSTM (Keras layout: gate blocks i | f | c | o) forwards from zero states over
 * `projection` `[sequences, steps, 4 * units]` (x·W + b of every step). Returns the last hidden
 * state `[sequences, units]` or every hidden state `[sequences, steps, units]`. The projections
 * are laid out [gate, step] once and the recurrent weights split per gate once, so the loop never
 * splits activations (slow on cpu).
 */
export function lstmSteps(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  activations: LstmActivations,
  states: StateOutput,
): tf.Tensor {
  return tf.tidy(() => {
    const [sequences, steps] = projection.shape;
    const units = recurrentKernel.shape[0];
    const byGate = tf.transpose(tf.reshape(projection, [sequences, steps, 4, units]), [2, 1, 0, 3]);
    const projections = tf.unstack(byGate).map((gate) => unstackSteps(gate as tf.Tensor3D));
    const recurrent = tf.split(recurrentKernel, 4, 1);
    const gate = (index: number, t: number, state: tf.Tensor2D): tf.Tensor =>
      tf.add(projections[index]![t]!, tf.matMul(state, recurrent[index]!));
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    let memory: tf.Tensor = tf.zeros([sequences, units]);
    const every: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t += 1) {
      const input = activations.recurrentActivation(gate(0, t, state));
      const forget = activations.recurrentActivation(gate(1, t, state));
      const candidate = activations.activation(gate(2, t, state));
      const output = activations.recurrentActivation(gate(3, t, state));
      memory = tf.add(tf.mul(forget, memory), tf.mul(input, candidate));
      state = tf.mul(output, activations.activation(memory)) as tf.Tensor2D;
      if (states === 'every') every.push(state);
    }
    return states === 'every' ? stackSteps(every) : state;
  });
}
