// The GRU recurrence as a plain function of tensors: the seam between the layer (weights,
// serialization) and the kernels that run it. The input projection of every step is one matMul;
// the recurrence itself is @srnn/recurrence's fused op (one kernel call forward and one backward
// on the wasm and cpu backends, per-step tfjs ops elsewhere).
import * as tf from '@tensorflow/tfjs';
import { projectRows } from '@srnn/cells';
import {
  FUSED_ACTIVATIONS,
  FUSED_RECURRENT_ACTIVATIONS,
  gruSequenceLastState,
} from '@srnn/recurrence';

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
  /** Activation names: the fused kernels implement some by name; others run as the functions. */
  names?: { activation: string; recurrentActivation: string };
}

/** The name when the fused kernel implements it, else the function (the generic path). */
function fusedOr<Name extends string>(
  known: readonly Name[],
  name: string | undefined,
  fn: (x: tf.Tensor) => tf.Tensor,
): Name | ((x: tf.Tensor) => tf.Tensor) {
  return name !== undefined && (known as readonly string[]).includes(name) ? (name as Name) : fn;
}

/**
 * Runs a GRU (reset gate applied before the recurrent matmul, as Keras 2 with `reset_after=False`)
 * over `inputs` [sequences, steps, features] from a zero state and returns the last hidden state
 * [sequences, units].
 */
export function gruLastState(
  inputs: tf.Tensor3D,
  weights: GruWeights,
  activations: GruActivations,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [sequences, steps] = inputs.shape;
    const gates = weights.kernel.shape[1];
    // One product for every step (each distinct token once when the inputs are an embedding lookup).
    const projection = tf.reshape(projectRows(inputs, weights.kernel, weights.bias), [
      sequences,
      steps,
      gates,
    ]) as tf.Tensor3D;
    return gruSequenceLastState(projection, weights.recurrentKernel, {
      activation: fusedOr(FUSED_ACTIVATIONS, activations.names?.activation, activations.activation),
      recurrentActivation: fusedOr(
        FUSED_RECURRENT_ACTIVATIONS,
        activations.names?.recurrentActivation,
        activations.recurrentActivation,
      ),
    });
  });
}
