import * as tf from '@tensorflow/tfjs';
import type { ElementwiseFunction } from './gru-options';

/**
 * [steps, sequences, units] as one tensor per step. A single step is a reshape: in tfjs 4.22 the
 * gradient of an unstack with one output fails inside tf.stack.
 */
function unstackSteps(stepsFirst: tf.Tensor): tf.Tensor2D[] {
  const [steps, sequences, units] = stepsFirst.shape as [number, number, number];
  if (steps === 1) return [tf.reshape(stepsFirst, [sequences, units])];
  return tf.unstack(stepsFirst) as tf.Tensor2D[];
}

/**
 * The same recurrence as the fused kernels in stock tfjs ops, one small group of ops per step
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
  return tf.tidy(() => {
    const stepsFirst = timeMajor ? projection : tf.transpose(projection, [1, 0, 2]);
    const [steps, sequences] = stepsFirst.shape;
    const units = recurrentKernel.shape[0];
    const [inputZ, inputR, inputH] = tf.split(stepsFirst, 3, 2).map(unstackSteps) as [
      tf.Tensor2D[],
      tf.Tensor2D[],
      tf.Tensor2D[],
    ];
    const [recurrentZ, recurrentR, recurrentH] = tf.split(recurrentKernel, 3, 1) as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
    ];
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    for (let t = 0; t < steps; t += 1) {
      const z = recurrentActivation(tf.add(inputZ[t]!, tf.matMul(state, recurrentZ)));
      const r = recurrentActivation(tf.add(inputR[t]!, tf.matMul(state, recurrentR)));
      const candidate = activation(tf.add(inputH[t]!, tf.matMul(tf.mul(r, state), recurrentH)));
      // h = z * h_prev + (1 - z) * candidate
      state = tf.add(candidate, tf.mul(z, tf.sub(state, candidate))) as tf.Tensor2D;
    }
    return state;
  });
}
