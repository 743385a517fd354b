// The GRU's generic path: tfjs ops, one small group per step (any backend, any activation, every
// state or the last). The fused kernel (gru-fused.ts) replaces it where it is registered and able.
import * as tf from '@tensorflow/tfjs';
import type { StateOutput } from '@srnn/cells';
import { stackSteps, unstackSteps } from '@srnn/cells/toolkit';

/** Element-wise activation functions of the recurrence. */
export interface GruActivations {
  activation: (x: tf.Tensor) => tf.Tensor;
  recurrentActivation: (x: tf.Tensor) => tf.Tensor;
}

/**
 * Runs a GRU (Keras `reset_after=False`: gate blocks z | r | h, reset applied before the
 * recurrent product) forwards from a zero state over `projection` `[sequences, steps, 3 * units]`
 * (x·W + b of every step). Returns the last state `[sequences, units]` or every state
 * `[sequences, steps, units]`.
 */
export function gruSteps(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  activations: GruActivations,
  states: StateOutput,
): tf.Tensor {
  return tf.tidy(() => {
    const [sequences, steps] = projection.shape;
    const units = recurrentKernel.shape[0];
    const [inputZ, inputR, inputH] = tf
      .split(tf.transpose(projection, [1, 0, 2]), 3, 2)
      .map(unstackSteps) as [tf.Tensor2D[], tf.Tensor2D[], tf.Tensor2D[]];
    const [recurrentZ, recurrentR, recurrentH] = tf.split(recurrentKernel, 3, 1) as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
    ];
    const { activation, recurrentActivation } = activations;
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    const every: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t += 1) {
      const z = recurrentActivation(tf.add(inputZ[t]!, tf.matMul(state, recurrentZ)));
      const r = recurrentActivation(tf.add(inputR[t]!, tf.matMul(state, recurrentR)));
      const candidate = activation(tf.add(inputH[t]!, tf.matMul(tf.mul(r, state), recurrentH)));
      // h = z * h_prev + (1 - z) * candidate
      state = tf.add(candidate, tf.mul(z, tf.sub(state, candidate))) as tf.Tensor2D;
      if (states === 'every') every.push(state);
    }
    return states === 'every' ? stackSteps(every) : state;
  });
}
