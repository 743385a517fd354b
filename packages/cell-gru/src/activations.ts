import * as tf from '@tensorflow/tfjs';
import type { GruActivation } from './options';

// tfjs-layers keeps its activation lookup private, so the few the GRU offers are spelled out here
// with the same formulas (hardSigmoid as in tfjs-layers: clip(0.2 x + 0.5, 0, 1)).
const activationFunctions: Record<GruActivation, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  hardSigmoid: (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  relu: (x) => tf.relu(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
  softplus: (x) => tf.softplus(x),
};

/** The element-wise function for an activation name. */
export function activationFunction(name: GruActivation): (x: tf.Tensor) => tf.Tensor {
  return activationFunctions[name];
}
