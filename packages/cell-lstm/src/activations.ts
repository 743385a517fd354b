import * as tf from '@tensorflow/tfjs';
import type { LstmActivation } from './options';

// tfjs-layers keeps its activation lookup private; these use the same formulas.
const activationFunctions: Record<LstmActivation, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  hardSigmoid: (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  relu: (x) => tf.relu(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
};

/** The element-wise function for an activation name. */
export function activationFunction(name: LstmActivation): (x: tf.Tensor) => tf.Tensor {
  return activationFunctions[name];
}
