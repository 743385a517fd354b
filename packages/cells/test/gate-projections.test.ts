import * as tf from '@tensorflow/tfjs';
import { gateProjections } from '@srnn/cells';

// Reference: the plain fused projection, re-laid out by transpose, differentiated by tfjs itself.
function reference(
  rows: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  gates: number,
): tf.Tensor {
  const [n] = rows.shape;
  const units = kernel.shape[1] / gates;
  return tf.transpose(
    tf.reshape(tf.add(tf.matMul(rows, kernel), bias), [n, gates, units]),
    [1, 0, 2],
  );
}

describe('gateProjections', () => {
  const rows = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
  const kernel = tf.randomNormal([3, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
  const bias = tf.randomNormal([8], 0, 1, 'float32', 3) as tf.Tensor1D;
  const weights = tf.randomNormal([4, 5, 2], 0, 1, 'float32', 4); // makes the loss sensitive to every output

  it('equals the fused projection, gate-major', () => {
    const ours = gateProjections(rows, kernel, bias, 4);
    expect(ours.shape).toEqual([4, 5, 2]);
    expect(
      tf.max(tf.abs(tf.sub(ours, reference(rows, kernel, bias, 4)))).dataSync()[0],
    ).toBeLessThan(1e-6);
  });

  it('has the gradients of the fused projection for rows, kernel and bias', () => {
    const loss = (project: typeof reference) => (r: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(project(r as tf.Tensor2D, k as tf.Tensor2D, b as tf.Tensor1D, 4), weights));
    const ours = tf.grads(loss(gateProjections))([rows, kernel, bias]);
    const expected = tf.grads(loss(reference))([rows, kernel, bias]);
    ours.forEach((g, i) => {
      expect(g.shape).toEqual(expected[i]!.shape);
      expect(tf.max(tf.abs(tf.sub(g, expected[i]!))).dataSync()[0]).toBeLessThan(1e-5);
    });
  });
});
