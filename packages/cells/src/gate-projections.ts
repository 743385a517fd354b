import * as tf from '@tensorflow/tfjs';

/**
 * For cell authors: the input projection of every step for every gate, gate-major.
 *
 * `rows` [n, features] times `kernel` [features, gates * units] plus `bias` [gates * units],
 * returned as [gates, n, units], so that each gate's block (and, with time-major rows, each step's
 * slice) is contiguous. The forward pass does one matMul per gate (no strided re-layout, which is
 * slow on tfjs's cpu backend); the custom gradient concatenates the gates' gradients and does one
 * matMul for the kernel's gradient, so the large `rows` matrix is transposed once, not once per gate.
 */
export function gateProjections(
  rows: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  gates: number,
): tf.Tensor3D {
  const project = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, weights, b, save] = args as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor1D,
      tf.GradSaveFunc,
    ];
    save([input, weights]);
    const kernels = tf.split(weights, gates, 1);
    const biases = tf.split(b, gates, 0);
    const value = tf.stack(
      kernels.map((k, gate) => tf.add(tf.matMul(input, k), biases[gate]!)),
    ) as tf.Tensor3D;
    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [savedInput, savedWeights] = saved as [tf.Tensor2D, tf.Tensor2D];
      // [gates, n, units] -> [n, gates * units], the layout of the fused projection.
      const fused = tf.concat(tf.unstack(dy) as tf.Tensor2D[], 1);
      return [
        tf.matMul(fused, savedWeights, false, true),
        tf.matMul(savedInput, fused, true, false),
        tf.sum(fused, 0),
      ];
    };
    return { value, gradFunc };
  });
  return project(rows, kernel, bias) as tf.Tensor3D;
}
